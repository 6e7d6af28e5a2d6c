import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { CandidateService } from '../../services/candidate-service.js';
import { AppError } from '../../services/errors.js';
import { inviteToken, principalOf, requireRole, type Principal } from '../auth.js';
import { CandidateListQuery, CandidateListReply, DemographicsBody, ImportCandidatesBody, ImportCandidatesReply, StreamQuery } from '../schemas/candidates.js';
import { errorResponses } from '../schemas/common.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];
const recruiters = requireRole('admin', 'recruiter');

export interface CandidateRouteOptions {
  readonly candidates: CandidateService;
  /** Verifies a staff access token given as `?access_token=` (EventSource cannot send headers). */
  readonly verifyAccessToken?: ((token: string) => Promise<Principal | undefined>) | undefined;
}

/** Candidates and invitations with live status; CSV import; volunteered demographics. */
export const candidateRoutes: FastifyPluginAsyncTypebox<CandidateRouteOptions> = async (app, { candidates, verifyAccessToken }) => {
  app.get('/candidates', { preHandler: recruiters, schema: { tags: ['candidates'], summary: 'Candidates with the status of their interviews', security, querystring: CandidateListQuery, response: { 200: CandidateListReply, ...errorResponses(400, 401, 403) } } }, async (request) => ({
    candidates: await candidates.list(principalOf(request).organisationId, request.query),
  }));

  app.post('/candidates/import', { preHandler: recruiters, schema: { tags: ['candidates'], summary: 'Invite every candidate of a CSV (name, email[, phone, external_id])', security, body: ImportCandidatesBody, response: { 200: ImportCandidatesReply, ...errorResponses(400, 401, 403, 404) } } }, async (request) =>
    candidates.importCsv(principalOf(request).organisationId, request.body),
  );

  // Live status over SSE. The access token may come as ?access_token= for this route only, since
  // EventSource cannot set headers; it is verified exactly as the Authorization header would be.
  app.get('/interviews/stream', { schema: { tags: ['candidates'], summary: 'Live interview status for the organisation (SSE)', security, querystring: StreamQuery } }, async (request, reply) => {
    let principal = request.principal;
    if (!principal && request.query.access_token && verifyAccessToken) principal = await verifyAccessToken(request.query.access_token);
    if (!principal) throw new AppError('unauthorized', 'Sign in to watch live status.');
    if (principal.role !== 'admin' && principal.role !== 'recruiter') throw new AppError('forbidden', 'This stream needs the admin or recruiter role.');
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no', 'x-request-id': request.id });
    raw.write(': connected\n\n');
    const unsubscribe = candidates.subscribe(principal.organisationId, (event) => raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`));
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  app.post('/candidate/demographics', { schema: { tags: ['candidates'], summary: 'Demographic answers a candidate chooses to give (optional; stored apart; never used in scoring)', security: [{ inviteToken: [] }], body: DemographicsBody, response: { 204: Type.Null(), ...errorResponses(400, 401) } } }, async (request, reply) => {
    await candidates.volunteerDemographics(inviteToken(request), request.body.answers);
    return reply.status(204).send(null);
  });
};
