import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, inverseDiagonal, logGamma } from './numeric.js';

describe('special functions', () => {
  it.each([
    { x: 1, expected: 0 },
    { x: 5, expected: Math.log(24) },
    { x: 0.5, expected: 0.5 * Math.log(Math.PI) },
    { x: 10.5, expected: 13.940625219403763 },
  ])('ln Γ($x)', ({ x, expected }) => {
    expect(logGamma(x)).toBeCloseTo(expected, 10);
  });

  it.each([
    // Critical values from standard χ² tables.
    { x: 3.841459, df: 1, p: 0.05 },
    { x: 6.634897, df: 1, p: 0.01 },
    { x: 5.991465, df: 2, p: 0.05 },
    { x: 18.307038, df: 10, p: 0.05 },
    { x: 2.179731, df: 8, p: 0.975 },
    { x: 0, df: 3, p: 1 },
  ])('P(χ²_$df > $x) = $p', ({ x, df, p }) => {
    expect(chiSquareSurvival(x, df)).toBeCloseTo(p, 6);
  });
});

describe('inverseDiagonal', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8
    expect(inverseDiagonal([4, 2, 2, 3], 2)).toEqual([expect.closeTo(3 / 8, 12), expect.closeTo(4 / 8, 12)]);
    expect(inverseDiagonal([1, 2, 2, 1], 2)).toBeUndefined();
  });
});
