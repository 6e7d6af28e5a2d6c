import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DeadLetter, EnqueueOptions, JobDefinition, JobRunner } from './job-runner.js';

/**
 * Jobs on Redis through BullMQ: any instance may enqueue, workers process, retries back off
 * exponentially, failures stay in the failed set with their reason (the dead letters), and
 * schedulers run each repeating job once across every instance.
 */
export class BullMqRunner implements JobRunner {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private readonly connections: Redis[] = [];
  private readonly definitions = new Map<string, JobDefinition<never>>();

  constructor(
    private readonly redisUrl: string,
    private readonly logger: Logger,
    private readonly queueName = 'excel-interviewer-jobs',
    private readonly options: { readonly leaseMs?: number; readonly concurrency?: number } = {},
  ) {
    this.queue = new Queue(queueName, { connection: this.connect(), prefix: 'xi' });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'job queue error'));
  }

  define<T>(definition: JobDefinition<T>): void {
    this.definitions.set(definition.name, definition as JobDefinition<never>);
  }

  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}): Promise<string> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`no job named ${name}`);
    const job = await this.queue.add(name, data, {
      ...(options.jobId ? { jobId: options.jobId } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
      attempts: definition.attempts ?? 5,
      backoff: { type: 'exponential', delay: definition.backoffMs ?? 1000, jitter: 0.5 },
      removeOnComplete: { count: 1000 },
      removeOnFail: false,
    });
    return job.id ?? '';
  }

  async every(name: string, intervalMs: number, data: unknown = {}): Promise<void> {
    await this.queue.upsertJobScheduler(`every:${name}`, { every: intervalMs }, { name, data });
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker(
      this.queueName,
      async (job) => {
        const definition = this.definitions.get(job.name);
        if (!definition) throw new Error(`no handler for job ${job.name}`);
        await definition.handler(job.data as never, { jobId: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
      },
      {
        connection: this.connect(),
        prefix: 'xi',
        concurrency: this.options.concurrency ?? 4,
        // A worker that dies mid-job stops renewing its lock; once it lapses the stalled-job check
        // puts the job back, so it runs again on another (or the restarted) worker.
        lockDuration: this.options.leaseMs ?? 30_000,
        stalledInterval: Math.max(500, Math.floor((this.options.leaseMs ?? 30_000) / 2)),
        maxStalledCount: 2,
      },
    );
    this.worker.on('failed', (job, error) => {
      const final = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) this.logger.error({ job: job.name, jobId: job.id, attempts: job.attemptsMade, reason: error.message }, 'job dead-lettered');
      else this.logger.warn({ job: job?.name, jobId: job?.id, reason: error.message }, 'job failed; retrying');
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'job worker error'));
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const failed = await this.queue.getFailed(0, 200);
    return failed
      .filter((job) => job.attemptsMade >= (job.opts.attempts ?? 1))
      .map((job) => ({ jobId: job.id ?? '', name: job.name, reason: job.failedReason, attempts: job.attemptsMade }));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await Promise.all(this.connections.map((connection) => connection.quit().catch(() => undefined)));
  }

  /** BullMQ needs `maxRetriesPerRequest: null` on its connections; the worker gets its own (blocking) one. */
  private connect(): Redis {
    const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    this.connections.push(connection);
    return connection;
  }
}
