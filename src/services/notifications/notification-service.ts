import type { Logger } from 'pino';
import type { CandidateRepository } from '../../store/repositories/candidate-repository.js';
import type { InterviewNotice, NotificationRepository, NotificationSettings } from '../../store/repositories/notification-repository.js';
import type { InterviewSummary } from '../interview-service.js';
import { type ChatMessage, postChat, slackBody, teamsBody } from './chat-webhooks.js';
import { buildDeadlineIcs } from './deadline-ics.js';
import type { EffectLedger } from './effect-ledger.js';
import type { Mailer } from './mailer.js';
import type { SmsProvider } from './sms-provider.js';
import { assertOutboundUrl, DEFAULT_OUTBOUND_POLICY, type OutboundPolicy } from '../webhooks/outbound-policy.js';
import { createPostOutbound, type PostOutbound } from '../webhooks/post-outbound.js';
import type { AuditService } from '../audit/audit-service.js';
import { defaultTemplate, fill, formatDeadline, renderTemplate, SMS_TEXTS, supportedLocale, type TemplateKind } from './templates.js';

export interface NotificationServiceDeps {
  readonly notifications: NotificationRepository;
  readonly candidates: CandidateRepository;
  readonly mailer: Mailer;
  readonly sms: SmsProvider;
  readonly ledger: EffectLedger;
  readonly publicUrl: string;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Which Slack/Teams webhook addresses are allowed (default: public ones only), checked when saved and again when posting. */
  readonly outbound?: OutboundPolicy;
  /** Posts chat messages; default: node:http(s) bound to the checked address (`createPostOutbound`). */
  readonly post?: PostOutbound;
  /** Records settings changes in the audit log. */
  readonly audit?: Pick<AuditService, 'record'>;
}

/** What a send did, for the job's log line (never personal data). */
export interface NoticeOutcome {
  readonly sent: readonly string[];
  readonly skipped: readonly string[];
}

const OPEN_STATES = new Set(['invited', 'consented']);

/**
 * Emails, texts and team-channel messages about interviews. Every send goes through the effect
 * ledger under a key per message (`email.invitation.<interviewId>`, …), so a job that runs again
 * sends nothing twice; templates come from the organisation (else the built-in ones) in its locale.
 */
export class NotificationService {
  private readonly now: () => Date;
  private readonly host: string;
  private readonly outbound: OutboundPolicy;
  private readonly post: PostOutbound;

  constructor(private readonly deps: NotificationServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.host = new URL(deps.publicUrl).hostname || 'localhost';
    this.outbound = deps.outbound ?? DEFAULT_OUTBOUND_POLICY;
    this.post = deps.post ?? createPostOutbound(this.outbound);
  }

  /** Keeps the invitation link (sealed) so the invitation and reminder jobs can send it. */
  async rememberInviteLink(interviewId: string, organisationId: string, url: string): Promise<void> {
    await this.deps.notifications.rememberInviteLink(interviewId, organisationId, url);
  }

  async settings(organisationId: string): Promise<NotificationSettings> {
    return this.deps.notifications.settings(organisationId);
  }

  /**
   * Saves an organisation's notification settings. Slack and Teams URLs must pass the outbound
   * policy (http(s), no credentials, public addresses): `invalid-input` with `details.field` and
   * `details.reason` otherwise.
   */
  async saveSettings(settings: NotificationSettings, actor = 'system'): Promise<void> {
    if (settings.slackWebhookUrl) await assertOutboundUrl(settings.slackWebhookUrl, this.outbound, 'slackWebhookUrl', 'Slack webhook URL');
    if (settings.teamsWebhookUrl) await assertOutboundUrl(settings.teamsWebhookUrl, this.outbound, 'teamsWebhookUrl', 'Teams webhook URL');
    await this.deps.notifications.saveSettings(settings, this.now());
    // Which channels are on, never the addresses (secrets) or the recruiters' emails.
    await this.deps.audit?.record({
      organisationId: settings.organisationId,
      actor,
      action: 'notification-settings.saved',
      subject: 'notification-settings',
      data: { locale: settings.locale, recruiters: settings.recruiterEmails.length, slack: settings.slackWebhookUrl !== null, teams: settings.teamsWebhookUrl !== null, sms: settings.smsInvitations, feedback: settings.candidateFeedback, reminderHoursBefore: settings.reminderHoursBefore },
    });
  }

  async sendInvitation(interviewId: string): Promise<NoticeOutcome> {
    return this.sendToCandidate(interviewId, 'invitation');
  }

  async sendReminder(interviewId: string): Promise<NoticeOutcome> {
    return this.sendToCandidate(interviewId, 'reminder');
  }

  /** Interviews whose reminder is due now (the scan job queues one reminder job each). */
  async dueForReminder(): Promise<{ interviewId: string; organisationId: string }[]> {
    return this.deps.notifications.dueForReminder(this.now());
  }

  /** Expires invitations past their deadline; returns their ids. */
  async expireOverdue(): Promise<string[]> {
    return this.deps.notifications.expireOverdue(this.now());
  }

  /** The recruiter's completion notice, the candidate's thank-you, and the team channels. */
  async notifyCompletion(interviewId: string, pendingReviewCount: number): Promise<NoticeOutcome> {
    const notice = await this.deps.notifications.interview(interviewId);
    if (!notice) return { sent: [], skipped: ['interview-gone'] };
    await this.deps.notifications.forgetInviteLinks([interviewId]);
    const settings = await this.deps.notifications.settings(notice.organisationId);
    const summary = notice.summary as InterviewSummary | null;
    const locale = supportedLocale(settings.locale);
    const reportUrl = this.reportUrl(interviewId);
    const skills = summary ? Object.entries(summary.skills).map(([skill, s]) => `${skill}: ${s.score}`) : [];
    const values = {
      organisationName: notice.organisationName,
      profileName: notice.profileName,
      score: summary ? String(summary.score) : '—',
      label: summary?.label ?? '',
      level: summary ? String(summary.level) : '',
      skillsText: skills.map((s) => `- ${s}`).join('\n'),
      pendingReviewCount: String(pendingReviewCount),
      reportUrl,
    };
    const sent: string[] = [];
    const skipped: string[] = [];
    const note = (channel: string, outcome: 'sent' | 'skipped') => (outcome === 'sent' ? sent : skipped).push(channel);

    const recruiters = settings.recruiterEmails.length > 0 ? [...settings.recruiterEmails] : await this.deps.notifications.staffEmails(notice.organisationId);
    if (recruiters.length > 0 && this.deps.mailer.configured) {
      const message = await this.render(notice.organisationId, 'completion', locale, values);
      note('email.completion', await this.email(`email.completion.${interviewId}`, notice, { to: recruiters, ...message, language: locale }));
    } else skipped.push('email.completion');

    const candidate = notice.candidateId ? await this.deps.candidates.find(notice.candidateId) : undefined;
    if (candidate && !candidate.erasedAt && candidate.email && this.deps.mailer.configured) {
      const feedback = settings.candidateFeedback && summary ? feedbackSummary(summary, locale) : '';
      const message = await this.render(notice.organisationId, 'thank-you', locale, { ...values, candidateName: candidate.name, feedbackText: feedback ? `\n\n${feedback}` : '' });
      note('email.thank-you', await this.email(`email.thank-you.${interviewId}`, notice, { to: [candidate.email], ...message, language: locale }));
    } else skipped.push('email.thank-you');

    const chat: ChatMessage = {
      title: `Interview completed: ${notice.profileName}`,
      text: summary ? `Score ${summary.score} (${summary.label}).${pendingReviewCount > 0 ? ` ${pendingReviewCount} answer(s) need review.` : ''}` : 'The interview is complete.',
      facts: [...skills.map((s) => ({ name: s.split(':')[0] ?? '', value: s.split(': ')[1] ?? '' })), { name: 'Awaiting review', value: String(pendingReviewCount) }],
      link: { label: 'Open the report', url: reportUrl },
    };
    for (const [channel, outcome] of await this.chat(`completion.${interviewId}`, notice, settings, chat)) note(channel, outcome);
    return { sent, skipped };
  }

  /** A team-channel message that an answer needs a human reviewer. */
  async notifyReviewRequired(input: { interviewId: string; responseId: string; itemId: string; reason: string }): Promise<NoticeOutcome> {
    const notice = await this.deps.notifications.interview(input.interviewId);
    if (!notice) return { sent: [], skipped: ['interview-gone'] };
    const settings = await this.deps.notifications.settings(notice.organisationId);
    const chat: ChatMessage = {
      title: `Review needed: ${notice.profileName}`,
      text: `An answer to ${input.itemId} needs a reviewer (${input.reason}).`,
      facts: [
        { name: 'Item', value: input.itemId },
        { name: 'Reason', value: input.reason },
      ],
      link: { label: 'Open the review queue', url: `${this.deps.publicUrl}/recruiter/reviews?interview=${input.interviewId}` },
    };
    const results = await this.chat(`review.${input.responseId}`, notice, settings, chat);
    return { sent: results.filter(([, o]) => o === 'sent').map(([c]) => c), skipped: results.filter(([, o]) => o === 'skipped').map(([c]) => c) };
  }

  private async sendToCandidate(interviewId: string, kind: 'invitation' | 'reminder'): Promise<NoticeOutcome> {
    const notice = await this.deps.notifications.interview(interviewId);
    if (!notice || !notice.candidateId || notice.revoked || !OPEN_STATES.has(notice.state)) return { sent: [], skipped: ['interview-not-open'] };
    const candidate = await this.deps.candidates.find(notice.candidateId);
    const url = await this.deps.notifications.inviteLink(interviewId);
    if (!candidate || candidate.erasedAt || !url) return { sent: [], skipped: ['no-recipient'] };
    const settings = await this.deps.notifications.settings(notice.organisationId);
    const locale = supportedLocale(settings.locale);
    const values = { candidateName: candidate.name, organisationName: notice.organisationName, profileName: notice.profileName, deadline: formatDeadline(notice.inviteExpiresAt, locale), inviteUrl: url };
    const sent: string[] = [];
    const skipped: string[] = [];
    if (this.deps.mailer.configured) {
      const message = await this.render(notice.organisationId, kind, locale, values);
      const ics = buildDeadlineIcs({ uid: `interview-${interviewId}@${this.host}`, summary: message.subject, description: `${values.profileName}: ${url}`, url, deadline: notice.inviteExpiresAt, now: this.now() });
      const outcome = await this.email(`email.${kind}.${interviewId}`, notice, { to: [candidate.email], ...message, language: locale, attachments: [{ filename: 'interview-deadline.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] });
      (outcome === 'sent' ? sent : skipped).push(`email.${kind}`);
    } else {
      skipped.push(`email.${kind}`);
      this.deps.logger.info({ interviewId, kind }, 'SMTP_URL is not set; email not sent');
    }
    if (settings.smsInvitations && candidate.phone && this.deps.sms.configured) {
      const key = `sms.${kind}.${interviewId}`;
      const body = fill(SMS_TEXTS[locale][kind], values);
      const outcome = await this.deps.ledger.once({ key, kind: `sms.${kind}`, organisationId: notice.organisationId, subjectId: interviewId }, async () => {
        const result = await this.deps.sms.send({ to: candidate.phone ?? '', body, idempotencyKey: key });
        return { id: result.id, status: result.status };
      });
      (outcome.kind === 'sent' ? sent : skipped).push(`sms.${kind}`);
    }
    return { sent, skipped };
  }

  private async render(organisationId: string, kind: TemplateKind, locale: string, values: Record<string, string>): Promise<{ subject: string; text: string; html: string }> {
    const custom = await this.deps.notifications.template(organisationId, kind, locale);
    return renderTemplate(custom ?? defaultTemplate(kind, locale), values);
  }

  private async email(key: string, notice: InterviewNotice, message: { to: readonly string[]; subject: string; text: string; html: string; language: string; attachments?: { filename: string; content: string; contentType: string }[] }): Promise<'sent' | 'skipped'> {
    const outcome = await this.deps.ledger.once({ key, kind: key.split('.').slice(0, 2).join('.'), organisationId: notice.organisationId, subjectId: notice.id }, async () => {
      const result = await this.deps.mailer.send({ ...message, messageId: `<${key}@${this.host}>` });
      return { messageId: result.messageId, response: result.response.slice(0, 200) };
    });
    return outcome.kind === 'sent' ? 'sent' : 'skipped';
  }

  private async chat(suffix: string, notice: InterviewNotice, settings: NotificationSettings, message: ChatMessage): Promise<[string, 'sent' | 'skipped'][]> {
    const results: [string, 'sent' | 'skipped'][] = [];
    const targets: [string, string | null, (m: ChatMessage) => Record<string, unknown>][] = [
      ['slack', settings.slackWebhookUrl, slackBody],
      ['teams', settings.teamsWebhookUrl, teamsBody],
    ];
    for (const [channel, url, body] of targets) {
      if (!url) continue;
      const key = `${channel}.${suffix}`;
      const outcome = await this.deps.ledger.once({ key, kind: `${channel}.${suffix.split('.')[0]}`, organisationId: notice.organisationId, subjectId: notice.id }, async () => postChat(url, body(message), this.post));
      results.push([channel, outcome.kind === 'sent' ? 'sent' : 'skipped']);
    }
    return results;
  }

  private reportUrl(interviewId: string): string {
    return `${this.deps.publicUrl}/recruiter/interviews/${interviewId}`;
  }
}

/** The optional feedback for candidates: the overall level and each skill's band label, no raw numbers. */
export function feedbackSummary(summary: InterviewSummary, locale: string): string {
  const heading = supportedLocale(locale) === 'fr' ? 'Votre résumé' : 'Your summary';
  const lines = Object.entries(summary.skills).map(([skill, s]) => `- ${skill}: ${s.score}`);
  return `${heading}: ${summary.label}\n${lines.join('\n')}`;
}

