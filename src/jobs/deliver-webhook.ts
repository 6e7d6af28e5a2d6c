import type { WebhookService } from '../services/webhooks/webhook-service.js';
import type { JobDefinition } from './job-runner.js';

export interface DeliverWebhookData {
  readonly deliveryId: string;
}

/** Posts one webhook delivery; a failure throws, so the runner retries with backoff, and the last attempt marks it failed. */
export function deliverWebhook(deps: { webhooks: WebhookService; attempts?: number; backoffMs?: number }): JobDefinition<DeliverWebhookData> {
  return {
    name: 'deliver-webhook',
    attempts: deps.attempts ?? 8,
    backoffMs: deps.backoffMs ?? 10_000,
    handler: async (data, context) => {
      await deps.webhooks.deliver(data.deliveryId, { attempt: context.attempt, maxAttempts: context.maxAttempts });
    },
  };
}
