import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookRepository } from '../../store/repositories/webhook-repository.js';
import { invalidInput, notFound } from '../errors.js';
import { eventIdOf, type HiringEvent, WEBHOOK_EVENT_TYPES } from './hiring-event.js';
import { assertOutboundUrl, DEFAULT_OUTBOUND_POLICY, type OutboundPolicy, OutboundRefusedError } from './outbound-policy.js';
import { createPostOutbound, type PostOutbound } from './post-outbound.js';
import { webhookPayload } from './webhook-payload.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

/** A webhook endpoint as listed: never its secrets. */
export type WebhookEndpointView = Omit<WebhookEndpoint, 'secret' | 'previousSecret'>;

const viewOf = ({ secret: _s, previousSecret: _p, ...view }: WebhookEndpoint): WebhookEndpointView => view;

export interface WebhookServiceDeps {
  readonly webhooks: WebhookRepository;
  /** Queues the delivery job (deterministic `jobKey`, so a repeat is one job). */
  readonly scheduleDelivery: (deliveryId: string, jobKey: string) => Promise<void>;
  readonly publicUrl: string;
  readonly logger: Logger;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** Which endpoint addresses are allowed (default: public ones only), checked on create/update and again at delivery. */
  readonly outbound?: OutboundPolicy;
  /** Sends a delivery; default: node:http(s) bound to the checked address (`createPostOutbound`). */
  readonly post?: PostOutbound;
}

/** `refused`: the endpoint's URL now points somewhere the outbound policy forbids; marked failed at once, not retried. */
export type DeliveryOutcome = { readonly kind: 'delivered'; readonly statusCode: number } | { readonly kind: 'already-delivered' } | { readonly kind: 'gone' } | { readonly kind: 'refused'; readonly reason: string };

/**
 * Outgoing webhooks per organisation: endpoints subscribe to event types; each event becomes one
 * delivery per endpoint (keyed by the event id, so a repeated event is delivered once), posted by a
 * job that signs it (HMAC-SHA256 over `<timestamp>.<body>`), logs every attempt with its response
 * code, and is retried with backoff. Deliveries can be redelivered by hand; secrets rotate with an
 * overlap during which both are sent.
 */
export class WebhookService {
  private readonly now: () => Date;
  private readonly outbound: OutboundPolicy;
  private readonly post: PostOutbound;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.outbound = deps.outbound ?? DEFAULT_OUTBOUND_POLICY;
    this.post = deps.post ?? createPostOutbound(this.outbound);
  }

  async create(organisationId: string, input: { url: string; events: readonly string[]; description?: string | undefined }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
    await checkEndpoint(input.url, input.events, this.outbound);
    const secret = newSecret();
    const endpoint = await this.deps.webhooks.createEndpoint({ id: randomUUID(), organisationId, url: input.url, events: [...new Set(input.events)], description: input.description ?? '', secret, now: this.now() });
    return { endpoint: viewOf(endpoint), secret };
  }

  async list(organisationId: string): Promise<WebhookEndpointView[]> {
    return (await this.deps.webhooks.listEndpoints(organisationId)).map(viewOf);
  }

  async get(organisationId: string, id: string): Promise<WebhookEndpointView> {
    const endpoint = await this.deps.webhooks.findEndpoint(id, organisationId);
    if (!endpoint) throw notFound('webhook', id);
    return viewOf(endpoint);
  }

  async update(organisationId: string, id: string, changes: { url?: string | undefined; events?: readonly string[] | undefined; description?: string | undefined; disabled?: boolean | undefined }): Promise<WebhookEndpointView> {
    const current = await this.get(organisationId, id);
    // The URL is checked when it changes; an endpoint whose stored URL became unacceptable can still be disabled or edited (delivery checks again anyway).
    await checkEndpoint(changes.url, changes.events ?? current.events, this.outbound);
    const updated = await this.deps.webhooks.updateEndpoint(id, organisationId, changes, this.now());
    if (!updated) throw notFound('webhook', id);
    return viewOf(updated);
  }

  async remove(organisationId: string, id: string): Promise<void> {
    if (!(await this.deps.webhooks.deleteEndpoint(id, organisationId))) throw notFound('webhook', id);
  }

  /** A new secret, shown once; the old one is still sent alongside for `overlapHours` so receivers can switch without losing events. */
  async rotateSecret(organisationId: string, id: string, overlapHours: number): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
    const endpoint = await this.deps.webhooks.findEndpoint(id, organisationId);
    if (!endpoint) throw notFound('webhook', id);
    const secret = newSecret();
    const now = this.now();
    const previousSecretExpiresAt = new Date(now.getTime() + overlapHours * 3_600_000);
    await this.deps.webhooks.rotateSecret(id, organisationId, { secret, previousSecret: endpoint.secret, previousExpiresAt: previousSecretExpiresAt, now });
    return { secret, previousSecretExpiresAt };
  }

  /** Records one delivery per subscribed endpoint and queues it; the same event twice queues nothing new. */
  async publish(event: HiringEvent): Promise<number> {
    const endpoints = await this.deps.webhooks.subscribers(event.organisationId, event.type);
    if (endpoints.length === 0) return 0;
    const candidateId = event.type === 'interview.invited' ? event.candidateId : await this.deps.webhooks.candidateIdOf(event.interviewId);
    const payload = webhookPayload(event, {
      createdAt: this.now(),
      reportUrl: `${this.deps.publicUrl}/recruiter/interviews/${event.interviewId}`,
      candidateId,
      candidateExternalId: candidateId ? await this.deps.webhooks.candidateExternalId(candidateId) : null,
    });
    let queued = 0;
    for (const endpoint of endpoints) {
      const id = await this.deps.webhooks.createDelivery({ id: randomUUID(), endpointId: endpoint.id, organisationId: event.organisationId, eventId: eventIdOf(event), eventType: event.type, payload, now: this.now() });
      if (!id) continue;
      await this.deps.scheduleDelivery(id, `deliver-webhook.${id}`);
      queued++;
    }
    return queued;
  }

  /**
   * Posts a delivery once. A 2xx marks it delivered; anything else is logged and thrown so the job
   * retries with backoff; on the last attempt the delivery is marked failed (visible in the log).
   * A URL the outbound policy refuses (checked again here: DNS may have changed since the endpoint
   * was saved) is marked failed at once with the reason, and not retried.
   */
  async deliver(deliveryId: string, attempt: { attempt: number; maxAttempts: number }): Promise<DeliveryOutcome> {
    const delivery = await this.deps.webhooks.findDelivery(deliveryId);
    if (!delivery) return { kind: 'gone' };
    if (delivery.status === 'delivered') return { kind: 'already-delivered' };
    const endpoint = await this.deps.webhooks.findEndpoint(delivery.endpointId);
    if (!endpoint || endpoint.disabledAt) return { kind: 'gone' };
    const now = this.now();
    const body = JSON.stringify(delivery.payload);
    const secrets = [endpoint.secret, ...(endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now ? [endpoint.previousSecret] : [])];
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let excerpt: string | null = null;
    let refused: OutboundRefusedError | undefined;
    try {
      const response = await this.post(endpoint.url, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'excel-interviewer-webhooks/1',
          'x-excel-interviewer-event': delivery.eventType,
          'x-excel-interviewer-delivery': delivery.id,
          'idempotency-key': delivery.eventId,
          [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(now.getTime() / 1000), body),
        },
        body,
        timeoutMs: this.deps.timeoutMs ?? 10_000,
      });
      statusCode = response.status;
      excerpt = response.body.slice(0, 500) || null;
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (cause) {
      if (cause instanceof OutboundRefusedError) refused = cause;
      error = cause instanceof Error ? (cause.name === 'TimeoutError' ? 'timed out' : cause.message) : String(cause);
    }
    const ok = error === null;
    // A refused address is policy, not a fault: retrying would not change it (fix the URL, then redeliver).
    const final = !ok && (refused !== undefined || attempt.attempt >= attempt.maxAttempts);
    await this.deps.webhooks.recordAttempt({ id: randomUUID(), deliveryId, statusCode, error, durationMs: Math.round(performance.now() - started), responseExcerpt: excerpt, status: ok ? 'delivered' : final ? 'failed' : 'pending', now: this.now() });
    if (refused) {
      this.deps.logger.warn({ webhook: endpoint.id, deliveryId, reason: refused.refusal.reason }, 'webhook delivery refused by the outbound policy');
      return { kind: 'refused', reason: refused.refusal.reason };
    }
    if (!ok) {
      this.deps.logger.warn({ webhook: endpoint.id, deliveryId, statusCode, attempt: attempt.attempt, final }, 'webhook delivery failed');
      throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
    }
    return { kind: 'delivered', statusCode: statusCode ?? 0 };
  }

  async deliveries(organisationId: string, endpointId: string, limit = 50): Promise<(WebhookDelivery & { attemptLog: WebhookAttempt[] })[]> {
    await this.get(organisationId, endpointId);
    const deliveries = await this.deps.webhooks.listDeliveries(endpointId, organisationId, limit);
    return Promise.all(deliveries.map(async (d) => ({ ...d, attemptLog: await this.deps.webhooks.listAttempts(d.id) })));
  }

  /** Sends a delivery again (same event id, so receivers that saw it dedupe), whatever its status. */
  async redeliver(organisationId: string, endpointId: string, deliveryId: string): Promise<void> {
    const delivery = await this.deps.webhooks.findDelivery(deliveryId, organisationId);
    if (!delivery || delivery.endpointId !== endpointId) throw notFound('webhook delivery', deliveryId);
    const redeliveries = await this.deps.webhooks.reopen(deliveryId, organisationId);
    await this.deps.scheduleDelivery(deliveryId, `deliver-webhook.${deliveryId}.redelivery-${redeliveries ?? 0}`);
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Known events, and a URL the outbound policy accepts (scheme, no credentials, a public address). */
async function checkEndpoint(url: string | undefined, events: readonly string[], policy: OutboundPolicy): Promise<void> {
  const unknown = events.filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
  if (events.length === 0 || unknown.length > 0) throw invalidInput(`Events must be some of: ${WEBHOOK_EVENT_TYPES.join(', ')}.`);
  if (url !== undefined) await assertOutboundUrl(url, policy, 'url', 'webhook URL');
}
