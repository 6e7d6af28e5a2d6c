import type { InterviewEvent, InterviewSummary } from '../interview-service.js';

/**
 * Every business event other systems may subscribe to: the interview service's events plus
 * `review.completed`, which the review workflow emits when a human decides an answer.
 */
export type HiringEvent =
  | InterviewEvent
  | { readonly type: 'review.completed'; readonly organisationId: string; readonly interviewId: string; readonly responseId: string; readonly pendingReviewCount: number; readonly summary?: InterviewSummary };

export const WEBHOOK_EVENT_TYPES = ['interview.invited', 'interview.started', 'interview.completed', 'review.required', 'review.completed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One id per business fact: the same event emitted twice has the same id, so it is delivered once. */
export function eventIdOf(event: HiringEvent): string {
  switch (event.type) {
    case 'review.required':
    case 'review.completed':
      return `${event.type}.${event.responseId}`;
    case 'interview.invited':
    case 'interview.started':
    case 'interview.completed':
      return `${event.type}.${event.interviewId}`;
  }
}
