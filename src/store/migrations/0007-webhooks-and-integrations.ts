import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.js';

/**
 * Outgoing webhooks (endpoints with rotating secrets, deliveries, one row per attempt), the
 * organisation's notification settings and templates, and the Greenhouse assessment mapping.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table webhook_endpoints (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      url text not null,
      events jsonb not null,
      description text not null default '',
      secret_sealed text not null,
      previous_secret_sealed text,
      previous_secret_expires_at timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index webhook_endpoints_org on webhook_endpoints (organisation_id);
    create table webhook_deliveries (
      id uuid primary key,
      endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
      organisation_id uuid not null,
      event_id text not null,
      event_type text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      redeliveries integer not null default 0,
      last_status_code integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      unique (endpoint_id, event_id)
    );
    create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc);
    create table webhook_attempts (
      id uuid primary key,
      delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
      attempt integer not null,
      status_code integer,
      error text,
      duration_ms integer not null,
      response_excerpt text,
      created_at timestamptz not null default now()
    );
    create index webhook_attempts_delivery on webhook_attempts (delivery_id, created_at);
    create table notification_settings (
      organisation_id uuid primary key references organisations(id),
      locale text not null default 'en',
      recruiter_emails jsonb not null default '[]'::jsonb,
      slack_webhook_url text,
      teams_webhook_url text,
      sms_invitations boolean not null default false,
      candidate_feedback boolean not null default false,
      reminder_hours_before integer not null default 24,
      updated_at timestamptz not null default now()
    );
    create table notification_templates (
      organisation_id uuid not null references organisations(id),
      kind text not null,
      locale text not null,
      subject text not null,
      text_body text not null,
      html_body text,
      updated_at timestamptz not null default now(),
      primary key (organisation_id, kind, locale)
    );
    create table invite_links (
      interview_id uuid primary key references interviews(id),
      organisation_id uuid not null references organisations(id),
      url_sealed text not null,
      created_at timestamptz not null default now()
    );
    create table greenhouse_assessments (
      interview_id uuid primary key references interviews(id),
      organisation_id uuid not null references organisations(id),
      partner_test_id text not null,
      application_id text,
      callback_url text,
      created_at timestamptz not null default now()
    );
    create index greenhouse_assessments_application on greenhouse_assessments (organisation_id, application_id)
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table greenhouse_assessments; drop table invite_links; drop table notification_templates; drop table notification_settings;
    drop table webhook_attempts; drop table webhook_deliveries; drop table webhook_endpoints
  `);
}
