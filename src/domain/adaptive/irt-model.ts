/**
 * Item response functions for the three models the bank uses, on the logistic metric (no 1.7
 * scaling constant, the same metric as jsCAT and mirt's defaults):
 * - 2PL / 3PL: P(θ) = c + (1 − c) / (1 + exp(−a(θ − b))), `c` = 0 for the 2PL;
 * - GRM (Samejima's graded response model): boundary curves P*ₖ(θ) = 1 / (1 + exp(−a(θ − bₖ)))
 *   for k = 1…m, and category probabilities Pₖ = P*ₖ − P*ₖ₊₁ with P*₀ = 1 and P*ₘ₊₁ = 0.
 */
import type { IrtParams } from '../bank/item.js';

/** Smallest probability used inside a logarithm, so that a perfect misfit stays finite. */
export const MIN_PROBABILITY = 1e-12;

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Number of response categories: 2 for dichotomous items, thresholds + 1 for GRM items. */
export function categoryCount(params: IrtParams): number {
  return params.model === 'grm' ? params.thresholds.length + 1 : 2;
}

/** P(correct) for a 2PL/3PL item. */
export function probabilityCorrect(params: Extract<IrtParams, { model: '2pl' | '3pl' }>, theta: number): number {
  const c = params.model === '2pl' ? 0 : params.c;
  return c + (1 - c) * logistic(params.a * (theta - params.b));
}

/** Probabilities of categories 0…m at θ (they sum to 1). */
export function categoryProbabilities(params: IrtParams, theta: number): number[] {
  if (params.model !== 'grm') {
    const p = probabilityCorrect(params, theta);
    return [1 - p, p];
  }
  const m = params.thresholds.length;
  const out = new Array<number>(m + 1);
  let upper = 1;
  for (let k = 0; k < m; k++) {
    const star = logistic(params.a * (theta - (params.thresholds[k] ?? 0)));
    out[k] = upper - star;
    upper = star;
  }
  out[m] = upper;
  return out;
}

/** log P(category | θ), floored at log(MIN_PROBABILITY). */
export function logCategoryProbability(params: IrtParams, theta: number, category: number): number {
  if (params.model !== 'grm') {
    const p = probabilityCorrect(params, theta);
    return Math.log(Math.max(category >= 1 ? p : 1 - p, MIN_PROBABILITY));
  }
  const t = params.thresholds;
  const lower = category <= 0 ? 1 : logistic(params.a * (theta - (t[category - 1] ?? 0)));
  const upper = category >= t.length ? 0 : logistic(params.a * (theta - (t[category] ?? 0)));
  return Math.log(Math.max(lower - upper, MIN_PROBABILITY));
}

/** Expected score E[X | θ] in category units (0…m). */
export function expectedScore(params: IrtParams, theta: number): number {
  if (params.model !== 'grm') return probabilityCorrect(params, theta);
  let sum = 0;
  for (const b of params.thresholds) sum += logistic(params.a * (theta - b));
  return sum;
}

/**
 * Fisher information of one item at θ.
 * - 3PL: a²·(Q/P)·((P − c)/(1 − c))², which is a²PQ for the 2PL (Birnbaum 1968; Lord 1980, eq. 5-9).
 * - GRM: Σₖ (P′ₖ)² / Pₖ with P′ₖ = a[P*ₖ(1 − P*ₖ) − P*ₖ₊₁(1 − P*ₖ₊₁)] (Samejima 1969).
 */
export function itemInformation(params: IrtParams, theta: number): number {
  if (params.model !== 'grm') {
    const c = params.model === '2pl' ? 0 : params.c;
    const star = logistic(params.a * (theta - params.b));
    if (c === 0) return params.a * params.a * star * (1 - star);
    const p = c + (1 - c) * star;
    const ratio = (p - c) / (1 - c);
    return (params.a * params.a * (1 - p) * ratio * ratio) / p;
  }
  const a = params.a;
  const t = params.thresholds;
  let info = 0;
  let upperStar = 1;
  let upperSlope = 0;
  for (let k = 0; k <= t.length; k++) {
    const lowerStar = k < t.length ? logistic(a * (theta - (t[k] ?? 0))) : 0;
    const lowerSlope = lowerStar * (1 - lowerStar);
    const p = upperStar - lowerStar;
    const dp = a * (upperSlope - lowerSlope);
    if (p > MIN_PROBABILITY) info += (dp * dp) / p;
    upperStar = lowerStar;
    upperSlope = lowerSlope;
  }
  return info;
}
