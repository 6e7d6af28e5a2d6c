import { randomBytes, randomUUID } from 'node:crypto';
import type { FieldCipher } from '../../store/crypto/field-cipher.js';
import type { AuthTokenRepository } from '../../store/repositories/auth-token-repository.js';
import type { OrganisationRepository } from '../../store/repositories/organisation-repository.js';
import type { RefreshTokenRepository } from '../../store/repositories/refresh-token-repository.js';
import type { User, UserRepository } from '../../store/repositories/user-repository.js';
import type { UserRole } from '../../store/schema.js';
import type { AuditService } from '../audit/audit-service.js';
import { AppError, conflict, invalidInput } from '../errors.js';
import { signJwt, verifyJwt } from './jwt.js';
import type { PasswordHasher } from './password-hasher.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { PasswordResetMailer } from './password-reset-mailer.js';
import { generateSecretToken, hashSecret } from './secret-token.js';
import { base32Encode, generateTotpSecret, matchTotp, otpauthUri } from './totp.js';

/** Who is calling, as services see it (the API's `Principal` has the same shape). */
export interface StaffPrincipal {
  readonly kind: 'user' | 'api-key';
  readonly id: string;
  readonly organisationId: string;
  readonly role: UserRole;
  readonly scopes?: readonly string[];
}

export interface AuthSettings {
  /** `iss` of access tokens: the public URL. */
  readonly issuer: string;
  readonly publicUrl: string;
  readonly accessTokenTtlSec: number;
  readonly refreshTokenTtlDays: number;
  /** Failed sign-ins before the account locks; each further failure doubles the lock. */
  readonly maxFailedSignIns: number;
  readonly lockoutBaseSec: number;
}

export interface TokenPair {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: Date;
}

export interface SignedIn {
  readonly tokens: TokenPair;
  readonly user: User;
}

export interface AuthServiceDeps {
  readonly users: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly authTokens: AuthTokenRepository;
  readonly organisations: OrganisationRepository;
  readonly audit: AuditService;
  readonly hasher: PasswordHasher;
  readonly cipher: FieldCipher;
  readonly mailer: PasswordResetMailer;
  readonly signingKey: Buffer;
  readonly settings: AuthSettings;
  readonly now?: () => Date;
}

const AUDIENCE = 'excel-interviewer';
const LOCKOUT_CAP_SEC = 3600;
const RESET_TTL_MS = 3_600_000;
const INVITATION_TTL_MS = 7 * 86_400_000;
const SETUP_TTL_MS = 86_400_000;
const RECOVERY_CODES = 10;

interface AccessClaims {
  readonly [claim: string]: unknown;
  readonly sub: string;
  readonly org: string;
  readonly ep: number;
  readonly exp: number;
}

const wrongCredentials = () => new AppError('unauthorized', 'The email or password is wrong.');
const invalidSession = () => new AppError('unauthorized', 'Your session has ended; sign in again.');
const normaliseRecoveryCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/** Turns an organisation name into a slug for its URL-safe handle. */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '-')
      .slice(0, 48) || 'organisation'
  );
}

/**
 * Staff sign-in and sessions: password (+ TOTP) → a short-lived HS256 access token and a rotating
 * refresh token; reuse of a used refresh token revokes its whole family. Failed attempts lock the
 * account with exponential backoff. Also password change/reset, TOTP enrolment and the first admin.
 */
export class AuthService {
  private readonly now: () => Date;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: AuthServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  // ------------------------------------------------------------------ sign-in and sessions

  async signIn(input: { email: string; password: string; code?: string | undefined }): Promise<SignedIn> {
    const { users, hasher, audit } = this.deps;
    const now = this.now();
    const user = await users.findByEmail(input.email);
    if (!user || !user.passwordHash || user.disabledAt) {
      // Same work as for a real account, so response time does not tell which emails exist.
      await hasher.verify(await this.dummy(), input.password);
      await audit.record({ organisationId: user?.organisationId ?? null, actor: 'anonymous', action: 'auth.sign-in-failed', subject: user ? `user:${user.id}` : '', data: { reason: user ? 'no-password-or-disabled' : 'unknown-email' } });
      throw wrongCredentials();
    }
    this.refuseLocked(user, now);
    if (!(await hasher.verify(user.passwordHash, input.password))) await this.failSignIn(user, now, 'password');
    if (user.totpSecretSealed) {
      if (!input.code) throw new AppError('unauthorized', 'Enter the code from your authenticator app, or a recovery code.', { mfaRequired: true });
      if (!(await this.checkSecondFactor(user, input.code, now))) await this.failSignIn(user, now, 'second-factor');
    }
    if (hasher.needsRehash(user.passwordHash)) await users.setPassword(user.id, await hasher.hash(input.password), now, false);
    return this.completeSignIn(user, 'password');
  }

  /** Issues a session for a user whose identity was proven elsewhere (OIDC); the caller checked them. */
  async completeSignIn(user: User, method: 'password' | 'oidc' | 'setup'): Promise<SignedIn> {
    const now = this.now();
    await this.deps.users.recordSignIn(user.id, now);
    const tokens = await this.issueTokens(user, randomUUID());
    await this.deps.audit.record({ organisationId: user.organisationId, actor: `user:${user.id}`, action: 'auth.sign-in', subject: `user:${user.id}`, data: { method, mfa: user.totpSecretSealed !== null } });
    return { tokens, user };
  }

  /** Exchanges a refresh token for a new pair. A token works once; presenting a used one revokes its family. */
  async refresh(refreshToken: string): Promise<SignedIn> {
    const { refreshTokens, users, audit } = this.deps;
    const now = this.now();
    const stored = await refreshTokens.findByHash(hashSecret(refreshToken));
    if (!stored || stored.revokedAt || stored.expiresAt <= now) throw invalidSession();
    if (stored.usedAt || !(await refreshTokens.markUsed(stored.id, now))) {
      await refreshTokens.revokeFamily(stored.familyId, now);
      await audit.record({ organisationId: stored.organisationId, actor: 'anonymous', action: 'auth.refresh-reuse', subject: `user:${stored.userId}`, data: { family: stored.familyId } });
      throw new AppError('unauthorized', 'This session was ended because its refresh token was used twice; sign in again.');
    }
    const user = await users.find(stored.userId, stored.organisationId);
    if (!user || user.disabledAt) {
      await refreshTokens.revokeFamily(stored.familyId, now);
      throw invalidSession();
    }
    return { tokens: await this.issueTokens(user, stored.familyId), user };
  }

  async signOut(refreshToken: string): Promise<void> {
    const stored = await this.deps.refreshTokens.findByHash(hashSecret(refreshToken));
    if (!stored) return;
    await this.deps.refreshTokens.revokeFamily(stored.familyId, this.now());
    await this.deps.audit.record({ organisationId: stored.organisationId, actor: `user:${stored.userId}`, action: 'auth.sign-out', subject: `user:${stored.userId}` });
  }

  /** The principal an access token stands for, checked against the account as it is now. */
  async verifyAccessToken(token: string): Promise<StaffPrincipal | undefined> {
    const result = verifyJwt<AccessClaims>(token, this.deps.signingKey, { nowSec: Math.floor(this.now().getTime() / 1000), issuer: this.deps.settings.issuer, audience: AUDIENCE, type: 'access' });
    if (result.kind !== 'valid' || typeof result.claims.sub !== 'string' || typeof result.claims.org !== 'string') return undefined;
    const user = await this.deps.users.find(result.claims.sub, result.claims.org).catch(() => undefined);
    if (!user || user.disabledAt || user.sessionEpoch !== result.claims.ep) return undefined;
    return { kind: 'user', id: user.id, organisationId: user.organisationId, role: user.role };
  }

  async me(principal: StaffPrincipal): Promise<User> {
    const user = principal.kind === 'user' ? await this.deps.users.find(principal.id, principal.organisationId) : undefined;
    if (!user) throw new AppError('forbidden', 'Only signed-in staff have an account to show.');
    return user;
  }

  // ------------------------------------------------------------------ passwords

  /** Changes the password, ends every other session, and returns a fresh one for this caller. */
  async changePassword(principal: StaffPrincipal, currentPassword: string, newPassword: string): Promise<SignedIn> {
    const user = await this.me(principal);
    const now = this.now();
    if (!user.passwordHash || !(await this.deps.hasher.verify(user.passwordHash, currentPassword))) throw new AppError('unauthorized', 'The current password is wrong.');
    checkPasswordPolicy(newPassword, user.email);
    await this.deps.users.setPassword(user.id, await this.deps.hasher.hash(newPassword), now, true);
    await this.deps.refreshTokens.revokeAllForUser(user.id, now);
    await this.deps.audit.record({ organisationId: user.organisationId, actor: `user:${user.id}`, action: 'auth.password-changed', subject: `user:${user.id}` });
    const fresh = await this.deps.users.find(user.id);
    if (!fresh) throw invalidSession();
    return { tokens: await this.issueTokens(fresh, randomUUID()), user: fresh };
  }

  /** Sends a reset link when the email names an active account; says nothing either way. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.deps.users.findByEmail(email);
    if (!user || user.disabledAt) return;
    await this.sendPasswordLink(user, 'reset');
    await this.deps.audit.record({ organisationId: user.organisationId, actor: 'anonymous', action: 'auth.password-reset-requested', subject: `user:${user.id}` });
  }

  /** Creates a one-time link (reset, or first password for an invited user) and hands it to the mailer. */
  async sendPasswordLink(user: User, purpose: 'reset' | 'invitation'): Promise<void> {
    const now = this.now();
    await this.deps.authTokens.expireForUser(user.id, 'password-reset', now);
    const token = generateSecretToken('xp_');
    const expiresAt = new Date(now.getTime() + (purpose === 'reset' ? RESET_TTL_MS : INVITATION_TTL_MS));
    await this.deps.authTokens.create({ id: randomUUID(), purpose: 'password-reset', userId: user.id, tokenHash: hashSecret(token), expiresAt, now });
    // The token rides in the fragment, which browsers never send to servers or in Referer headers.
    await this.deps.mailer.sendPasswordLink({ userId: user.id, to: user.email, url: `${this.deps.settings.publicUrl}/reset-password#token=${token}`, purpose, expiresAt });
  }

  async resetPassword(token: string, newPassword: string): Promise<void> {
    const now = this.now();
    const used = await this.deps.authTokens.consume(hashSecret(token), 'password-reset', now);
    const user = used?.userId ? await this.deps.users.find(used.userId) : undefined;
    if (!user || user.disabledAt) throw new AppError('unauthorized', 'This reset link is not valid or has expired; ask for a new one.');
    checkPasswordPolicy(newPassword, user.email);
    await this.deps.users.setPassword(user.id, await this.deps.hasher.hash(newPassword), now, true);
    await this.deps.refreshTokens.revokeAllForUser(user.id, now);
    await this.deps.audit.record({ organisationId: user.organisationId, actor: `user:${user.id}`, action: 'auth.password-reset', subject: `user:${user.id}` });
  }

  // ------------------------------------------------------------------ TOTP

  /** Starts enrolment: a new secret, kept pending until a code from it is confirmed. */
  async beginTotp(principal: StaffPrincipal): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.me(principal);
    if (user.totpSecretSealed) throw conflict('Two-step sign-in is already on; turn it off first to enrol a new device.');
    const secret = generateTotpSecret();
    await this.deps.users.setTotp(user.id, { pendingSealed: this.deps.cipher.seal(secret) }, this.now());
    return { secret, otpauthUri: otpauthUri('excel-interviewer', user.email, secret) };
  }

  /** Confirms enrolment with a code and returns recovery codes (shown once, stored hashed). */
  async enableTotp(principal: StaffPrincipal, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.me(principal);
    if (!user.totpPendingSealed) throw conflict('Start enrolment first.');
    const secret = this.deps.cipher.open(user.totpPendingSealed);
    const now = this.now();
    const step = matchTotp(secret, code, now.getTime(), undefined);
    if (step === undefined) throw invalidInput('That code is not right; check the time on your device and try the next one.');
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => base32Encode(randomBytes(10)).match(/.{4}/g)?.join('-') ?? '');
    await this.deps.users.setTotp(user.id, { secretSealed: this.deps.cipher.seal(secret), pendingSealed: null, lastStep: step, recoveryCodeHashes: recoveryCodes.map((c) => hashSecret(normaliseRecoveryCode(c))) }, now);
    await this.deps.audit.record({ organisationId: user.organisationId, actor: `user:${user.id}`, action: 'auth.totp-enabled', subject: `user:${user.id}` });
    return { recoveryCodes };
  }

  async disableTotp(principal: StaffPrincipal, password: string): Promise<void> {
    const user = await this.me(principal);
    if (!user.passwordHash || !(await this.deps.hasher.verify(user.passwordHash, password))) throw new AppError('unauthorized', 'The password is wrong.');
    await this.deps.users.setTotp(user.id, { secretSealed: null, pendingSealed: null, lastStep: null, recoveryCodeHashes: [] }, this.now());
    await this.deps.audit.record({ organisationId: user.organisationId, actor: `user:${user.id}`, action: 'auth.totp-disabled', subject: `user:${user.id}` });
  }

  // ------------------------------------------------------------------ first start

  /**
   * On first start (no users at all): creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, or
   * else issues a one-time setup link for the log. There is never a default password.
   */
  async ensureFirstAdmin(input: { email?: string | undefined; password?: string | undefined; organisationName: string }): Promise<{ kind: 'exists' } | { kind: 'created'; user: User } | { kind: 'setup-link'; url: string; expiresAt: Date }> {
    if ((await this.deps.users.count()) > 0) return { kind: 'exists' };
    if (input.email && input.password) {
      const user = await this.createFirstAdmin({ email: input.email, password: input.password, name: '', organisationName: input.organisationName }, 'system');
      return { kind: 'created', user };
    }
    const now = this.now();
    const token = generateSecretToken('xs_');
    const expiresAt = new Date(now.getTime() + SETUP_TTL_MS);
    await this.deps.authTokens.create({ id: randomUUID(), purpose: 'setup', userId: null, tokenHash: hashSecret(token), expiresAt, now });
    return { kind: 'setup-link', url: `${this.deps.settings.publicUrl}/setup#token=${token}`, expiresAt };
  }

  /** Completes the setup link: creates the organisation and its first admin, and signs them in. */
  async completeSetup(token: string, input: { email: string; password: string; name: string; organisationName: string }): Promise<SignedIn> {
    checkPasswordPolicy(input.password, input.email);
    const used = await this.deps.authTokens.consume(hashSecret(token), 'setup', this.now());
    if (!used) throw new AppError('unauthorized', 'This setup link is not valid, was used, or has expired; restart the server for a new one.');
    if ((await this.deps.users.count()) > 0) throw conflict('The first admin exists already; sign in instead.');
    const user = await this.createFirstAdmin(input, 'setup-link');
    return this.completeSignIn(user, 'setup');
  }

  /** Creates an organisation and its admin (first start, or the `users create` command). */
  async createFirstAdmin(input: { email: string; password: string; name: string; organisationName: string }, via: string): Promise<User> {
    checkPasswordPolicy(input.password, input.email);
    if (await this.deps.users.findByEmail(input.email)) throw conflict('An account with this email exists already.');
    const organisation = await this.deps.organisations.ensure({ id: randomUUID(), name: input.organisationName, slug: slugify(input.organisationName) });
    const user = await this.deps.users.create({ id: randomUUID(), organisationId: organisation.id, email: input.email, name: input.name, role: 'admin', passwordHash: await this.deps.hasher.hash(input.password) });
    await this.deps.audit.record({ organisationId: organisation.id, actor: via === 'cli' ? 'cli' : 'system', action: 'auth.setup', subject: `user:${user.id}`, data: { via } });
    return user;
  }

  // ------------------------------------------------------------------ internals

  private async issueTokens(user: User, familyId: string): Promise<TokenPair> {
    const now = this.now();
    const nowSec = Math.floor(now.getTime() / 1000);
    const { settings } = this.deps;
    const accessToken = signJwt(
      { iss: settings.issuer, aud: AUDIENCE, sub: user.id, org: user.organisationId, role: user.role, ep: user.sessionEpoch, typ: 'access', iat: nowSec, exp: nowSec + settings.accessTokenTtlSec, jti: randomUUID() },
      this.deps.signingKey,
    );
    const refreshToken = generateSecretToken('xr_');
    const refreshExpiresAt = new Date(now.getTime() + settings.refreshTokenTtlDays * 86_400_000);
    await this.deps.refreshTokens.create({ id: randomUUID(), userId: user.id, organisationId: user.organisationId, familyId, tokenHash: hashSecret(refreshToken), expiresAt: refreshExpiresAt, now });
    return { accessToken, tokenType: 'Bearer', expiresIn: settings.accessTokenTtlSec, refreshToken, refreshExpiresAt };
  }

  private refuseLocked(user: User, now: Date): void {
    if (user.lockedUntil && user.lockedUntil > now) {
      const retryAfterSec = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
      throw new AppError('rate-limited', `Too many failed sign-ins; try again in ${retryAfterSec} s or reset the password.`, { retryAfterSec });
    }
  }

  /** Counts the failure, locks with exponential backoff past the threshold, audits, and throws. */
  private async failSignIn(user: User, now: Date, reason: 'password' | 'second-factor'): Promise<never> {
    const { maxFailedSignIns, lockoutBaseSec } = this.deps.settings;
    const lockSec = (failures: number) => Math.min(lockoutBaseSec * 2 ** (failures - maxFailedSignIns), LOCKOUT_CAP_SEC);
    const failures = await this.deps.users.recordFailure(user.id, (n) => (n >= maxFailedSignIns ? new Date(now.getTime() + lockSec(n) * 1000) : null));
    await this.deps.audit.record({ organisationId: user.organisationId, actor: 'anonymous', action: 'auth.sign-in-failed', subject: `user:${user.id}`, data: { reason, failures } });
    if (failures >= maxFailedSignIns) {
      await this.deps.audit.record({ organisationId: user.organisationId, actor: 'system', action: 'auth.locked', subject: `user:${user.id}`, data: { failures, lockSec: lockSec(failures) } });
      throw new AppError('rate-limited', `Too many failed sign-ins; try again in ${lockSec(failures)} s or reset the password.`, { retryAfterSec: lockSec(failures) });
    }
    throw reason === 'password' ? wrongCredentials() : new AppError('unauthorized', 'That code is not right.', { mfaRequired: true });
  }

  private async checkSecondFactor(user: User, code: string, now: Date): Promise<boolean> {
    if (!user.totpSecretSealed) return false;
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const step = matchTotp(this.deps.cipher.open(user.totpSecretSealed), trimmed, now.getTime(), user.totpLastStep ?? undefined);
      return step !== undefined && (await this.deps.users.advanceTotpStep(user.id, step));
    }
    const used = await this.deps.users.consumeRecoveryCode(user.id, hashSecret(normaliseRecoveryCode(trimmed)));
    if (used) await this.deps.audit.record({ organisationId: user.organisationId, actor: `user:${user.id}`, action: 'auth.recovery-code-used', subject: `user:${user.id}` });
    return used;
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= this.deps.hasher.hash(randomBytes(16).toString('hex')));
  }
}
