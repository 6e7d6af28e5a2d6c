/**
 * Faults with real processes: Redis going away (the instance degrades to local limits and
 * in-process events and says so on /ready), PostgreSQL restarted mid-interview (503 "unavailable",
 * nothing half-written, the interview resumes), and an API instance killed mid-request (the client
 * retries with the same idempotency key on the other instance; nothing lost or doubled). Every
 * server here is private to the test (never the machine's shared PostgreSQL or Redis) and stopped
 * at the end; every wait is bounded.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/bank/item.js';
import { loadBankDir } from '../../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../../src/services/bank/repo-bank-dir.js';
import type { SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { answerCurrent, takeInterview } from '../helpers/simulated-candidate.js';
import { HttpCandidate, openEventStream, startDemoOver } from './support/http-candidate.js';
import { type ManagedProcess, redisServerInstalled, sharedSecrets, startInstance, startRedis, startThrowawayPostgres, throwawayPostgresAvailable, type RedisServer, type ThrowawayPostgres, waitFor } from './support/processes.js';

const available = redisServerInstalled() && throwawayPostgresAvailable();
type Ready = { ok: boolean; checks: Record<string, { ok: boolean; detail: string }> };

describe.skipIf(!available)('faults on real servers', () => {
  let postgres: ThrowawayPostgres;
  let redis: RedisServer;
  let dataDir: string;
  let env: Record<string, string>;
  let a: ManagedProcess;
  let b: ManagedProcess;
  let store: Store;
  let items: Map<string, Item>;

  beforeAll(async () => {
    items = new Map((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
    [postgres, redis] = await Promise.all([startThrowawayPostgres(), startRedis()]);
    dataDir = mkdtempSync(path.join(tmpdir(), 'xi-faults-'));
    env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, DEMO_SEED: 'true', DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000', ...sharedSecrets() };
    a = await startInstance('serve', env);
    b = await startInstance('serve', env);
    store = await openStore({ databaseUrl: postgres.url, dataDir: 'memory://', poolMax: 2 });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await store?.close().catch(() => undefined);
    await redis?.stop();
    await postgres?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function ready(url: string): Promise<{ status: number; body: Ready }> {
    const res = await fetch(`${url}/ready`);
    return { status: res.status, body: (await res.json()) as Ready };
  }

  async function duplicateResponses(interviewId: string): Promise<number> {
    const rows = await store.db.selectFrom('responses').select('item_id').where('interview_id', '=', interviewId).execute();
    return rows.length - new Set(rows.map((r) => r.item_id)).size;
  }

  it('Redis down: /ready stays 200 and reports redis failing; interviews and same-instance events go on; Redis back: reported healthy', async () => {
    expect((await ready(a.url)).body.checks.redis?.ok).toBe(true);
    await redis.stop();
    try {
      const degraded = await waitFor('redis reported down', async () => {
        const r = await ready(a.url);
        return r.body.checks.redis?.ok === false ? r : undefined;
      }, 20_000);
      expect(degraded.status).toBe(200);
      expect(degraded.body.ok).toBe(true);
      expect(degraded.body.checks.database?.ok).toBe(true);

      const token = await startDemoOver(a.url);
      const stream = await openEventStream(a.url, token);
      const client = new HttpCandidate([a.url], token);
      await client.ok('POST', '/session/consent', { accepted: true });
      let session = await client.ok<SessionViewData>('POST', '/session/start');
      if (session.awaitingWarmUp) session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'I build reports.' })).session;
      session = (await answerCurrent(client, session, items, 'strong')).session;
      await waitFor('an in-process event', async () => (stream.events.some((e) => e.type === 'message') ? true : undefined), 10_000);
      stream.close();
    } finally {
      await redis.start();
    }
    await waitFor('redis reported healthy again', async () => ((await ready(a.url)).body.checks.redis?.ok ? true : undefined), 30_000, 500);
  }, 120_000);

  it('PostgreSQL restarted mid-interview: 503 "unavailable" while down, /ready 503, nothing half-written, the interview resumes', async () => {
    const token = await startDemoOver(a.url);
    const client = new HttpCandidate([a.url, b.url], token);
    await client.ok('POST', '/session/consent', { accepted: true });
    let session = await client.ok<SessionViewData>('POST', '/session/start');
    if (session.awaitingWarmUp) session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'I build reports.' })).session;
    session = (await answerCurrent(client, session, items, 'strong')).session;
    const before = session.messages.length;

    await store.close();
    await postgres.stop();
    try {
      const down = await client.request<{ error: { code: string } }>('POST', '/session/answers', { idempotencyKey: randomUUID(), itemId: session.current?.item.id ?? '', answer: { kind: 'skip', reason: 'dont-know' } });
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe('unavailable');
      const r = await ready(a.url);
      expect(r.status).toBe(503);
      expect(r.body.checks.database?.ok).toBe(false);
    } finally {
      await postgres.start();
      store = await openStore({ databaseUrl: postgres.url, dataDir: 'memory://', poolMax: 2 });
    }
    await waitFor('both instances ready again', async () => ((await ready(a.url)).status === 200 && (await ready(b.url)).status === 200 ? true : undefined), 60_000, 500);
    const resumed = await new HttpCandidate([a.url, b.url], token, { attempts: 5, retryDelayMs: 500 }).view();
    // The refused turn left nothing behind: the transcript is exactly as before the outage.
    expect(resumed.messages.length).toBe(before);
    const final = await takeInterview(new HttpCandidate([a.url, b.url], token, { attempts: 5, retryDelayMs: 500 }), items, 'strong');
    expect(final.state).toBe('completed');
    expect(await duplicateResponses(final.interviewId)).toBe(0);
  }, 240_000);

  it('an API instance killed mid-request: the retry with the same idempotency key on the other instance stores the answer once', async () => {
    const token = await startDemoOver(a.url);
    const client = new HttpCandidate([a.url], token);
    await client.ok('POST', '/session/consent', { accepted: true });
    let session = await client.ok<SessionViewData>('POST', '/session/start');
    if (session.awaitingWarmUp) session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'I build reports.' })).session;
    const current = session.current;
    if (!current) throw new Error('no question');
    const body = { idempotencyKey: `kill-${randomUUID()}`, itemId: current.item.id, answer: { kind: 'skip', reason: 'dont-know' } };
    // Send to B and kill B while the request is in flight; whether B committed or not, the retry on A settles it.
    const inFlight = fetch(`${b.url}/api/v1/session/answers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status, () => 0);
    await b.kill();
    const firstStatus = await inFlight;
    expect([0, 200]).toContain(firstStatus);
    const retried = await new HttpCandidate([a.url], token, { attempts: 3 }).request<TurnReplyData>('POST', '/session/answers', body);
    expect(retried.status).toBe(200);
    const again = await new HttpCandidate([a.url], token).request<TurnReplyData>('POST', '/session/answers', body);
    expect(again.status).toBe(200);
    expect(again.body.session.messages.length).toBe(retried.body.session.messages.length);
    const view = await client.view();
    expect(view.messages.length).toBe(retried.body.session.messages.length);
    expect(await duplicateResponses(view.interviewId)).toBe(0);
    b = await startInstance('serve', env);
  }, 180_000);
});
