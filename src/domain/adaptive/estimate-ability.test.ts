import { describe, expect, it } from 'vitest';
import type { IrtParams } from '../bank/item.js';
import { estimateFromParams, type ParamResponse } from './estimate-ability.js';
import { categoryProbabilities } from './irt-model.js';

/** Posterior mean and SD by Simpson's rule on [−8, 8] with 8,000 panels: an independent EAP. */
function bruteForceEap(responses: readonly ParamResponse[]): { mean: number; sd: number } {
  const n = 8000;
  const h = 16 / n;
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i <= n; i++) {
    const t = -8 + i * h;
    const weight = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    let f = Math.exp(-0.5 * t * t);
    for (const r of responses) f *= categoryProbabilities(r.params, t)[r.category]!;
    z += weight * f;
    m1 += weight * f * t;
    m2 += weight * f * t * t;
  }
  const mean = m1 / z;
  return { mean, sd: Math.sqrt(m2 / z - mean * mean) };
}

const twoPl = (a: number, b: number): IrtParams => ({ model: '2pl', a, b, c: 0 });
const threePl = (a: number, b: number, c: number): IrtParams => ({ model: '3pl', a, b, c });
const grm = (a: number, thresholds: number[]): IrtParams => ({ model: 'grm', a, thresholds });

const patterns: { name: string; responses: ParamResponse[] }[] = [
  { name: 'one right answer', responses: [{ params: twoPl(1, 0), category: 1 }] },
  { name: 'Rasch 1 1 0', responses: [twoPl(1, -1), twoPl(1, 0), twoPl(1, 1)].map((params, i) => ({ params, category: i < 2 ? 1 : 0 })) },
  { name: 'all right (5 items)', responses: [-1, -0.5, 0, 0.5, 1].map((b) => ({ params: twoPl(1.4, b), category: 1 })) },
  { name: 'all wrong (5 items)', responses: [-1, -0.5, 0, 0.5, 1].map((b) => ({ params: twoPl(1.4, b), category: 0 })) },
  {
    name: 'mixed 2PL/3PL/GRM',
    responses: [
      { params: threePl(1.2, 0.3, 0.2), category: 1 },
      { params: twoPl(0.8, -0.5), category: 0 },
      { params: grm(1.1, [-1.5, -0.5, 0.5, 1.5]), category: 3 },
      { params: grm(0.9, [-1, 0, 1, 2]), category: 1 },
    ],
  },
];

describe('EAP', () => {
  it.each(patterns)('$name matches brute-force integration', ({ responses }) => {
    const expected = bruteForceEap(responses);
    const eap = estimateFromParams(responses);
    expect(eap.theta).toBeCloseTo(expected.mean, 3);
    expect(eap.se).toBeCloseTo(expected.sd, 3);
  });

  it('with no responses is the prior: θ = 0, SE = 1', () => {
    const eap = estimateFromParams([]);
    expect(eap.theta).toBeCloseTo(0, 6);
    expect(eap.se).toBeCloseTo(1, 3);
  });

  it('is finite and ordered on all-right and all-wrong patterns', () => {
    const right = estimateFromParams(patterns[2]!.responses);
    const wrong = estimateFromParams(patterns[3]!.responses);
    expect(Number.isFinite(right.theta) && Number.isFinite(wrong.theta)).toBe(true);
    expect(right.theta).toBeGreaterThan(1);
    expect(wrong.theta).toBeCloseTo(-right.theta, 6);
  });
});

describe('MAP and MLE', () => {
  it.each(patterns.filter((p) => p.responses.length > 1))('MAP of $name sets the posterior score to zero', ({ responses }) => {
    const map = estimateFromParams(responses, { method: 'map' });
    const logPost = (t: number): number => responses.reduce((s, r) => s + Math.log(categoryProbabilities(r.params, t)[r.category]!), -0.5 * t * t);
    const slope = (logPost(map.theta + 1e-5) - logPost(map.theta - 1e-5)) / 2e-5;
    expect(Math.abs(slope)).toBeLessThan(1e-4);
    expect(Number.isFinite(map.se)).toBe(true);
  });

  it('MLE of a Rasch pattern solves Σ(x − P) = 0', () => {
    // Rasch items b = −1, 0, 1 with responses 1, 1, 0: by symmetry the score equation gives θ where ΣP = 2.
    const responses = patterns[1]!.responses;
    const mle = estimateFromParams(responses, { method: 'mle' });
    const sumP = [-1, 0, 1].reduce((s, b) => s + 1 / (1 + Math.exp(-(mle.theta - b))), 0);
    expect(sumP).toBeCloseTo(2, 6);
    expect(mle.bounded).toBe(false);
  });

  it('MLE of an all-right pattern stops at the bound and says so', () => {
    const mle = estimateFromParams(patterns[2]!.responses, { method: 'mle' });
    expect(mle.theta).toBeCloseTo(5, 6);
    expect(mle.bounded).toBe(true);
  });
});
