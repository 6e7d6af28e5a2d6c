import type { NotificationRepository } from '../../store/repositories/notification-repository.js';
import type { AuditRecord } from '../audit/audit-service.js';
import { invalidInput, notFound } from '../errors.js';
import { checkTemplate } from './check-template.js';
import { defaultTemplate, formatDeadline, type MessageTemplate, renderTemplate, type SupportedLocale, SUPPORTED_LOCALES, TEMPLATE_DESCRIPTIONS, TEMPLATE_KINDS, TEMPLATE_PLACEHOLDERS, type TemplateKind, type TemplatePlaceholder } from './templates.js';

export interface NotificationTemplateServiceDeps {
  readonly notifications: Pick<NotificationRepository, 'template' | 'saveTemplate' | 'listTemplates' | 'deleteTemplate'>;
  readonly audit: { record(event: AuditRecord): Promise<unknown> };
  readonly now?: () => Date;
}

/** A template as an admin sees it: the organisation's own, or the built-in one that applies. */
export interface TemplateView {
  readonly kind: TemplateKind;
  readonly locale: SupportedLocale;
  readonly source: 'custom' | 'default';
  readonly subject: string;
  readonly text: string;
  /** Null: the HTML part is the text part, escaped, with paragraphs and links. */
  readonly html: string | null;
  readonly placeholders: readonly TemplatePlaceholder[];
  readonly updatedAt: Date | null;
}

export interface TemplateOverview {
  readonly locales: readonly SupportedLocale[];
  readonly kinds: readonly { kind: TemplateKind; description: string; placeholders: readonly TemplatePlaceholder[] }[];
  readonly customised: readonly { kind: TemplateKind; locale: SupportedLocale; updatedAt: Date }[];
}

/** A draft: subject, plain text and (optional) HTML with `{{placeholders}}`. */
export interface TemplateDraft {
  readonly subject: string;
  readonly text: string;
  readonly html?: string | null | undefined;
}

/** The deadline previews show: fixed, so a preview is the same every time. */
const SAMPLE_DEADLINE = new Date('2026-03-13T17:00:00Z');

const isKind = (kind: string): kind is TemplateKind => (TEMPLATE_KINDS as readonly string[]).includes(kind);
const isLocale = (locale: string): locale is SupportedLocale => (SUPPORTED_LOCALES as readonly string[]).includes(locale);

/**
 * An organisation's email templates (issue 10): one per kind and locale, each with a subject, a
 * plain-text part and an optional HTML part, checked against the placeholders that kind receives
 * and for HTML that stays safe once values are filled in. Changes are audited; without a custom
 * template the built-in one applies (NotificationService renders whichever exists).
 */
export class NotificationTemplateService {
  private readonly now: () => Date;

  constructor(private readonly deps: NotificationTemplateServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async overview(organisationId: string): Promise<TemplateOverview> {
    const saved = await this.deps.notifications.listTemplates(organisationId);
    return {
      locales: SUPPORTED_LOCALES,
      kinds: TEMPLATE_KINDS.map((kind) => ({ kind, description: TEMPLATE_DESCRIPTIONS[kind], placeholders: TEMPLATE_PLACEHOLDERS[kind] })),
      customised: saved.flatMap((t) => (isKind(t.kind) && isLocale(t.locale) ? [{ kind: t.kind, locale: t.locale, updatedAt: t.updatedAt }] : [])),
    };
  }

  async get(organisationId: string, kind: TemplateKind, locale: SupportedLocale): Promise<TemplateView> {
    const custom = await this.deps.notifications.template(organisationId, kind, locale);
    const placeholders = TEMPLATE_PLACEHOLDERS[kind];
    if (custom) return { kind, locale, source: 'custom', subject: custom.subject, text: custom.text, html: custom.html, placeholders, updatedAt: custom.updatedAt };
    const builtIn = defaultTemplate(kind, locale);
    return { kind, locale, source: 'default', subject: builtIn.subject, text: builtIn.text, html: builtIn.html ?? null, placeholders, updatedAt: null };
  }

  /** Saves the organisation's template; `invalid-input` (details: reason, problems, allowedPlaceholders) when it does not pass `checkTemplate`. */
  async save(actor: string, organisationId: string, kind: TemplateKind, locale: SupportedLocale, draft: TemplateDraft): Promise<TemplateView> {
    const template = this.checked(kind, draft);
    await this.deps.notifications.saveTemplate(organisationId, { kind, locale, subject: template.subject, text: template.text, html: template.html ?? null }, this.now());
    await this.deps.audit.record({ organisationId, actor, action: 'notification-template.saved', subject: `notification-template:${kind}:${locale}`, data: { kind, locale, html: template.html ? 'custom' : 'from-text' } });
    return this.get(organisationId, kind, locale);
  }

  /** Removes the organisation's template so the built-in one applies again; `not-found` when there is none. */
  async remove(actor: string, organisationId: string, kind: TemplateKind, locale: SupportedLocale): Promise<void> {
    if (!(await this.deps.notifications.deleteTemplate(organisationId, kind, locale))) throw notFound('notification template', `${kind}/${locale}`);
    await this.deps.audit.record({ organisationId, actor, action: 'notification-template.deleted', subject: `notification-template:${kind}:${locale}`, data: { kind, locale } });
  }

  /** Renders a draft (checked like a save), or else the template that applies now, with sample values. */
  async preview(organisationId: string, kind: TemplateKind, locale: SupportedLocale, draft?: TemplateDraft): Promise<{ source: 'draft' | 'custom' | 'default'; subject: string; text: string; html: string }> {
    const current = draft ? undefined : await this.get(organisationId, kind, locale);
    const template = draft ? this.checked(kind, draft) : { subject: current?.subject ?? '', text: current?.text ?? '', html: current?.html ?? null };
    const values = Object.fromEntries(TEMPLATE_PLACEHOLDERS[kind].map((p) => [p.name, p.sample]));
    values.deadline = formatDeadline(SAMPLE_DEADLINE, locale);
    return { source: draft ? 'draft' : (current?.source ?? 'default'), ...renderTemplate(template, values) };
  }

  private checked(kind: TemplateKind, draft: TemplateDraft): MessageTemplate {
    const template: MessageTemplate = { subject: draft.subject, text: draft.text, html: draft.html?.trim() ? draft.html : null };
    const problems = checkTemplate(kind, template);
    if (problems.length === 0) return template;
    const allowedPlaceholders = TEMPLATE_PLACEHOLDERS[kind].map((p) => p.name);
    const unknown = [...new Set(problems.flatMap((p) => (p.reason === 'unknown-placeholder' ? [p.placeholder] : [])))];
    const first = problems[0]?.reason ?? 'invalid-template';
    const message = unknown.length > 0
      ? `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')} for the ${kind} template; allowed: ${allowedPlaceholders.map((a) => `{{${a}}}`).join(', ')}.`
      : `The ${kind} template cannot be used: ${problems.map((p) => ('detail' in p ? p.detail : p.reason)).join('; ')}.`;
    throw invalidInput(message, { reason: unknown.length > 0 ? 'unknown-placeholder' : first, problems, allowedPlaceholders });
  }
}
