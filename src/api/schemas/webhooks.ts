import Type from 'typebox';
import { WEBHOOK_EVENT_TYPES } from '../../services/webhooks/hiring-event.js';

const EventType = Type.Union(WEBHOOK_EVENT_TYPES.map((e) => Type.Literal(e)));

export const WebhookParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const DeliveryParams = Type.Object({ id: Type.String({ format: 'uuid' }), deliveryId: Type.String({ format: 'uuid' }) });

export const CreateWebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) URL receiving POSTed events; must be a public address unless OUTBOUND_ALLOW_PRIVATE_NETWORKS is on' }),
    events: Type.Array(EventType, { minItems: 1, uniqueItems: true }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 8, maxLength: 2000 })),
    events: Type.Optional(Type.Array(EventType, { minItems: 1, uniqueItems: true })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RotateWebhookSecretBody = Type.Object({ overlapHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 168, default: 24 })) }, { additionalProperties: false });

export const WebhookView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Type.String(),
  disabled: Type.Boolean(),
  previousSecretExpiresAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const CreatedWebhookReply = Type.Object({ webhook: WebhookView, secret: Type.String({ description: 'Shown once: verify signatures with it' }) });
export const RotatedSecretReply = Type.Object({ secret: Type.String(), previousSecretExpiresAt: Type.String() });

export const DeliveryView = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  redeliveries: Type.Integer(),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  attemptLog: Type.Array(Type.Object({ attempt: Type.Integer(), statusCode: Type.Union([Type.Integer(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]), durationMs: Type.Integer(), at: Type.String() })),
});

export const DeliveriesQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) });
