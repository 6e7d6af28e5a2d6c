import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.js';

/**
 * Exposure control across interviews: per item, the interviews in which it was eligible and
 * administered, and its shadow price; updated once per completed interview.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table item_exposure (
      item_id text primary key,
      eligible integer not null default 0,
      administered integer not null default 0,
      price real not null default 0,
      updated_at timestamptz not null default now()
    );
    create table exposure_totals (
      id integer primary key check (id = 1),
      interviews integer not null default 0
    );
    insert into exposure_totals (id, interviews) values (1, 0);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop table exposure_totals; drop table item_exposure;');
}
