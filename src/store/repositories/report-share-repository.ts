import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface ReportShare {
  readonly id: string;
  readonly organisationId: string;
  readonly interviewId: string;
  readonly expiresAt: Date;
  readonly createdBy: string;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}

/** Shareable report links; the token itself is never stored, only its hash. */
export class ReportShareRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(share: { id: string; organisationId: string; interviewId: string; tokenHash: string; expiresAt: Date; createdBy: string }): Promise<ReportShare> {
    const row = await this.db
      .insertInto('report_shares')
      .values({ id: share.id, organisation_id: share.organisationId, interview_id: share.interviewId, token_hash: share.tokenHash, expires_at: share.expiresAt, created_by: share.createdBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toShare(row);
  }

  /** The share for a token hash, if it exists, is not revoked and has not expired at `now`. */
  async findActive(tokenHash: string, now: Date): Promise<ReportShare | undefined> {
    const row = await this.db.selectFrom('report_shares').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    return row ? toShare(row) : undefined;
  }

  async listForInterview(organisationId: string, interviewId: string): Promise<ReportShare[]> {
    const rows = await this.db.selectFrom('report_shares').selectAll().where('organisation_id', '=', organisationId).where('interview_id', '=', interviewId).orderBy('created_at', 'desc').execute();
    return rows.map(toShare);
  }

  async revoke(organisationId: string, id: string, now: Date): Promise<boolean> {
    const result = await this.db.updateTable('report_shares').set({ revoked_at: now }).where('organisation_id', '=', organisationId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function toShare(row: { id: string; organisation_id: string; interview_id: string; expires_at: Date; created_by: string; revoked_at: Date | null; created_at: Date }): ReportShare {
  return { id: row.id, organisationId: row.organisation_id, interviewId: row.interview_id, expiresAt: row.expires_at, createdBy: row.created_by, revokedAt: row.revoked_at, createdAt: row.created_at };
}
