import { describe, expect, it } from 'vitest';
import type { IrtParams } from '../bank/item.js';
import { createRng, randomNormal, type Rng } from '../rng.js';
import { calibrateItems, type CalibrationResponse } from './calibrate-items.js';
import { categoryProbabilities } from './irt-model.js';

function drawCategory(rng: Rng, params: IrtParams, theta: number): number {
  let u = rng.next();
  const probs = categoryProbabilities(params, theta);
  for (let k = 0; k < probs.length - 1; k++) {
    if (u < probs[k]!) return k;
    u -= probs[k]!;
  }
  return probs.length - 1;
}

function simulate(truth: readonly { id: string; irt: IrtParams }[], persons: number, seed: number, answerShare = 1): CalibrationResponse[] {
  const rng = createRng(seed);
  const out: CalibrationResponse[] = [];
  for (let p = 0; p < persons; p++) {
    const theta = randomNormal(rng);
    for (const item of truth) {
      const category = drawCategory(rng, item.irt, theta);
      if (rng.next() < answerShare) out.push({ personId: `p${p}`, itemId: item.id, category });
    }
  }
  return out;
}

const rmse = (values: readonly number[]): number => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);

describe('calibrateItems', () => {
  const rng = createRng(11);
  const twoPlTruth = Array.from({ length: 15 }, (_, i) => ({
    id: `c.${i}`,
    irt: { model: '2pl' as const, a: Math.exp(0.3 * randomNormal(rng)), b: randomNormal(rng), c: 0 },
  }));
  const start = twoPlTruth.map((t) => ({ id: t.id, irt: { model: '2pl' as const, a: 1, b: 0, c: 0 } }));

  it.each([
    { name: 'complete data', answerShare: 1, maxRmseA: 0.2, maxRmseB: 0.2 },
    { name: '60% missing at random', answerShare: 0.4, maxRmseA: 0.3, maxRmseB: 0.3 },
  ])('recovers 2PL parameters from 800 simulated candidates ($name)', ({ answerShare, maxRmseA, maxRmseB }) => {
    const result = calibrateItems(simulate(twoPlTruth, 800, 5, answerShare), start, { minResponses: 50 });
    expect(result.converged).toBe(true);
    const errors = result.items.map((item, i) => {
      const truth = twoPlTruth[i]!.irt;
      const params = item.params as typeof truth;
      return { a: params.a - truth.a, b: params.b - truth.b, seA: item.se?.a ?? NaN, seB: item.se?.b ?? NaN };
    });
    expect(rmse(errors.map((e) => e.a))).toBeLessThan(maxRmseA);
    expect(rmse(errors.map((e) => e.b))).toBeLessThan(maxRmseB);
    // Standard errors describe the errors: their RMS is within a factor of two of the actual RMSE.
    const ratioB = rmse(errors.map((e) => e.seB)) / rmse(errors.map((e) => e.b));
    expect(ratioB).toBeGreaterThan(0.5);
    expect(ratioB).toBeLessThan(2);
    for (const item of result.items) expect(item.fit?.p).toBeGreaterThanOrEqual(0);
  });

  it('recovers graded-response parameters', () => {
    const grmRng = createRng(21);
    const truth = Array.from({ length: 8 }, (_, i) => {
      const b = randomNormal(grmRng);
      return { id: `g.${i}`, irt: { model: 'grm' as const, a: Math.exp(0.3 * randomNormal(grmRng)), thresholds: [b - 1.2, b - 0.4, b + 0.4, b + 1.2] } };
    });
    const initial = truth.map((t) => ({ id: t.id, irt: { model: 'grm' as const, a: 1, thresholds: [-1.5, -0.5, 0.5, 1.5] } }));
    const result = calibrateItems(simulate(truth, 600, 9), initial, { minResponses: 50 });
    expect(result.converged).toBe(true);
    const thresholdErrors = result.items.flatMap((item, i) => {
      const params = item.params as Extract<IrtParams, { model: 'grm' }>;
      return params.thresholds.map((t, k) => t - truth[i]!.irt.thresholds[k]!);
    });
    const aErrors = result.items.map((item, i) => item.params.a - truth[i]!.irt.a);
    expect(rmse(thresholdErrors)).toBeLessThan(0.15);
    expect(rmse(aErrors)).toBeLessThan(0.15);
    for (const item of result.items) expect(item.se?.thresholds).toHaveLength(4);
  });

  it('keeps prior parameters for sparse items and holds anchors fixed', () => {
    const responses = simulate(twoPlTruth, 300, 8).filter((r) => r.itemId !== 'c.3' || Number(r.personId.slice(1)) < 30);
    const result = calibrateItems(responses, start, { minResponses: 50, fixedItemIds: ['c.0'] });
    const sparse = result.items.find((i) => i.itemId === 'c.3');
    const anchor = result.items.find((i) => i.itemId === 'c.0');
    expect(sparse).toMatchObject({ status: 'kept-prior', params: { a: 1, b: 0 } });
    expect(sparse?.se).toBeUndefined();
    expect(anchor).toMatchObject({ status: 'anchor', params: { a: 1, b: 0 } });
    expect(result.keptPrior).toEqual(['c.3']);
  });
});
