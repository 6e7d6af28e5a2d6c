import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../services/audit/audit-service.js';
import type { PrivacyService } from '../../services/privacy/privacy-service.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { CandidateParams, ErasureReply, RetentionBody, RetentionReply } from '../schemas/privacy.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];

/** Data-subject requests (export, erasure) and the organisation's retention period. */
export const privacyRoutes: FastifyPluginAsyncTypebox<{ privacy: PrivacyService }> = async (app, { privacy }) => {
  app.get(
    '/candidates/:id/export',
    { preHandler: requireRole('admin', 'recruiter'), schema: { tags: ['privacy'], summary: 'Everything stored about a candidate (GDPR art. 15/20), audited', security, params: CandidateParams, response: { 200: Type.Unknown({ description: 'Candidate, interviews, messages, answers' }), ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => {
      const principal = principalOf(request);
      const data = await privacy.exportCandidate(actorOf(principal), principal.organisationId, request.params.id);
      return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="candidate-${request.params.id}.json"`).send(data);
    },
  );

  app.post(
    '/candidates/:id/erasure',
    { preHandler: requireRole('admin'), schema: { tags: ['privacy'], summary: "Erase a candidate's personal data (GDPR art. 17), audited", security, params: CandidateParams, response: { 200: ErasureReply, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      const principal = principalOf(request);
      return privacy.eraseCandidate(actorOf(principal), principal.organisationId, request.params.id, 'request');
    },
  );

  app.get('/privacy/retention', { preHandler: requireRole('admin'), schema: { tags: ['privacy'], summary: 'How long candidate data is kept after last activity', security, response: { 200: RetentionReply, ...errorResponses(401, 403) } } }, async (request) =>
    privacy.retention(principalOf(request).organisationId),
  );

  app.put('/privacy/retention', { preHandler: requireRole('admin'), schema: { tags: ['privacy'], summary: 'Change the retention period (days)', security, body: RetentionBody, response: { 200: RetentionReply, ...errorResponses(400, 401, 403) } } }, async (request) => {
    const principal = principalOf(request);
    return privacy.setRetention(actorOf(principal), principal.organisationId, request.body.retentionDays);
  });
};
