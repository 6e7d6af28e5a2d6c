import { type Kysely, sql } from 'kysely';
import type { ApiKeyRole, ApiKeyRow, Database } from '../schema.js';

export interface ApiKey {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly prefix: string;
  readonly secretHash: string;
  readonly role: ApiKeyRole;
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly rotatedFrom: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
}

const toKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  prefix: row.prefix,
  secretHash: row.secret_hash,
  role: row.role,
  scopes: row.scopes,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
  rotatedFrom: row.rotated_from,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/** Organisation API keys: a visible prefix and the SHA-256 of the secret, never the secret. */
export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: Omit<ApiKey, 'lastUsedAt' | 'revokedAt'>): Promise<ApiKey> {
    const row = await this.db
      .insertInto('api_keys')
      .values({
        id: key.id,
        organisation_id: key.organisationId,
        name: key.name,
        prefix: key.prefix,
        secret_hash: key.secretHash,
        role: key.role,
        scopes: JSON.stringify(key.scopes),
        expires_at: key.expiresAt,
        rotated_from: key.rotatedFrom,
        created_by: key.createdBy,
        created_at: key.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toKey(row);
  }

  async findByPrefix(prefix: string): Promise<ApiKey | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
    return row ? toKey(row) : undefined;
  }

  async find(id: string, organisationId: string): Promise<ApiKey | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
    return row ? toKey(row) : undefined;
  }

  async list(organisationId: string): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
    return rows.map(toKey);
  }

  async revoke(id: string, organisationId: string, now: Date): Promise<void> {
    await this.db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('organisation_id', '=', organisationId).where('revoked_at', 'is', null).execute();
  }

  /** Brings an expiry forward (rotation overlap); never extends it. */
  async expireBy(id: string, organisationId: string, at: Date): Promise<void> {
    await this.db.updateTable('api_keys').set({ expires_at: sql<Date>`least(expires_at, ${at})` }).where('id', '=', id).where('organisation_id', '=', organisationId).execute();
  }

  /** Records use at most once a minute per key, so a busy key does not write on every request. */
  async touch(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]))
      .execute();
  }
}
