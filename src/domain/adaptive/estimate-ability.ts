/**
 * Ability estimation from scored responses: EAP (the default: posterior mean over a quadrature
 * grid with a normal prior, posterior SD as the standard error), MAP (posterior mode, SE from the
 * curvature of the log posterior) and MLE (likelihood maximum bounded to the grid, SE from the
 * test information). EAP and MAP are finite from the first answer; MLE of an all-right or
 * all-wrong pattern sits on the boundary and says so (`bounded`).
 */
import type { IrtParams, Item } from '../bank/item.js';
import { itemInformation, logCategoryProbability } from './irt-model.js';
import { createThetaGrid, summarizeLogWeights, type ThetaGrid } from './quadrature.js';

export type EstimationMethod = 'eap' | 'map' | 'mle';

/** One scored answer: the item's parameters and the observed category (0…m). */
export interface ParamResponse {
  readonly params: IrtParams;
  readonly category: number;
}

export interface AbilityEstimate {
  readonly theta: number;
  readonly se: number;
  readonly method: EstimationMethod;
  /** MLE only: the maximum is on the θ bound (all-right, all-wrong or no responses). */
  readonly bounded?: boolean;
}

export interface EstimationOptions {
  readonly method?: EstimationMethod;
  readonly priorMean?: number;
  readonly priorSd?: number;
  /** θ range searched / integrated; default [−5, 5]. */
  readonly bounds?: readonly [number, number];
}

const DEFAULT_GRID = createThetaGrid();

function gridFor(options: EstimationOptions): ThetaGrid {
  const [min, max] = options.bounds ?? [-5, 5];
  const mean = options.priorMean ?? 0;
  const sd = options.priorSd ?? 1;
  if (min === -5 && max === 5 && mean === 0 && sd === 1) return DEFAULT_GRID;
  return createThetaGrid(min, max, Math.round((max - min) * 10) + 1, mean, sd);
}

function logLikelihood(responses: readonly ParamResponse[], theta: number): number {
  let sum = 0;
  for (const r of responses) sum += logCategoryProbability(r.params, theta, r.category);
  return sum;
}

/** Adds each response's log-likelihood at every grid point to `logWeights` (in place). */
export function accumulateLogLikelihood(logWeights: number[], points: readonly number[], params: IrtParams, category: number): void {
  for (let q = 0; q < points.length; q++) {
    logWeights[q] = (logWeights[q] ?? 0) + logCategoryProbability(params, points[q] ?? 0, category);
  }
}

/** EAP on a grid: posterior mean and posterior SD. */
export function estimateEap(responses: readonly ParamResponse[], options: EstimationOptions = {}): AbilityEstimate {
  const grid = gridFor(options);
  const logWeights = [...grid.logPrior];
  for (const r of responses) accumulateLogLikelihood(logWeights, grid.points, r.params, r.category);
  const { mean, sd } = summarizeLogWeights(grid.points, logWeights);
  return { theta: mean, se: sd, method: 'eap' };
}

/** Maximises f on [lo, hi]: grid search, then Newton steps on numeric derivatives. */
function maximize(f: (x: number) => number, lo: number, hi: number): { x: number; curvature: number } {
  let best = lo;
  let bestValue = -Infinity;
  for (let x = lo; x <= hi + 1e-9; x += 0.1) {
    const v = f(x);
    if (v > bestValue) {
      bestValue = v;
      best = x;
    }
  }
  const h = 1e-4;
  let x = best;
  for (let iter = 0; iter < 50; iter++) {
    const f0 = f(x);
    const d1 = (f(x + h) - f(x - h)) / (2 * h);
    const d2 = (f(x + h) - 2 * f0 + f(x - h)) / (h * h);
    if (d2 >= 0) break;
    let step = -d1 / d2;
    let next = Math.min(hi, Math.max(lo, x + step));
    while (f(next) < f0 - 1e-12 && Math.abs(step) > 1e-10) {
      step /= 2;
      next = Math.min(hi, Math.max(lo, x + step));
    }
    const moved = Math.abs(next - x);
    x = next;
    if (moved < 1e-8) break;
  }
  const curvature = (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
  return { x, curvature };
}

export function estimateMap(responses: readonly ParamResponse[], options: EstimationOptions = {}): AbilityEstimate {
  const [lo, hi] = options.bounds ?? [-5, 5];
  const mean = options.priorMean ?? 0;
  const sd = options.priorSd ?? 1;
  const { x, curvature } = maximize((t) => logLikelihood(responses, t) - 0.5 * ((t - mean) / sd) ** 2, lo, hi);
  return { theta: x, se: 1 / Math.sqrt(Math.max(-curvature, 1e-12)), method: 'map' };
}

export function estimateMle(responses: readonly ParamResponse[], options: EstimationOptions = {}): AbilityEstimate {
  const [lo, hi] = options.bounds ?? [-5, 5];
  const { x } = maximize((t) => logLikelihood(responses, t), lo, hi);
  let info = 0;
  for (const r of responses) info += itemInformation(r.params, x);
  const bounded = x <= lo + 1e-6 || x >= hi - 1e-6;
  return { theta: x, se: info > 0 ? 1 / Math.sqrt(info) : Infinity, method: 'mle', bounded };
}

export function estimateFromParams(responses: readonly ParamResponse[], options: EstimationOptions = {}): AbilityEstimate {
  switch (options.method ?? 'eap') {
    case 'eap':
      return estimateEap(responses, options);
    case 'map':
      return estimateMap(responses, options);
    case 'mle':
      return estimateMle(responses, options);
  }
}

/**
 * Ability from responses to bank items (EAP by default). Responses to items missing from `items`
 * are ignored; `category` is the 0…m response category (see `gradeToCategory`).
 */
export function estimateAbility(
  responses: readonly { readonly itemId: string; readonly category: number }[],
  items: readonly Item[] | ReadonlyMap<string, Item>,
  options: EstimationOptions = {},
): AbilityEstimate {
  const byId = items instanceof Map ? (items as ReadonlyMap<string, Item>) : new Map((items as readonly Item[]).map((i) => [i.id, i]));
  const pairs: ParamResponse[] = [];
  for (const r of responses) {
    const item = byId.get(r.itemId);
    if (item) pairs.push({ params: item.irt, category: r.category });
  }
  return estimateFromParams(pairs, options);
}
