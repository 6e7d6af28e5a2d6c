/**
 * The θ grid that ability estimation and calibration integrate over: equally spaced points, which
 * for a normal prior on [−5, 5] with step 0.1 integrate posterior moments to well under 1e-4.
 */

export interface ThetaGrid {
  readonly points: readonly number[];
  /** Normal prior log density at each point (unnormalised; constants cancel). */
  readonly logPrior: readonly number[];
}

/** `count` equally spaced points on [min, max] with a N(mean, sd²) prior. */
export function createThetaGrid(min = -5, max = 5, count = 101, mean = 0, sd = 1): ThetaGrid {
  const points: number[] = [];
  const logPrior: number[] = [];
  for (let q = 0; q < count; q++) {
    const theta = min + ((max - min) * q) / (count - 1);
    points.push(theta);
    logPrior.push(-0.5 * ((theta - mean) / sd) ** 2);
  }
  return { points, logPrior };
}

/** Mean and standard deviation of the distribution exp(logWeights) over the grid points. */
export function summarizeLogWeights(points: readonly number[], logWeights: readonly number[]): { mean: number; sd: number } {
  let max = -Infinity;
  for (const w of logWeights) if (w > max) max = w;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let q = 0; q < points.length; q++) {
    const w = Math.exp((logWeights[q] ?? -Infinity) - max);
    const x = points[q] ?? 0;
    total += w;
    first += w * x;
    second += w * x * x;
  }
  const mean = first / total;
  return { mean, sd: Math.sqrt(Math.max(second / total - mean * mean, 0)) };
}
