import { randomUUID } from 'node:crypto';
import type { User, UserRepository } from '../../store/repositories/user-repository.js';
import type { RefreshTokenRepository } from '../../store/repositories/refresh-token-repository.js';
import type { UserRole } from '../../store/schema.js';
import type { AuditService } from '../audit/audit-service.js';
import { conflict, notFound } from '../errors.js';
import type { AuthService } from './auth-service.js';
import type { PasswordHasher } from './password-hasher.js';
import { checkPasswordPolicy } from './password-policy.js';

/** Staff accounts within one organisation, managed by its admins (and the `users` command). */
export class UserService {
  private readonly now: () => Date;

  constructor(
    private readonly deps: { users: UserRepository; refreshTokens: RefreshTokenRepository; audit: AuditService; hasher: PasswordHasher; auth: AuthService; now?: () => Date },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  list(organisationId: string): Promise<User[]> {
    return this.deps.users.list(organisationId);
  }

  async get(organisationId: string, id: string): Promise<User> {
    const user = await this.deps.users.find(id, organisationId);
    if (!user) throw notFound('user', id);
    return user;
  }

  /**
   * Adds a staff member. Without a password they get a one-time link (7 days) to choose one, so an
   * admin never knows another person's password.
   */
  async create(actor: string, organisationId: string, input: { email: string; name: string; role: UserRole; password?: string | undefined }): Promise<User> {
    if (input.password !== undefined) checkPasswordPolicy(input.password, input.email);
    if (await this.deps.users.findByEmail(input.email)) throw conflict('An account with this email exists already.');
    const passwordHash = input.password !== undefined ? await this.deps.hasher.hash(input.password) : null;
    let user: User;
    try {
      user = await this.deps.users.create({ id: randomUUID(), organisationId, email: input.email, name: input.name, role: input.role, passwordHash });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw conflict('An account with this email exists already.');
      throw error;
    }
    await this.deps.audit.record({ organisationId, actor, action: 'user.created', subject: `user:${user.id}`, data: { role: user.role } });
    if (passwordHash === null) await this.deps.auth.sendPasswordLink(user, 'invitation');
    return user;
  }

  /** Changes role, name or disabled state; the organisation always keeps one active admin. */
  async update(actor: string, organisationId: string, id: string, change: { role?: UserRole | undefined; name?: string | undefined; disabled?: boolean | undefined }): Promise<User> {
    const before = await this.get(organisationId, id);
    const losesAdmin = before.role === 'admin' && before.disabledAt === null && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && (await this.deps.users.countActiveAdmins(organisationId)) <= 1) throw conflict('This is the last active admin; make someone else admin first.');
    const now = this.now();
    const disabledAt = change.disabled === undefined ? undefined : change.disabled ? (before.disabledAt ?? now) : null;
    const after = await this.deps.users.update(
      id,
      organisationId,
      {
        ...(change.role !== undefined && change.role !== before.role ? { role: change.role } : {}),
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(disabledAt !== undefined && (disabledAt === null) !== (before.disabledAt === null) ? { disabledAt } : {}),
      },
      now,
    );
    if (!after) throw notFound('user', id);
    if (after.role !== before.role) await this.deps.audit.record({ organisationId, actor, action: 'user.role-changed', subject: `user:${id}`, data: { from: before.role, to: after.role } });
    if (after.disabledAt && !before.disabledAt) {
      await this.deps.refreshTokens.revokeAllForUser(id, now);
      await this.deps.audit.record({ organisationId, actor, action: 'user.disabled', subject: `user:${id}` });
    }
    if (!after.disabledAt && before.disabledAt) await this.deps.audit.record({ organisationId, actor, action: 'user.enabled', subject: `user:${id}` });
    return after;
  }
}
