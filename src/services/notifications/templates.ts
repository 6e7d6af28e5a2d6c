export const TEMPLATE_KINDS = ['invitation', 'reminder', 'completion', 'thank-you'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** A message template: `{{name}}` placeholders; in the HTML part every value is escaped. */
export interface MessageTemplate {
  readonly subject: string;
  readonly text: string;
  /** Optional; without it the HTML part is the text part, escaped, with links and paragraphs. */
  readonly html?: string | null;
}

export const SUPPORTED_LOCALES = ['en', 'fr'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** A value a template may use as `{{name}}`, with what it holds and an example for previews. */
export interface TemplatePlaceholder {
  readonly name: string;
  readonly description: string;
  /** True when the value is a link the server builds (may start an `href`). */
  readonly isUrl: boolean;
  readonly sample: string;
}

const placeholder = (name: string, description: string, sample: string, isUrl = false): TemplatePlaceholder => ({ name, description, sample, isUrl });

const CANDIDATE_NAME = placeholder('candidateName', "The candidate's name", 'Alex Martin');
const ORGANISATION_NAME = placeholder('organisationName', "Your organisation's name", 'Hiring Co');
const PROFILE_NAME = placeholder('profileName', 'The interview profile (role) name', 'Financial analyst');
const DEADLINE = placeholder('deadline', 'When the invitation expires, in the locale, UTC', 'Friday 13 March 2026 at 17:00 UTC');
const INVITE_URL = placeholder('inviteUrl', "The candidate's personal interview link", 'https://interviews.example.com/i/sample-invitation-token', true);

/**
 * The values each kind of message receives: the contract a custom template is checked against.
 * Candidate messages get no scores (the thank-you gets `feedbackText` only when the organisation
 * enables feedback); the recruiter's notice gets the results and the report link.
 */
export const TEMPLATE_PLACEHOLDERS: Readonly<Record<TemplateKind, readonly TemplatePlaceholder[]>> = {
  invitation: [CANDIDATE_NAME, ORGANISATION_NAME, PROFILE_NAME, DEADLINE, INVITE_URL],
  reminder: [CANDIDATE_NAME, ORGANISATION_NAME, PROFILE_NAME, DEADLINE, INVITE_URL],
  completion: [
    ORGANISATION_NAME,
    PROFILE_NAME,
    placeholder('score', 'The scaled score, or — when there is none', '612'),
    placeholder('label', 'The level label', 'Proficient'),
    placeholder('level', 'The level number', '3'),
    placeholder('skillsText', 'One line per skill: `- skill: score`', '- lookups: 640\n- references-basics: 588'),
    placeholder('pendingReviewCount', 'Answers still awaiting a human reviewer', '1'),
    placeholder('reportUrl', "The candidate's report in the recruiter workspace", 'https://interviews.example.com/recruiter/interviews/00000000-0000-4000-8000-000000000000', true),
  ],
  'thank-you': [
    CANDIDATE_NAME,
    ORGANISATION_NAME,
    PROFILE_NAME,
    placeholder('feedbackText', "The candidate's feedback summary (two blank lines first) when the organisation enables feedback, else empty", '\n\nYour summary: Proficient\n- lookups: 640'),
  ],
};

/** Who receives each kind, for the template listing. */
export const TEMPLATE_DESCRIPTIONS: Readonly<Record<TemplateKind, string>> = {
  invitation: 'To the candidate when invited (with the deadline as an .ics attachment)',
  reminder: "To the candidate inside the organisation's reminder window before the deadline",
  completion: "To the organisation's recruiters when an interview is complete",
  'thank-you': 'To the candidate when they finish (with the feedback summary when enabled)',
};

const DEFAULTS: Record<(typeof SUPPORTED_LOCALES)[number], Record<TemplateKind, MessageTemplate>> = {
  en: {
    invitation: {
      subject: '{{organisationName}} invites you to an Excel interview',
      text: 'Hello {{candidateName}},\n\n{{organisationName}} invites you to a short interview on Microsoft Excel ({{profileName}}). Take it whenever suits you before {{deadline}}:\n\n{{inviteUrl}}\n\nThe attached calendar entry marks the deadline. The link is personal: please do not share it.',
    },
    reminder: {
      subject: 'Reminder: your Excel interview closes on {{deadline}}',
      text: 'Hello {{candidateName}},\n\nThis is a reminder that your Excel interview for {{organisationName}} ({{profileName}}) closes on {{deadline}}. You can take it here:\n\n{{inviteUrl}}',
    },
    completion: {
      subject: 'Interview completed: {{profileName}} (score {{score}})',
      text: 'An interview for {{profileName}} is complete.\n\nScore: {{score}} ({{label}}, level {{level}})\n{{skillsText}}\n\nAnswers awaiting review: {{pendingReviewCount}}\n\nReport: {{reportUrl}}',
    },
    'thank-you': {
      subject: 'Thank you for your Excel interview',
      text: 'Hello {{candidateName}},\n\nThank you for completing your interview with {{organisationName}}. The team will be in touch about next steps.{{feedbackText}}',
    },
  },
  fr: {
    invitation: {
      subject: '{{organisationName}} vous invite à un entretien Excel',
      text: 'Bonjour {{candidateName}},\n\n{{organisationName}} vous invite à un court entretien sur Microsoft Excel ({{profileName}}). Passez-le quand vous voulez avant le {{deadline}} :\n\n{{inviteUrl}}\n\nLe fichier de calendrier joint marque la date limite. Ce lien est personnel : merci de ne pas le partager.',
    },
    reminder: {
      subject: 'Rappel : votre entretien Excel se termine le {{deadline}}',
      text: 'Bonjour {{candidateName}},\n\nPetit rappel : votre entretien Excel pour {{organisationName}} ({{profileName}}) se termine le {{deadline}}. Vous pouvez le passer ici :\n\n{{inviteUrl}}',
    },
    completion: {
      subject: 'Entretien terminé : {{profileName}} (score {{score}})',
      text: 'Un entretien pour {{profileName}} est terminé.\n\nScore : {{score}} ({{label}}, niveau {{level}})\n{{skillsText}}\n\nRéponses à relire : {{pendingReviewCount}}\n\nRapport : {{reportUrl}}',
    },
    'thank-you': {
      subject: 'Merci pour votre entretien Excel',
      text: 'Bonjour {{candidateName}},\n\nMerci d’avoir passé votre entretien avec {{organisationName}}. L’équipe reviendra vers vous pour la suite.{{feedbackText}}',
    },
  },
};

/** Short texts for SMS, per locale. */
export const SMS_TEXTS: Record<(typeof SUPPORTED_LOCALES)[number], { invitation: string; reminder: string }> = {
  en: { invitation: '{{organisationName}} invites you to an Excel interview before {{deadline}}: {{inviteUrl}}', reminder: 'Reminder: your Excel interview for {{organisationName}} closes {{deadline}}: {{inviteUrl}}' },
  fr: { invitation: '{{organisationName}} vous invite à un entretien Excel avant le {{deadline}} : {{inviteUrl}}', reminder: 'Rappel : votre entretien Excel pour {{organisationName}} se termine le {{deadline}} : {{inviteUrl}}' },
};

/** The closest supported locale: `fr-CA` → `fr`; unknown → `en`. */
export function supportedLocale(locale: string): (typeof SUPPORTED_LOCALES)[number] {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(base ?? '') ? (base as (typeof SUPPORTED_LOCALES)[number]) : 'en';
}

export function defaultTemplate(kind: TemplateKind, locale: string): MessageTemplate {
  return DEFAULTS[supportedLocale(locale)][kind];
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Replaces `{{name}}`; an unknown name renders empty so a template typo never leaks braces to a candidate. */
export function fill(template: string, values: Readonly<Record<string, string>>, encode: (v: string) => string = (v) => v): string {
  return template.replace(/\{\{\s*([A-Za-z][\w]*)\s*\}\}/g, (_m, name: string) => encode(values[name] ?? ''));
}

/** Text to HTML: escaped, paragraphs on blank lines, line breaks kept, URLs as links. */
export function htmlFromText(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => {
    const escaped = escapeHtml(p).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
    return `<p>${escaped.replace(/\n/g, '<br>')}</p>`;
  });
  return `<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;line-height:1.5;color:#1f2933">${paragraphs.join('\n')}</body></html>`;
}

/** Renders a template into subject, plain text and HTML. */
export function renderTemplate(template: MessageTemplate, values: Readonly<Record<string, string>>): { subject: string; text: string; html: string } {
  const subject = fill(template.subject, values).replace(/[\r\n]+/g, ' ');
  const text = fill(template.text, values);
  const html = template.html ? fill(template.html, values, escapeHtml) : htmlFromText(text);
  return { subject, text, html };
}

/** A date as a reader in `locale` expects it, in UTC (the zone is named, so it cannot be misread). */
export function formatDeadline(date: Date, locale: string): string {
  return `${new Intl.DateTimeFormat(supportedLocale(locale), { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}
