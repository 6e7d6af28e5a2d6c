import type { Kysely } from 'kysely';
import type { AuthTokenPurpose, Database } from '../schema.js';

export interface AuthToken {
  readonly id: string;
  readonly purpose: AuthTokenPurpose;
  readonly userId: string | null;
  readonly data: Record<string, unknown>;
  readonly expiresAt: Date;
}

/** One-time tokens (password reset, first-admin setup, OIDC login state), stored as SHA-256. */
export class AuthTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(token: { id: string; purpose: AuthTokenPurpose; userId: string | null; tokenHash: string; data?: Record<string, unknown>; expiresAt: Date; now: Date }): Promise<void> {
    await this.db
      .insertInto('auth_tokens')
      .values({ id: token.id, purpose: token.purpose, user_id: token.userId, token_hash: token.tokenHash, data: JSON.stringify(token.data ?? {}), expires_at: token.expiresAt, created_at: token.now })
      .execute();
  }

  /** Uses a token exactly once: only an unused, unexpired token of the purpose is returned. */
  async consume(tokenHash: string, purpose: AuthTokenPurpose, now: Date): Promise<AuthToken | undefined> {
    const row = await this.db
      .updateTable('auth_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row ? { id: row.id, purpose: row.purpose, userId: row.user_id, data: row.data, expiresAt: row.expires_at } : undefined;
  }

  /** Whether an unused, unexpired token of the purpose exists (the first-start setup link). */
  async hasLive(purpose: AuthTokenPurpose, now: Date): Promise<boolean> {
    const row = await this.db.selectFrom('auth_tokens').select('id').where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    return row !== undefined;
  }

  /** Ends every outstanding token of a purpose for a user (a new reset link replaces the old). */
  async expireForUser(userId: string, purpose: AuthTokenPurpose, now: Date): Promise<void> {
    await this.db.updateTable('auth_tokens').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  }
}
