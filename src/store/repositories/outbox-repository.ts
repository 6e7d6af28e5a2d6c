import { type Kysely, sql } from 'kysely';
import type { Database, JobQueueTable } from '../schema.js';
import type { Selectable } from 'kysely';

/** A job as leased to a runner (matches the jobs layer's ClaimedJob). */
export interface ClaimedJobRow {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

/**
 * The durable job queue (the outbox of work still to do). Claims use `for update skip locked`, so
 * several instances polling one Postgres never take the same job; a job whose lease lapsed (its
 * runner died) is claimable again, and every claim counts an attempt.
 */
export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(job: { id: string; name: string; data: unknown; runAt: Date; maxAttempts: number; backoffMs: number }): Promise<boolean> {
    const result = await this.db
      .insertInto('job_queue')
      .values({ id: job.id, name: job.name, data: JSON.stringify(job.data ?? {}), run_at: job.runAt, max_attempts: job.maxAttempts, backoff_ms: job.backoffMs, locked_by: null, locked_until: null, last_error: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async claim(input: { names: readonly string[]; owner: string; now: Date; leaseUntil: Date; limit: number }): Promise<ClaimedJobRow[]> {
    if (input.names.length === 0 || input.limit <= 0) return [];
    const rows = await sql<Selectable<JobQueueTable>>`
      update job_queue set state = 'running', attempts = attempts + 1, locked_by = ${input.owner}, locked_until = ${input.leaseUntil}, updated_at = ${input.now}
      where id in (
        select id from job_queue
        where name in (${sql.join(input.names.map((n) => sql`${n}`))})
          and ((state = 'pending' and run_at <= ${input.now}) or (state = 'running' and locked_until <= ${input.now}))
        order by run_at
        limit ${input.limit}
        for update skip locked
      )
      returning *`.execute(this.db);
    return rows.rows.map((row) => ({ id: row.id, name: row.name, data: row.data, attempt: row.attempts, maxAttempts: row.max_attempts, backoffMs: row.backoff_ms }));
  }

  async extendLease(id: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const result = await this.db.updateTable('job_queue').set({ locked_until: leaseUntil }).where('id', '=', id).where('locked_by', '=', owner).where('state', '=', 'running').executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async complete(id: string, owner: string, now: Date): Promise<void> {
    await this.db.updateTable('job_queue').set({ state: 'done', locked_by: null, locked_until: null, updated_at: now }).where('id', '=', id).where('locked_by', '=', owner).execute();
  }

  async retry(id: string, owner: string, input: { runAt: Date; error: string; now: Date }): Promise<void> {
    await this.db.updateTable('job_queue').set({ state: 'pending', run_at: input.runAt, last_error: input.error.slice(0, 2000), locked_by: null, locked_until: null, updated_at: input.now }).where('id', '=', id).where('locked_by', '=', owner).execute();
  }

  async bury(id: string, owner: string, input: { error: string; now: Date }): Promise<void> {
    await this.db.updateTable('job_queue').set({ state: 'dead', last_error: input.error.slice(0, 2000), locked_by: null, locked_until: null, updated_at: input.now }).where('id', '=', id).where('locked_by', '=', owner).execute();
  }

  async deadLetters(limit: number): Promise<{ jobId: string; name: string; reason: string; attempts: number }[]> {
    const rows = await this.db.selectFrom('job_queue').select(['id', 'name', 'last_error', 'attempts']).where('state', '=', 'dead').orderBy('updated_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({ jobId: r.id, name: r.name, reason: r.last_error ?? '', attempts: r.attempts }));
  }

  async nextRunAt(names: readonly string[]): Promise<Date | undefined> {
    if (names.length === 0) return undefined;
    const row = await this.db
      .selectFrom('job_queue')
      .select((eb) => eb.fn.min(sql<Date>`case when state = 'pending' then run_at else locked_until end`).as('next'))
      .where('name', 'in', [...names])
      .where('state', 'in', ['pending', 'running'])
      .executeTakeFirst();
    return row?.next ? new Date(row.next) : undefined;
  }

  async prune(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('job_queue').where('state', '=', 'done').where('updated_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** A job's row, for tests and the admin view. */
  async find(id: string): Promise<{ state: string; attempts: number; lastError: string | null } | undefined> {
    const row = await this.db.selectFrom('job_queue').select(['state', 'attempts', 'last_error']).where('id', '=', id).executeTakeFirst();
    return row ? { state: row.state, attempts: row.attempts, lastError: row.last_error } : undefined;
  }
}

export interface EffectRecord {
  readonly key: string;
  readonly kind: string;
  readonly state: 'attempting' | 'done';
  readonly attempts: number;
  readonly result: Record<string, unknown>;
  readonly lastError: string | null;
  readonly doneAt: Date | null;
}

/**
 * The effect ledger: one row per external effect. `begin` records an attempt before the send,
 * `finish` marks it done with what the provider answered; a done row is never sent again.
 */
export class EffectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(key: string): Promise<EffectRecord | undefined> {
    const row = await this.db.selectFrom('effects').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? { key: row.key, kind: row.kind, state: row.state, attempts: row.attempts, result: row.result, lastError: row.last_error, doneAt: row.done_at } : undefined;
  }

  /**
   * Claims the effect for one attempt: creates the row, or takes over an attempt that failed
   * (`last_error` set) or whose claim is older than `claimMs` (its runner died). Returns the claimed
   * row, or the row as it stands when it is done or another attempt holds a fresh claim (`busy`).
   */
  async begin(input: { key: string; kind: string; organisationId: string | null; subjectId: string | null; now: Date; claimMs: number }): Promise<EffectRecord & { claimed: boolean }> {
    const stale = new Date(input.now.getTime() - input.claimMs);
    const claimed = await this.db
      .insertInto('effects')
      .values({ key: input.key, kind: input.kind, organisation_id: input.organisationId, subject_id: input.subjectId, state: 'attempting', attempts: 1, result: '{}', last_error: null, created_at: input.now, updated_at: input.now, done_at: null })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ attempts: sql`effects.attempts + 1`, updated_at: input.now, last_error: null })
          .where('effects.state', '=', 'attempting')
          .where((eb) => eb.or([eb('effects.last_error', 'is not', null), eb('effects.updated_at', '<=', stale)])),
      )
      .returning('key')
      .executeTakeFirst();
    const found = await this.find(input.key);
    if (!found) throw new Error(`effect ${input.key} vanished`);
    return { ...found, claimed: claimed !== undefined };
  }

  /** Marks the effect done; false when it already was (another run finished first). */
  async finish(key: string, result: Record<string, unknown>, now: Date): Promise<boolean> {
    const updated = await this.db.updateTable('effects').set({ state: 'done', result: JSON.stringify(result), last_error: null, updated_at: now, done_at: now }).where('key', '=', key).where('state', '=', 'attempting').executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async fail(key: string, error: string, now: Date): Promise<void> {
    await this.db.updateTable('effects').set({ last_error: error.slice(0, 2000), updated_at: now }).where('key', '=', key).where('state', '=', 'attempting').execute();
  }

  async listForSubject(organisationId: string, subjectId: string): Promise<EffectRecord[]> {
    const rows = await this.db.selectFrom('effects').selectAll().where('organisation_id', '=', organisationId).where('subject_id', '=', subjectId).orderBy('created_at').execute();
    return rows.map((row) => ({ key: row.key, kind: row.kind, state: row.state, attempts: row.attempts, result: row.result, lastError: row.last_error, doneAt: row.done_at }));
  }
}
