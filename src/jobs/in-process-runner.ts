import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type ClaimedJob, type DeadLetter, type EnqueueOptions, type JobDefinition, type JobQueueStore, type JobRunner, retryDelayMs } from './job-runner.js';
import { MemoryJobQueue } from './memory-job-queue.js';

export interface InProcessRunnerOptions {
  /** Where jobs wait; main.ts passes the database queue so pending jobs survive a crash. Default: memory. */
  readonly queue?: JobQueueStore;
  /** A running job's lease, renewed every third of it; a crashed runner's jobs run again once it lapses. */
  readonly leaseMs?: number;
  /** How often to look for jobs other instances enqueued or whose lease lapsed. */
  readonly pollMs?: number;
  /** Jobs run at once by this instance. */
  readonly concurrency?: number;
}

interface Schedule {
  readonly name: string;
  readonly intervalMs: number;
  readonly data: unknown;
  lastSlot: number | undefined;
}

const DAY_MS = 86_400_000;

/**
 * Runs jobs in this process from a queue store: leases each claimed job (renewing the lease while
 * it runs), retries with exponential backoff and jitter, dead-letters with the reason. With the
 * database queue, a restart resumes pending jobs and jobs interrupted mid-run; schedules enqueue one
 * job per interval slot under a deterministic id, so many instances run each slot once.
 */
export class InProcessRunner implements JobRunner {
  readonly kind = 'in-process' as const;
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private readonly schedules: Schedule[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly queue: JobQueueStore;
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private closed = false;
  private lastPrune = 0;

  constructor(
    private readonly logger: Logger,
    options: InProcessRunnerOptions = {},
  ) {
    this.queue = options.queue ?? new MemoryJobQueue();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 4;
  }

  define<T>(definition: JobDefinition<T>): void {
    this.definitions.set(definition.name, definition as JobDefinition<never>);
  }

  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}): Promise<string> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`no job named ${name}`);
    const id = options.jobId ?? randomUUID();
    const added = await this.queue.add({ id, name, data, runAt: new Date(Date.now() + (options.delayMs ?? 0)), maxAttempts: definition.attempts ?? 5, backoffMs: definition.backoffMs ?? 1000 });
    if (added) this.wake?.();
    return id;
  }

  async every(name: string, intervalMs: number, data: unknown = {}): Promise<void> {
    if (!this.definitions.has(name)) throw new Error(`no job named ${name}`);
    this.schedules.push({ name, intervalMs, data, lastSlot: undefined });
    this.wake?.();
  }

  async start(): Promise<void> {
    if (this.loop || this.closed) return;
    this.loop = this.poll();
  }

  async deadLetters(): Promise<DeadLetter[]> {
    return this.queue.deadLetters(200);
  }

  /** Waits for every job that is running now (tests use this instead of sleeping). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loop;
    await this.drain();
  }

  private async poll(): Promise<void> {
    while (!this.closed) {
      let claimedAll = false;
      try {
        await this.enqueueDueSchedules();
        const free = this.concurrency - this.running.size;
        if (free > 0) {
          const now = new Date();
          const claimed = await this.queue.claim({ names: [...this.definitions.keys()], owner: this.owner, now, leaseUntil: new Date(now.getTime() + this.leaseMs), limit: free });
          for (const job of claimed) this.run(job);
          claimedAll = claimed.length === free;
        }
        if (Date.now() - this.lastPrune > 3_600_000) {
          this.lastPrune = Date.now();
          await this.queue.prune(new Date(Date.now() - 7 * DAY_MS));
        }
      } catch (error) {
        if (this.closed) break;
        this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'job queue unavailable; retrying');
      }
      if (!claimedAll || this.running.size >= this.concurrency) await this.sleep(await this.idleDelay());
    }
  }

  private async idleDelay(): Promise<number> {
    let delay = this.pollMs;
    const next = await this.queue.nextRunAt([...this.definitions.keys()]).catch(() => undefined);
    if (next) delay = Math.min(delay, Math.max(0, next.getTime() - Date.now()));
    for (const schedule of this.schedules) delay = Math.min(delay, Math.max(0, (Math.floor(Date.now() / schedule.intervalMs) + 1) * schedule.intervalMs - Date.now()));
    return delay;
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** One job per schedule slot, under an id every instance computes the same way. */
  private async enqueueDueSchedules(): Promise<void> {
    const now = Date.now();
    for (const schedule of this.schedules) {
      const slot = Math.floor(now / schedule.intervalMs);
      if (schedule.lastSlot === slot) continue;
      await this.enqueue(schedule.name, schedule.data, { jobId: `every.${schedule.name}.${new Date(slot * schedule.intervalMs).toISOString()}` });
      schedule.lastSlot = slot;
    }
  }

  private run(job: ClaimedJob): void {
    const task = this.execute(job).finally(() => {
      this.running.delete(task);
      this.wake?.();
    });
    this.running.add(task);
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const definition = this.definitions.get(job.name);
    if (!definition) return;
    if (job.attempt > job.maxAttempts) {
      await this.deadLetter(job, 'interrupted on every attempt (the process running it stopped)');
      return;
    }
    const heartbeat = setInterval(() => {
      void this.queue.extendLease(job.id, this.owner, new Date(Date.now() + this.leaseMs)).catch(() => undefined);
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    try {
      await definition.handler(job.data as never, { jobId: job.id, attempt: job.attempt, maxAttempts: job.maxAttempts });
      clearInterval(heartbeat);
      await this.queue.complete(job.id, this.owner, new Date());
    } catch (error) {
      clearInterval(heartbeat);
      const reason = error instanceof Error ? error.message : String(error);
      try {
        if (job.attempt >= job.maxAttempts) {
          await this.deadLetter(job, reason);
        } else {
          this.logger.warn({ job: job.name, jobId: job.id, attempt: job.attempt, reason }, 'job failed; retrying');
          await this.queue.retry(job.id, this.owner, { runAt: new Date(Date.now() + retryDelayMs(job.backoffMs, job.attempt, Math.random())), error: reason, now: new Date() });
        }
      } catch (storeError) {
        this.logger.warn({ job: job.name, jobId: job.id, reason: storeError instanceof Error ? storeError.message : String(storeError) }, 'could not record a job failure; its lease will lapse and it will run again');
      }
    }
  }

  private async deadLetter(job: ClaimedJob, reason: string): Promise<void> {
    await this.queue.bury(job.id, this.owner, { error: reason, now: new Date() });
    this.logger.error({ job: job.name, jobId: job.id, attempts: job.attempt, reason }, 'job dead-lettered');
  }
}
