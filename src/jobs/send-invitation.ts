import type { Logger } from 'pino';
import type { NotificationService } from '../services/notifications/notification-service.js';
import type { JobDefinition } from './job-runner.js';

export interface SendInvitationData {
  readonly interviewId: string;
}

/** Emails (and, when the organisation enables it, texts) the invitation with its .ics deadline; once per interview. */
export function sendInvitation(deps: { notifications: NotificationService; logger: Logger }): JobDefinition<SendInvitationData> {
  return {
    name: 'send-invitation',
    attempts: 8,
    backoffMs: 5000,
    handler: async (data) => {
      const outcome = await deps.notifications.sendInvitation(data.interviewId);
      deps.logger.info({ job: 'send-invitation', interviewId: data.interviewId, ...outcome }, 'invitation processed');
    },
  };
}
