import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.js';

/** The first cut of the data model: organisations … audit events. Plain SQL, identical on PGlite and Postgres. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table organisations (
      id uuid primary key,
      name text not null,
      slug text not null unique,
      retention_days integer not null default 365,
      settings jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    );
    create table users (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      email text not null,
      name text not null default '',
      role text not null check (role in ('admin', 'recruiter', 'reviewer', 'analyst')),
      password_hash text,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      unique (organisation_id, email)
    );
    create table candidates (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      email_sealed text not null,
      email_hash text not null,
      name_sealed text not null,
      phone_sealed text,
      external_id text,
      created_at timestamptz not null default now(),
      erased_at timestamptz
    );
    create index candidates_org on candidates (organisation_id, created_at desc);
    create index candidates_email on candidates (organisation_id, email_hash);
    create table items (
      id text not null,
      version text not null,
      kind text not null check (kind in ('choice', 'formula', 'workbook', 'concept')),
      area text not null,
      level integer not null check (level between 1 and 5),
      status text not null check (status in ('draft', 'approved', 'retired')),
      content jsonb not null,
      irt jsonb not null,
      exposure_cap real not null default 0.25,
      is_current boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (id, version)
    );
    create unique index items_current on items (id) where is_current;
    create table interview_profiles (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      name text not null,
      role text not null default '',
      level integer not null default 3 check (level between 1 and 5),
      skill_areas jsonb not null,
      settings jsonb not null,
      is_demo boolean not null default false,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table interviews (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      profile_id uuid not null references interview_profiles(id),
      candidate_id uuid references candidates(id),
      state text not null check (state in ('invited', 'consented', 'in-progress', 'completed', 'expired', 'abandoned')),
      invite_token_hash text not null unique,
      invite_expires_at timestamptz not null,
      seed bigint not null,
      session_sealed text not null,
      current_item_id text,
      items_asked integer not null default 0,
      summary jsonb,
      time_factor real not null default 1,
      accommodation_request_sealed text,
      feedback_rating integer,
      feedback_comment_sealed text,
      revision integer not null default 0,
      started_at timestamptz,
      completed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index interviews_org_state on interviews (organisation_id, state, created_at desc);
    create table responses (
      id uuid primary key,
      interview_id uuid not null references interviews(id),
      item_id text not null,
      item_version text not null,
      sequence integer not null,
      idempotency_key text not null,
      answer_sealed text not null,
      grade_sealed text not null,
      flags jsonb not null default '[]'::jsonb,
      score real not null,
      max_score real not null,
      confidence real not null,
      grader_version text not null,
      is_pretest boolean not null default false,
      presented_at timestamptz,
      answered_at timestamptz not null,
      created_at timestamptz not null default now(),
      foreign key (item_id, item_version) references items (id, version),
      unique (interview_id, idempotency_key),
      unique (interview_id, sequence)
    );
    create index responses_item on responses (item_id, item_version);
    create table messages (
      id uuid primary key,
      interview_id uuid not null references interviews(id),
      sequence integer not null,
      role text not null check (role in ('interviewer', 'candidate', 'system')),
      text_sealed text not null,
      meta jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      unique (interview_id, sequence)
    );
    create table interview_turns (
      interview_id uuid not null references interviews(id),
      idempotency_key text not null,
      reply_sealed text not null,
      created_at timestamptz not null default now(),
      primary key (interview_id, idempotency_key)
    );
    create table integrity_events (
      id uuid primary key,
      interview_id uuid not null references interviews(id),
      kind text not null,
      item_id text,
      data jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create index integrity_events_interview on integrity_events (interview_id, occurred_at);
    create table review_tasks (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      response_id uuid not null references responses(id),
      reason text not null,
      priority real not null default 0,
      status text not null default 'open' check (status in ('open', 'done')),
      reviewer_id uuid references users(id),
      decision jsonb,
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      unique (response_id)
    );
    create index review_tasks_open on review_tasks (organisation_id, status, priority desc);
    create table audit_events (
      id bigserial primary key,
      organisation_id uuid,
      actor text not null,
      action text not null,
      subject text not null default '',
      data jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      prev_hash text not null,
      hash text not null
    );
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop table audit_events; drop table review_tasks; drop table integrity_events; drop table interview_turns; drop table messages; drop table responses;
    drop table interviews; drop table interview_profiles; drop table items; drop table candidates;
    drop table users; drop table organisations;
  `);
}
