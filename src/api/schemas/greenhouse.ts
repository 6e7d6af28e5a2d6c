import Type from 'typebox';

/** As Greenhouse documents `send_test`; fields we do not use are accepted and ignored. */
export const SendTestBody = Type.Object(
  {
    partner_test_id: Type.String({ minLength: 1 }),
    candidate: Type.Object(
      {
        first_name: Type.Optional(Type.String({ maxLength: 200 })),
        last_name: Type.Optional(Type.String({ maxLength: 200 })),
        email: Type.String({ format: 'email', maxLength: 320 }),
        phone_number: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
        resume_url: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        greenhouse_profile_url: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      },
      { additionalProperties: true },
    ),
    url: Type.Optional(Type.String({ maxLength: 2000, description: 'Greenhouse URL to PATCH when the test is complete' })),
    application_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
  },
  { additionalProperties: true },
);

export const SendTestReply = Type.Object({ partner_interview_id: Type.String() });
export const ListTestsReply = Type.Array(Type.Object({ partner_test_id: Type.String(), partner_test_name: Type.String() }));
export const TestStatusQuery = Type.Object({ partner_interview_id: Type.String({ minLength: 1 }) });
export const TestStatusReply = Type.Object({
  partner_status: Type.String(),
  partner_profile_url: Type.String(),
  partner_score: Type.Optional(Type.Number()),
  metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
});
