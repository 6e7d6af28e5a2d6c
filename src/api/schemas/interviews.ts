import Type from 'typebox';
import { SKILL_AREAS } from '../../domain/bank/item.js';

export const CreateInterviewBody = Type.Object({
  profileId: Type.String({ format: 'uuid' }),
  candidate: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 320 }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    externalId: Type.Optional(Type.String({ maxLength: 200 })),
  }),
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
  /** Extra time as an accommodation: 1.25 = 25% more on every limit. */
  timeFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 3 })),
});

export const InterviewSummaryView = Type.Object({
  id: Type.String(),
  profileId: Type.String(),
  candidateId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  itemsAsked: Type.Integer(),
  inviteExpiresAt: Type.String(),
  createdAt: Type.String(),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Unknown(),
});

export const CreateInterviewReply = Type.Object({ interview: InterviewSummaryView, inviteUrl: Type.String(), token: Type.String({ description: 'Shown once; only its hash is stored' }) });

export const ListInterviewsQuery = Type.Object({
  state: Type.Optional(Type.Union(['invited', 'consented', 'in-progress', 'completed', 'expired', 'abandoned'].map((s) => Type.Literal(s)))),
  profileId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const InterviewParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const InterviewDetailReply = Type.Object({
  interview: InterviewSummaryView,
  messages: Type.Array(Type.Object({ sequence: Type.Integer(), role: Type.String(), text: Type.String(), meta: Type.Unknown(), at: Type.String() })),
  responses: Type.Array(
    Type.Object({ id: Type.String(), itemId: Type.String(), itemVersion: Type.String(), sequence: Type.Integer(), answer: Type.Unknown(), grade: Type.Unknown(), isPretest: Type.Boolean(), answeredAt: Type.String() }),
  ),
  integrityEvents: Type.Array(Type.Object({ kind: Type.String(), itemId: Type.Union([Type.String(), Type.Null()]), at: Type.String(), data: Type.Unknown() })),
});

const AreaWeights = Type.Record(Type.Union(SKILL_AREAS.map((a) => Type.Literal(a))), Type.Number({ minimum: 0, maximum: 10 }));

export const ProfileBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.String({ maxLength: 200, default: '' }),
  level: Type.Integer({ minimum: 1, maximum: 5, default: 3 }),
  areaWeights: AreaWeights,
  kinds: Type.Optional(Type.Array(Type.Union(['choice', 'formula', 'workbook', 'concept'].map((k) => Type.Literal(k))), { minItems: 1 })),
  kindMinimums: Type.Optional(Type.Record(Type.Union(['choice', 'formula', 'workbook', 'concept'].map((k) => Type.Literal(k))), Type.Integer({ minimum: 0, maximum: 20 }))),
  targetSe: Type.Number({ minimum: 0.15, maximum: 1, default: 0.3 }),
  minItems: Type.Integer({ minimum: 1, maximum: 60, default: 8 }),
  maxItems: Type.Integer({ minimum: 1, maximum: 60, default: 20 }),
  maxTimeMinutes: Type.Integer({ minimum: 5, maximum: 240, default: 45 }),
  mode: Type.Union([Type.Literal('adaptive'), Type.Literal('fixed-form')], { default: 'adaptive' }),
  fixedForm: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 60 })),
  maxFollowUps: Type.Integer({ minimum: 0, maximum: 2, default: 2 }),
  warmUp: Type.Boolean({ default: true }),
  passScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  reviewThreshold: Type.Number({ minimum: 0, maximum: 1, default: 0.6 }),
  pretestRate: Type.Optional(Type.Number({ minimum: 0, maximum: 0.3, description: 'Share of steps that seed an unscored draft item' })),
});

export const ProfileView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  level: Type.Integer(),
  plan: Type.Unknown(),
  passScore: Type.Optional(Type.Integer()),
  reviewThreshold: Type.Number(),
  isDemo: Type.Boolean(),
  createdAt: Type.String(),
});

export const ProfileParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
