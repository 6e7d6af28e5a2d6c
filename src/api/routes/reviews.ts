import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReviewService } from '../../services/review-service.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { ReviewDecisionBody, ReviewEntryView, ReviewListQuery, ReviewListReply, ReviewParams } from '../schemas/reviews.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];
/** Service views are deeply readonly; the reply schema only serialises them, so the cast is safe. */
const asReply = <T>(value: T): never => value as never;

const reviewers = requireRole('admin', 'recruiter', 'reviewer');

/** The human review queue: answers and evidence only, never who the candidate is. */
export const reviewRoutes: FastifyPluginAsyncTypebox<{ reviews: ReviewService }> = async (app, { reviews }) => {
  app.get('/reviews', { preHandler: reviewers, schema: { tags: ['reviews'], summary: "The review queue, in the organisation's strategy order", security, querystring: ReviewListQuery, response: { 200: ReviewListReply, ...errorResponses(400, 401, 403) } } }, async (request) =>
    asReply(await reviews.queue(principalOf(request).organisationId, request.query)),
  );
  app.get('/reviews/:id', { preHandler: reviewers, schema: { tags: ['reviews'], summary: 'One review task', security, params: ReviewParams, response: { 200: ReviewEntryView, ...errorResponses(401, 403, 404) } } }, async (request) =>
    asReply(await reviews.get(principalOf(request).organisationId, request.params.id)),
  );
  app.post('/reviews/:id/decision', { preHandler: reviewers, schema: { tags: ['reviews'], summary: 'Confirm the machine grade, or override it with a reason', security, params: ReviewParams, body: ReviewDecisionBody, response: { 200: ReviewEntryView, ...errorResponses(400, 401, 403, 404, 409) } } }, async (request) =>
    asReply(await reviews.decide(principalOf(request), request.params.id, request.body)),
  );
};
