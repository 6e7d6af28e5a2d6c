import { randomBytes, randomUUID } from 'node:crypto';
import type { ApiKey, ApiKeyRepository } from '../../store/repositories/api-key-repository.js';
import type { ApiKeyRole } from '../../store/schema.js';
import type { AuditService } from '../audit/audit-service.js';
import { conflict, invalidInput, notFound } from '../errors.js';
import type { StaffPrincipal } from './auth-service.js';
import { hashSecret, secretsEqual } from './secret-token.js';

/** What a key may be used for. A key acts with the least role that covers all its scopes. */
export const API_KEY_SCOPES = ['interviews:read', 'interviews:write', 'profiles:read', 'profiles:write', 'reviews', 'analytics:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const ANALYST_SCOPES = new Set<string>(['profiles:read', 'analytics:read']);
const REVIEWER_SCOPES = new Set<string>(['reviews', 'interviews:read']);

/** Maps scopes to the role the key acts with; keys never act as admin (they cannot manage users or keys). */
export function roleForScopes(scopes: readonly string[]): ApiKeyRole {
  if (scopes.every((s) => ANALYST_SCOPES.has(s))) return 'analyst';
  if (scopes.every((s) => REVIEWER_SCOPES.has(s))) return 'reviewer';
  return 'recruiter';
}

/** `xi_<10 hex prefix>_<43 base64url secret>`. */
const KEY_FORMAT = /^xi_([0-9a-f]{10})_([A-Za-z0-9_-]{43})$/;
const DAY_MS = 86_400_000;

/** A key as listed: never the secret. */
export type ApiKeyView = Omit<ApiKey, 'secretHash'>;

export const viewOfKey = ({ secretHash: _secret, ...view }: ApiKey): ApiKeyView => view;

/**
 * Organisation API keys for HR systems: generated once and shown once, stored as SHA-256 of the
 * secret behind a visible prefix, with scopes, expiry, last use, rotation with an overlap window,
 * and revocation that takes effect on the next request.
 */
export class ApiKeyService {
  private readonly now: () => Date;

  constructor(private readonly deps: { keys: ApiKeyRepository; audit: AuditService; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  async create(actor: string, organisationId: string, input: { name: string; scopes: readonly string[]; expiresInDays?: number | undefined }): Promise<{ key: ApiKeyView; secret: string }> {
    const scopes = [...new Set(input.scopes)];
    if (scopes.length === 0 || scopes.some((s) => !(API_KEY_SCOPES as readonly string[]).includes(s))) throw invalidInput(`Scopes must be some of: ${API_KEY_SCOPES.join(', ')}.`);
    const created = await this.insert(organisationId, { name: input.name, scopes, expiresAt: new Date(this.now().getTime() + (input.expiresInDays ?? 90) * DAY_MS), rotatedFrom: null, createdBy: actor });
    await this.deps.audit.record({ organisationId, actor, action: 'api-key.created', subject: `api-key:${created.key.id}`, data: { prefix: created.key.prefix, scopes, role: created.key.role } });
    return created;
  }

  async list(organisationId: string): Promise<ApiKeyView[]> {
    return (await this.deps.keys.list(organisationId)).map(viewOfKey);
  }

  /**
   * Issues a successor with the same name and scopes; the old key keeps working for `overlapHours`
   * (so the HR system can switch without downtime), then expires.
   */
  async rotate(actor: string, organisationId: string, id: string, overlapHours: number): Promise<{ key: ApiKeyView; secret: string }> {
    const old = await this.deps.keys.find(id, organisationId);
    if (!old) throw notFound('api key', id);
    const now = this.now();
    if (old.revokedAt || old.expiresAt <= now) throw conflict('This key is revoked or expired; create a new one instead.');
    const lifetime = Math.max(old.expiresAt.getTime() - old.createdAt.getTime(), DAY_MS);
    const created = await this.insert(organisationId, { name: old.name, scopes: old.scopes, expiresAt: new Date(now.getTime() + lifetime), rotatedFrom: old.id, createdBy: actor });
    await this.deps.keys.expireBy(old.id, organisationId, new Date(now.getTime() + overlapHours * 3_600_000));
    await this.deps.audit.record({ organisationId, actor, action: 'api-key.rotated', subject: `api-key:${old.id}`, data: { successor: created.key.id, overlapHours } });
    return created;
  }

  async revoke(actor: string, organisationId: string, id: string): Promise<void> {
    const key = await this.deps.keys.find(id, organisationId);
    if (!key) throw notFound('api key', id);
    await this.deps.keys.revoke(id, organisationId, this.now());
    await this.deps.audit.record({ organisationId, actor, action: 'api-key.revoked', subject: `api-key:${id}`, data: { prefix: key.prefix } });
  }

  /** The principal a presented key stands for, or undefined (malformed, unknown, wrong secret, revoked, expired). */
  async authenticate(presented: string): Promise<StaffPrincipal | undefined> {
    const match = KEY_FORMAT.exec(presented);
    if (!match) return undefined;
    const key = await this.deps.keys.findByPrefix(match[1] as string);
    const now = this.now();
    if (!key || !secretsEqual(key.secretHash, hashSecret(match[2] as string)) || key.revokedAt || key.expiresAt <= now) return undefined;
    await this.deps.keys.touch(key.id, now);
    return { kind: 'api-key', id: key.id, organisationId: key.organisationId, role: key.role, scopes: key.scopes };
  }

  private async insert(organisationId: string, input: { name: string; scopes: readonly string[]; expiresAt: Date; rotatedFrom: string | null; createdBy: string }): Promise<{ key: ApiKeyView; secret: string }> {
    const prefix = randomBytes(5).toString('hex');
    const secretPart = randomBytes(32).toString('base64url');
    const key = await this.deps.keys.create({
      id: randomUUID(),
      organisationId,
      name: input.name,
      prefix,
      secretHash: hashSecret(secretPart),
      role: roleForScopes(input.scopes),
      scopes: input.scopes,
      expiresAt: input.expiresAt,
      rotatedFrom: input.rotatedFrom,
      createdBy: input.createdBy,
      createdAt: this.now(),
    });
    return { key: viewOfKey(key), secret: `xi_${prefix}_${secretPart}` };
  }
}
