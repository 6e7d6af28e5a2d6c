import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type LogSink } from '../../tests/helpers/build-test-app.js';
import { testBackends } from '../../tests/helpers/test-backends.js';
import type { Store } from '../store/open-store.js';
import type { App } from './app.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: platform routes`, () => {
    let store: Store;
    let app: App;
    let logs: LogSink;
    beforeAll(async () => {
      store = await backend.open();
      ({ app, logs } = await buildTestApp(store));
      app.get('/boom', async () => {
        throw new Error('secret internal detail: password=hunter2');
      });
      await app.ready();
    });
    afterAll(async () => {
      await app.close();
      await store.close().catch(() => undefined);
    });

    it('GET /health answers', async () => {
      const res = await app.inject('/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: true });
    });

    it('GET /ready reports database and migrations', async () => {
      const res = await app.inject('/ready');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, checks: { database: { ok: true }, migrations: { ok: true, detail: 'current' } } });
    });

    it('GET /openapi.json is OpenAPI 3.1 generated from the routes', async () => {
      const res = await app.inject('/openapi.json');
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/api/v1/items', '/api/v1/items/{id}']));
    });

    it('GET /docs serves Swagger UI', async () => {
      const res = await app.inject('/docs/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('swagger');
    });

    it.each([
      ['/api/v1/items/none', 404, 'not-found'],
      ['/api/v1/items?level=9', 400, 'invalid-input'],
      ['/api/v1/nothing-here', 404, 'not-found'],
    ])('%s → %i with the one error shape', async (url, status, code) => {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(status);
      const body = res.json() as { error: { code: string; message: string; requestId: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(body.error.requestId).toBe(res.headers['x-request-id']);
    });

    it('an unknown error is logged with its request id and says nothing internal', async () => {
      const res = await app.inject({ url: '/boom', headers: { 'x-request-id': 'req-boom-1' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal', message: expect.stringContaining('req-boom-1'), requestId: 'req-boom-1' } });
      expect(res.body).not.toContain('hunter2');
      const logged = logs.lines.find((line) => line.reqId === 'req-boom-1' && line.level === 50);
      expect(logged?.msg).toBe('unhandled error');
    });

    it('every log line of a request carries its id', async () => {
      await app.inject({ url: '/api/v1/items', headers: { 'x-request-id': 'req-trace-7' } });
      const lines = logs.lines.filter((line) => JSON.stringify(line).includes('req-trace-7'));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.every((line) => line.reqId === 'req-trace-7')).toBe(true);
    });

    it('GET /metrics exposes request, grading and business metrics in Prometheus format', async () => {
      await app.inject('/api/v1/items/none');
      const res = await app.inject('/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toMatch(/xi_http_requests_total\{method="GET",route="\/api\/v1\/items\/:id",status="404"\} \d+/);
      expect(res.body).toContain('xi_review_backlog 0');
      expect(res.body).toContain('xi_answers_graded_total');
      expect(res.body).toContain('xi_process_cpu_user_seconds_total');
    });

    it('GET /ready turns 503 when the database goes away', async () => {
      await store.close();
      const res = await app.inject('/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ ok: false, checks: { database: { ok: false } } });
    });
  });
}
