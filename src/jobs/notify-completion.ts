import type { Logger } from 'pino';
import type { NotificationService } from '../services/notifications/notification-service.js';
import type { JobDefinition } from './job-runner.js';

export interface NotifyCompletionData {
  readonly interviewId: string;
  readonly pendingReviewCount: number;
}

export interface NotifyReviewRequiredData {
  readonly interviewId: string;
  readonly responseId: string;
  readonly itemId: string;
  readonly reason: string;
}

/** The recruiter's completion email, the candidate's thank-you, Slack and Teams: each once (own effect key). */
export function notifyCompletion(deps: { notifications: NotificationService; logger: Logger }): JobDefinition<NotifyCompletionData> {
  return {
    name: 'notify-completion',
    attempts: 8,
    backoffMs: 5000,
    handler: async (data) => {
      const outcome = await deps.notifications.notifyCompletion(data.interviewId, data.pendingReviewCount);
      deps.logger.info({ job: 'notify-completion', interviewId: data.interviewId, ...outcome }, 'completion notices processed');
    },
  };
}

/** Slack and Teams messages that an answer needs a reviewer. */
export function notifyReviewRequired(deps: { notifications: NotificationService; logger: Logger }): JobDefinition<NotifyReviewRequiredData> {
  return {
    name: 'notify-review-required',
    attempts: 8,
    backoffMs: 5000,
    handler: async (data) => {
      const outcome = await deps.notifications.notifyReviewRequired(data);
      deps.logger.info({ job: 'notify-review-required', interviewId: data.interviewId, ...outcome }, 'review notice processed');
    },
  };
}
