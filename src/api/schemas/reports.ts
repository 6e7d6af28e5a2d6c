import Type from 'typebox';

export const ReportParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ShareParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const SharedReportParams = Type.Object({ token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) });

export const ReportQuery = Type.Object({ download: Type.Optional(Type.Boolean()) });

/** The candidate report (see src/domain/report/candidate-report.ts for every field). */
export const CandidateReportReply = Type.Object(
  {
    interviewId: Type.String(),
    pseudonym: Type.String(),
    candidate: Type.Optional(Type.Object({ name: Type.String(), email: Type.String() })),
    profile: Type.Unknown(),
    state: Type.String(),
    overall: Type.Unknown(),
    afterReview: Type.Unknown(),
    skills: Type.Array(Type.Unknown()),
    strengths: Type.Array(Type.String()),
    gaps: Type.Array(Type.String()),
    answers: Type.Array(Type.Unknown()),
    integrity: Type.Array(Type.Unknown()),
    transcript: Type.Array(Type.Unknown()),
    review: Type.Object({ pending: Type.Integer(), confirmed: Type.Integer(), overridden: Type.Integer() }),
  },
  { additionalProperties: true },
);

export const CreateShareBody = Type.Object({ expiresInDays: Type.Integer({ minimum: 1, maximum: 90, default: 7 }) }, { additionalProperties: false });
export const CreateShareReply = Type.Object({ id: Type.String(), url: Type.String(), token: Type.String({ description: 'Shown once; only its hash is stored' }), expiresAt: Type.String() });
export const ShareListReply = Type.Object({ shares: Type.Array(Type.Object({ id: Type.String(), expiresAt: Type.String(), createdBy: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String() })) });

export const ComparisonQuery = Type.Object({
  profileId: Type.String({ format: 'uuid' }),
  state: Type.Optional(Type.Union(['invited', 'consented', 'in-progress', 'completed', 'expired', 'abandoned'].map((s) => Type.Literal(s)))),
  minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  passedOnly: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('ndjson'), Type.Literal('csv'), Type.Literal('xlsx')], { default: 'json' })),
});
