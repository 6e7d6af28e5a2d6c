/** What the ledger needs from the store (EffectRepository implements it). */
export interface EffectStore {
  find(key: string): Promise<{ state: 'attempting' | 'done'; result: Record<string, unknown> } | undefined>;
  /** Claims one attempt; `claimed: false` when the effect is done or another attempt's claim is younger than `claimMs`. */
  begin(input: { key: string; kind: string; organisationId: string | null; subjectId: string | null; now: Date; claimMs: number }): Promise<{ state: 'attempting' | 'done'; attempts: number; result: Record<string, unknown>; claimed: boolean }>;
  finish(key: string, result: Record<string, unknown>, now: Date): Promise<boolean>;
  fail(key: string, error: string, now: Date): Promise<void>;
}

export type EffectOutcome = { readonly kind: 'sent'; readonly result: Record<string, unknown> } | { readonly kind: 'already-done'; readonly result: Record<string, unknown> };

export interface EffectKey {
  /** Unique per effect, e.g. `email.invitation.<interviewId>`. */
  readonly key: string;
  readonly kind: string;
  readonly organisationId: string | null;
  readonly subjectId: string | null;
}

/** Another run is sending this effect right now; the job retries later and then finds it done. */
export class EffectBusyError extends Error {
  constructor(key: string) {
    super(`effect ${key} is being sent by another run`);
    this.name = 'EffectBusyError';
  }
}

/**
 * Exactly-once external effects over at-least-once jobs. Before sending, the ledger claims the
 * effect; after, it marks it done with what the provider answered. A job run again (a retry, a
 * crash after the send) finds the effect done and sends nothing, and two runs at once (duplicate
 * jobs) cannot both send: the second finds the claim and throws `EffectBusyError`, so its job
 * retries. A claim lapses when its attempt fails, or after `claimMs` (the runner died). The one
 * window left, a crash between the provider accepting and the mark, is closed where the protocol
 * allows by a stable idempotency key (`attempt` and `key` are passed to the send: Message-ID,
 * Idempotency-Key).
 */
export class EffectLedger {
  constructor(
    private readonly store: EffectStore,
    private readonly now: () => Date = () => new Date(),
    /** How long an attempt holds its claim; the job lease, after which a dead runner's job runs again. */
    private readonly claimMs = 60_000,
  ) {}

  async once(effect: EffectKey, send: (attempt: number) => Promise<Record<string, unknown>>): Promise<EffectOutcome> {
    const existing = await this.store.find(effect.key);
    if (existing?.state === 'done') return { kind: 'already-done', result: existing.result };
    const row = await this.store.begin({ ...effect, now: this.now(), claimMs: this.claimMs });
    if (row.state === 'done') return { kind: 'already-done', result: row.result };
    if (!row.claimed) throw new EffectBusyError(effect.key);
    let result: Record<string, unknown>;
    try {
      result = await send(row.attempts);
    } catch (error) {
      await this.store.fail(effect.key, error instanceof Error ? error.message : String(error), this.now()).catch(() => undefined);
      throw error;
    }
    await this.store.finish(effect.key, result, this.now());
    return { kind: 'sent', result };
  }

  async isDone(key: string): Promise<boolean> {
    return (await this.store.find(key))?.state === 'done';
  }
}
