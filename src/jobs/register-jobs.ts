import type { Logger } from 'pino';
import type { GreenhouseService } from '../services/integrations/greenhouse/greenhouse-service.js';
import type { NotificationService } from '../services/notifications/notification-service.js';
import type { HiringEvent } from '../services/webhooks/hiring-event.js';
import type { WebhookService } from '../services/webhooks/webhook-service.js';
import { deliverWebhook } from './deliver-webhook.js';
import { expireInterviews } from './expire-interviews.js';
import type { JobRunner } from './job-runner.js';
import { notifyCompletion, notifyReviewRequired } from './notify-completion.js';
import { notifyGreenhouse } from './notify-greenhouse.js';
import { recalibrateItems, type RecalibrationResult } from './recalibrate-items.js';
import { sendInvitation } from './send-invitation.js';
import { scanReminders, sendReminder } from './send-reminder.js';

export interface JobDeps {
  readonly jobs: JobRunner;
  readonly notifications: NotificationService;
  readonly webhooks: WebhookService;
  readonly greenhouse: GreenhouseService;
  readonly logger: Logger;
  readonly recalibrate?: () => Promise<RecalibrationResult>;
  readonly webhookAttempts?: number;
  readonly webhookBackoffMs?: number;
}

/** Every job of the integrations layer, defined on the runner (API instances need the definitions to enqueue). */
export function registerJobs(deps: JobDeps): void {
  const { jobs, notifications, logger } = deps;
  jobs.define(sendInvitation({ notifications, logger }));
  jobs.define(sendReminder({ notifications, logger }));
  jobs.define(scanReminders({ notifications, jobs }));
  jobs.define(notifyCompletion({ notifications, logger }));
  jobs.define(notifyReviewRequired({ notifications, logger }));
  jobs.define(deliverWebhook({ webhooks: deps.webhooks, ...(deps.webhookAttempts ? { attempts: deps.webhookAttempts } : {}), ...(deps.webhookBackoffMs ? { backoffMs: deps.webhookBackoffMs } : {}) }));
  jobs.define(notifyGreenhouse({ greenhouse: deps.greenhouse, logger }));
  jobs.define(expireInterviews({ notifications, logger }));
  jobs.define(recalibrateItems({ logger, ...(deps.recalibrate ? { recalibrate: deps.recalibrate } : {}) }));
}

/** The recurring jobs; each runs once per interval across every instance sharing the queue. */
export async function scheduleJobs(jobs: JobRunner): Promise<void> {
  await jobs.every('scan-reminders', 15 * 60_000);
  await jobs.every('expire-interviews', 60 * 60_000);
  await jobs.every('recalibrate-items', 24 * 60 * 60_000);
}

/**
 * Turns a business event into jobs, each under a deterministic id (so a repeated event is one
 * job) and each sending under an effect key (so a job run twice sends once). Wired in main.ts as
 * the interview service's `onEvent`.
 */
export function createEventDispatcher(deps: Pick<JobDeps, 'jobs' | 'notifications' | 'webhooks'>): (event: HiringEvent) => Promise<void> {
  return async (event) => {
    await deps.webhooks.publish(event);
    switch (event.type) {
      case 'interview.invited':
        if (!event.candidateId) return;
        await deps.notifications.rememberInviteLink(event.interviewId, event.organisationId, event.inviteUrl);
        await deps.jobs.enqueue('send-invitation', { interviewId: event.interviewId }, { jobId: `send-invitation.${event.interviewId}` });
        return;
      case 'interview.completed':
        await deps.jobs.enqueue('notify-completion', { interviewId: event.interviewId, pendingReviewCount: event.pendingReviewCount }, { jobId: `notify-completion.${event.interviewId}` });
        await deps.jobs.enqueue('notify-greenhouse', { interviewId: event.interviewId }, { jobId: `notify-greenhouse.${event.interviewId}` });
        return;
      case 'review.required':
        await deps.jobs.enqueue('notify-review-required', { interviewId: event.interviewId, responseId: event.responseId, itemId: event.itemId, reason: event.reason }, { jobId: `notify-review-required.${event.responseId}` });
        return;
      case 'review.completed':
        await deps.jobs.enqueue('notify-greenhouse', { interviewId: event.interviewId }, { jobId: `notify-greenhouse.${event.interviewId}.after-${event.responseId}` });
        return;
      case 'interview.started':
        return;
    }
  };
}
