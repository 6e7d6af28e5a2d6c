/**
 * Reliability of a form: Cronbach's alpha over a complete persons × items score matrix, and the
 * standard error of measurement that follows from it.
 */
import { variance } from './descriptive.js';

/**
 * α = k/(k−1) · (1 − Σ var(item) / var(total)), sample variances throughout. Undefined (NaN) with
 * fewer than two items or persons, or when every total is the same.
 */
export function cronbachAlpha(scores: readonly (readonly number[])[]): number {
  const n = scores.length;
  const k = scores[0]?.length ?? 0;
  if (n < 2 || k < 2) return Number.NaN;
  let itemVariances = 0;
  for (let j = 0; j < k; j++) itemVariances += variance(scores.map((row) => row[j] ?? 0));
  const totalVariance = variance(scores.map((row) => row.reduce((s, v) => s + v, 0)));
  if (!(totalVariance > 0)) return Number.NaN;
  return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}

/** SEM = SD · √(1 − reliability); reliability is clamped to [0, 1]. */
export function standardErrorOfMeasurement(sd: number, reliability: number): number {
  if (!Number.isFinite(sd) || !Number.isFinite(reliability)) return Number.NaN;
  return sd * Math.sqrt(1 - Math.min(1, Math.max(0, reliability)));
}
