import Type from 'typebox';

export const CandidateParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ErasureReply = Type.Object({ erasedAt: Type.String(), interviews: Type.Integer(), alreadyErased: Type.Boolean() });
export const RetentionBody = Type.Object({ retentionDays: Type.Integer({ minimum: 1, maximum: 3650 }) }, { additionalProperties: false });
export const RetentionReply = Type.Object({ retentionDays: Type.Integer() });
export const RevokeInviteReply = Type.Object({ interviewId: Type.String(), revokedAt: Type.String() });
export const AuditEventsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
});
export const AuditEventView = Type.Object({
  id: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  hash: Type.String(),
});
