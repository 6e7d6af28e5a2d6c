/** What the ledger needs from the store (EffectRepository implements it). */
export interface EffectStore {
  find(key: string): Promise<{ state: 'attempting' | 'done'; result: Record<string, unknown> } | undefined>;
  begin(input: { key: string; kind: string; organisationId: string | null; subjectId: string | null; now: Date }): Promise<{ state: 'attempting' | 'done'; attempts: number; result: Record<string, unknown> }>;
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

/**
 * Exactly-once external effects over at-least-once jobs. Before sending, the ledger records an
 * attempt; after, it marks the effect done with what the provider answered. A job run again (a
 * retry, a crash after the send) finds the effect done and sends nothing. The one window left, a
 * crash between the provider accepting and the mark, is closed where the protocol allows by a
 * stable idempotency key (`attempt` and `key` are passed to the send: Message-ID, Idempotency-Key).
 */
export class EffectLedger {
  constructor(
    private readonly store: EffectStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async once(effect: EffectKey, send: (attempt: number) => Promise<Record<string, unknown>>): Promise<EffectOutcome> {
    const existing = await this.store.find(effect.key);
    if (existing?.state === 'done') return { kind: 'already-done', result: existing.result };
    const row = await this.store.begin({ ...effect, now: this.now() });
    if (row.state === 'done') return { kind: 'already-done', result: row.result };
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
