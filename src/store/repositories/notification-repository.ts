import { type Kysely, sql } from 'kysely';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Database, InterviewState } from '../schema.js';

export interface NotificationSettings {
  readonly organisationId: string;
  readonly locale: string;
  readonly recruiterEmails: readonly string[];
  readonly slackWebhookUrl: string | null;
  readonly teamsWebhookUrl: string | null;
  readonly smsInvitations: boolean;
  readonly candidateFeedback: boolean;
  readonly reminderHoursBefore: number;
}

export interface StoredTemplate {
  readonly kind: string;
  readonly locale: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
}

export interface SavedTemplate extends StoredTemplate {
  readonly updatedAt: Date;
}

export interface InterviewNotice {
  readonly id: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly profileName: string;
  readonly candidateId: string | null;
  readonly state: InterviewState;
  readonly inviteExpiresAt: Date;
  readonly summary: unknown;
  readonly revoked: boolean;
}

const DEFAULT_REMINDER_HOURS = 24;

/**
 * What notifications read and write: the organisation's settings and templates, the facts an
 * email needs about an interview, recruiters' addresses, invitation links (sealed, for reminders)
 * and the interviews due for a reminder or past their deadline.
 */
export class NotificationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  async settings(organisationId: string): Promise<NotificationSettings> {
    const row = await this.db.selectFrom('notification_settings').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
    return row
      ? { organisationId, locale: row.locale, recruiterEmails: row.recruiter_emails, slackWebhookUrl: row.slack_webhook_url, teamsWebhookUrl: row.teams_webhook_url, smsInvitations: row.sms_invitations, candidateFeedback: row.candidate_feedback, reminderHoursBefore: row.reminder_hours_before }
      : { organisationId, locale: 'en', recruiterEmails: [], slackWebhookUrl: null, teamsWebhookUrl: null, smsInvitations: false, candidateFeedback: false, reminderHoursBefore: DEFAULT_REMINDER_HOURS };
  }

  async saveSettings(settings: NotificationSettings, now: Date): Promise<void> {
    const values = {
      locale: settings.locale,
      recruiter_emails: JSON.stringify(settings.recruiterEmails),
      slack_webhook_url: settings.slackWebhookUrl,
      teams_webhook_url: settings.teamsWebhookUrl,
      sms_invitations: settings.smsInvitations,
      candidate_feedback: settings.candidateFeedback,
      reminder_hours_before: settings.reminderHoursBefore,
      updated_at: now,
    };
    await this.db
      .insertInto('notification_settings')
      .values({ organisation_id: settings.organisationId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
      .execute();
  }

  async template(organisationId: string, kind: string, locale: string): Promise<SavedTemplate | undefined> {
    const row = await this.db.selectFrom('notification_templates').selectAll().where('organisation_id', '=', organisationId).where('kind', '=', kind).where('locale', '=', locale).executeTakeFirst();
    return row ? { kind: row.kind, locale: row.locale, subject: row.subject, text: row.text_body, html: row.html_body, updatedAt: row.updated_at } : undefined;
  }

  /** Which (kind, locale) pairs the organisation has customised, and when. */
  async listTemplates(organisationId: string): Promise<{ kind: string; locale: string; updatedAt: Date }[]> {
    const rows = await this.db.selectFrom('notification_templates').select(['kind', 'locale', 'updated_at']).where('organisation_id', '=', organisationId).orderBy('kind').orderBy('locale').execute();
    return rows.map((r) => ({ kind: r.kind, locale: r.locale, updatedAt: r.updated_at }));
  }

  /** Removes a custom template (the built-in one applies again); false when there was none. */
  async deleteTemplate(organisationId: string, kind: string, locale: string): Promise<boolean> {
    const result = await this.db.deleteFrom('notification_templates').where('organisation_id', '=', organisationId).where('kind', '=', kind).where('locale', '=', locale).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async saveTemplate(organisationId: string, template: StoredTemplate, now: Date): Promise<void> {
    const values = { subject: template.subject, text_body: template.text, html_body: template.html, updated_at: now };
    await this.db
      .insertInto('notification_templates')
      .values({ organisation_id: organisationId, kind: template.kind, locale: template.locale, ...values })
      .onConflict((oc) => oc.columns(['organisation_id', 'kind', 'locale']).doUpdateSet(values))
      .execute();
  }

  async interview(interviewId: string): Promise<InterviewNotice | undefined> {
    const row = await this.db
      .selectFrom('interviews')
      .innerJoin('organisations', 'organisations.id', 'interviews.organisation_id')
      .innerJoin('interview_profiles', 'interview_profiles.id', 'interviews.profile_id')
      .select(['interviews.id', 'interviews.organisation_id', 'organisations.name as organisation_name', 'interview_profiles.name as profile_name', 'interviews.candidate_id', 'interviews.state', 'interviews.invite_expires_at', 'interviews.summary', 'interviews.revoked_at'])
      .where('interviews.id', '=', interviewId)
      .executeTakeFirst();
    return row
      ? { id: row.id, organisationId: row.organisation_id, organisationName: row.organisation_name, profileName: row.profile_name, candidateId: row.candidate_id, state: row.state, inviteExpiresAt: row.invite_expires_at, summary: row.summary, revoked: row.revoked_at !== null }
      : undefined;
  }

  /** The organisation's recruiters and admins (their sign-in addresses), when settings name nobody. */
  async staffEmails(organisationId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('users').select('email').where('organisation_id', '=', organisationId).where('role', 'in', ['admin', 'recruiter']).where('disabled_at', 'is', null).orderBy('created_at').execute();
    return rows.map((r) => r.email);
  }

  async rememberInviteLink(interviewId: string, organisationId: string, url: string): Promise<void> {
    await this.db.insertInto('invite_links').values({ interview_id: interviewId, organisation_id: organisationId, url_sealed: this.cipher.seal(url) }).onConflict((oc) => oc.column('interview_id').doNothing()).execute();
  }

  async inviteLink(interviewId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('invite_links').select('url_sealed').where('interview_id', '=', interviewId).executeTakeFirst();
    return row ? this.cipher.open(row.url_sealed) : undefined;
  }

  async forgetInviteLinks(interviewIds: readonly string[]): Promise<void> {
    if (interviewIds.length === 0) return;
    await this.db.deleteFrom('invite_links').where('interview_id', 'in', [...interviewIds]).execute();
  }

  /** Open invitations whose deadline falls within their organisation's reminder window. */
  async dueForReminder(now: Date, limit = 500): Promise<{ interviewId: string; organisationId: string }[]> {
    const rows = await this.db
      .selectFrom('interviews')
      .innerJoin('invite_links', 'invite_links.interview_id', 'interviews.id')
      .leftJoin('notification_settings', 'notification_settings.organisation_id', 'interviews.organisation_id')
      .select(['interviews.id', 'interviews.organisation_id'])
      .where('interviews.state', 'in', ['invited', 'consented'])
      .where('interviews.candidate_id', 'is not', null)
      .where('interviews.revoked_at', 'is', null)
      .where('interviews.invite_expires_at', '>', now)
      .where(sql<boolean>`interviews.invite_expires_at <= ${now}::timestamptz + make_interval(hours => coalesce(notification_settings.reminder_hours_before, ${DEFAULT_REMINDER_HOURS}))`)
      .limit(limit)
      .execute();
    return rows.map((r) => ({ interviewId: r.id, organisationId: r.organisation_id }));
  }

  /** Marks invitations past their deadline expired (never started ones only) and drops their links. */
  async expireOverdue(now: Date): Promise<string[]> {
    const rows = await this.db
      .updateTable('interviews')
      .set((eb) => ({ state: 'expired' as const, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('state', 'in', ['invited', 'consented'])
      .where('invite_expires_at', '<=', now)
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id);
    await this.forgetInviteLinks(ids);
    return ids;
  }
}
