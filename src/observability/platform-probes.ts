import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { Redis } from 'ioredis';
import type { JobRunner } from '../jobs/job-runner.js';
import type { HealthService } from '../services/health-service.js';
import type { Metrics } from '../services/metrics.js';

/** Counts of a connection pool, as pg.Pool reports them. */
export interface PoolCounts {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/** The BullMQ queue the runner in src/jobs/bullmq-runner.ts uses (name and prefix). */
const BULLMQ_QUEUE = { name: 'excel-interviewer-jobs', prefix: 'xi' } as const;

/**
 * Feeds the gauges that need asking at scrape time: database pool use, job queue depth, final job
 * failures (dead letters, by job), and each readiness check as `xi_ready_check{check}` (1 ok, 0 not).
 * Returns a cleanup that closes the queue connection it may have opened.
 */
export function registerPlatformProbes(
  metrics: Metrics,
  deps: { readonly health: HealthService; readonly jobs: JobRunner; readonly poolCounts?: (() => PoolCounts | undefined) | undefined; readonly redisUrl?: string | undefined },
): () => Promise<void> {
  const ready = new Gauge({ name: 'xi_ready_check', help: 'Readiness checks: 1 ok, 0 failing', labelNames: ['check'], registers: [metrics.registry] });
  metrics.onScrape(async () => {
    const readiness = await deps.health.readiness();
    for (const [check, result] of Object.entries(readiness.checks)) ready.set({ check }, result.ok ? 1 : 0);
  });

  metrics.onScrape(async () => {
    const counts = deps.poolCounts?.();
    if (!counts) return;
    metrics.dbPool.set({ state: 'total' }, counts.total);
    metrics.dbPool.set({ state: 'idle' }, counts.idle);
    metrics.dbPool.set({ state: 'in-use' }, counts.total - counts.idle);
    metrics.dbPool.set({ state: 'waiting' }, counts.waiting);
  });

  const seenFailures = new Map<string, number>();
  metrics.onScrape(async () => {
    const byJob = new Map<string, number>();
    for (const dead of await deps.jobs.deadLetters()) byJob.set(dead.name, (byJob.get(dead.name) ?? 0) + 1);
    for (const [job, count] of byJob) {
      const delta = count - (seenFailures.get(job) ?? 0);
      if (delta > 0) metrics.jobFailures.inc({ job }, delta);
      seenFailures.set(job, count);
    }
  });

  let queue: Queue | undefined;
  let connection: Redis | undefined;
  if (deps.jobs.kind === 'bullmq' && deps.redisUrl) {
    connection = new Redis(deps.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    connection.on('error', () => undefined);
    queue = new Queue(BULLMQ_QUEUE.name, { connection, prefix: BULLMQ_QUEUE.prefix });
    queue.on('error', () => undefined);
    const counting = queue;
    metrics.onScrape(async () => {
      const counts = await counting.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ state }, count);
    });
  }
  return async () => {
    await queue?.close().catch(() => undefined);
    await connection?.quit().catch(() => undefined);
  };
}
