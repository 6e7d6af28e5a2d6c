/**
 * Item calibration by marginal maximum likelihood with the EM algorithm over a quadrature grid
 * (Bock & Aitkin 1981), with weak priors (marginal Bayes modal estimates, Mislevy 1986):
 * log a ~ N(0, 0.5²), b and GRM thresholds ~ N(0, 2²). Missing responses (everything an adaptive
 * interview did not ask) simply do not enter a person's likelihood, which is ignorable because
 * the design chose items from observed answers only.
 *
 * - 2PL items: a and b; 3PL items: a and b with c held at its current value; GRM items: a and
 *   the ordered thresholds.
 * - Items with fewer than `minResponses` responses keep their current (prior) parameters and are
 *   used as they are.
 * - Scale: θ ~ N(0, 1) unless anchor items (`fixedItemIds`) are given, in which case anchors keep
 *   their parameters and the population mean and SD are estimated, so new values stay on the
 *   scale of the old ones.
 * - SEs: per item, from the cross-product of per-person score vectors (the empirical information,
 *   the "XPD" estimator) plus the prior's information; a's SE by the delta method from log a.
 * - Fit: a Yen Q1-style χ² per item, observed vs expected scores in up to 10 groups of persons
 *   ordered by their EAP ability.
 */
import type { IrtParams } from '../bank/item.js';
import { categoryCount, expectedScore, logCategoryProbability, categoryProbabilities } from './irt-model.js';
import { chiSquareSurvival, cholesky, choleskySolve, inverseDiagonal } from './numeric.js';

export interface CalibrationResponse {
  readonly personId: string;
  readonly itemId: string;
  readonly category: number;
}

export interface CalibrationItemInput {
  readonly id: string;
  readonly irt: IrtParams;
}

export interface CalibrationOptions {
  /** Items with fewer responses keep their current parameters (default 100). */
  readonly minResponses?: number;
  readonly maxIterations?: number;
  /** Converged when no parameter moves more than this in an EM cycle (default 1e-4). */
  readonly tolerance?: number;
  readonly quadraturePoints?: number;
  readonly priors?: { readonly logAMean?: number; readonly logASd?: number; readonly bMean?: number; readonly bSd?: number };
  /** Anchor items: parameters held fixed, population mean and SD estimated. */
  readonly fixedItemIds?: readonly string[];
}

export interface ItemFit {
  readonly chi2: number;
  readonly df: number;
  readonly p: number;
  readonly groups: number;
}

export interface CalibratedItem {
  readonly itemId: string;
  readonly params: IrtParams;
  /** Standard errors; absent for items that kept their prior parameters or are anchors. */
  readonly se?: { readonly a: number; readonly b?: number; readonly thresholds?: readonly number[] };
  readonly responses: number;
  readonly status: 'calibrated' | 'kept-prior' | 'anchor';
  readonly fit?: ItemFit;
}

export interface CalibrationResult {
  readonly items: readonly CalibratedItem[];
  readonly keptPrior: readonly string[];
  readonly iterations: number;
  readonly converged: boolean;
  readonly logLikelihood: number;
  readonly population: { readonly mean: number; readonly sd: number };
}

interface WorkItem {
  readonly id: string;
  readonly model: IrtParams['model'];
  readonly c: number;
  readonly categories: number;
  x: number[];
  readonly free: boolean;
  readonly status: CalibratedItem['status'];
  n: number;
  /** log P(category k | θ_q), index k·Q + q. */
  logP: Float64Array;
  /** Expected counts r(k, q), index k·Q + q. */
  r: Float64Array;
}

function toVector(params: IrtParams): number[] {
  return params.model === 'grm' ? [Math.log(params.a), ...params.thresholds] : [Math.log(params.a), params.b];
}

function toParams(model: IrtParams['model'], x: readonly number[], c: number): IrtParams {
  const a = Math.exp(x[0] ?? 0);
  if (model === 'grm') return { model, a, thresholds: x.slice(1) };
  return { model, a, b: x[1] ?? 0, c: model === '2pl' ? 0 : c };
}

function isOrdered(x: readonly number[]): boolean {
  for (let k = 2; k < x.length; k++) if ((x[k] ?? 0) <= (x[k - 1] ?? 0)) return false;
  return true;
}

/** Newton steps per M-step: one is enough, the EM cycles iterate anyway (and it is 3x cheaper). */
const NEWTON_STEPS = 1;

export function calibrateItems(
  responses: readonly CalibrationResponse[],
  items: readonly CalibrationItemInput[],
  options: CalibrationOptions = {},
): CalibrationResult {
  const minResponses = options.minResponses ?? 100;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-4;
  const Q = options.quadraturePoints ?? 41;
  const logAMean = options.priors?.logAMean ?? 0;
  const logASd = options.priors?.logASd ?? 0.5;
  const bMean = options.priors?.bMean ?? 0;
  const bSd = options.priors?.bSd ?? 2;
  const anchors = new Set(options.fixedItemIds ?? []);
  const estimatePopulation = anchors.size > 0;

  const nodes: number[] = [];
  for (let q = 0; q < Q; q++) nodes.push(-4 + (8 * q) / (Q - 1));

  const counts = new Map<string, number>();
  for (const r of responses) counts.set(r.itemId, (counts.get(r.itemId) ?? 0) + 1);

  const work: WorkItem[] = [];
  const itemIndex = new Map<string, number>();
  for (const item of items) {
    const n = counts.get(item.id) ?? 0;
    const status: CalibratedItem['status'] = anchors.has(item.id) ? 'anchor' : n < minResponses ? 'kept-prior' : 'calibrated';
    const categories = categoryCount(item.irt);
    itemIndex.set(item.id, work.length);
    work.push({
      id: item.id,
      model: item.irt.model,
      c: item.irt.model === '3pl' ? item.irt.c : 0,
      categories,
      x: toVector(item.irt),
      free: status === 'calibrated',
      status,
      n,
      logP: new Float64Array(categories * Q),
      r: new Float64Array(categories * Q),
    });
  }

  // Persons' response lists as flat arrays of (item index, category).
  const personIndex = new Map<string, number>();
  const personItems: number[][] = [];
  const personCats: number[][] = [];
  for (const r of responses) {
    const i = itemIndex.get(r.itemId);
    if (i === undefined) continue;
    const w = work[i] as WorkItem;
    let p = personIndex.get(r.personId);
    if (p === undefined) {
      p = personItems.length;
      personIndex.set(r.personId, p);
      personItems.push([]);
      personCats.push([]);
    }
    (personItems[p] as number[]).push(i);
    (personCats[p] as number[]).push(Math.min(w.categories - 1, Math.max(0, Math.round(r.category))));
  }
  const persons = personItems.length;

  const fillLogP = (w: WorkItem): void => {
    const params = toParams(w.model, w.x, w.c);
    for (let k = 0; k < w.categories; k++) for (let q = 0; q < Q; q++) w.logP[k * Q + q] = logCategoryProbability(params, nodes[q] ?? 0, k);
  };

  let mean = 0;
  let sd = 1;
  const logWeights = new Float64Array(Q);
  const posterior = new Float64Array(Q);
  const eapMean = new Float64Array(persons);

  /** One E-step: expected counts into each item's `r`; returns the marginal log-likelihood. */
  const eStep = (onPerson?: (p: number, post: Float64Array) => void): { logLik: number; mean: number; sd: number } => {
    for (const w of work) w.r.fill(0);
    let normal = 0;
    for (let q = 0; q < Q; q++) {
      const z = ((nodes[q] ?? 0) - mean) / sd;
      logWeights[q] = -0.5 * z * z;
      normal += Math.exp(logWeights[q] ?? 0);
    }
    const logNormal = Math.log(normal);
    let logLik = 0;
    let sumMean = 0;
    let sumSecond = 0;
    for (let p = 0; p < persons; p++) {
      const its = personItems[p] as number[];
      const cats = personCats[p] as number[];
      let max = -Infinity;
      for (let q = 0; q < Q; q++) {
        let s = (logWeights[q] ?? 0) - logNormal;
        for (let j = 0; j < its.length; j++) s += (work[its[j] ?? 0] as WorkItem).logP[(cats[j] ?? 0) * Q + q] ?? 0;
        posterior[q] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let q = 0; q < Q; q++) {
        const v = Math.exp((posterior[q] ?? 0) - max);
        posterior[q] = v;
        total += v;
      }
      logLik += max + Math.log(total);
      let m1 = 0;
      let m2 = 0;
      for (let q = 0; q < Q; q++) {
        const v = (posterior[q] ?? 0) / total;
        posterior[q] = v;
        m1 += v * (nodes[q] ?? 0);
        m2 += v * (nodes[q] ?? 0) ** 2;
      }
      eapMean[p] = m1;
      sumMean += m1;
      sumSecond += m2;
      for (let j = 0; j < its.length; j++) {
        const w = work[its[j] ?? 0] as WorkItem;
        const offset = (cats[j] ?? 0) * Q;
        for (let q = 0; q < Q; q++) w.r[offset + q] = (w.r[offset + q] ?? 0) + (posterior[q] ?? 0);
      }
      onPerson?.(p, posterior);
    }
    const m = persons > 0 ? sumMean / persons : 0;
    const v = persons > 0 ? sumSecond / persons - m * m : 1;
    return { logLik, mean: m, sd: Math.sqrt(Math.max(v, 1e-4)) };
  };

  const logPrior = (w: WorkItem, x: readonly number[]): number => {
    let s = -0.5 * (((x[0] ?? 0) - logAMean) / logASd) ** 2;
    for (let k = 1; k < x.length; k++) s -= 0.5 * (((x[k] ?? 0) - bMean) / bSd) ** 2;
    return w.model === 'grm' && !isOrdered(x) ? -Infinity : s;
  };

  const objective = (w: WorkItem, x: readonly number[]): number => {
    const prior = logPrior(w, x);
    if (!Number.isFinite(prior)) return -Infinity;
    const params = toParams(w.model, x, w.c);
    let s = prior;
    for (let k = 0; k < w.categories; k++) {
      for (let q = 0; q < Q; q++) {
        const r = w.r[k * Q + q] ?? 0;
        if (r > 0) s += r * logCategoryProbability(params, nodes[q] ?? 0, k);
      }
    }
    return s;
  };

  /** Newton steps with a finite-difference Hessian, damped and line-searched; returns the max move. */
  const mStep = (w: WorkItem): number => {
    const d = w.x.length;
    const h = 1e-3;
    let moved = 0;
    for (let iter = 0; iter < NEWTON_STEPS; iter++) {
      const x = w.x;
      const f0 = objective(w, x);
      const shifted = (deltas: readonly [number, number][]): number => {
        const y = [...x];
        for (const [j, v] of deltas) y[j] = (y[j] ?? 0) + v;
        return objective(w, y);
      };
      const grad: number[] = [];
      const negHess = new Array<number>(d * d).fill(0);
      const plus: number[] = [];
      const minus: number[] = [];
      for (let j = 0; j < d; j++) {
        plus[j] = shifted([[j, h]]);
        minus[j] = shifted([[j, -h]]);
        grad[j] = ((plus[j] ?? 0) - (minus[j] ?? 0)) / (2 * h);
        negHess[j * d + j] = -((plus[j] ?? 0) - 2 * f0 + (minus[j] ?? 0)) / (h * h);
      }
      for (let j = 0; j < d; j++) {
        for (let k = j + 1; k < d; k++) {
          const v =
            (shifted([[j, h], [k, h]]) - shifted([[j, h], [k, -h]]) - shifted([[j, -h], [k, h]]) + shifted([[j, -h], [k, -h]])) / (4 * h * h);
          negHess[j * d + k] = -v;
          negHess[k * d + j] = -v;
        }
      }
      let lambda = 0;
      let step: number[] | undefined;
      for (let attempt = 0; attempt < 12 && !step; attempt++) {
        const damped = negHess.map((v, idx) => (idx % (d + 1) === 0 ? v + lambda : v));
        const l = cholesky(damped, d);
        if (l) step = choleskySolve(l, d, grad);
        lambda = lambda === 0 ? 1e-3 * (1 + Math.abs(negHess[0] ?? 1)) : lambda * 10;
      }
      if (!step) break;
      let alpha = 1;
      let accepted = false;
      for (let halving = 0; halving < 30; halving++) {
        const candidate = x.map((v, j) => v + alpha * (step[j] ?? 0));
        if (objective(w, candidate) >= f0) {
          const move = Math.max(...candidate.map((v, j) => Math.abs(v - (x[j] ?? 0))));
          moved = Math.max(moved, move);
          w.x = candidate;
          accepted = true;
          break;
        }
        alpha /= 2;
      }
      if (!accepted || moved < 1e-7) break;
    }
    return moved;
  };

  for (const w of work) fillLogP(w);
  let iterations = 0;
  let converged = false;
  let logLik = -Infinity;
  while (iterations < maxIterations) {
    iterations += 1;
    const e = eStep();
    logLik = e.logLik;
    let maxMove = 0;
    for (const w of work) {
      if (!w.free) continue;
      maxMove = Math.max(maxMove, mStep(w));
      fillLogP(w);
    }
    if (estimatePopulation) {
      maxMove = Math.max(maxMove, Math.abs(e.mean - mean), Math.abs(e.sd - sd));
      mean = e.mean;
      sd = e.sd;
    }
    if (maxMove < tolerance) {
      converged = true;
      break;
    }
  }

  // Standard errors: per-person score vectors (empirical cross-product) + prior information.
  const dims = work.map((w) => w.x.length);
  const gradTables = work.map((w) => {
    if (!w.free) return undefined;
    const d = w.x.length;
    const table = new Float64Array(w.categories * Q * d);
    const h = 1e-5;
    for (let j = 0; j < d; j++) {
      const up = [...w.x];
      const down = [...w.x];
      up[j] = (up[j] ?? 0) + h;
      down[j] = (down[j] ?? 0) - h;
      const pu = toParams(w.model, up, w.c);
      const pd = toParams(w.model, down, w.c);
      for (let k = 0; k < w.categories; k++) {
        for (let q = 0; q < Q; q++) {
          const node = nodes[q] ?? 0;
          table[(k * Q + q) * d + j] = (logCategoryProbability(pu, node, k) - logCategoryProbability(pd, node, k)) / (2 * h);
        }
      }
    }
    return table;
  });
  const xpd = work.map((w, i) => (w.free ? new Float64Array((dims[i] ?? 0) ** 2) : undefined));
  const score = new Float64Array(8);
  const final = eStep((p, post) => {
    const its = personItems[p] as number[];
    const cats = personCats[p] as number[];
    for (let j = 0; j < its.length; j++) {
      const i = its[j] ?? 0;
      const table = gradTables[i];
      const acc = xpd[i];
      if (!table || !acc) continue;
      const d = dims[i] ?? 0;
      score.fill(0, 0, d);
      const offset = (cats[j] ?? 0) * Q;
      for (let q = 0; q < Q; q++) {
        const weight = post[q] ?? 0;
        for (let t = 0; t < d; t++) score[t] = (score[t] ?? 0) + weight * (table[(offset + q) * d + t] ?? 0);
      }
      for (let s = 0; s < d; s++) for (let t = 0; t < d; t++) acc[s * d + t] = (acc[s * d + t] ?? 0) + (score[s] ?? 0) * (score[t] ?? 0);
    }
  });
  logLik = final.logLik;

  const eap = Array.from(eapMean);
  const byItemPersons = work.map(() => [] as { theta: number; category: number }[]);
  for (let p = 0; p < persons; p++) {
    const its = personItems[p] as number[];
    const cats = personCats[p] as number[];
    for (let j = 0; j < its.length; j++) byItemPersons[its[j] ?? 0]?.push({ theta: eap[p] ?? 0, category: cats[j] ?? 0 });
  }

  const out: CalibratedItem[] = work.map((w, i) => {
    const params = toParams(w.model, w.x, w.c);
    if (!w.free) return { itemId: w.id, params, responses: w.n, status: w.status };
    const d = dims[i] ?? 0;
    const info = Array.from(xpd[i] ?? []);
    info[0] = (info[0] ?? 0) + 1 / (logASd * logASd);
    for (let k = 1; k < d; k++) info[k * d + k] = (info[k * d + k] ?? 0) + 1 / (bSd * bSd);
    const variances = inverseDiagonal(info, d);
    const ses = (variances ?? new Array<number>(d).fill(NaN)).map((v) => Math.sqrt(Math.max(v, 0)));
    const a = params.a;
    const se = w.model === 'grm' ? { a: a * (ses[0] ?? NaN), thresholds: ses.slice(1) } : { a: a * (ses[0] ?? NaN), b: ses[1] ?? NaN };
    const fit = itemFit(params, byItemPersons[i] ?? [], d);
    return { itemId: w.id, params, se, responses: w.n, status: w.status, ...(fit ? { fit } : {}) };
  });

  return {
    items: out,
    keptPrior: out.filter((o) => o.status === 'kept-prior').map((o) => o.itemId),
    iterations,
    converged,
    logLikelihood: logLik,
    population: { mean, sd },
  };
}

/** Yen-style Q1: persons ordered by EAP θ, split into up to 10 groups of at least 30. */
function itemFit(params: IrtParams, answers: readonly { theta: number; category: number }[], parameters: number): ItemFit | undefined {
  const groups = Math.min(10, Math.floor(answers.length / 30));
  if (groups < parameters + 1) return undefined;
  const sorted = [...answers].sort((x, y) => x.theta - y.theta);
  let chi2 = 0;
  for (let g = 0; g < groups; g++) {
    const start = Math.floor((g * sorted.length) / groups);
    const end = Math.floor(((g + 1) * sorted.length) / groups);
    let observed = 0;
    let expected = 0;
    let variance = 0;
    for (let p = start; p < end; p++) {
      const entry = sorted[p] as { theta: number; category: number };
      const e = expectedScore(params, entry.theta);
      const probs = categoryProbabilities(params, entry.theta);
      let second = 0;
      probs.forEach((pk, k) => (second += pk * k * k));
      observed += entry.category;
      expected += e;
      variance += second - e * e;
    }
    if (variance > 0) chi2 += ((observed - expected) * (observed - expected)) / variance;
  }
  const df = groups - parameters;
  return { chi2, df, p: chiSquareSurvival(chi2, df), groups };
}
