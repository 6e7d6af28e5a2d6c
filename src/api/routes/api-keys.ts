import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { ApiKeyService, ApiKeyView as KeyView } from '../../services/auth/api-key-service.js';
import { actorOf } from '../../services/audit/audit-service.js';
import { principalOf, requireRole } from '../auth.js';
import { ApiKeyParams, ApiKeyView, CreateApiKeyBody, CreatedApiKeyReply, RotateApiKeyBody } from '../schemas/api-keys.js';
import { errorResponses } from '../schemas/common.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const adminOnly = requireRole('admin');

const view = (key: KeyView) => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  role: key.role,
  scopes: [...key.scopes],
  expiresAt: key.expiresAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
  rotatedFrom: key.rotatedFrom,
  createdAt: key.createdAt.toISOString(),
});

/** Organisation API keys, for admins: the secret is in the create/rotate reply only. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox<{ apiKeys: ApiKeyService }> = async (app, { apiKeys }) => {
  app.get('/api-keys', { preHandler: adminOnly, schema: { tags: ['api-keys'], summary: 'List API keys (never their secrets)', security, response: { 200: Type.Object({ keys: Type.Array(ApiKeyView) }), ...errorResponses(401, 403) } } }, async (request) => ({
    keys: (await apiKeys.list(principalOf(request).organisationId)).map(view),
  }));

  app.post('/api-keys', { preHandler: adminOnly, schema: { tags: ['api-keys'], summary: 'Create an API key (the secret is shown once)', security, body: CreateApiKeyBody, response: { 201: CreatedApiKeyReply, ...errorResponses(400, 401, 403) } } }, async (request, reply) => {
    const principal = principalOf(request);
    const created = await apiKeys.create(actorOf(principal), principal.organisationId, request.body);
    return reply.status(201).header('cache-control', 'no-store').send({ key: view(created.key), secret: created.secret });
  });

  app.post('/api-keys/:id/rotate', { preHandler: adminOnly, preValidation: async (request) => {
    request.body ??= {};
  }, schema: { tags: ['api-keys'], summary: 'Issue a successor; the old key works for the overlap, then expires', security, params: ApiKeyParams, body: RotateApiKeyBody, response: { 201: CreatedApiKeyReply, ...errorResponses(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const principal = principalOf(request);
    const created = await apiKeys.rotate(actorOf(principal), principal.organisationId, request.params.id, request.body?.overlapHours ?? 24);
    return reply.status(201).header('cache-control', 'no-store').send({ key: view(created.key), secret: created.secret });
  });

  app.post('/api-keys/:id/revoke', { preHandler: adminOnly, schema: { tags: ['api-keys'], summary: 'Revoke a key at once', security, params: ApiKeyParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } } }, async (request, reply) => {
    const principal = principalOf(request);
    await apiKeys.revoke(actorOf(principal), principal.organisationId, request.params.id);
    return reply.status(204).send(null);
  });
};
