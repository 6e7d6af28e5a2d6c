import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/main.js';
import { createFieldCipher } from '../../src/store/crypto/field-cipher.js';
import type { Store } from '../../src/store/open-store.js';
import { InterviewRepository } from '../../src/store/repositories/interview-repository.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';

const INTERVIEWS = 24;
const ITEMS = Array.from({ length: 200 }, (_, i) => `lookups.shared-${String(i).padStart(3, '0')}`);

/** A different order of the same items per interview, as completions in the wild would list them. */
function shuffled(seed: number): string[] {
  const out = [...ITEMS];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (seed * 7919 + i * 104729) % (i + 1);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return seed % 2 === 0 ? out : out.reverse();
}

for (const backend of testBackends()) {
  describe(`${backend.name}: interviews completing at the same moment`, () => {
    let store: Store;
    let platform: Platform;

    beforeAll(async () => {
      store = await backend.open();
      ({ platform } = await buildTestApp(store, { DEMO_SEED: 'true' }));
    });
    afterAll(async () => {
      await platform.close();
    });

    it('all add their exposure, none deadlocks, every count is exact', async () => {
      const demos = await Promise.all(Array.from({ length: INTERVIEWS }, () => platform.services.interviews.createDemo()));
      // The rows' sessions are only written here, never read, so a cipher of the test's own will do.
      const repository = new InterviewRepository(store.db, createFieldCipher({ keys: new Map([['t', randomBytes(32)]]), currentKeyId: 't', indexKey: randomBytes(32) }));
      const totalsBefore = (await store.db.selectFrom('exposure_totals').select('interviews').executeTakeFirstOrThrow()).interviews;
      const outcomes = await Promise.all(
        demos.map(async ({ interviewId }, n) => {
          const row = await store.db.selectFrom('interviews').select(['organisation_id', 'revision']).where('id', '=', interviewId).executeTakeFirstOrThrow();
          const order = shuffled(n);
          return repository.writeTurn({
            interviewId,
            organisationId: row.organisation_id,
            expectedRevision: row.revision,
            session: { state: 'completed' } as never,
            messages: [],
            responses: [],
            exposure: { eligible: order, administered: order.slice(0, 10), priceDeltas: new Map(order.map((id, k) => [id, k % 3 === 0 ? -0.01 : 0.02])) },
            now: new Date(),
          });
        }),
      );
      expect(outcomes.map((o) => o.kind)).toEqual(Array.from({ length: INTERVIEWS }, () => 'written'));
      const rows = await store.db.selectFrom('item_exposure').select(['item_id', 'eligible']).where('item_id', 'in', ITEMS).execute();
      expect(rows).toHaveLength(ITEMS.length);
      for (const row of rows) expect(row.eligible).toBe(INTERVIEWS);
      const totalsAfter = (await store.db.selectFrom('exposure_totals').select('interviews').executeTakeFirstOrThrow()).interviews;
      expect(totalsAfter - totalsBefore).toBe(INTERVIEWS);
    });
  });
}
