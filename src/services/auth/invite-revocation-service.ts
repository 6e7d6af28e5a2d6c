import type { InviteRepository } from '../../store/repositories/invite-repository.js';
import type { AuditService } from '../audit/audit-service.js';
import { notFound } from '../errors.js';

/** Revokes an interview's invitation link: the token stops working at once; repeating it is harmless. */
export class InviteRevocationService {
  private readonly now: () => Date;

  constructor(private readonly deps: { invites: InviteRepository; audit: AuditService; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  async revoke(actor: string, organisationId: string, interviewId: string): Promise<{ revokedAt: Date }> {
    const result = await this.deps.invites.revoke(interviewId, organisationId, this.now());
    if (!result) throw notFound('interview', interviewId);
    await this.deps.audit.record({ organisationId, actor, action: 'invite.revoked', subject: `interview:${interviewId}`, data: { state: result.state } });
    return { revokedAt: result.revokedAt };
  }
}
