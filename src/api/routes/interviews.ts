import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { InterviewService } from '../../services/interview-service.js';
import type { InterviewRecord } from '../../store/repositories/interview-repository.js';
import { requireRole, type Principal } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { CreateInterviewBody, CreateInterviewReply, InterviewDetailReply, InterviewParams, InterviewSummaryView, ListInterviewsQuery } from '../schemas/interviews.js';
import Type from 'typebox';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];

export function interviewSummaryView(record: InterviewRecord) {
  return {
    id: record.id,
    profileId: record.profileId,
    candidateId: record.candidateId,
    state: record.state,
    itemsAsked: record.session.itemsAsked,
    inviteExpiresAt: record.inviteExpiresAt.toISOString(),
    createdAt: record.createdAt.toISOString(),
    startedAt: record.startedAt?.toISOString() ?? null,
    completedAt: record.completedAt?.toISOString() ?? null,
    summary: record.summary ?? null,
  };
}

const principalOf = (request: { principal?: Principal }): Principal => request.principal as Principal;

/** Invitations and interview records, for recruiters. */
export const interviewRoutes: FastifyPluginAsyncTypebox<{ interviews: InterviewService }> = async (app, { interviews }) => {
  app.post(
    '/interviews',
    { preHandler: requireRole('admin', 'recruiter'), schema: { tags: ['interviews'], summary: 'Invite a candidate', security, body: CreateInterviewBody, response: { 201: CreateInterviewReply, ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const created = await interviews.invite({ organisationId, ...request.body });
      return reply.status(201).send({ interview: interviewSummaryView(created.interview), inviteUrl: created.url, token: created.token });
    },
  );

  app.get(
    '/interviews',
    { preHandler: requireRole('admin', 'recruiter'), schema: { tags: ['interviews'], summary: 'List interviews', security, querystring: ListInterviewsQuery, response: { 200: Type.Object({ interviews: Type.Array(InterviewSummaryView) }), ...errorResponses(400, 401, 403) } } },
    async (request) => ({ interviews: (await interviews.list(principalOf(request).organisationId, request.query)).map(interviewSummaryView) }),
  );

  app.get(
    '/interviews/:id',
    { preHandler: requireRole('admin', 'recruiter'), schema: { tags: ['interviews'], summary: 'One interview with transcript, responses and integrity events', security, params: InterviewParams, response: { 200: InterviewDetailReply, ...errorResponses(401, 403, 404) } } },
    async (request) => {
      const detail = await interviews.detail(principalOf(request).organisationId, request.params.id);
      return {
        interview: interviewSummaryView(detail.record),
        messages: detail.messages.map((m) => ({ sequence: m.sequence, role: m.role, text: m.text, meta: m.meta, at: m.at.toISOString() })),
        responses: detail.responses.map((r) => ({ id: r.id, itemId: r.itemId, itemVersion: r.itemVersion, sequence: r.sequence, answer: r.answer, grade: r.grade, isPretest: r.isPretest, answeredAt: r.answeredAt.toISOString() })),
        integrityEvents: detail.integrity.map((e) => ({ kind: e.kind, itemId: e.itemId, at: e.at.toISOString(), data: e.data })),
      };
    },
  );
};
