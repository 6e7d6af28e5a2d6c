import { describe, expect, it } from 'vitest';
import { createAdaptiveState, recordCategory } from './adaptive-state.js';
import { estimateFromParams } from './estimate-ability.js';
import { scaleScore } from './scale-score.js';
import { skillScores } from './skill-scores.js';
import { buildItem } from './testing/build-item.js';

describe('skillScores', () => {
  it('gives each area the EAP of its own items, with its SE and count', () => {
    const items = [
      buildItem({ id: 'k.1', area: 'lookups', irt: { model: '2pl', a: 1.5, b: 0, c: 0 } }),
      buildItem({ id: 'k.2', area: 'lookups', irt: { model: '2pl', a: 1, b: 1, c: 0 } }),
      buildItem({ id: 'k.3', area: 'pivot-tables', irt: { model: 'grm', a: 1, thresholds: [-1, 0, 1, 2] } }),
      buildItem({ id: 'k.4', area: 'pivot-tables', irt: { model: '2pl', a: 1, b: 0, c: 0 }, status: 'draft' }),
    ];
    const categories = [1, 1, 1, 0];
    let state = createAdaptiveState({ seed: 1 });
    items.forEach((item, i) => (state = recordCategory(state, item, categories[i]!)));
    const scores = skillScores(state, items);
    const lookups = estimateFromParams([
      { params: items[0]!.irt, category: 1 },
      { params: items[1]!.irt, category: 1 },
    ]);
    const pivots = estimateFromParams([{ params: items[2]!.irt, category: 1 }]);
    expect(scores.lookups).toEqual({ theta: lookups.theta, se: lookups.se, n: 2 });
    expect(scores['pivot-tables']).toEqual({ theta: pivots.theta, se: pivots.se, n: 1 });
    expect(Object.keys(scores).sort()).toEqual(['lookups', 'pivot-tables']);
  });
});

describe('scaleScore', () => {
  it.each([
    { theta: 0, se: 0.3, expected: { score: 50, band: [41, 59], level: 3, label: 'intermediate' } },
    { theta: 1, se: 0.25, expected: { score: 65, band: [58, 72], level: 4, label: 'advanced' } },
    { theta: -2, se: 0.5, expected: { score: 20, band: [5, 35], level: 1, label: 'entry' } },
    { theta: 1.6, se: 0.3, expected: { score: 74, band: [65, 83], level: 5, label: 'expert' } },
    { theta: -0.6, se: 0.3, expected: { score: 41, band: [32, 50], level: 2, label: 'basic' } },
    { theta: 4, se: 1, expected: { score: 100, band: [81, 100], level: 5, label: 'expert' } },
  ])('θ=$theta SE=$se → $expected.score ($expected.label)', ({ theta, se, expected }) => {
    expect(scaleScore(theta, se)).toEqual(expected);
  });
});
