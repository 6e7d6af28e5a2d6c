import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { ReportService } from '../../services/report-service.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { CandidateReportReply, ComparisonQuery, CreateShareBody, CreateShareReply, ReportParams, ReportQuery, ShareListReply, ShareParams, SharedReportParams } from '../schemas/reports.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];
/** Service views are deeply readonly; the reply schema only serialises them, so the cast is safe. */
const asReply = <T>(value: T): never => value as never;

const staff = requireRole('admin', 'recruiter');
const fileName = (id: string, ext: string) => `report-${id.slice(0, 8)}.${ext}`;

/** Candidate reports (JSON, HTML, PDF), share links, and the comparison with its exports. */
export const reportRoutes: FastifyPluginAsyncTypebox<{ reports: ReportService }> = async (app, { reports }) => {
  app.get('/interviews/:id/report', { preHandler: staff, schema: { tags: ['reports'], summary: 'The candidate report', security, params: ReportParams, response: { 200: CandidateReportReply, ...errorResponses(401, 403, 404) } } }, async (request) =>
    asReply(await reports.report(principalOf(request).organisationId, request.params.id, { contact: true })),
  );

  app.get('/interviews/:id/report.html', { preHandler: staff, schema: { tags: ['reports'], summary: 'The printable report page', security, params: ReportParams, querystring: ReportQuery } }, async (request, reply) => {
    const html = await reports.html(principalOf(request).organisationId, request.params.id, { contact: true });
    if (request.query.download) reply.header('content-disposition', `attachment; filename="${fileName(request.params.id, 'html')}"`);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });

  app.get('/interviews/:id/report.pdf', { preHandler: staff, schema: { tags: ['reports'], summary: 'The report as PDF', security, params: ReportParams } }, async (request, reply) => {
    const pdf = await reports.pdf(principalOf(request).organisationId, request.params.id, { contact: true });
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${fileName(request.params.id, 'pdf')}"`).type('application/pdf').send(pdf);
  });

  app.post('/interviews/:id/report/shares', { preHandler: staff, schema: { tags: ['reports'], summary: 'Create a share link with an expiry (no contact details)', security, params: ReportParams, body: CreateShareBody, response: { 201: CreateShareReply, ...errorResponses(400, 401, 403, 404) } } }, async (request, reply) => {
    const principal = principalOf(request);
    const share = await reports.share(principal.organisationId, request.params.id, `${principal.kind}:${principal.id}`, request.body.expiresInDays);
    return reply.status(201).send({ id: share.id, url: share.url, token: share.token, expiresAt: share.expiresAt.toISOString() });
  });

  app.get('/interviews/:id/report/shares', { preHandler: staff, schema: { tags: ['reports'], summary: 'Share links of a report', security, params: ReportParams, response: { 200: ShareListReply, ...errorResponses(401, 403, 404) } } }, async (request) => ({
    shares: (await reports.listShares(principalOf(request).organisationId, request.params.id)).map((s) => ({ id: s.id, expiresAt: s.expiresAt.toISOString(), createdBy: s.createdBy, revokedAt: s.revokedAt?.toISOString() ?? null, createdAt: s.createdAt.toISOString() })),
  }));

  app.delete('/report-shares/:id', { preHandler: staff, schema: { tags: ['reports'], summary: 'Revoke a share link', security, params: ShareParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } }, async (request, reply) => {
    await reports.revokeShare(principalOf(request).organisationId, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/shared-reports/:token', { schema: { tags: ['reports'], summary: 'A shared report (no sign-in; no contact details)', params: SharedReportParams, response: { 200: CandidateReportReply, ...errorResponses(404) } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return asReply(await reports.shared(request.params.token));
  });

  app.get('/shared-reports/:token/html', { schema: { tags: ['reports'], summary: 'A shared report as a printable page', params: SharedReportParams } }, async (request, reply) => {
    const html = await reports.sharedHtml(request.params.token);
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').send(html);
  });

  app.get('/shared-reports/:token/pdf', { schema: { tags: ['reports'], summary: 'A shared report as PDF', params: SharedReportParams } }, async (request, reply) => {
    const pdf = await reports.sharedPdf(request.params.token);
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="report.pdf"').type('application/pdf').send(pdf);
  });

  app.get('/comparison', { preHandler: staff, schema: { tags: ['reports'], summary: "A profile's candidates side by side; format json (default), ndjson, csv or xlsx", security, querystring: ComparisonQuery } }, async (request, reply) => {
    const { format = 'json', ...filter } = request.query;
    const file = await reports.exportComparison(principalOf(request).organisationId, filter, format, { contact: true });
    if (format !== 'json') reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
    return reply.header('cache-control', 'no-store').type(file.contentType).send(file.body);
  });
};
