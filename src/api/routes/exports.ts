import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CONTENT_TYPES, type ExportService } from '../../services/export/export-service.js';
import { invalidInput } from '../../services/errors.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { ExportParams, ExportQuery } from '../schemas/exports.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];

/** Bulk export of the caller's organisation, streamed: interviews, responses or per-skill scores. */
export const exportRoutes: FastifyPluginAsyncTypebox<{ exports: ExportService }> = async (app, { exports }) => {
  app.get(
    '/exports/:dataset',
    {
      preHandler: requireRole('admin', 'analyst'),
      schema: { tags: ['exports'], summary: 'Stream a dataset as CSV, NDJSON or Parquet, filtered by interview creation date', security, params: ExportParams, querystring: ExportQuery, response: { ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const from = request.query.from ? new Date(request.query.from) : undefined;
      const to = request.query.to ? new Date(request.query.to) : undefined;
      if (from && to && from >= to) throw invalidInput('from must be before to.');
      const stream = exports.stream(request.params.dataset, format, { organisationId: principalOf(request).organisationId, from, to });
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${request.params.dataset}.${format}"`)
        .header('cache-control', 'no-store')
        .send(stream as never);
    },
  );
};
