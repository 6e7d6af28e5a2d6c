import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AnalyticsService } from '../../services/analytics-service.js';
import { principalOf, requireRole } from '../auth.js';
import { AnalyticsQuery, AnalyticsReply, FairnessQuery, PassRatesQuery } from '../schemas/analytics.js';
import { errorResponses } from '../schemas/common.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];
const owners = requireRole('admin', 'analyst', 'recruiter');
const response = { 200: AnalyticsReply, ...errorResponses(400, 401, 403, 404) };

/** Analytics for the assessment owner: aggregates and pseudonymous ids only, never names or emails. */
export const analyticsRoutes: FastifyPluginAsyncTypebox<{ analytics: AnalyticsService }> = async (app, { analytics }) => {
  app.get('/analytics/overview', { preHandler: owners, schema: { tags: ['analytics'], summary: 'Funnel, drop-off by item, durations, live interviews', security, querystring: AnalyticsQuery, response } }, async (request) =>
    analytics.overview(principalOf(request).organisationId, request.query.profileId),
  );
  app.get('/analytics/distributions', { preHandler: owners, schema: { tags: ['analytics'], summary: 'Score distributions, overall and per skill', security, querystring: AnalyticsQuery, response } }, async (request) =>
    analytics.distributions(principalOf(request).organisationId, request.query.profileId),
  );
  app.get('/analytics/pass-rates', { preHandler: owners, schema: { tags: ['analytics'], summary: 'Pass rates per week or month', security, querystring: PassRatesQuery, response } }, async (request) =>
    analytics.passRates(principalOf(request).organisationId, request.query),
  );
  app.get('/analytics/items', { preHandler: requireRole('admin', 'analyst'), schema: { tags: ['analytics'], summary: 'Item analysis, reliability and the test information curve', security, querystring: AnalyticsQuery, response } }, async (request) =>
    analytics.itemAnalysis(principalOf(request).organisationId, request.query.profileId),
  );
  app.get('/analytics/grader-quality', { preHandler: requireRole('admin', 'analyst'), schema: { tags: ['analytics'], summary: 'Machine-human agreement and the share routed to review', security, querystring: AnalyticsQuery, response } }, async (request) =>
    analytics.graderQuality(principalOf(request).organisationId, request.query.profileId),
  );
  app.get('/analytics/fairness', { preHandler: requireRole('admin', 'analyst'), schema: { tags: ['analytics'], summary: 'Adverse-impact ratios and Mantel-Haenszel DIF from volunteered demographics', security, querystring: FairnessQuery, response } }, async (request) =>
    analytics.fairness(principalOf(request).organisationId, request.query),
  );
};
