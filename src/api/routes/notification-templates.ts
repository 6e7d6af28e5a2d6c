import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../services/audit/audit-service.js';
import { invalidInput } from '../../services/errors.js';
import type { NotificationTemplateService, TemplateView } from '../../services/notifications/notification-template-service.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { NotificationTemplateParams, NotificationTemplatePreview, NotificationTemplatesReply, NotificationTemplateView, PreviewNotificationTemplateBody, SaveNotificationTemplateBody } from '../schemas/notification-templates.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const adminOnly = requireRole('admin');
const tags = ['notifications'];

const view = (t: TemplateView) => ({ ...t, placeholders: [...t.placeholders], updatedAt: t.updatedAt?.toISOString() ?? null });

/** The organisation's email templates, for admins: list, read, save, delete (back to built-in), preview. */
export const notificationTemplateRoutes: FastifyPluginAsyncTypebox<{ templates: NotificationTemplateService }> = async (app, { templates }) => {
  app.get('/notification-templates', { preHandler: adminOnly, schema: { tags, summary: 'Template kinds, their placeholders, and which (kind, locale) pairs are customised', security, response: { 200: NotificationTemplatesReply, ...errorResponses(401, 403) } } }, async (request) => {
    const overview = await templates.overview(principalOf(request).organisationId);
    return {
      locales: [...overview.locales],
      kinds: overview.kinds.map((k) => ({ kind: k.kind, description: k.description, placeholders: [...k.placeholders] })),
      customised: overview.customised.map((c) => ({ kind: c.kind, locale: c.locale, updatedAt: c.updatedAt.toISOString() })),
    };
  });

  app.get('/notification-templates/:kind/:locale', { preHandler: adminOnly, schema: { tags, summary: 'One template: the organisation’s, else the built-in one (source says which)', security, params: NotificationTemplateParams, response: { 200: NotificationTemplateView, ...errorResponses(400, 401, 403) } } }, async (request) =>
    view(await templates.get(principalOf(request).organisationId, request.params.kind, request.params.locale)),
  );

  app.put('/notification-templates/:kind/:locale', { preHandler: adminOnly, schema: { tags, summary: 'Save the organisation’s template (placeholders and HTML are checked)', security, params: NotificationTemplateParams, body: SaveNotificationTemplateBody, response: { 200: NotificationTemplateView, ...errorResponses(400, 401, 403) } } }, async (request) => {
    const principal = principalOf(request);
    return view(await templates.save(actorOf(principal), principal.organisationId, request.params.kind, request.params.locale, request.body));
  });

  app.delete('/notification-templates/:kind/:locale', { preHandler: adminOnly, schema: { tags, summary: 'Delete the organisation’s template: the built-in one applies again', security, params: NotificationTemplateParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } } }, async (request, reply) => {
    const principal = principalOf(request);
    await templates.remove(actorOf(principal), principal.organisationId, request.params.kind, request.params.locale);
    return reply.status(204).send(null);
  });

  app.post('/notification-templates/:kind/:locale/preview', { preHandler: adminOnly, schema: { tags, summary: 'Render a draft, or with `{}` the template that applies, with sample values', security, params: NotificationTemplateParams, body: PreviewNotificationTemplateBody, response: { 200: NotificationTemplatePreview, ...errorResponses(400, 401, 403) } } }, async (request) => {
    const { subject, text, html } = request.body;
    if (subject === undefined && text === undefined && html === undefined) return templates.preview(principalOf(request).organisationId, request.params.kind, request.params.locale);
    if (subject === undefined || text === undefined) throw invalidInput('A draft to preview needs both subject and text (send {} to preview the template that applies).', { reason: 'incomplete-draft' });
    return templates.preview(principalOf(request).organisationId, request.params.kind, request.params.locale, { subject, text, html });
  });
};
