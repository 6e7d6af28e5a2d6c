import { describe, expect, it } from 'vitest';
import type { Item } from '../bank/item.js';
import type { AdaptiveConfig } from './adaptive-config.js';
import { createAdaptiveState, recordCategory } from './adaptive-state.js';
import { exposureUpdate, type ExposureCounts } from './exposure.js';
import { buildItem } from './testing/build-item.js';

const item = (id: string): Item => buildItem({ id, irt: { model: '2pl', a: 1, b: 0, c: 0 } });
const pool = [item('x.asked'), item('x.priced'), item('x.free')];

function afterAsking(config: AdaptiveConfig): ReturnType<typeof exposureUpdate> {
  const state = recordCategory(createAdaptiveState(config), pool[0]!, 1);
  const counts: ExposureCounts = { interviews: 10, items: new Map([['x.priced', { eligible: 10, administered: 2, price: 0.1 }]]) };
  return exposureUpdate(pool, state, counts);
}

describe('exposureUpdate: shadow prices', () => {
  it.each([
    // λ ← max(0, λ + η(x − ρ·cap)); defaults η = 0.03, ρ = 0.9, cap 0.25 (aim 0.225).
    { name: 'defaults', config: { seed: 1 }, asked: 0.03 * (1 - 0.225), priced: 0.1 - 0.03 * 0.225 },
    { name: 'aimed at the cap itself', config: { seed: 1, exposure: { priceStep: 0.01, priceTarget: 1 } }, asked: 0.01 * 0.75, priced: 0.1 - 0.01 * 0.25 },
    { name: 'a cap override', config: { seed: 1, exposure: { cap: 0.5 } }, asked: 0.03 * (1 - 0.45), priced: 0.1 - 0.03 * 0.45 },
  ] as { name: string; config: AdaptiveConfig; asked: number; priced: number }[])('$name: the asked item gets dearer, the others cheaper', ({ config, asked, priced }) => {
    const update = afterAsking(config);
    expect(update.administered).toEqual(['x.asked']);
    expect(update.prices.get('x.asked')).toBeCloseTo(asked, 12);
    expect(update.prices.get('x.priced')).toBeCloseTo(priced, 12);
    // A price at zero stays at zero, so it is not reported.
    expect(update.prices.has('x.free')).toBe(false);
  });
});
