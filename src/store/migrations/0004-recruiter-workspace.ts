import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.js';

/**
 * The recruiter's workspace (issue 9): shareable report links (only the token's hash is stored)
 * and voluntarily given demographic data, kept apart from everything scoring reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    create table report_shares (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      interview_id uuid not null references interviews(id) on delete cascade,
      token_hash text not null unique,
      expires_at timestamptz not null,
      created_by text not null,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index report_shares_interview on report_shares (interview_id);
    create table candidate_demographics (
      candidate_id uuid primary key references candidates(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      data_sealed text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index candidate_demographics_org on candidate_demographics (organisation_id);
    create index responses_interview on responses (interview_id, sequence);
    create index review_tasks_response on review_tasks (response_id, status);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop index review_tasks_response; drop index responses_interview;
    drop table candidate_demographics; drop table report_shares;
  `);
}
