import type { CandidateDataExport, PrivacyRepository } from '../../store/repositories/privacy-repository.js';
import type { AuditService } from '../audit/audit-service.js';
import { notFound } from '../errors.js';

/**
 * Data-subject rights and retention: export (GDPR art. 15/20), erasure (art. 17), and the daily job
 * that erases candidates whose last activity is older than their organisation's retention period.
 * Every export and erasure is audited, with ids only.
 */
export class PrivacyService {
  private readonly now: () => Date;

  constructor(private readonly deps: { privacy: PrivacyRepository; audit: AuditService; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  async exportCandidate(actor: string, organisationId: string, candidateId: string): Promise<CandidateDataExport & { exportedAt: string }> {
    const data = await this.deps.privacy.exportCandidate(candidateId, organisationId);
    if (!data) throw notFound('candidate', candidateId);
    await this.deps.audit.record({ organisationId, actor, action: 'privacy.export', subject: `candidate:${candidateId}`, data: { interviews: data.interviews.length } });
    return { ...data, exportedAt: this.now().toISOString() };
  }

  /** Erases one candidate; repeating it is harmless (answers `alreadyErased`). */
  async eraseCandidate(actor: string, organisationId: string, candidateId: string, reason: 'request' | 'retention'): Promise<{ erasedAt: string; interviews: number; alreadyErased: boolean }> {
    const now = this.now();
    const result = await this.deps.privacy.eraseCandidate(candidateId, organisationId, now);
    if (!result) {
      const existing = await this.deps.privacy.exportCandidate(candidateId, organisationId);
      if (!existing) throw notFound('candidate', candidateId);
      return { erasedAt: existing.candidate.erasedAt ?? now.toISOString(), interviews: existing.interviews.length, alreadyErased: true };
    }
    await this.deps.audit.record({ organisationId, actor, action: 'privacy.erasure', subject: `candidate:${candidateId}`, data: { reason, interviews: result.interviews } });
    return { erasedAt: now.toISOString(), interviews: result.interviews, alreadyErased: false };
  }

  /** The daily job: erases everyone past retention, in batches, and audits the run per organisation. */
  async applyRetention(): Promise<{ erased: number }> {
    let erased = 0;
    const perOrganisation = new Map<string, number>();
    while (true) {
      const batch = await this.deps.privacy.candidatesPastRetention(this.now());
      if (batch.length === 0) break;
      for (const candidate of batch) {
        await this.eraseCandidate('system', candidate.organisationId, candidate.id, 'retention');
        perOrganisation.set(candidate.organisationId, (perOrganisation.get(candidate.organisationId) ?? 0) + 1);
        erased += 1;
      }
    }
    for (const [organisationId, count] of perOrganisation) await this.deps.audit.record({ organisationId, actor: 'system', action: 'privacy.retention-run', data: { erased: count } });
    return { erased };
  }

  async retention(organisationId: string): Promise<{ retentionDays: number }> {
    const days = await this.deps.privacy.retentionDays(organisationId);
    if (days === undefined) throw notFound('organisation', organisationId);
    return { retentionDays: days };
  }

  async setRetention(actor: string, organisationId: string, retentionDays: number): Promise<{ retentionDays: number }> {
    const before = await this.retention(organisationId);
    await this.deps.privacy.setRetentionDays(organisationId, retentionDays);
    await this.deps.audit.record({ organisationId, actor, action: 'privacy.retention-changed', data: { from: before.retentionDays, to: retentionDays } });
    return { retentionDays };
  }
}
