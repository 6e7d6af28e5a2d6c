import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { WebhookEndpointView, WebhookService } from '../../services/webhooks/webhook-service.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { CreatedWebhookReply, CreateWebhookBody, DeliveriesQuery, DeliveryParams, DeliveryView, RotatedSecretReply, RotateWebhookSecretBody, UpdateWebhookBody, WebhookParams, WebhookView } from '../schemas/webhooks.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const adminOnly = requireRole('admin');
const tags = ['webhooks'];

const view = (w: WebhookEndpointView) => ({
  id: w.id,
  url: w.url,
  events: [...w.events],
  description: w.description,
  disabled: w.disabledAt !== null,
  previousSecretExpiresAt: w.previousSecretExpiresAt?.toISOString() ?? null,
  createdAt: w.createdAt.toISOString(),
});

/** Outgoing webhooks, for admins: endpoints, secret rotation, the delivery log and redelivery. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhookService }> = async (app, { webhooks }) => {
  app.get('/webhooks', { preHandler: adminOnly, schema: { tags, summary: 'List webhook endpoints', security, response: { 200: Type.Object({ webhooks: Type.Array(WebhookView) }), ...errorResponses(401, 403) } } }, async (request) => ({
    webhooks: (await webhooks.list(principalOf(request).organisationId)).map(view),
  }));

  app.post('/webhooks', { preHandler: adminOnly, schema: { tags, summary: 'Add an endpoint (its signing secret is shown once)', security, body: CreateWebhookBody, response: { 201: CreatedWebhookReply, ...errorResponses(400, 401, 403) } } }, async (request, reply) => {
    const created = await webhooks.create(principalOf(request).organisationId, request.body);
    return reply.status(201).header('cache-control', 'no-store').send({ webhook: view(created.endpoint), secret: created.secret });
  });

  app.patch('/webhooks/:id', { preHandler: adminOnly, schema: { tags, summary: 'Change an endpoint, or disable it', security, params: WebhookParams, body: UpdateWebhookBody, response: { 200: WebhookView, ...errorResponses(400, 401, 403, 404) } } }, async (request) =>
    view(await webhooks.update(principalOf(request).organisationId, request.params.id, request.body)),
  );

  app.delete('/webhooks/:id', { preHandler: adminOnly, schema: { tags, summary: 'Remove an endpoint and its delivery log', security, params: WebhookParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } }, async (request, reply) => {
    await webhooks.remove(principalOf(request).organisationId, request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/webhooks/:id/rotate-secret', { preHandler: adminOnly, schema: { tags, summary: 'New signing secret; the old one still signs for the overlap', security, params: WebhookParams, body: Type.Optional(RotateWebhookSecretBody), response: { 201: RotatedSecretReply, ...errorResponses(400, 401, 403, 404) } } }, async (request, reply) => {
    const rotated = await webhooks.rotateSecret(principalOf(request).organisationId, request.params.id, request.body?.overlapHours ?? 24);
    return reply.status(201).header('cache-control', 'no-store').send({ secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString() });
  });

  app.get('/webhooks/:id/deliveries', { preHandler: adminOnly, schema: { tags, summary: 'The delivery log: every event, attempt and response code', security, params: WebhookParams, querystring: DeliveriesQuery, response: { 200: Type.Object({ deliveries: Type.Array(DeliveryView) }), ...errorResponses(401, 403, 404) } } }, async (request) => {
    const deliveries = await webhooks.deliveries(principalOf(request).organisationId, request.params.id, request.query.limit ?? 50);
    return {
      deliveries: deliveries.map((d) => ({
        id: d.id,
        eventId: d.eventId,
        eventType: d.eventType,
        status: d.status,
        attempts: d.attempts,
        redeliveries: d.redeliveries,
        lastStatusCode: d.lastStatusCode,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        payload: d.payload,
        attemptLog: d.attemptLog.map((a) => ({ attempt: a.attempt, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, at: a.at.toISOString() })),
      })),
    };
  });

  app.post('/webhooks/:id/deliveries/:deliveryId/redeliver', { preHandler: adminOnly, schema: { tags, summary: 'Send a delivery again (same event id)', security, params: DeliveryParams, response: { 202: Type.Object({ queued: Type.Boolean() }), ...errorResponses(401, 403, 404) } } }, async (request, reply) => {
    await webhooks.redeliver(principalOf(request).organisationId, request.params.id, request.params.deliveryId);
    return reply.status(202).send({ queued: true });
  });
};
