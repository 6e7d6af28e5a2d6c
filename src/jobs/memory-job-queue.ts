import type { ClaimedJob, DeadLetter, JobQueueStore } from './job-runner.js';

interface Row {
  id: string;
  name: string;
  data: unknown;
  state: 'pending' | 'running' | 'done' | 'dead';
  runAt: number;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  owner: string | undefined;
  leaseUntil: number;
  lastError: string | undefined;
  updatedAt: number;
}

/**
 * The job queue in this process's memory: what the in-process runner uses without a database (unit
 * tests, tools). Pending jobs do not survive a restart; main.ts gives the runner the database queue.
 */
export class MemoryJobQueue implements JobQueueStore {
  private readonly rows = new Map<string, Row>();

  async add(job: { id: string; name: string; data: unknown; runAt: Date; maxAttempts: number; backoffMs: number }): Promise<boolean> {
    if (this.rows.has(job.id)) return false;
    this.rows.set(job.id, { ...job, runAt: job.runAt.getTime(), state: 'pending', attempts: 0, owner: undefined, leaseUntil: 0, lastError: undefined, updatedAt: Date.now() });
    return true;
  }

  async claim(input: { names: readonly string[]; owner: string; now: Date; leaseUntil: Date; limit: number }): Promise<ClaimedJob[]> {
    const now = input.now.getTime();
    const due = [...this.rows.values()]
      .filter((r) => input.names.includes(r.name) && ((r.state === 'pending' && r.runAt <= now) || (r.state === 'running' && r.leaseUntil <= now)))
      .sort((a, b) => a.runAt - b.runAt)
      .slice(0, input.limit);
    return due.map((row) => {
      row.state = 'running';
      row.attempts++;
      row.owner = input.owner;
      row.leaseUntil = input.leaseUntil.getTime();
      return { id: row.id, name: row.name, data: row.data, attempt: row.attempts, maxAttempts: row.maxAttempts, backoffMs: row.backoffMs };
    });
  }

  async extendLease(id: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const row = this.owned(id, owner);
    if (row) row.leaseUntil = leaseUntil.getTime();
    return row !== undefined;
  }

  async complete(id: string, owner: string, now: Date): Promise<void> {
    const row = this.owned(id, owner);
    if (row) Object.assign(row, { state: 'done', owner: undefined, updatedAt: now.getTime() });
  }

  async retry(id: string, owner: string, input: { runAt: Date; error: string; now: Date }): Promise<void> {
    const row = this.owned(id, owner);
    if (row) Object.assign(row, { state: 'pending', owner: undefined, runAt: input.runAt.getTime(), lastError: input.error, updatedAt: input.now.getTime() });
  }

  async bury(id: string, owner: string, input: { error: string; now: Date }): Promise<void> {
    const row = this.owned(id, owner);
    if (row) Object.assign(row, { state: 'dead', owner: undefined, lastError: input.error, updatedAt: input.now.getTime() });
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    return [...this.rows.values()]
      .filter((r) => r.state === 'dead')
      .slice(0, limit)
      .map((r) => ({ jobId: r.id, name: r.name, reason: r.lastError ?? '', attempts: r.attempts }));
  }

  async nextRunAt(names: readonly string[]): Promise<Date | undefined> {
    let next: number | undefined;
    for (const r of this.rows.values()) {
      if (!names.includes(r.name)) continue;
      const at = r.state === 'pending' ? r.runAt : r.state === 'running' ? r.leaseUntil : undefined;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next === undefined ? undefined : new Date(next);
  }

  async prune(before: Date): Promise<number> {
    let n = 0;
    for (const [id, r] of this.rows) {
      if (r.state === 'done' && r.updatedAt < before.getTime()) {
        this.rows.delete(id);
        n++;
      }
    }
    return n;
  }

  private owned(id: string, owner: string): Row | undefined {
    const row = this.rows.get(id);
    return row && row.state === 'running' && row.owner === owner ? row : undefined;
  }
}
