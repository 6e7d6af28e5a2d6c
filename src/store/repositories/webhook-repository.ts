import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Database, WebhookDeliveryStatus } from '../schema.js';

export interface WebhookEndpoint {
  readonly id: string;
  readonly organisationId: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly description: string;
  readonly secret: string;
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: Date | null;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly organisationId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly payload: Record<string, unknown>;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly redeliveries: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
}

export interface WebhookAttempt {
  readonly attempt: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly responseExcerpt: string | null;
  readonly at: Date;
}

/** Webhook endpoints (secrets sealed), their deliveries (one per endpoint and event) and every attempt. */
export class WebhookRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  async createEndpoint(input: { id: string; organisationId: string; url: string; events: readonly string[]; description: string; secret: string; now: Date }): Promise<WebhookEndpoint> {
    const row = await this.db
      .insertInto('webhook_endpoints')
      .values({ id: input.id, organisation_id: input.organisationId, url: input.url, events: JSON.stringify(input.events), description: input.description, secret_sealed: this.cipher.seal(input.secret), previous_secret_sealed: null, previous_secret_expires_at: null, disabled_at: null, created_at: input.now, updated_at: input.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.toEndpoint(row);
  }

  async findEndpoint(id: string, organisationId?: string): Promise<WebhookEndpoint | undefined> {
    let query = this.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    const row = await query.executeTakeFirst();
    return row ? this.toEndpoint(row) : undefined;
  }

  async listEndpoints(organisationId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at').execute();
    return rows.map((row) => this.toEndpoint(row));
  }

  /** Active endpoints of an organisation subscribed to `eventType`. */
  async subscribers(organisationId: string, eventType: string): Promise<WebhookEndpoint[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('disabled_at', 'is', null)
      .where(sql<boolean>`events @> ${JSON.stringify([eventType])}::jsonb`)
      .execute();
    return rows.map((row) => this.toEndpoint(row));
  }

  async updateEndpoint(id: string, organisationId: string, changes: { url?: string | undefined; events?: readonly string[] | undefined; description?: string | undefined; disabled?: boolean | undefined }, now: Date): Promise<WebhookEndpoint | undefined> {
    const row = await this.db
      .updateTable('webhook_endpoints')
      .set({
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.events !== undefined ? { events: JSON.stringify(changes.events) } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.disabled !== undefined ? { disabled_at: changes.disabled ? now : null } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .returningAll()
      .executeTakeFirst();
    return row ? this.toEndpoint(row) : undefined;
  }

  async deleteEndpoint(id: string, organisationId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhook_endpoints').where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Installs a new secret; the old one keeps signing alongside until `previousExpiresAt`. */
  async rotateSecret(id: string, organisationId: string, input: { secret: string; previousSecret: string; previousExpiresAt: Date; now: Date }): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({ secret_sealed: this.cipher.seal(input.secret), previous_secret_sealed: this.cipher.seal(input.previousSecret), previous_secret_expires_at: input.previousExpiresAt, updated_at: input.now })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .execute();
  }

  /** Creates the delivery of an event to an endpoint; an event already recorded for it returns undefined. */
  async createDelivery(input: { id: string; endpointId: string; organisationId: string; eventId: string; eventType: string; payload: Record<string, unknown>; now: Date }): Promise<string | undefined> {
    const row = await this.db
      .insertInto('webhook_deliveries')
      .values({ id: input.id, endpoint_id: input.endpointId, organisation_id: input.organisationId, event_id: input.eventId, event_type: input.eventType, payload: JSON.stringify(input.payload), last_status_code: null, last_error: null, created_at: input.now, delivered_at: null })
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  async findDelivery(id: string, organisationId?: string): Promise<WebhookDelivery | undefined> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id);
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    const row = await query.executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  }

  async listDeliveries(endpointId: string, organisationId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(toDelivery);
  }

  async listAttempts(deliveryId: string): Promise<WebhookAttempt[]> {
    const rows = await this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('created_at').execute();
    return rows.map((r) => ({ attempt: r.attempt, statusCode: r.status_code, error: r.error, durationMs: r.duration_ms, responseExcerpt: r.response_excerpt, at: r.created_at }));
  }

  /** Logs one attempt and moves the delivery to `status`, in one transaction. */
  async recordAttempt(input: { id: string; deliveryId: string; statusCode: number | null; error: string | null; durationMs: number; responseExcerpt: string | null; status: WebhookDeliveryStatus; now: Date }): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), status: input.status, last_status_code: input.statusCode, last_error: input.error, ...(input.status === 'delivered' ? { delivered_at: input.now } : {}) }))
        .where('id', '=', input.deliveryId)
        .returning('attempts')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('webhook_attempts')
        .values({ id: input.id, delivery_id: input.deliveryId, attempt: updated.attempts, status_code: input.statusCode, error: input.error, duration_ms: input.durationMs, response_excerpt: input.responseExcerpt, created_at: input.now })
        .execute();
      return updated.attempts;
    });
  }

  /** Puts a delivery back to pending for a manual redelivery; returns the new redelivery count. */
  async reopen(id: string, organisationId: string): Promise<number | undefined> {
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ status: 'pending' as const, redeliveries: eb('redeliveries', '+', 1), delivered_at: null }))
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .returning('redeliveries')
      .executeTakeFirst();
    return row?.redeliveries;
  }

  async candidateExternalId(candidateId: string): Promise<string | null> {
    const row = await this.db.selectFrom('candidates').select('external_id').where('id', '=', candidateId).executeTakeFirst();
    return row?.external_id ?? null;
  }

  async candidateIdOf(interviewId: string): Promise<string | null> {
    const row = await this.db.selectFrom('interviews').select('candidate_id').where('id', '=', interviewId).executeTakeFirst();
    return row?.candidate_id ?? null;
  }

  private toEndpoint(row: { id: string; organisation_id: string; url: string; events: string[]; description: string; secret_sealed: string; previous_secret_sealed: string | null; previous_secret_expires_at: Date | null; disabled_at: Date | null; created_at: Date }): WebhookEndpoint {
    return {
      id: row.id,
      organisationId: row.organisation_id,
      url: row.url,
      events: row.events,
      description: row.description,
      secret: this.cipher.open(row.secret_sealed),
      previousSecret: row.previous_secret_sealed ? this.cipher.open(row.previous_secret_sealed) : null,
      previousSecretExpiresAt: row.previous_secret_expires_at,
      disabledAt: row.disabled_at,
      createdAt: row.created_at,
    };
  }
}

function toDelivery(row: { id: string; endpoint_id: string; organisation_id: string; event_id: string; event_type: string; payload: Record<string, unknown>; status: WebhookDeliveryStatus; attempts: number; redeliveries: number; last_status_code: number | null; last_error: string | null; created_at: Date; delivered_at: Date | null }): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    organisationId: row.organisation_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    redeliveries: row.redeliveries,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
