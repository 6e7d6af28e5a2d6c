import type { Store } from '../store/open-store.js';
import { pendingMigrations } from '../store/migrate.js';

export interface ReadinessCheck {
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ok: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

/** Something the readiness probe asks; Redis adds one when configured. */
export type ReadinessProbe = () => Promise<ReadinessCheck>;

/** Answers `/ready`: the database answers and has every migration this code knows. */
export class HealthService {
  private readonly probes = new Map<string, ReadinessProbe>();

  constructor(private readonly store: Store) {
    this.probes.set('database', async () => {
      await this.store.ping();
      return { ok: true, detail: this.store.backend };
    });
    this.probes.set('migrations', async () => {
      const pending = await pendingMigrations(this.store.db, this.store.schema);
      return pending.length === 0 ? { ok: true, detail: 'current' } : { ok: false, detail: `pending: ${pending.join(', ')}` };
    });
  }

  addProbe(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  async readiness(): Promise<Readiness> {
    const entries = await Promise.all(
      [...this.probes].map(async ([name, probe]): Promise<[string, ReadinessCheck]> => {
        try {
          return [name, await withTimeout(probe(), 2000)];
        } catch (error) {
          return [name, { ok: false, detail: (error as Error).message || 'unreachable' }];
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    // A degraded Redis is reported but does not make the instance unready: it falls back to local.
    const ok = entries.every(([name, check]) => check.ok || name === 'redis');
    return { ok, checks };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
