import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../services/audit/audit-service.js';
import type { InviteRevocationService } from '../../services/auth/invite-revocation-service.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { InterviewParams } from '../schemas/interviews.js';
import { RevokeInviteReply } from '../schemas/privacy.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];

/** Revoking an invitation link (kept apart from the interview routes: it belongs to access control). */
export const inviteRevocationRoutes: FastifyPluginAsyncTypebox<{ invites: InviteRevocationService }> = async (app, { invites }) => {
  app.post('/interviews/:id/revoke', { preHandler: requireRole('admin', 'recruiter'), schema: { tags: ['interviews'], summary: 'Revoke the invitation link: the token stops working at once', security, params: InterviewParams, response: { 200: RevokeInviteReply, ...errorResponses(400, 401, 403, 404) } } }, async (request) => {
    const principal = principalOf(request);
    const { revokedAt } = await invites.revoke(actorOf(principal), principal.organisationId, request.params.id);
    return { interviewId: request.params.id, revokedAt: revokedAt.toISOString() };
  });
};
