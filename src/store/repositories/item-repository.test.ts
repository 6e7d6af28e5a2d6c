import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../../tests/helpers/test-backends.js';
import { buildChoiceItem } from '../../../tests/helpers/builders.js';
import type { Store } from '../open-store.js';
import { ItemRepository } from './item-repository.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: items`, () => {
    let store: Store;
    let repo: ItemRepository;
    beforeAll(async () => {
      store = await backend.open();
      repo = new ItemRepository(store.db);
    });
    afterAll(() => store.close());

    it('adds a version only when the content changed, keeping old versions', async () => {
      const v1 = buildChoiceItem({ id: 'lookups.demo-versions' });
      expect(await repo.saveVersions([{ item: v1, version: 'v1' }])).toEqual({ added: 1, unchanged: 0 });
      expect(await repo.saveVersions([{ item: v1, version: 'v1' }])).toEqual({ added: 0, unchanged: 1 });
      const v2 = { ...v1, prompt: 'Edited prompt' };
      expect(await repo.saveVersions([{ item: v2, version: 'v2' }])).toEqual({ added: 1, unchanged: 0 });

      expect((await repo.findCurrent(v1.id))?.item.prompt).toBe('Edited prompt');
      expect((await repo.findVersion(v1.id, 'v1'))?.item.prompt).toBe(v1.prompt);
      expect(await repo.countVersions(v1.id)).toBe(2);
    });

    it('lists current items with filters and a total', async () => {
      await repo.saveVersions([
        { item: buildChoiceItem({ id: 'lookups.a', level: 2 }), version: 'x' },
        { item: buildChoiceItem({ id: 'lookups.b', level: 4 }), version: 'x' },
      ]);
      const level4 = await repo.listCurrent({ level: 4 });
      expect(level4.items.map((s) => s.item.id)).toEqual(['lookups.b']);
      const all = await repo.listCurrent({ limit: 2 });
      expect(all.items).toHaveLength(2);
      expect(all.total).toBe(3);
    });
  });
}
