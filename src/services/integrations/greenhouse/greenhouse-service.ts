import type { Logger } from 'pino';
import type { GreenhouseRepository } from '../../../store/repositories/greenhouse-repository.js';
import type { InterviewRepository } from '../../../store/repositories/interview-repository.js';
import type { ProfileRepository } from '../../../store/repositories/profile-repository.js';
import { invalidInput, notFound } from '../../errors.js';
import type { InterviewService, InterviewSummary } from '../../interview-service.js';
import { assertOutboundUrl, DEFAULT_OUTBOUND_POLICY, type OutboundPolicy } from '../../webhooks/outbound-policy.js';
import { createPostOutbound, type PostOutbound } from '../../webhooks/post-outbound.js';
import type { EffectLedger } from '../../notifications/effect-ledger.js';

/** A Greenhouse `send_test` request as documented (extra fields are ignored). */
export interface SendTestRequest {
  readonly partner_test_id: string;
  readonly candidate: { readonly first_name?: string | undefined; readonly last_name?: string | undefined; readonly email: string; readonly phone_number?: string | undefined; readonly greenhouse_profile_url?: string | undefined; readonly resume_url?: string | undefined };
  /** Where to PATCH when the test is complete. */
  readonly url?: string | undefined;
  readonly application_id?: string | number | undefined;
}

export interface TestStatus {
  readonly partner_status: 'sent' | 'in_progress' | 'complete' | 'expired';
  readonly partner_profile_url: string;
  readonly partner_score?: number;
  readonly metadata?: Record<string, string>;
}

const STATUS: Record<string, TestStatus['partner_status']> = { invited: 'sent', consented: 'sent', 'in-progress': 'in_progress', completed: 'complete', expired: 'expired', abandoned: 'expired' };

/**
 * The Greenhouse Assessment Partner API served by us: tests are the organisation's interview
 * profiles; `send_test` invites the candidate (our invitation email goes out) and remembers the
 * application and the callback URL; `test_status` reports the interview; on completion we PATCH
 * the callback so Greenhouse need not wait for its hourly poll.
 */
export class GreenhouseService {
  private readonly outbound: OutboundPolicy;
  private readonly post: PostOutbound;

  constructor(
    private readonly deps: {
      greenhouse: GreenhouseRepository;
      profiles: ProfileRepository;
      interviews: InterviewRepository;
      invitations: Pick<InterviewService, 'invite'>;
      ledger: EffectLedger;
      publicUrl: string;
      logger: Logger;
      /** Which callback addresses are allowed (default: public ones only), checked at send_test and again when calling back. */
      outbound?: OutboundPolicy;
      /** Sends the callback; default: node:http(s) bound to the checked address. */
      post?: PostOutbound;
    },
  ) {
    this.outbound = deps.outbound ?? DEFAULT_OUTBOUND_POLICY;
    this.post = deps.post ?? createPostOutbound(this.outbound);
  }

  async listTests(organisationId: string): Promise<{ partner_test_id: string; partner_test_name: string }[]> {
    const profiles = await this.deps.profiles.list(organisationId);
    return profiles.filter((p) => !p.isDemo).map((p) => ({ partner_test_id: p.id, partner_test_name: p.name }));
  }

  async sendTest(organisationId: string, request: SendTestRequest): Promise<{ partner_interview_id: string }> {
    const profile = /^[0-9a-f-]{36}$/i.test(request.partner_test_id) ? await this.deps.profiles.find(request.partner_test_id, organisationId) : undefined;
    if (!profile || profile.isDemo) throw invalidInput(`Unknown partner_test_id ${request.partner_test_id}.`);
    if (request.url !== undefined) await assertOutboundUrl(request.url, this.outbound, 'url', 'Callback url');
    const applicationId = request.application_id === undefined ? null : String(request.application_id);
    if (applicationId) {
      const existing = await this.deps.greenhouse.findByApplication(organisationId, applicationId, profile.id);
      if (existing) return { partner_interview_id: existing.interviewId };
    }
    const name = [request.candidate.first_name, request.candidate.last_name].filter(Boolean).join(' ').trim() || request.candidate.email;
    const { interview } = await this.deps.invitations.invite({
      organisationId,
      profileId: profile.id,
      candidate: { name, email: request.candidate.email, phone: request.candidate.phone_number, externalId: applicationId ?? undefined },
    });
    await this.deps.greenhouse.create({ interviewId: interview.id, organisationId, partnerTestId: profile.id, applicationId, callbackUrl: request.url ?? null });
    return { partner_interview_id: interview.id };
  }

  async testStatus(organisationId: string, partnerInterviewId: string): Promise<TestStatus> {
    const assessment = /^[0-9a-f-]{36}$/i.test(partnerInterviewId) ? await this.deps.greenhouse.find(partnerInterviewId) : undefined;
    if (!assessment || assessment.organisationId !== organisationId) throw notFound('partner interview', partnerInterviewId);
    const interview = await this.deps.interviews.findById(partnerInterviewId, organisationId);
    if (!interview) throw notFound('partner interview', partnerInterviewId);
    return this.statusOf(interview.id, interview.state, interview.summary as InterviewSummary | null);
  }

  /** PATCHes Greenhouse's callback URL once per interview (effect key `greenhouse.completed.<id>`). */
  async notifyCompleted(interviewId: string): Promise<'not-greenhouse' | 'no-callback' | 'not-complete' | 'sent' | 'already-sent'> {
    const assessment = await this.deps.greenhouse.find(interviewId);
    if (!assessment) return 'not-greenhouse';
    if (!assessment.callbackUrl) return 'no-callback';
    const interview = await this.deps.interviews.findById(interviewId);
    if (!interview || interview.state !== 'completed') return 'not-complete';
    const callbackUrl = assessment.callbackUrl;
    const body = { partner_interview_id: interviewId, ...this.statusOf(interviewId, interview.state, interview.summary as InterviewSummary | null) };
    const outcome = await this.deps.ledger.once({ key: `greenhouse.completed.${interviewId}`, kind: 'greenhouse.completed', organisationId: assessment.organisationId, subjectId: interviewId }, async () => {
      const response = await this.post(callbackUrl, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: 10_000 });
      if (!response.ok) throw new Error(`Greenhouse answered ${response.status}`);
      return { status: response.status };
    });
    return outcome.kind === 'sent' ? 'sent' : 'already-sent';
  }

  private statusOf(interviewId: string, state: string, summary: InterviewSummary | null): TestStatus {
    const status = STATUS[state] ?? 'sent';
    const profileUrl = `${this.deps.publicUrl}/recruiter/interviews/${interviewId}`;
    if (status !== 'complete' || !summary) return { partner_status: status, partner_profile_url: profileUrl };
    const metadata: Record<string, string> = { Level: `${summary.level} (${summary.label})` };
    for (const [skill, s] of Object.entries(summary.skills)) metadata[skill] = String(s.score);
    return { partner_status: 'complete', partner_profile_url: profileUrl, partner_score: summary.score, metadata };
  }
}
