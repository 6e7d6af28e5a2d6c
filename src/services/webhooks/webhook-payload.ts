import type { InterviewSummary } from '../interview-service.js';
import { eventIdOf, type HiringEvent } from './hiring-event.js';

/** Per-skill scores as ATS vendors read them: one row per skill, scaled score and its band. */
export function skillRows(summary: InterviewSummary | undefined): { skill: string; score: number; band: [number, number]; items: number }[] {
  if (!summary) return [];
  return Object.entries(summary.skills).map(([skill, s]) => ({ skill, score: s.score, band: [s.band[0], s.band[1]], items: s.n }));
}

/**
 * The JSON body of a webhook: a stable event id, the type, and snake_case data with no personal
 * data (the candidate is named by our id and the ATS's external id, never by name or email).
 */
export function webhookPayload(event: HiringEvent, context: { createdAt: Date; reportUrl: string; candidateId: string | null; candidateExternalId: string | null }): Record<string, unknown> {
  const base = { interview_id: event.interviewId, candidate_id: context.candidateId, candidate_external_id: context.candidateExternalId, report_url: context.reportUrl };
  let data: Record<string, unknown>;
  switch (event.type) {
    case 'interview.invited':
      data = { ...base, expires_at: event.expiresAt };
      break;
    case 'interview.started':
      data = base;
      break;
    case 'interview.completed':
      data = {
        ...base,
        score: event.summary.score,
        band: [event.summary.band[0], event.summary.band[1]],
        level: event.summary.level,
        label: event.summary.label,
        items_scored: event.summary.itemsScored,
        skills: skillRows(event.summary),
        pending_review_count: event.pendingReviewCount,
        status: event.pendingReviewCount > 0 ? 'pending_review' : 'final',
      };
      break;
    case 'review.required':
      data = { ...base, response_id: event.responseId, item_id: event.itemId, reason: event.reason };
      break;
    case 'review.completed':
      data = {
        ...base,
        response_id: event.responseId,
        pending_review_count: event.pendingReviewCount,
        ...(event.summary ? { score: event.summary.score, level: event.summary.level, label: event.summary.label, skills: skillRows(event.summary) } : {}),
      };
      break;
  }
  return { id: eventIdOf(event), type: event.type, created_at: context.createdAt.toISOString(), organisation_id: event.organisationId, data };
}
