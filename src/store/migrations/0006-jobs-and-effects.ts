import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.js';

/**
 * The durable job queue the in-process runner polls (so a restart resumes pending jobs) and the
 * effect ledger: one row per external effect (an email, a webhook, an SMS), keyed so that a job
 * run twice sends once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table job_queue (
      id text primary key,
      name text not null,
      data jsonb not null default '{}'::jsonb,
      state text not null default 'pending' check (state in ('pending', 'running', 'done', 'dead')),
      run_at timestamptz not null,
      attempts integer not null default 0,
      max_attempts integer not null,
      backoff_ms integer not null default 1000,
      locked_by text,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index job_queue_due on job_queue (state, run_at);
    create table effects (
      key text primary key,
      kind text not null,
      organisation_id uuid,
      subject_id text,
      state text not null check (state in ('attempting', 'done')),
      attempts integer not null default 0,
      result jsonb not null default '{}'::jsonb,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      done_at timestamptz
    );
    create index effects_subject on effects (organisation_id, subject_id)
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `drop table effects; drop table job_queue`);
}
