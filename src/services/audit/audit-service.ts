import { createHmac } from 'node:crypto';
import type { AuditEvent, AuditRepository, NewAuditEvent } from '../../store/repositories/audit-repository.js';

/** What is audited. Stable names: reports and alerts match on them. */
export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.locked',
  'auth.sign-out',
  'auth.refresh-reuse',
  'auth.password-changed',
  'auth.password-reset-requested',
  'auth.password-reset',
  'auth.totp-enabled',
  'auth.totp-disabled',
  'auth.recovery-code-used',
  'auth.setup',
  'user.created',
  'user.role-changed',
  'user.disabled',
  'user.enabled',
  'api-key.created',
  'api-key.rotated',
  'api-key.revoked',
  'invite.revoked',
  'review.override',
  'privacy.export',
  'privacy.erasure',
  'privacy.retention-changed',
  'privacy.retention-run',
  'notification-template.saved',
  'notification-template.deleted',
  'notification-settings.saved',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One thing that happened. `data` holds ids and codes only: never personal data in clear. */
export interface AuditRecord {
  readonly organisationId: string | null;
  /** `user:<id>`, `api-key:<id>`, `system`, `cli` or `anonymous`. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly subject?: string;
  readonly data?: Record<string, unknown>;
}

export type AuditChainVerdict =
  | { readonly kind: 'intact'; readonly count: number; readonly headHash: string }
  | { readonly kind: 'broken'; readonly count: number; readonly eventId: string; readonly reason: 'changed' | 'unlinked' };

/** The hash the first event links to. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so a row hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The append-only, hash-chained audit log. Each event's hash is an HMAC (keyed by a key derived
 * from the deployment's index key) over the previous hash and the event's fields, so changing or
 * deleting a row breaks the chain, and someone with database access but not the key cannot forge a
 * new consistent chain.
 */
export class AuditService {
  private readonly chainKey: Buffer;

  constructor(
    private readonly repository: AuditRepository,
    indexKey: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.chainKey = createHmac('sha256', indexKey).update('excel-interviewer audit chain v1').digest();
  }

  /** Appends an event; callers await it so that an action is not reported done before it is audited. */
  async record(event: AuditRecord): Promise<AuditEvent> {
    return this.repository.append(
      { organisationId: event.organisationId, actor: event.actor, action: event.action, subject: event.subject ?? '', data: event.data ?? {}, createdAt: this.now() },
      (prevHash, e) => this.hash(prevHash, e),
      AUDIT_GENESIS,
    );
  }

  list(organisationId: string, filter: { limit: number; before?: string | undefined; action?: string | undefined }): Promise<AuditEvent[]> {
    return this.repository.list(organisationId, filter);
  }

  /** Walks the chain: a changed row fails its own hash, a deleted one breaks the next row's link. */
  async verifyAuditChain(): Promise<AuditChainVerdict> {
    let prev = AUDIT_GENESIS;
    let count = 0;
    for await (const event of this.repository.walk()) {
      if (event.prevHash !== prev) return { kind: 'broken', count, eventId: event.id, reason: 'unlinked' };
      if (event.hash !== this.hash(event.prevHash, event)) return { kind: 'broken', count, eventId: event.id, reason: 'changed' };
      prev = event.hash;
      count += 1;
    }
    return { kind: 'intact', count, headHash: prev };
  }

  private hash(prevHash: string, event: NewAuditEvent): string {
    const body = canonicalJson([prevHash, event.organisationId, event.actor, event.action, event.subject, event.data, event.createdAt.toISOString()]);
    return createHmac('sha256', this.chainKey).update(body).digest('hex');
  }
}

/** The audit actor for a principal-like caller. */
export function actorOf(principal: { kind: 'user' | 'api-key'; id: string } | undefined): string {
  return principal ? `${principal.kind}:${principal.id}` : 'anonymous';
}
