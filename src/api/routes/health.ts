import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HealthService } from '../../services/health-service.js';

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.String() });
const ReadyReply = Type.Object({ ok: Type.Boolean(), checks: Type.Record(Type.String(), Check) });

/** `/health`: the process answers. `/ready`: the database answers and migrations are current (503 otherwise). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ health: HealthService }> = async (app, { health }) => {
  app.get('/health', { schema: { tags: ['operations'], summary: 'Process is alive', response: { 200: Type.Object({ ok: Type.Boolean() }) } }, logLevel: 'warn' }, async () => ({ ok: true }));

  app.get(
    '/ready',
    { schema: { tags: ['operations'], summary: 'Ready to serve: database reachable, migrations current', response: { 200: ReadyReply, 503: ReadyReply } }, logLevel: 'warn' },
    async (_request, reply) => {
      const readiness = await health.readiness();
      return reply.status(readiness.ok ? 200 : 503).send(readiness);
    },
  );
};
