import Type from 'typebox';
import { API_KEY_SCOPES } from '../../services/auth/api-key-service.js';

export const ApiKeyScope = Type.Union(API_KEY_SCOPES.map((s) => Type.Literal(s)));
export const ApiKeyParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ApiKeyScope, { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 90 })),
  },
  { additionalProperties: false },
);
export const RotateApiKeyBody = Type.Object({ overlapHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720, default: 24 })) }, { additionalProperties: false });
export const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The visible part: xi_<prefix>_…' }),
  role: Type.String(),
  scopes: Type.Array(Type.String()),
  expiresAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  rotatedFrom: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export const CreatedApiKeyReply = Type.Object({ key: ApiKeyView, secret: Type.String({ description: 'Shown once: store it now' }) });
