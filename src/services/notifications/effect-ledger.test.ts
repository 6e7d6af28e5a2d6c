import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/open-store.js';
import { EffectRepository } from '../../store/repositories/outbox-repository.js';
import { testBackends } from '../../../tests/helpers/test-backends.js';
import { EffectBusyError, EffectLedger } from './effect-ledger.js';

const effect = (key: string) => ({ key, kind: 'email.test', organisationId: null, subjectId: null });

for (const backend of testBackends()) {
  describe(`${backend.name}: the effect ledger`, () => {
    let store: Store;
    let clock = new Date('2026-11-24T10:00:00Z');
    let ledger: EffectLedger;

    beforeAll(async () => {
      store = await backend.open();
      ledger = new EffectLedger(new EffectRepository(store.db), () => clock, 60_000);
    });
    afterAll(async () => {
      await store.close();
    });

    it('lets one of two simultaneous runs send; the other is told to retry, then finds it done', async () => {
      let sends = 0;
      let release: () => void = () => undefined;
      const slowSend = async () => {
        sends += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return { messageId: 'm1' };
      };
      const first = ledger.once(effect('email.a'), slowSend);
      await expect.poll(() => sends).toBe(1);
      await expect(ledger.once(effect('email.a'), slowSend)).rejects.toBeInstanceOf(EffectBusyError);
      release();
      expect(await first).toEqual({ kind: 'sent', result: { messageId: 'm1' } });
      expect(await ledger.once(effect('email.a'), slowSend)).toEqual({ kind: 'already-done', result: { messageId: 'm1' } });
      expect(sends).toBe(1);
    });

    it('lets the next run retry at once after a failed attempt, and after the claim lapses when a runner died', async () => {
      await expect(ledger.once(effect('email.b'), async () => Promise.reject(new Error('smtp 451')))).rejects.toThrow('smtp 451');
      expect(await ledger.once(effect('email.b'), async () => ({ attempt: 2 }))).toMatchObject({ kind: 'sent' });

      // A runner that claimed and died leaves a fresh claim: busy until it lapses.
      await new EffectRepository(store.db).begin({ ...effect('email.c'), now: clock, claimMs: 60_000 });
      await expect(ledger.once(effect('email.c'), async () => ({}))).rejects.toBeInstanceOf(EffectBusyError);
      clock = new Date(clock.getTime() + 60_000);
      expect(await ledger.once(effect('email.c'), async (attempt) => ({ attempt }))).toEqual({ kind: 'sent', result: { attempt: 2 } });
    });
  });
}
