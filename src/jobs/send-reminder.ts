import type { Logger } from 'pino';
import type { NotificationService } from '../services/notifications/notification-service.js';
import type { JobDefinition, JobRunner } from './job-runner.js';

export interface SendReminderData {
  readonly interviewId: string;
}

/** Reminds one candidate before the deadline; the effect key makes it one reminder per interview. */
export function sendReminder(deps: { notifications: NotificationService; logger: Logger }): JobDefinition<SendReminderData> {
  return {
    name: 'send-reminder',
    attempts: 8,
    backoffMs: 5000,
    handler: async (data) => {
      const outcome = await deps.notifications.sendReminder(data.interviewId);
      deps.logger.info({ job: 'send-reminder', interviewId: data.interviewId, ...outcome }, 'reminder processed');
    },
  };
}

/** Scheduled: finds invitations inside their reminder window and queues one `send-reminder` each (deterministic id). */
export function scanReminders(deps: { notifications: NotificationService; jobs: JobRunner }): JobDefinition<Record<string, never>> {
  return {
    name: 'scan-reminders',
    attempts: 3,
    handler: async () => {
      for (const due of await deps.notifications.dueForReminder()) {
        await deps.jobs.enqueue<SendReminderData>('send-reminder', { interviewId: due.interviewId }, { jobId: `send-reminder.${due.interviewId}` });
      }
    },
  };
}
