import Type from 'typebox';

export const ReviewListQuery = Type.Object({
  status: Type.Union([Type.Literal('open'), Type.Literal('done')], { default: 'open' }),
  profileId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
});
export const ReviewParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ReviewDecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('confirm'), Type.Literal('override')]),
    /** The grade of record for an override: a whole number from 0 to the item's maximum. */
    score: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const ReviewEntryView = Type.Object(
  {
    id: Type.String(),
    interviewId: Type.String(),
    itemId: Type.String(),
    area: Type.String(),
    kind: Type.String(),
    prompt: Type.String(),
    reason: Type.String(),
    answerText: Type.String(),
    machine: Type.Object({ score: Type.Number(), maxScore: Type.Number(), confidence: Type.Number(), flags: Type.Array(Type.String()) }),
    evidence: Type.Array(Type.Object({ kind: Type.String(), ok: Type.Boolean(), text: Type.String() })),
    status: Type.String(),
  },
  { additionalProperties: true },
);
export const ReviewListReply = Type.Object({ strategy: Type.String(), entries: Type.Array(ReviewEntryView) });
