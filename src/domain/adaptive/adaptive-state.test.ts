import { describe, expect, it } from 'vitest';
import type { IrtParams } from '../bank/item.js';
import { createAdaptiveState, gradeToCategory, recordResponse } from './adaptive-state.js';
import { estimateFromParams } from './estimate-ability.js';
import { buildItem } from './testing/build-item.js';

const dichotomous: IrtParams = { model: '2pl', a: 1, b: 0, c: 0 };
const graded: IrtParams = { model: 'grm', a: 1, thresholds: [-1.5, -0.5, 0.5, 1.5] };

describe('gradeToCategory', () => {
  it.each([
    { params: dichotomous, score: 1, maxScore: 1, expected: 1 },
    { params: dichotomous, score: 0, maxScore: 1, expected: 0 },
    { params: dichotomous, score: 3, maxScore: 4, expected: 0 },
    { params: dichotomous, score: 4, maxScore: 4, expected: 1 },
    { params: graded, score: 0, maxScore: 4, expected: 0 },
    { params: graded, score: 2.4, maxScore: 4, expected: 2 },
    { params: graded, score: 2.5, maxScore: 4, expected: 3 },
    { params: graded, score: 4, maxScore: 4, expected: 4 },
    { params: graded, score: 0.6, maxScore: 1, expected: 2 },
    { params: graded, score: 9, maxScore: 4, expected: 4 },
  ])('$params.model score $score/$maxScore → category $expected', ({ params, score, maxScore, expected }) => {
    expect(gradeToCategory(params, { score, maxScore })).toBe(expected);
  });
});

describe('recordResponse', () => {
  const items = [
    buildItem({ id: 'x.one', irt: { model: '2pl', a: 1.2, b: -0.5, c: 0 } }),
    buildItem({ id: 'x.two', irt: { model: '3pl', a: 0.9, b: 0.4, c: 0.2 } }),
    buildItem({ id: 'x.three', irt: graded, kind: 'concept' }),
  ];

  it('updates the estimate to the EAP of the answers so far, without changing the input state', () => {
    const start = createAdaptiveState({ seed: 1 });
    const grades = [
      { score: 1, maxScore: 1 },
      { score: 0, maxScore: 1 },
      { score: 3, maxScore: 4 },
    ];
    let state = start;
    items.forEach((item, i) => (state = recordResponse(state, item, grades[i]!)));
    const expected = estimateFromParams([
      { params: items[0]!.irt, category: 1 },
      { params: items[1]!.irt, category: 0 },
      { params: items[2]!.irt, category: 3 },
    ]);
    expect(state.theta).toBeCloseTo(expected.theta, 10);
    expect(state.se).toBeCloseTo(expected.se, 10);
    expect(state.scoredCount).toBe(3);
    expect(state.log.map((e) => e.itemId)).toEqual(['x.one', 'x.two', 'x.three']);
    expect(start.responses).toHaveLength(0);
    expect(start.theta).toBeCloseTo(0, 10);
  });

  it('keeps draft (pretest) answers without scoring them', () => {
    const draft = buildItem({ id: 'x.draft', irt: dichotomous, status: 'draft' });
    const state = recordResponse(createAdaptiveState({ seed: 1 }), draft, { score: 1, maxScore: 1 });
    expect(state.responses).toEqual([expect.objectContaining({ itemId: 'x.draft', category: 1, scored: false })]);
    expect(state.scoredCount).toBe(0);
    expect(state.theta).toBeCloseTo(0, 10);
    expect(state.se).toBeCloseTo(1, 3);
  });
});
