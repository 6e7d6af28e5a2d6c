import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditEventRow, Database } from '../schema.js';

export interface AuditEvent {
  readonly id: string;
  readonly organisationId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: Date;
  readonly prevHash: string;
  readonly hash: string;
}

export interface NewAuditEvent {
  readonly organisationId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: Date;
}

/** Any number, constant: the advisory lock that serialises appends to the one chain. */
const CHAIN_LOCK = 7_143_001;

const toEvent = (row: AuditEventRow): AuditEvent => ({
  id: String(row.id),
  organisationId: row.organisation_id,
  actor: row.actor,
  action: row.action,
  subject: row.subject,
  data: row.data,
  createdAt: row.created_at,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** The append-only audit log. Rows are only ever inserted; there is no update or delete here. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Appends one event after the current head, computing its hash from the head's. The advisory
   * transaction lock makes concurrent appenders (several instances on one Postgres) queue, so the
   * chain never forks.
   */
  async append(event: NewAuditEvent, hashOf: (prevHash: string, event: NewAuditEvent) => string, genesis: string): Promise<AuditEvent> {
    return this.db.transaction().execute(async (trx: Transaction<Database>) => {
      await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
      const head = await trx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const prevHash = head?.hash ?? genesis;
      const row = await trx
        .insertInto('audit_events')
        .values({
          organisation_id: event.organisationId,
          actor: event.actor,
          action: event.action,
          subject: event.subject,
          data: JSON.stringify(event.data),
          created_at: event.createdAt,
          prev_hash: prevHash,
          hash: hashOf(prevHash, event),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEvent(row);
    });
  }

  /** The whole chain in order, a page at a time (for the verifier). */
  async *walk(pageSize = 1000): AsyncGenerator<AuditEvent> {
    let after = '0';
    while (true) {
      const rows = await this.db.selectFrom('audit_events').selectAll().where('id', '>', after).orderBy('id').limit(pageSize).execute();
      for (const row of rows) yield toEvent(row);
      if (rows.length < pageSize) return;
      after = String(rows[rows.length - 1]?.id);
    }
  }

  async list(organisationId: string, filter: { limit: number; before?: string | undefined; action?: string | undefined }): Promise<AuditEvent[]> {
    let query = this.db.selectFrom('audit_events').selectAll().where('organisation_id', '=', organisationId);
    if (filter.before) query = query.where('id', '<', filter.before);
    if (filter.action) query = query.where('action', '=', filter.action);
    const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(toEvent);
  }
}
