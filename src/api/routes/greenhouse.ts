import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { GreenhouseService } from '../../services/integrations/greenhouse/greenhouse-service.js';
import { AppError } from '../../services/errors.js';
import { errorResponses } from '../schemas/common.js';
import { ListTestsReply, SendTestBody, SendTestReply, TestStatusQuery, TestStatusReply } from '../schemas/greenhouse.js';

interface KeyCheck {
  authenticate(key: string): Promise<{ organisationId: string; scopes?: readonly string[] } | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    greenhouseOrganisationId?: string;
  }
}

const security: { [scheme: string]: string[] }[] = [{ basicAuth: [] }];
const tags = ['greenhouse'];

/** Greenhouse sends the organisation's API key as the HTTP Basic user name (password empty). */
function basicUser(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user || undefined;
}

/**
 * The Greenhouse Assessment Partner API, served by us: list_tests, send_test and test_status,
 * authenticated by an organisation API key with the `interviews:write` scope.
 */
export const greenhouseRoutes: FastifyPluginAsyncTypebox<{ greenhouse: GreenhouseService; apiKeys: KeyCheck }> = async (app, { greenhouse, apiKeys }) => {
  app.addHook('onRequest', async (request, reply) => {
    const key = basicUser(request);
    const principal = key ? await apiKeys.authenticate(key) : undefined;
    if (!principal) {
      reply.header('www-authenticate', 'Basic realm="excel-interviewer greenhouse"');
      throw new AppError('unauthorized', 'Send an organisation API key as the HTTP Basic user name.');
    }
    if (principal.scopes && !principal.scopes.includes('interviews:write')) throw new AppError('forbidden', 'This API key needs the interviews:write scope.');
    request.greenhouseOrganisationId = principal.organisationId;
  });
  const org = (request: FastifyRequest): string => request.greenhouseOrganisationId ?? '';

  app.get('/list_tests', { schema: { tags, summary: 'Greenhouse list_tests: the interview profiles offered as tests', security, response: { 200: ListTestsReply, ...errorResponses(401, 403) } } }, async (request) => greenhouse.listTests(org(request)));

  app.post('/send_test', { schema: { tags, summary: 'Greenhouse send_test: invite the candidate', security, body: SendTestBody, response: { 200: SendTestReply, ...errorResponses(400, 401, 403) } } }, async (request) =>
    greenhouse.sendTest(org(request), {
      partner_test_id: request.body.partner_test_id,
      url: request.body.url,
      application_id: request.body.application_id,
      candidate: { first_name: request.body.candidate.first_name, last_name: request.body.candidate.last_name, email: request.body.candidate.email, phone_number: request.body.candidate.phone_number ?? undefined },
    }),
  );

  app.get('/test_status', { schema: { tags, summary: 'Greenhouse test_status: the interview state and scores', security, querystring: TestStatusQuery, response: { 200: TestStatusReply, ...errorResponses(401, 403, 404) } } }, async (request) => greenhouse.testStatus(org(request), request.query.partner_interview_id));
};
