import { describe, expect, it } from 'vitest';
import { agreement } from './agreement.js';

describe('agreement', () => {
  const cases = [
    { name: 'perfect', pairs: [0, 1, 2, 3, 4].map((s) => ({ machine: s, human: s })), exact: 1, within1: 1, qwk: 1 },
    { name: 'off by one everywhere', pairs: [0, 1, 2, 3].map((s) => ({ machine: s + 1, human: s })), exact: 0, within1: 1 },
    { name: 'empty', pairs: [], exact: 0, within1: 0, qwk: 0 },
    { name: 'reversed', pairs: [0, 1, 3, 4].map((s) => ({ machine: 4 - s, human: s })), exact: 0, within1: 0 },
  ];
  it.each(cases)('$name', ({ pairs, exact, within1, qwk }) => {
    const result = agreement(pairs);
    expect(result.n).toBe(pairs.length);
    expect(result.exact).toBeCloseTo(exact);
    expect(result.within1).toBeCloseTo(within1);
    if (qwk !== undefined) expect(result.qwk).toBeCloseTo(qwk);
  });
  it('gives a negative kappa for systematic reversal and a lower one for larger errors', () => {
    expect(agreement([0, 1, 3, 4].map((s) => ({ machine: 4 - s, human: s }))).qwk).toBeLessThan(0);
    const small = agreement([0, 1, 2, 3, 4].map((s) => ({ machine: Math.min(4, s + 1), human: s }))).qwk;
    const large = agreement([0, 1, 2, 3, 4].map((s) => ({ machine: s >= 2 ? 0 : 4, human: s }))).qwk;
    expect(small).toBeGreaterThan(large);
  });
  it('matches a hand-computed kappa', () => {
    // Two raters, 0-1 only on a 0-4 scale: observed disagreements 1 of 4 at weight 1/16.
    const result = agreement([
      { machine: 0, human: 0 },
      { machine: 1, human: 1 },
      { machine: 1, human: 0 },
      { machine: 1, human: 1 },
    ]);
    // expected cost = sum_ij w_ij r_i c_j / n = (1/16)(r0 c1 + r1 c0)/4 = (1/16)(1*2 + 3*2)/4 = 2/16
    expect(result.qwk).toBeCloseTo(1 - 1 / 16 / (2 / 16));
  });
});
