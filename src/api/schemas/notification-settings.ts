import Type from 'typebox';

const Locale = Type.Union([Type.Literal('en'), Type.Literal('fr')], { description: 'Language of emails and texts to candidates and recruiters' });

export const NotificationSettingsView = Type.Object({
  locale: Locale,
  /** Who receives completion notices. */
  recruiterEmails: Type.Array(Type.String()),
  /** Only the address's origin is shown: the full URL is a secret (anyone holding it can post). */
  slackWebhook: Type.Union([Type.Object({ origin: Type.String() }), Type.Null()]),
  teamsWebhook: Type.Union([Type.Object({ origin: Type.String() }), Type.Null()]),
  smsInvitations: Type.Boolean({ description: 'Text the invitation too, when the candidate has a phone number' }),
  candidateFeedback: Type.Boolean({ description: 'Send candidates a short feedback summary with the thank-you email' }),
  reminderHoursBefore: Type.Integer({ description: 'Remind the candidate this many hours before the invitation expires (0 = no reminder)' }),
});

/** Every field is optional: what is left out stays as it is; `null` removes a Slack or Teams address. */
export const SaveNotificationSettingsBody = Type.Object(
  {
    locale: Type.Optional(Locale),
    recruiterEmails: Type.Optional(Type.Array(Type.String({ format: 'email', maxLength: 254 }), { maxItems: 20, uniqueItems: true })),
    slackWebhookUrl: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 2000 }), Type.Null()])),
    teamsWebhookUrl: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 2000 }), Type.Null()])),
    smsInvitations: Type.Optional(Type.Boolean()),
    candidateFeedback: Type.Optional(Type.Boolean()),
    reminderHoursBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: 336 })),
  },
  { additionalProperties: false },
);
