import { describe, expect, it } from 'vitest';
import type { IrtParams } from '../bank/item.js';
import { categoryProbabilities, expectedScore, itemInformation, logCategoryProbability } from './irt-model.js';

/** Fisher information from its definition, Σₖ (∂Pₖ/∂θ)² / Pₖ, with central differences. */
function numericInformation(params: IrtParams, theta: number): number {
  const h = 1e-5;
  const up = categoryProbabilities(params, theta + h);
  const down = categoryProbabilities(params, theta - h);
  const mid = categoryProbabilities(params, theta);
  return mid.reduce((sum, p, k) => sum + ((up[k]! - down[k]!) / (2 * h)) ** 2 / p, 0);
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

describe('dichotomous items', () => {
  it.each([
    // a, b, θ, textbook 2PL information a²PQ
    { a: 1, b: 0, theta: 0, expected: 0.25 },
    { a: 2, b: 0, theta: 0, expected: 1 },
    { a: 1.5, b: 0.5, theta: 0, expected: 2.25 * logistic(-0.75) * (1 - logistic(-0.75)) },
    { a: 0.8, b: -1, theta: 2, expected: 0.64 * logistic(2.4) * (1 - logistic(2.4)) },
  ])('2PL information a=$a b=$b θ=$theta is a²PQ', ({ a, b, theta, expected }) => {
    const params: IrtParams = { model: '2pl', a, b, c: 0 };
    expect(itemInformation(params, theta)).toBeCloseTo(expected, 12);
    expect(itemInformation(params, theta)).toBeCloseTo(numericInformation(params, theta), 6);
  });

  it.each([
    { a: 1.2, b: 0, c: 0.2, theta: 0 },
    { a: 1.7, b: 1, c: 0.25, theta: -0.5 },
    { a: 0.6, b: -1, c: 0.1, theta: 2 },
  ])('3PL information a=$a b=$b c=$c θ=$theta matches a²(Q/P)((P−c)/(1−c))² and the definition', ({ a, b, c, theta }) => {
    const params: IrtParams = { model: '3pl', a, b, c };
    const p = c + (1 - c) * logistic(a * (theta - b));
    const textbook = a * a * ((1 - p) / p) * ((p - c) / (1 - c)) ** 2;
    expect(itemInformation(params, theta)).toBeCloseTo(textbook, 12);
    expect(itemInformation(params, theta)).toBeCloseTo(numericInformation(params, theta), 6);
  });

  it.each([
    { a: 1, b: 0, c: 0.2 },
    { a: 2, b: 1, c: 0.25 },
  ])('3PL information peaks at Birnbaum’s θmax = b + ln((1 + √(1 + 8c)) / 2) / a (a=$a c=$c)', ({ a, b, c }) => {
    const params: IrtParams = { model: '3pl', a, b, c };
    const thetaMax = b + Math.log((1 + Math.sqrt(1 + 8 * c)) / 2) / a;
    let best = -Infinity;
    let argmax = 0;
    for (let t = -4; t <= 4; t += 0.0005) {
      const info = itemInformation(params, t);
      if (info > best) {
        best = info;
        argmax = t;
      }
    }
    expect(argmax).toBeCloseTo(thetaMax, 3);
  });

  it('P(correct) of a 3PL item is c far below b and 1 far above', () => {
    const params: IrtParams = { model: '3pl', a: 1, b: 0, c: 0.2 };
    expect(categoryProbabilities(params, -30)[1]).toBeCloseTo(0.2, 10);
    expect(categoryProbabilities(params, 30)[1]).toBeCloseTo(1, 10);
    expect(categoryProbabilities(params, 0)[1]).toBeCloseTo(0.6, 12);
  });
});

describe('graded response model', () => {
  const grm: IrtParams = { model: 'grm', a: 1.2, thresholds: [-1, 0, 1, 2] };

  it.each([-2, 0.5, 3])('category probabilities at θ=%s are differences of boundary curves', (theta) => {
    const star = [1, ...[-1, 0, 1, 2].map((b) => logistic(1.2 * (theta - b))), 0];
    const expected = [0, 1, 2, 3, 4].map((k) => star[k]! - star[k + 1]!);
    const probs = categoryProbabilities(grm, theta);
    probs.forEach((p, k) => expect(p).toBeCloseTo(expected[k]!, 12));
    expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    probs.forEach((p, k) => expect(logCategoryProbability(grm, theta, k)).toBeCloseTo(Math.log(p), 10));
  });

  it('hand-computed category probabilities at θ = 0.5 (a = 1.2, b = −1, 0, 1, 2)', () => {
    // P*: 1/(1+e^-1.8) = 0.858149, 1/(1+e^-0.6) = 0.645656, 1/(1+e^0.6) = 0.354344, 1/(1+e^1.8) = 0.141851
    const probs = categoryProbabilities(grm, 0.5);
    [0.141851, 0.212493, 0.291312, 0.212493, 0.141851].forEach((p, k) => expect(probs[k]).toBeCloseTo(p, 5));
    expect(expectedScore(grm, 0.5)).toBeCloseTo(0.858149 + 0.645656 + 0.354344 + 0.141851, 5);
  });

  it.each([-3, -1, 0, 0.7, 2.5])('information at θ=%s equals Σ(P′ₖ)²/Pₖ by numeric differentiation', (theta) => {
    expect(itemInformation(grm, theta)).toBeCloseTo(numericInformation(grm, theta), 6);
  });

  it('a GRM item with one threshold is a 2PL item', () => {
    const one: IrtParams = { model: 'grm', a: 1.3, thresholds: [0.4] };
    const twoPl: IrtParams = { model: '2pl', a: 1.3, b: 0.4, c: 0 };
    for (const theta of [-2, 0, 1.5]) {
      expect(categoryProbabilities(one, theta)[1]).toBeCloseTo(categoryProbabilities(twoPl, theta)[1]!, 12);
      expect(itemInformation(one, theta)).toBeCloseTo(itemInformation(twoPl, theta), 12);
    }
  });
});
