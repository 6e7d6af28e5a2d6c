import type { Logger } from 'pino';
import type { NotificationService } from '../services/notifications/notification-service.js';
import type { JobDefinition } from './job-runner.js';

/** Scheduled: invitations past their deadline become `expired` (and their stored links are dropped). */
export function expireInterviews(deps: { notifications: NotificationService; logger: Logger }): JobDefinition<Record<string, never>> {
  return {
    name: 'expire-interviews',
    attempts: 3,
    handler: async () => {
      const expired = await deps.notifications.expireOverdue();
      if (expired.length > 0) deps.logger.info({ job: 'expire-interviews', expired: expired.length }, 'expired overdue invitations');
    },
  };
}
