/**
 * Several instances against the real PostgreSQL and a real Redis: two API processes and one worker
 * (started with the product's CLI), interviews whose requests alternate between the two APIs,
 * events streamed from instance A while answers are posted to instance B, an idempotent retry sent
 * to the other instance, and the daily scheduled retention job run exactly once.
 *
 * Needs the machine's PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test:
 * a fresh database is created and dropped) and the redis-server binary (a private server on a free
 * port, so that queues and counters of other suites never mix with ours). Skipped without them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Item } from '../../src/domain/bank/item.js';
import { createLogger } from '../../src/logger.js';
import { createPlatform } from '../../src/main.js';
import { loadBankDir } from '../../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../../src/services/bank/repo-bank-dir.js';
import type { SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { ProfileRepository } from '../../src/store/repositories/profile-repository.js';
import { takeInterview } from '../helpers/simulated-candidate.js';
import { HttpCandidate, openEventStream, startDemoOver } from './support/http-candidate.js';
import {
  createFreshDatabase,
  type ManagedProcess,
  postgresReachable,
  type RedisServer,
  redisServerInstalled,
  SHARED_POSTGRES_URL,
  sharedSecrets,
  sleep,
  startInstance,
  startRedis,
  waitFor,
} from './support/processes.js';

const available = redisServerInstalled() && (await postgresReachable(SHARED_POSTGRES_URL));

describe.skipIf(!available)('two API instances and a worker on PostgreSQL + Redis', () => {
  let redis: RedisServer;
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  let a: ManagedProcess;
  let b: ManagedProcess;
  let worker: ManagedProcess;
  let store: Store;
  let items: Map<string, Item>;
  let expiredCandidateId: string;

  beforeAll(async () => {
    items = new Map((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
    redis = await startRedis();
    database = await createFreshDatabase(SHARED_POSTGRES_URL);
    dataDir = mkdtempSync(path.join(tmpdir(), 'xi-scale-'));
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, DEMO_SEED: 'true', DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000', ...sharedSecrets() };

    // Before any instance runs: migrate and seed in this process, and leave one candidate whose
    // data is long past the retention period, for the scheduled retention job to erase.
    const prepared = loadConfig({ ...env, REDIS_URL: '', LOG_LEVEL: 'silent' });
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    const platform = await createPlatform(prepared.config, createLogger('silent'), { processJobs: false, webRoot: undefined });
    const demo = await new ProfileRepository(platform.store.db).findDemo();
    if (!demo) throw new Error('no demo profile');
    const invited = await platform.services.interviews.invite({ organisationId: demo.organisationId, profileId: demo.id, candidate: { name: 'Old Candidate', email: 'old.candidate@example.com' } });
    expiredCandidateId = invited.interview.candidateId ?? '';
    await sql`update candidates set created_at = now() - interval '20 years' where id = ${expiredCandidateId}`.execute(platform.store.db);
    await sql`update interviews set updated_at = now() - interval '20 years', created_at = now() - interval '20 years' where candidate_id = ${expiredCandidateId}`.execute(platform.store.db);
    await platform.close();

    a = await startInstance('serve', env);
    [b, worker] = await Promise.all([startInstance('serve', env), startInstance('worker', { ...env, LOG_LEVEL: 'info' })]);
    store = await openStore({ databaseUrl: database.url, dataDir: 'memory://', poolMax: 2 });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), worker?.stop()]);
    await store?.close();
    await redis?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('completes interviews whose requests alternate between the instances; every answer stored once; events reach the other instance', async () => {
    const bases = [a.url, b.url];
    const runs = await Promise.all(
      (['strong', 'mixed', 'weak'] as const).map(async (skill, i) => {
        const token = await startDemoOver(bases[i % 2] ?? a.url);
        const stream = await openEventStream(a.url, token);
        // The third candidate talks to instance B only, while the browser listens on instance A.
        const client = new HttpCandidate(skill === 'weak' ? [b.url] : bases, token);
        const session = await takeInterview(client, items, skill);
        await waitFor('the final events', async () => (stream.events.some((e) => e.type === 'session' && (e.data as SessionViewData).state === 'completed') ? true : undefined), 15_000);
        stream.close();
        return { session, events: stream.events };
      }),
    );
    for (const { session, events } of runs) {
      expect(session.state).toBe('completed');
      const candidateTurns = session.messages.filter((m) => m.role === 'candidate').length;
      const streamed = events.filter((e) => e.type === 'message').map((e) => (e.data as { sequence: number }).sequence);
      // Every message of every turn after the stream opened was delivered on instance A, once.
      expect(new Set(streamed).size).toBe(streamed.length);
      expect(streamed.length).toBeGreaterThanOrEqual(candidateTurns);
      for (const sequence of streamed) expect(session.messages.some((m) => m.sequence === sequence)).toBe(true);

      const responses = await store.db.selectFrom('responses').select(['item_id']).where('interview_id', '=', session.interviewId).execute();
      expect(new Set(responses.map((r) => r.item_id)).size).toBe(responses.length);
      const summary = (await store.db.selectFrom('interviews').select('summary').where('id', '=', session.interviewId).executeTakeFirstOrThrow()).summary as { itemsScored: number };
      expect(summary.itemsScored).toBe(responses.length);
    }
  }, 600_000);

  it('stores an answer once when the client retries it with the same idempotency key on the other instance', async () => {
    const token = await startDemoOver(b.url);
    const onA = new HttpCandidate([a.url], token);
    const onB = new HttpCandidate([b.url], token);
    await onA.ok('POST', '/session/consent', { accepted: true });
    let session = await onB.ok<SessionViewData>('POST', '/session/start');
    if (session.awaitingWarmUp) session = (await onA.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: 'warm-up-retry-1', text: 'I reconcile invoices in Excel every week.' })).session;
    const current = session.current;
    if (!current) throw new Error('no current question');
    const body = { idempotencyKey: 'scale-retry-0001', itemId: current.item.id, answer: { kind: 'skip', reason: 'dont-know' } };
    const first = await onA.request<TurnReplyData>('POST', '/session/answers', body);
    const again = await onB.request<TurnReplyData>('POST', '/session/answers', body);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.messages.map((m) => m.sequence)).toEqual(first.body.messages.map((m) => m.sequence));
    const responses = await store.db.selectFrom('responses').select('item_id').where('interview_id', '=', session.interviewId).where('item_id', '=', current.item.id).execute();
    expect(responses.length).toBeLessThanOrEqual(1);
    // The retry added no turn: the transcript is what the first reply said it was.
    expect((await onA.view()).messages.length).toBe(first.body.session.messages.length);
  }, 120_000);

  it('runs the scheduled retention job once across three processes that each registered it', async () => {
    await waitFor(
      'the retention job to erase the expired candidate',
      async () => {
        const row = await store.db.selectFrom('candidates').select('erased_at').where('id', '=', expiredCandidateId).executeTakeFirst();
        return row?.erased_at ? true : undefined;
      },
      90_000,
      500,
    );
    await sleep(3000);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('excel-interviewer-jobs', { connection, prefix: 'xi' });
    try {
      const jobs = await queue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
      const ran = jobs.filter((job) => job.name === 'apply-retention' && job.processedOn !== undefined);
      expect(ran.length).toBe(1);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.filter((scheduler) => scheduler.key === 'every:apply-retention' || scheduler.id === 'every:apply-retention').length).toBe(1);
    } finally {
      await queue.close();
      await connection.quit();
    }
    const runs = await store.db.selectFrom('audit_events').select('id').where('action', '=', 'privacy.retention-run').execute();
    expect(runs.length).toBe(1);
  }, 120_000);
});
