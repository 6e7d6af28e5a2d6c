import { type Kysely, sql } from 'kysely';
import type { Database, UserRole, UserRow } from '../schema.js';

/** A staff account as the services see it (never the password hash or TOTP secret in clear). */
export interface User {
  readonly id: string;
  readonly organisationId: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly passwordHash: string | null;
  readonly disabledAt: Date | null;
  readonly sessionEpoch: number;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
  readonly lastSignInAt: Date | null;
  readonly totpSecretSealed: string | null;
  readonly totpPendingSealed: string | null;
  readonly totpLastStep: number | null;
  readonly recoveryCodeHashes: readonly string[];
  readonly createdAt: Date;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

function toUser(row: UserRow): User {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    disabledAt: row.disabled_at,
    sessionEpoch: row.session_epoch,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    lastSignInAt: row.last_sign_in_at,
    totpSecretSealed: row.totp_secret_sealed,
    totpPendingSealed: row.totp_pending_sealed,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    recoveryCodeHashes: row.recovery_code_hashes,
    createdAt: row.created_at,
  };
}

/** Staff accounts. Every read that can reach another organisation's rows takes the organisation id. */
export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(user: { id: string; organisationId: string; email: string; name: string; role: UserRole; passwordHash: string | null }): Promise<User> {
    const row = await this.db
      .insertInto('users')
      .values({ id: user.id, organisation_id: user.organisationId, email: normaliseEmail(user.email), name: user.name, role: user.role, password_hash: user.passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  /** By id; with `organisationId`, only within that organisation. */
  async find(id: string, organisationId?: string): Promise<User | undefined> {
    let query = this.db.selectFrom('users').selectAll().where('id', '=', id);
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    const row = await query.executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /** Emails name one account across the platform (unique index), so sign-in needs no organisation. */
  async findByEmail(email: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', normaliseEmail(email)).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findByOidc(issuer: string, subject: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async list(organisationId: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at').execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countActiveAdmins(organisationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(id: string, organisationId: string, change: { role?: UserRole; name?: string; disabledAt?: Date | null }, now: Date): Promise<User | undefined> {
    const row = await this.db
      .updateTable('users')
      .set({
        ...(change.role ? { role: change.role } : {}),
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.disabledAt !== undefined ? { disabled_at: change.disabledAt } : {}),
        // A role change or a disabled account ends every open session at once.
        ...(change.role || change.disabledAt ? { session_epoch: sql<number>`session_epoch + 1` } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .returningAll()
      .executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /** Counts a failed sign-in and sets the lockout the caller computed from the new count. */
  async recordFailure(id: string, lockedUntil: (failures: number) => Date | null): Promise<number> {
    const row = await this.db.updateTable('users').set({ failed_attempts: sql<number>`failed_attempts + 1` }).where('id', '=', id).returning('failed_attempts').executeTakeFirstOrThrow();
    const until = lockedUntil(row.failed_attempts);
    if (until) await this.db.updateTable('users').set({ locked_until: until }).where('id', '=', id).execute();
    return row.failed_attempts;
  }

  async recordSignIn(id: string, now: Date): Promise<void> {
    await this.db.updateTable('users').set({ failed_attempts: 0, locked_until: null, last_sign_in_at: now }).where('id', '=', id).execute();
  }

  /** Sets a new password hash; `endSessions` also ends every open session (reset, change). */
  async setPassword(id: string, passwordHash: string, now: Date, endSessions: boolean): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_attempts: 0, locked_until: null, updated_at: now, ...(endSessions ? { session_epoch: sql<number>`session_epoch + 1` } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async setTotp(id: string, change: { pendingSealed?: string | null; secretSealed?: string | null; lastStep?: number | null; recoveryCodeHashes?: readonly string[] }, now: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({
        ...(change.pendingSealed !== undefined ? { totp_pending_sealed: change.pendingSealed } : {}),
        ...(change.secretSealed !== undefined ? { totp_secret_sealed: change.secretSealed } : {}),
        ...(change.lastStep !== undefined ? { totp_last_step: change.lastStep } : {}),
        ...(change.recoveryCodeHashes !== undefined ? { recovery_code_hashes: JSON.stringify(change.recoveryCodeHashes) } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Accepts a TOTP step only if it is later than the last one accepted (atomic: a code works once). */
  async advanceTotpStep(id: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Removes one recovery code if it is still there (atomic: a code works once). */
  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ recovery_code_hashes: sql`recovery_code_hashes - ${codeHash}::text` })
      .where('id', '=', id)
      .where(sql<boolean>`recovery_code_hashes ? ${codeHash}::text`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async linkOidc(id: string, issuer: string, subject: string): Promise<void> {
    await this.db.updateTable('users').set({ oidc_issuer: issuer, oidc_subject: subject }).where('id', '=', id).execute();
  }
}
