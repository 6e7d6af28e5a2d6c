/**
 * Row types of every table, as Kysely sees them. JSON columns are typed by what the code writes;
 * timestamps come back as Date on both PGlite and Postgres.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export interface OrganisationsTable {
  id: string;
  name: string;
  slug: string;
  retention_days: ColumnType<number, number | undefined, number>;
  settings: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export type UserRole = 'admin' | 'recruiter' | 'reviewer' | 'analyst';

export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  name: ColumnType<string, string | undefined, string>;
  role: UserRole;
  password_hash: string | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  /** Bumped on password change or sign-out everywhere: access tokens carrying an older epoch stop working. */
  session_epoch: ColumnType<number, number | undefined, number>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  /** TOTP secret sealed with the field cipher; `totp_pending_sealed` holds one being set up. */
  totp_secret_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  totp_pending_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  totp_last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  /** SHA-256 of each unused recovery code. */
  recovery_code_hashes: ColumnType<string[], string | undefined, string>;
  oidc_issuer: ColumnType<string | null, string | null | undefined, string | null>;
  oidc_subject: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  organisation_id: string;
  /** Every token issued by rotation from one sign-in shares a family; reuse of a used token revokes it. */
  family_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export type ApiKeyRole = 'recruiter' | 'reviewer' | 'analyst';

export interface ApiKeysTable {
  id: string;
  organisation_id: string;
  name: string;
  /** Shown in lists and logs; the secret part is stored only as its SHA-256. */
  prefix: string;
  secret_hash: string;
  role: ApiKeyRole;
  scopes: Json<string[]>;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  rotated_from: string | null;
  created_by: string;
  created_at: Timestamp;
}

export type AuthTokenPurpose = 'password-reset' | 'setup' | 'oidc-login';

export interface AuthTokensTable {
  id: string;
  purpose: AuthTokenPurpose;
  user_id: string | null;
  token_hash: string;
  data: Json<Record<string, unknown>>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface CandidatesTable {
  id: string;
  organisation_id: string;
  /** Sealed with the field cipher; `email_hash` is the keyed hash used to find a candidate by email. */
  email_sealed: string;
  email_hash: string;
  name_sealed: string;
  phone_sealed: string | null;
  external_id: string | null;
  created_at: Timestamp;
  erased_at: Timestamp | null;
}

export interface ItemsTable {
  id: string;
  version: string;
  kind: string;
  area: string;
  level: number;
  status: string;
  content: Json<unknown>;
  irt: Json<unknown>;
  exposure_cap: number;
  is_current: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface InterviewProfilesTable {
  id: string;
  organisation_id: string;
  name: string;
  role: ColumnType<string, string | undefined, string>;
  level: number;
  skill_areas: Json<unknown>;
  settings: Json<unknown>;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type InterviewState = 'invited' | 'consented' | 'in-progress' | 'completed' | 'expired' | 'abandoned';

export interface InterviewsTable {
  id: string;
  organisation_id: string;
  profile_id: string;
  candidate_id: string | null;
  state: InterviewState;
  invite_token_hash: string;
  invite_expires_at: Timestamp;
  seed: ColumnType<string, number | string, number | string>;
  /** The whole domain Session, sealed (it holds answers in progress). */
  session_sealed: string;
  current_item_id: string | null;
  items_asked: ColumnType<number, number | undefined, number>;
  summary: Json<unknown> | null;
  time_factor: ColumnType<number, number | undefined, number>;
  accommodation_request_sealed: string | null;
  feedback_rating: number | null;
  feedback_comment_sealed: string | null;
  revision: ColumnType<number, number | undefined, number>;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set when a recruiter revokes the invitation (migration 0002); the token hash is replaced too. */
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ResponsesTable {
  id: string;
  interview_id: string;
  item_id: string;
  item_version: string;
  sequence: number;
  idempotency_key: string;
  answer_sealed: string;
  /** The Grade, sealed: its evidence quotes the answer. Score columns stay clear for analytics. */
  grade_sealed: string;
  flags: Json<string[]>;
  score: number;
  max_score: number;
  confidence: number;
  grader_version: string;
  is_pretest: ColumnType<boolean, boolean | undefined, boolean>;
  presented_at: Timestamp | null;
  answered_at: Timestamp;
  created_at: Timestamp;
}

export interface MessagesTable {
  id: string;
  interview_id: string;
  sequence: number;
  role: 'interviewer' | 'candidate' | 'system';
  /** Sealed for candidate messages; interviewer and system messages are stored as written. */
  text_sealed: string;
  meta: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface InterviewTurnsTable {
  interview_id: string;
  idempotency_key: string;
  reply_sealed: string;
  created_at: Timestamp;
}

export interface IntegrityEventsTable {
  id: string;
  interview_id: string;
  kind: string;
  item_id: string | null;
  data: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
  created_at: Timestamp;
}

export interface ReviewTasksTable {
  id: string;
  organisation_id: string;
  response_id: string;
  reason: string;
  priority: ColumnType<number, number | undefined, number>;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined, 'open' | 'done'>;
  reviewer_id: string | null;
  decision: Json<unknown> | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  organisation_id: string | null;
  actor: string;
  action: string;
  subject: ColumnType<string, string | undefined, string>;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  prev_hash: string;
  hash: string;
}

// ---- jobs, effects, webhooks, notifications, Greenhouse (issue 10; migrations 0006, 0007)

export type JobState = 'pending' | 'running' | 'done' | 'dead';

export interface JobQueueTable {
  id: string;
  name: string;
  data: Json<unknown>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  run_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  backoff_ms: ColumnType<number, number | undefined, number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EffectsTable {
  /** One external effect, e.g. `email:invitation:<interviewId>`. */
  key: string;
  kind: string;
  organisation_id: string | null;
  subject_id: string | null;
  state: 'attempting' | 'done';
  attempts: ColumnType<number, number | undefined, number>;
  result: Json<Record<string, unknown>>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  done_at: Timestamp | null;
}

export interface WebhookEndpointsTable {
  id: string;
  organisation_id: string;
  url: string;
  events: Json<string[]>;
  description: ColumnType<string, string | undefined, string>;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  organisation_id: string;
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  redeliveries: ColumnType<number, number | undefined, number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
  created_at: Timestamp;
}

export interface NotificationSettingsTable {
  organisation_id: string;
  locale: ColumnType<string, string | undefined, string>;
  recruiter_emails: Json<string[]>;
  slack_webhook_url: string | null;
  teams_webhook_url: string | null;
  sms_invitations: ColumnType<boolean, boolean | undefined, boolean>;
  candidate_feedback: ColumnType<boolean, boolean | undefined, boolean>;
  reminder_hours_before: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface NotificationTemplatesTable {
  organisation_id: string;
  kind: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  updated_at: Timestamp;
}

/** The invitation link (it carries the invite token) sealed, so reminders can repeat it; deleted once the interview closes. */
export interface InviteLinksTable {
  interview_id: string;
  organisation_id: string;
  url_sealed: string;
  created_at: Timestamp;
}

export interface GreenhouseAssessmentsTable {
  interview_id: string;
  organisation_id: string;
  partner_test_id: string;
  application_id: string | null;
  callback_url: string | null;
  created_at: Timestamp;
}

/** A shareable link to one report (migration 0004): only the token's SHA-256 is stored. */
export interface ReportSharesTable {
  id: string;
  organisation_id: string;
  interview_id: string;
  token_hash: string;
  expires_at: Timestamp;
  created_by: string;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

/** Demographic data a candidate chose to give (migration 0004), sealed, never read by scoring. */
export interface CandidateDemographicsTable {
  candidate_id: string;
  organisation_id: string;
  data_sealed: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ItemExposureTable {
  item_id: string;
  eligible: ColumnType<number, number | undefined, number>;
  administered: ColumnType<number, number | undefined, number>;
  price: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface ExposureTotalsTable {
  id: number;
  interviews: number;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  candidates: CandidatesTable;
  items: ItemsTable;
  interview_profiles: InterviewProfilesTable;
  interviews: InterviewsTable;
  responses: ResponsesTable;
  messages: MessagesTable;
  interview_turns: InterviewTurnsTable;
  integrity_events: IntegrityEventsTable;
  review_tasks: ReviewTasksTable;
  audit_events: AuditEventsTable;
  item_exposure: ItemExposureTable;
  exposure_totals: ExposureTotalsTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  auth_tokens: AuthTokensTable;
  job_queue: JobQueueTable;
  effects: EffectsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  notification_settings: NotificationSettingsTable;
  notification_templates: NotificationTemplatesTable;
  greenhouse_assessments: GreenhouseAssessmentsTable;
  invite_links: InviteLinksTable;
  report_shares: ReportSharesTable;
  candidate_demographics: CandidateDemographicsTable;
}

export type ItemRow = Selectable<ItemsTable>;
export type NewItemRow = Insertable<ItemsTable>;
export type InterviewRow = Selectable<InterviewsTable>;
export type ProfileRow = Selectable<InterviewProfilesTable>;
export type ResponseRow = Selectable<ResponsesTable>;
export type MessageRow = Selectable<MessagesTable>;
export type CandidateRow = Selectable<CandidatesTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
