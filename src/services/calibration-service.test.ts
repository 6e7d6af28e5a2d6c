import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../tests/helpers/test-backends.js';
import { buildChoiceItem } from '../../tests/helpers/builders.js';
import { createRng, randomNormal } from '../domain/rng.js';
import type { Store } from '../store/open-store.js';
import type { InterviewsTable, ResponsesTable } from '../store/schema.js';
import { ItemRepository } from '../store/repositories/item-repository.js';
import { CalibrationService } from './calibration-service.js';

const TRUE_B = [-1.5, -0.75, 0, 0.75, 1.5, -1, 1, 0.25];

for (const backend of testBackends()) {
  describe(`${backend.name}: items calibrate`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.open();
      const items = new ItemRepository(store.db);
      // Stored parameters start wrong (b = 0 for all); the responses follow TRUE_B with a = 1.2.
      await items.saveVersions(TRUE_B.map((_, i) => ({ item: buildChoiceItem({ id: `lookups.cal-${i}`, irt: { model: '2pl', a: 1, b: 0, c: 0 } }), version: 'v1' })));
      const org = randomUUID();
      const profile = randomUUID();
      await store.db.insertInto('organisations').values({ id: org, name: 'Cal', slug: `cal-${org}`, settings: '{}' }).execute();
      await store.db.insertInto('interview_profiles').values({ id: profile, organisation_id: org, name: 'p', role: '', level: 3, skill_areas: '{}', settings: '{}' }).execute();
      const rng = createRng(11);
      const interviews: Insertable<InterviewsTable>[] = [];
      const responses: Insertable<ResponsesTable>[] = [];
      for (let person = 0; person < 500; person++) {
        const id = randomUUID();
        interviews.push({ id, organisation_id: org, profile_id: profile, candidate_id: null, state: 'completed' as const, invite_token_hash: id, invite_expires_at: new Date(), seed: 1, session_sealed: 'x' });
        const theta = randomNormal(rng);
        TRUE_B.forEach((b, i) => {
          const p = 1 / (1 + Math.exp(-1.2 * (theta - b)));
          const score = rng.next() < p ? 1 : 0;
          responses.push({ id: randomUUID(), interview_id: id, item_id: `lookups.cal-${i}`, item_version: 'v1', sequence: i + 1, idempotency_key: `k${i}`, answer_sealed: 'x', grade_sealed: 'x', score, max_score: 1, confidence: 1, grader_version: 'choice@1.0.0', flags: '[]', answered_at: new Date() });
        });
      }
      for (let i = 0; i < interviews.length; i += 200) await store.db.insertInto('interviews').values(interviews.slice(i, i + 200)).execute();
      for (let i = 0; i < responses.length; i += 500) await store.db.insertInto('responses').values(responses.slice(i, i + 500)).execute();
    });
    afterAll(() => store.close());

    it('recovers difficulties from stored responses, flags drift, and writes versions only with apply', async () => {
      const service = new CalibrationService(store.db, new ItemRepository(store.db));
      const dry = await service.calibrate({ minResponses: 100 });
      expect(dry.responses).toBe(500 * TRUE_B.length);
      const recovered = TRUE_B.map((_, i) => dry.result.items.find((c) => c.itemId === `lookups.cal-${i}`)?.params);
      recovered.forEach((params, i) => {
        expect(params?.model).toBe('2pl');
        if (params?.model === '2pl') expect(Math.abs(params.b - (TRUE_B[i] ?? 0))).toBeLessThan(0.35);
      });
      expect(dry.drift.length).toBeGreaterThan(0);
      expect(dry.applied).toEqual([]);
      expect(await new ItemRepository(store.db).countVersions('lookups.cal-0')).toBe(1);

      const applied = await service.calibrate({ minResponses: 100, apply: true });
      expect(applied.applied).toHaveLength(TRUE_B.length);
      expect(await new ItemRepository(store.db).countVersions('lookups.cal-0')).toBe(2);
      const current = await new ItemRepository(store.db).findCurrent('lookups.cal-0');
      expect(current?.item.irt.model === '2pl' && current.item.irt.b).toBeLessThan(-1);
    });
  });
}
