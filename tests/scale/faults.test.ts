/**
 * Faults with real processes: Redis going away (the instance degrades to per-instance rate limits
 * and in-process events and says so on /ready), PostgreSQL restarted mid-interview (503
 * "unavailable", nothing half-written, the interview resumes), an API instance killed mid-request
 * (the client retries with the same idempotency key on the other instance; nothing lost or
 * doubled), and a worker killed mid-job, on BullMQ and on the database job queue (another worker
 * runs the job again; its effect is stored once). Every server here is private to the test (never
 * the machine's shared PostgreSQL or Redis) and stopped at the end; every wait is bounded. Skipped
 * without the PostgreSQL binaries (initdb) and redis-server. The full disk is in disk-full.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/bank/item.js';
import { loadBankDir } from '../../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../../src/services/bank/repo-bank-dir.js';
import type { SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createPlatform } from '../../src/main.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { ProfileRepository } from '../../src/store/repositories/profile-repository.js';
import { answerCurrent, takeInterview } from '../helpers/simulated-candidate.js';
import { HttpCandidate, openEventStream, startDemoOver } from './support/http-candidate.js';
import { createFreshDatabase, freePort, type ManagedProcess, redisServerInstalled, sharedSecrets, startInstance, startRedis, startThrowawayPostgres, throwawayPostgresAvailable, type RedisServer, type ThrowawayPostgres, waitFor } from './support/processes.js';

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

  it('Redis down: rate limits still apply, counted per instance, and /ready says the limits are local', async () => {
    const limited = await startInstance('serve', { ...env, RATE_LIMIT_PER_MINUTE: '20', AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    // One address per kind of request, so that the sign-in limit and the general limit count apart.
    const get = (ip: string) => fetch(`${limited.url}/api/v1/session`, { headers: { 'x-forwarded-for': ip } });
    try {
      expect((await ready(limited.url)).body.checks.rateLimits?.detail).toMatch(/^shared/);
      await redis.stop();
      try {
        const degraded = await waitFor('rate limits reported local', async () => {
          const r = await ready(limited.url);
          return r.body.checks.redis?.ok === false && /^local/.test(r.body.checks.rateLimits?.detail ?? '') ? r : undefined;
        }, 20_000);
        expect(degraded.status).toBe(200);

        const signIn = () =>
          fetch(`${limited.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.77.0.1' }, body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong but long enough' }) });
        const signIns: number[] = [];
        for (let i = 0; i < 4; i++) signIns.push((await signIn()).status);
        expect(signIns).toEqual([401, 401, 401, 429]);

        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await get('10.77.0.2')).status);
        expect(statuses.filter((status) => status === 429)).toEqual([]);
        const refused = await get('10.77.0.2');
        expect(refused.status).toBe(429);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate-limited');
      } finally {
        await redis.start();
      }
      // A counted request after Redis is back moves the counters back to Redis.
      await waitFor('rate limits shared again', async () => {
        await get(`10.77.1.${Math.floor(Math.random() * 250)}`);
        return /^shared/.test((await ready(limited.url)).body.checks.rateLimits?.detail ?? '') ? true : undefined;
      }, 30_000, 500);
    } finally {
      await limited.stop();
    }
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

  for (const runner of ['bullmq', 'in-process'] as const) {
    it(`a worker killed mid-job (${runner}): another worker runs the job again and its effect is stored once`, async () => {
      // A database and (for BullMQ) a queue of this test's own, so that the API instances above, which process jobs too, never take the job.
      // The receiver listens on 127.0.0.1, which the outbound guard refuses unless private targets are allowed.
      const database = await createFreshDatabase(postgres.url);
      const workerEnv = { ...env, DATABASE_URL: database.url, REDIS_URL: runner === 'bullmq' ? redis.url : '', JOB_QUEUE: `xi-fault-${randomUUID().slice(0, 8)}`, JOB_LEASE_MS: '2000', LOG_LEVEL: 'info', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' };
      const receiver = await startWebhookReceiver();
      const jobStore = await openStore({ databaseUrl: database.url, dataDir: 'memory://', poolMax: 2 });
      let worker: ManagedProcess | undefined;
      try {
        // Migrate and seed here, then queue one webhook delivery (a real job: it posts to the receiver and stores the outcome).
        const prepared = loadConfig({ ...workerEnv, LOG_LEVEL: 'silent' });
        if (!prepared.ok) throw new Error(prepared.problems.join('; '));
        const platform = await createPlatform(prepared.config, createLogger('silent'), { processJobs: false, webRoot: undefined });
        try {
          const demo = await new ProfileRepository(platform.store.db).findDemo();
          if (!demo) throw new Error('no demo profile');
          const { interview } = await platform.services.interviews.invite({ organisationId: demo.organisationId, profileId: demo.id, candidate: { name: 'Webhook Candidate', email: `webhook-${randomUUID().slice(0, 8)}@example.com` } });
          await platform.services.integrations.webhooks.create(demo.organisationId, { url: receiver.url, events: ['interview.started'] });
          expect(await platform.services.integrations.webhooks.publish({ type: 'interview.started', organisationId: demo.organisationId, interviewId: interview.id })).toBe(1);
        } finally {
          await platform.close();
        }

        // The first worker takes the job; the receiver holds its request open; the worker is killed mid-job.
        worker = await startInstance('worker', workerEnv);
        await waitFor('the first delivery attempt', async () => (receiver.requests.length > 0 ? true : undefined), 60_000);
        await worker.kill();
        expect(receiver.requests).toHaveLength(1);

        // Another worker: once the dead worker's lease lapses, the job runs again and completes.
        worker = await startInstance('worker', workerEnv);
        const delivery = await waitFor('the delivery to be stored as delivered', async () => {
          const row = await jobStore.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirst();
          return row?.status === 'delivered' ? row : undefined;
        }, 60_000, 250);
        const attempts = await jobStore.db.selectFrom('webhook_attempts').select(['status_code', 'error']).where('delivery_id', '=', delivery.id).execute();
        // Stored once: the killed run recorded nothing, the second run one success.
        expect(attempts).toEqual([{ status_code: 200, error: null }]);
        expect(await jobStore.db.selectFrom('webhook_deliveries').select('id').execute()).toHaveLength(1);
        // The receiver saw the same delivery twice (the first never answered), under one idempotency key it can dedupe on.
        expect(receiver.requests).toHaveLength(2);
        expect(new Set(receiver.requests.map((r) => `${r.deliveryId}/${r.idempotencyKey}`)).size).toBe(1);
        if (runner === 'in-process') {
          const job = await jobStore.db.selectFrom('job_queue').select(['state', 'attempts']).where('name', '=', 'deliver-webhook').executeTakeFirstOrThrow();
          expect(job).toEqual({ state: 'done', attempts: 2 });
        }
      } finally {
        await worker?.stop();
        await receiver.close();
        await jobStore.close();
        await database.drop();
      }
    }, 240_000);
  }
});

interface WebhookReceiver {
  readonly url: string;
  readonly requests: { deliveryId: string; idempotencyKey: string }[];
  close(): Promise<void>;
}

/** A webhook endpoint that never answers its first request (the worker is killed meanwhile) and answers 200 to the others. */
async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: WebhookReceiver['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ deliveryId: String(req.headers['x-excel-interviewer-delivery']), idempotencyKey: String(req.headers['idempotency-key']) });
    req.resume();
    if (requests.length > 1) req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
