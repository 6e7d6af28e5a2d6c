/**
 * Tracing end to end: with OTEL_EXPORTER_OTLP_ENDPOINT set, a local OTLP/HTTP receiver gets a
 * server span per request carrying the request id, with database and grading spans in the same
 * trace, and the request's log lines carry the trace id.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/bank/item.js';
import { loadBankDir } from '../../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../../src/services/bank/repo-bank-dir.js';
import type { SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';
import { openStore } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { answerCurrent, CandidateClient } from '../helpers/simulated-candidate.js';
import { freePort } from './support/processes.js';

/** Sends every request with a chosen x-request-id. */
class TaggedClient extends CandidateClient {
  constructor(app: ConstructorParameters<typeof CandidateClient>[0], token: string, private readonly requestId: string) {
    super(app, token);
  }
  override request<T>(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    return super.request<T>(method, url, body, { ...headers, 'x-request-id': this.requestId });
  }
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }[];
}

describe('OpenTelemetry tracing over OTLP/HTTP', () => {
  const received: OtlpSpan[] = [];
  let receiver: Server;
  let endpoint: string;

  beforeAll(async () => {
    const port = await freePort();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
          for (const r of payload.resourceSpans) for (const s of r.scopeSpans) received.push(...s.spans);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('exports request, database and grading spans in one trace, with the request id, and logs the trace id', async () => {
    const items = new Map<string, Item>((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
    const store = await openStore({ dataDir: 'memory://' });
    const { app, logs, platform } = await buildTestApp(store, { DEMO_SEED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    let answerRequestId = '';
    try {
      const demo = await app.inject({ method: 'POST', url: '/api/v1/demo', headers: { 'x-request-id': 'trace-demo-1' } });
      expect(demo.statusCode).toBe(201);
      const client = new CandidateClient(app, (demo.json() as { token: string }).token);
      await client.ok('POST', '/session/consent', { accepted: true });
      let session = await client.ok<SessionViewData>('POST', '/session/start');
      if (session.awaitingWarmUp) session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'I build reports.' })).session;
      // Answer until one graded answer (not a follow-up message) went through, and remember its request id.
      for (let turn = 0; turn < 10 && !answerRequestId; turn++) {
        const followUp = session.current?.followUp !== undefined;
        answerRequestId = followUp ? '' : `trace-answer-${turn}`;
        const tagged = new TaggedClient(app, client.token, answerRequestId || `trace-other-${turn}`);
        session = (await answerCurrent(tagged, session, items, 'strong')).session;
      }
    } finally {
      await platform.close();
      await store.close();
    }

    const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value;
    const demoSpan = received.find((s) => attribute(s, 'xi.request_id')?.stringValue === 'trace-demo-1');
    expect(demoSpan?.name).toBe('POST /api/v1/demo');
    const inDemoTrace = received.filter((s) => s.traceId === demoSpan?.traceId);
    expect(inDemoTrace.some((s) => s.name.startsWith('db INSERT interviews'))).toBe(true);

    const answerSpan = received.find((s) => attribute(s, 'xi.request_id')?.stringValue === answerRequestId);
    expect(answerSpan).toBeDefined();
    const inAnswerTrace = received.filter((s) => s.traceId === answerSpan?.traceId);
    const grade = inAnswerTrace.find((s) => s.name === 'grade');
    expect(grade).toBeDefined();
    expect(inAnswerTrace.some((s) => s.name.startsWith('db '))).toBe(true);
    // Parent links hold: every span of the trace but the root has its parent in the trace.
    const ids = new Set(inAnswerTrace.map((s) => s.spanId));
    for (const span of inAnswerTrace) if (span !== answerSpan) expect(ids.has(span.parentSpanId ?? '')).toBe(true);

    const logged = logs.lines.filter((line) => line.reqId === 'trace-demo-1');
    expect(logged.length).toBeGreaterThan(0);
    // Fastify logs "incoming request" before any hook runs; every line after it carries the trace id.
    const afterStart = logged.filter((line) => line.msg !== 'incoming request');
    expect(afterStart.length).toBeGreaterThan(0);
    expect(afterStart.every((line) => line.traceId === demoSpan?.traceId)).toBe(true);
  }, 120_000);
});
