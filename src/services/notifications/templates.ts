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
