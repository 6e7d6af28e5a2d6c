import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../tests/helpers/test-backends.js';
import { createLogger } from '../logger.js';
import type { Store } from '../store/open-store.js';
import { OutboxRepository } from '../store/repositories/outbox-repository.js';
import { BullMqRunner } from './bullmq-runner.js';
import { InProcessRunner } from './in-process-runner.js';
import { type JobRunner, retryDelayMs } from './job-runner.js';

const logger = createLogger('silent');

interface RunnerUnderTest {
  readonly name: string;
  create(): JobRunner;
}

const stores = new Map<string, Store>();
const runners: RunnerUnderTest[] = [{ name: 'in-process', create: () => new InProcessRunner(logger) }];
for (const backend of testBackends()) {
  runners.push({ name: `in-process on ${backend.name}`, create: () => new InProcessRunner(logger, { queue: new OutboxRepository(storeOf(backend.name).db), pollMs: 50 }) });
}
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) runners.push({ name: 'bullmq', create: () => new BullMqRunner(redisUrl, logger, `test-${process.pid}-${Date.now()}`) });

function storeOf(name: string): Store {
  const store = stores.get(name);
  if (!store) throw new Error(`store ${name} not open`);
  return store;
}
beforeAll(async () => {
  for (const backend of testBackends()) stores.set(backend.name, await backend.open());
});
afterAll(async () => {
  for (const store of stores.values()) await store.close();
});

/** Resolves when `check` holds; driven by job completions, bounded by the test timeout. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

for (const { name, create } of runners) {
  describe(`${name}: job runner`, () => {
    let runner: JobRunner;
    afterEach(() => runner.close());

    it('runs a job with its data', async () => {
      runner = create();
      const seen: unknown[] = [];
      runner.define<{ n: number }>({ name: 'record', handler: async (data) => void seen.push(data.n) });
      await runner.start();
      await runner.enqueue('record', { n: 7 });
      await until(() => seen.length === 1);
      expect(seen).toEqual([7]);
    });

    it('retries a failing job, then succeeds', async () => {
      runner = create();
      const attempts: number[] = [];
      runner.define({
        name: 'flaky',
        backoffMs: 10,
        handler: async (_data, context) => {
          attempts.push(context.attempt);
          if (context.attempt < 3) throw new Error('transient');
        },
      });
      await runner.start();
      await runner.enqueue('flaky', {});
      await until(() => attempts.length === 3);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('dead-letters a job that keeps failing, with the reason', async () => {
      runner = create();
      runner.define({ name: 'doomed', attempts: 2, backoffMs: 10, handler: async () => Promise.reject(new Error('smtp refused')) });
      await runner.start();
      const id = await runner.enqueue('doomed', {});
      await until(async () => (await runner.deadLetters()).length === 1);
      expect(await runner.deadLetters()).toEqual([{ jobId: id, name: 'doomed', reason: 'smtp refused', attempts: 2 }]);
    });

    it('enqueues a job id once', async () => {
      runner = create();
      let runs = 0;
      runner.define({ name: 'once', handler: async () => void runs++ });
      await runner.start();
      await runner.enqueue('once', {}, { jobId: 'interview-42-completed' });
      await runner.enqueue('once', {}, { jobId: 'interview-42-completed' });
      await until(() => runs >= 1);
      runner.define({ name: 'marker', handler: async () => void runs++ });
      await runner.enqueue('marker', {});
      await until(() => runs >= 2);
      expect(runs).toBe(2);
    });

    it('tells the handler its attempt out of the total', async () => {
      runner = create();
      const seen: string[] = [];
      runner.define({ name: 'counted', attempts: 3, backoffMs: 10, handler: async (_d, c) => void seen.push(`${c.attempt}/${c.maxAttempts}`) });
      await runner.start();
      await runner.enqueue('counted', {});
      await until(() => seen.length === 1);
      expect(seen).toEqual(['1/3']);
    });
  });
}

for (const backend of testBackends()) {
  describe(`${backend.name}: durable in-process queue`, () => {
    it('runs a scheduled job once per slot across two instances sharing the queue', async () => {
      const queue = new OutboxRepository(storeOf(backend.name).db);
      const runs: string[] = [];
      const instances = [new InProcessRunner(logger, { queue, pollMs: 20 }), new InProcessRunner(logger, { queue, pollMs: 20 })];
      for (const instance of instances) {
        instance.define({ name: `tick-${backend.name}`, handler: async (_d, c) => void runs.push(c.jobId) });
        await instance.every(`tick-${backend.name}`, 3_600_000);
        await instance.start();
      }
      await until(() => runs.length >= 1);
      await Promise.all(instances.map((i) => i.drain()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all(instances.map((i) => i.close()));
      expect(runs).toHaveLength(1);
    });

    it('resumes a job whose runner died mid-run once its lease lapses, and keeps pending jobs across a restart', async () => {
      const queue = new OutboxRepository(storeOf(backend.name).db);
      const name = `resume-${backend.name}`;
      const first = new InProcessRunner(logger, { queue, leaseMs: 300, pollMs: 20 });
      let release: () => void = () => undefined;
      const started: number[] = [];
      first.define({ name, handler: async (_d, c) => {
        started.push(c.attempt);
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('this runner is gone');
      } });
      await first.start();
      await first.enqueue(name, {}, { jobId: `${name}-1` });
      await until(() => started.length === 1);
      // Simulate a crash: stop heartbeats by abandoning the runner without letting it record anything.
      (first as unknown as { queue: unknown }).queue = { ...queue, extendLease: async () => false, retry: async () => undefined, bury: async () => undefined, complete: async () => undefined, claim: async () => [], nextRunAt: async () => undefined, prune: async () => 0, add: async () => false, deadLetters: async () => [] };
      const second = new InProcessRunner(logger, { queue, leaseMs: 300, pollMs: 20 });
      const done: number[] = [];
      second.define({ name, handler: async (_d, c) => void done.push(c.attempt) });
      await second.start();
      await until(() => done.length === 1);
      release();
      await first.close();
      await second.close();
      expect(done).toEqual([2]);
      expect((await queue.find(`${name}-1`))?.state).toBe('done');
    });
  });
}

describe('retryDelayMs', () => {
  it.each([
    [1000, 1, 0, 500],
    [1000, 1, 1, 1000],
    [1000, 3, 1, 4000],
    [1000, 30, 1, 300_000],
  ])('base %i attempt %i random %f → %i', (base, attempt, random, expected) => {
    expect(retryDelayMs(base, attempt, random)).toBe(expected);
  });
});
