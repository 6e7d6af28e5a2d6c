import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface RefreshToken {
  readonly id: string;
  readonly userId: string;
  readonly organisationId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** Refresh tokens, stored as SHA-256 of the token; one family per sign-in. */
export class RefreshTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(token: { id: string; userId: string; organisationId: string; familyId: string; tokenHash: string; expiresAt: Date; now: Date }): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({ id: token.id, user_id: token.userId, organisation_id: token.organisationId, family_id: token.familyId, token_hash: token.tokenHash, expires_at: token.expiresAt, created_at: token.now })
      .execute();
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | undefined> {
    const row = await this.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? { id: row.id, userId: row.user_id, organisationId: row.organisation_id, familyId: row.family_id, expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at } : undefined;
  }

  /** Marks a token used if nobody did first; false means it was already used (reuse) or revoked. */
  async markUsed(id: string, now: Date): Promise<boolean> {
    const result = await this.db.updateTable('refresh_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
  }

  async revokeAllForUser(userId: string, now: Date): Promise<void> {
    await this.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }
}
