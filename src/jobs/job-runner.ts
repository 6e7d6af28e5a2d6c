/**
 * One job interface: handlers are registered by name and enqueued with data. The in-process runner
 * is the default; with REDIS_URL the BullMQ runner spreads the same jobs over worker processes.
 */
export interface JobContext {
  readonly jobId: string;
  /** 1 on the first run, 2 on the first retry, … (a run interrupted by a crash counts). */
  readonly attempt: number;
  /** The job's total attempts: a handler may record a final failure when `attempt === maxAttempts`. */
  readonly maxAttempts: number;
}

export interface JobDefinition<T = unknown> {
  readonly name: string;
  /** Must be idempotent: a job may run again after a crash or a retry. */
  readonly handler: (data: T, context: JobContext) => Promise<void>;
  /** Total attempts before the job is dead-lettered; default 5. */
  readonly attempts?: number;
  /** First retry delay; doubles each attempt, with jitter; default 1000 ms. */
  readonly backoffMs?: number;
}

export interface EnqueueOptions {
  /** Same id, same job: enqueueing twice does nothing the second time. */
  readonly jobId?: string;
  readonly delayMs?: number;
}

/** A job as the durable queue hands it to a runner: leased to one runner until it finishes or the lease lapses. */
export interface ClaimedJob {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  /** Attempts including this one. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

/**
 * Where the in-process runner keeps its jobs. The database implementation (OutboxRepository) makes
 * pending jobs survive a crash and lets several instances share one queue; a lapsed lease (the
 * runner died mid-job) makes a job claimable again.
 */
export interface JobQueueStore {
  /** Adds a job unless one with the same id exists; true when added. */
  add(job: { id: string; name: string; data: unknown; runAt: Date; maxAttempts: number; backoffMs: number }): Promise<boolean>;
  /** Leases up to `limit` due jobs (or jobs whose lease lapsed) with these names to `owner`, counting an attempt each. */
  claim(input: { names: readonly string[]; owner: string; now: Date; leaseUntil: Date; limit: number }): Promise<ClaimedJob[]>;
  /** Keeps a running job leased; false when the lease was lost. */
  extendLease(id: string, owner: string, leaseUntil: Date): Promise<boolean>;
  complete(id: string, owner: string, now: Date): Promise<void>;
  retry(id: string, owner: string, input: { runAt: Date; error: string; now: Date }): Promise<void>;
  /** Dead-letters a job with the reason it failed. */
  bury(id: string, owner: string, input: { error: string; now: Date }): Promise<void>;
  deadLetters(limit: number): Promise<DeadLetter[]>;
  /** When the next pending job with these names is due (to sleep until then). */
  nextRunAt(names: readonly string[]): Promise<Date | undefined>;
  /** Deletes finished jobs older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

export interface DeadLetter {
  readonly jobId: string;
  readonly name: string;
  readonly reason: string;
  readonly attempts: number;
}

export interface JobRunner {
  readonly kind: 'in-process' | 'bullmq';
  define<T>(definition: JobDefinition<T>): void;
  enqueue<T>(name: string, data: T, options?: EnqueueOptions): Promise<string>;
  /** Runs `name` every `intervalMs`, once across all instances sharing the queue. */
  every(name: string, intervalMs: number, data?: unknown): Promise<void>;
  /** Starts processing (API instances may only enqueue; workers process). */
  start(): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

/** Exponential backoff with full jitter, capped at five minutes. */
export function retryDelayMs(baseMs: number, attempt: number, random: number): number {
  const ceiling = Math.min(baseMs * 2 ** (attempt - 1), 300_000);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
