import Type from 'typebox';

export const CandidateListQuery = Type.Object({
  profileId: Type.Optional(Type.String({ format: 'uuid' })),
  state: Type.Optional(Type.Union(['invited', 'consented', 'in-progress', 'completed', 'expired', 'abandoned'].map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
});
export const CandidateRowView = Type.Object(
  {
    interviewId: Type.String(),
    candidateId: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    email: Type.String(),
    profileId: Type.String(),
    profileName: Type.String(),
    state: Type.String(),
    itemsAsked: Type.Integer(),
    currentItemId: Type.Union([Type.String(), Type.Null()]),
    score: Type.Union([Type.Number(), Type.Null()]),
    label: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    completedAt: Type.Union([Type.String(), Type.Null()]),
    inviteExpiresAt: Type.String(),
  },
  { additionalProperties: false },
);
export const CandidateListReply = Type.Object({ candidates: Type.Array(CandidateRowView) });
export const ImportCandidatesBody = Type.Object(
  {
    profileId: Type.String({ format: 'uuid' }),
    /** CSV text with a header row: name, email, and optionally phone and external_id. */
    csv: Type.String({ minLength: 1, maxLength: 1_000_000 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
  },
  { additionalProperties: false },
);
export const ImportCandidatesReply = Type.Object({
  invited: Type.Array(Type.Object({ line: Type.Integer(), name: Type.String(), email: Type.String(), interviewId: Type.String(), inviteUrl: Type.String() })),
  problems: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })),
});
export const StreamQuery = Type.Object({ access_token: Type.Optional(Type.String({ maxLength: 4096 })) });
export const DemographicsBody = Type.Object(
  { answers: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 80 }), { maxProperties: 10 }) },
  { additionalProperties: false },
);
