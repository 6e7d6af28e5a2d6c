import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AuditService } from '../../services/audit/audit-service.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { AuditEventsQuery, AuditEventView } from '../schemas/privacy.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];

/** The organisation's audit trail, newest first, for admins. Verification is `excel-interviewer audit verify`. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get('/audit-events', { preHandler: requireRole('admin'), schema: { tags: ['audit'], summary: "The organisation's audit events, newest first", security, querystring: AuditEventsQuery, response: { 200: Type.Object({ events: Type.Array(AuditEventView) }), ...errorResponses(400, 401, 403) } } }, async (request) => {
    const events = await audit.list(principalOf(request).organisationId, { limit: request.query.limit ?? 100, before: request.query.before, action: request.query.action });
    return { events: events.map((e) => ({ id: e.id, actor: e.actor, action: e.action, subject: e.subject, data: e.data, createdAt: e.createdAt.toISOString(), hash: e.hash })) };
  });
};
