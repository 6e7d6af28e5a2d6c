import Type from 'typebox';

export const AnalyticsQuery = Type.Object({ profileId: Type.Optional(Type.String({ format: 'uuid' })) });
export const PassRatesQuery = Type.Object({
  profileId: Type.Optional(Type.String({ format: 'uuid' })),
  bucket: Type.Union([Type.Literal('week'), Type.Literal('month')], { default: 'week' }),
  passScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
});
export const FairnessQuery = Type.Object({
  profileId: Type.Optional(Type.String({ format: 'uuid' })),
  passScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  minGroupSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
/** Analytics replies are documented by their services' types; the schema keeps them open. */
export const AnalyticsReply = Type.Object({}, { additionalProperties: true });
