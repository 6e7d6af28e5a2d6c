import type { Logger } from 'pino';
import type { GreenhouseService } from '../services/integrations/greenhouse/greenhouse-service.js';
import type { JobDefinition } from './job-runner.js';

/** Tells Greenhouse a test is complete (PATCH to the URL it gave in send_test), for interviews it sent. */
export function notifyGreenhouse(deps: { greenhouse: GreenhouseService; logger: Logger }): JobDefinition<{ interviewId: string }> {
  return {
    name: 'notify-greenhouse',
    attempts: 8,
    backoffMs: 30_000,
    handler: async (data) => {
      const outcome = await deps.greenhouse.notifyCompleted(data.interviewId);
      if (outcome !== 'not-greenhouse') deps.logger.info({ job: 'notify-greenhouse', interviewId: data.interviewId, outcome }, 'greenhouse notified');
    },
  };
}
