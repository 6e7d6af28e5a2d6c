import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Invitation revocation. The token itself is never stored, so revoking replaces its hash with one
 * no token can produce (`revoked:` is not base64url) and records when; the link then answers 401.
 */
export class InviteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async revoke(interviewId: string, organisationId: string, now: Date): Promise<{ revokedAt: Date; state: string } | undefined> {
    const row = await this.db
      .updateTable('interviews')
      .set((eb) => ({ invite_token_hash: `revoked:${randomBytes(16).toString('hex')}`, revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)), updated_at: now }))
      .where('id', '=', interviewId)
      .where('organisation_id', '=', organisationId)
      .returning(['revoked_at', 'state'])
      .executeTakeFirst();
    return row?.revoked_at ? { revokedAt: row.revoked_at, state: row.state } : undefined;
  }
}
