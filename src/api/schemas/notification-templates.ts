import Type from 'typebox';
import { SUPPORTED_LOCALES, TEMPLATE_KINDS } from '../../services/notifications/templates.js';

const Kind = Type.Union(TEMPLATE_KINDS.map((k) => Type.Literal(k)), { description: 'Which message: invitation, reminder, completion (to recruiters) or thank-you' });
const Locale = Type.Union(SUPPORTED_LOCALES.map((l) => Type.Literal(l)), { description: 'Language of the template' });

export const NotificationTemplateParams = Type.Object({ kind: Kind, locale: Locale });

const Placeholder = Type.Object({ name: Type.String(), description: Type.String(), isUrl: Type.Boolean(), sample: Type.String() });

export const NotificationTemplatesReply = Type.Object({
  locales: Type.Array(Type.String()),
  kinds: Type.Array(Type.Object({ kind: Type.String(), description: Type.String(), placeholders: Type.Array(Placeholder) })),
  customised: Type.Array(Type.Object({ kind: Type.String(), locale: Type.String(), updatedAt: Type.String() }), { description: 'The (kind, locale) pairs with an organisation template; the rest use the built-in ones' }),
});

export const NotificationTemplateView = Type.Object({
  kind: Type.String(),
  locale: Type.String(),
  source: Type.Union([Type.Literal('custom'), Type.Literal('default')], { description: 'custom: the organisation’s; default: built in' }),
  subject: Type.String(),
  text: Type.String(),
  html: Type.Union([Type.String(), Type.Null()], { description: 'Null: the HTML part is made from the text part' }),
  placeholders: Type.Array(Placeholder),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

const Subject = Type.String({ minLength: 1, maxLength: 300, description: 'One line; {{placeholders}} allowed' });
const Text = Type.String({ minLength: 1, maxLength: 20_000, description: 'The plain-text part; {{placeholders}} allowed' });
const Html = Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()], { description: 'The HTML part (values are HTML-escaped); null or absent: made from the text part' });

export const SaveNotificationTemplateBody = Type.Object({ subject: Subject, text: Text, html: Type.Optional(Html) }, { additionalProperties: false });

/** `{}` previews the template that applies now; with subject and text, that draft (checked like a save). */
export const PreviewNotificationTemplateBody = Type.Object({ subject: Type.Optional(Subject), text: Type.Optional(Text), html: Type.Optional(Html) }, { additionalProperties: false });

export const NotificationTemplatePreview = Type.Object({
  source: Type.Union([Type.Literal('draft'), Type.Literal('custom'), Type.Literal('default')]),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
});
