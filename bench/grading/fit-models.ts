/**
 * The small learners the grading benchmark fits on top of the grader's features: ridge
 * regression, logistic regression, gradient-boosted regression stumps/trees and isotonic
 * calibration. Benchmark-only: the product ships no fitted model for free-text answers.
 * Every learner is deterministic (no random subsampling).
 */

export type Model = (row: readonly number[]) => number;

/** Standardises columns with the training rows' mean and standard deviation. */
function standardiser(rows: readonly (readonly number[])[]): (row: readonly number[]) => number[] {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const row of rows) row.forEach((v, i) => (mean[i] = (mean[i] ?? 0) + v / rows.length));
  for (const row of rows) row.forEach((v, i) => (sd[i] = (sd[i] ?? 0) + (v - (mean[i] ?? 0)) ** 2 / rows.length));
  const scale = sd.map((v) => Math.sqrt(v) || 1);
  return (row) => row.map((v, i) => (v - (mean[i] ?? 0)) / (scale[i] ?? 1));
}

/** Solves the square system `a x = b` by Gauss-Jordan elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const d = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = m[col]?.[col] ?? 0;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const f = (m[r]?.[col] ?? 0) / p;
      if (f === 0) continue;
      for (let c = col; c <= d; c++) (m[r] as number[])[c] = (m[r]?.[c] ?? 0) - f * (m[col]?.[c] ?? 0);
    }
  }
  return m.map((row, i) => (row[d] ?? 0) / (row[i] || 1));
}

/** Ridge least squares on standardised features (the intercept is not penalised). */
export function fitRidge(rows: readonly (readonly number[])[], targets: readonly number[], ridge = 1): Model {
  const scale = standardiser(rows);
  const xs = rows.map((r) => [1, ...scale(r)]);
  const d = xs[0]?.length ?? 1;
  const a = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const b = new Array<number>(d).fill(0);
  xs.forEach((x, r) => {
    for (let i = 0; i < d; i++) {
      b[i] = (b[i] ?? 0) + (x[i] ?? 0) * (targets[r] ?? 0);
      for (let j = 0; j < d; j++) (a[i] as number[])[j] = (a[i]?.[j] ?? 0) + (x[i] ?? 0) * (x[j] ?? 0);
    }
  });
  for (let i = 1; i < d; i++) (a[i] as number[])[i] = (a[i]?.[i] ?? 0) + ridge;
  const w = solve(a, b);
  return (row) => scale(row).reduce((s, v, i) => s + v * (w[i + 1] ?? 0), w[0] ?? 0);
}

/** Logistic regression by batch gradient descent on standardised features. */
export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly number[], iterations = 600, rate = 0.5, l2 = 1e-3): Model {
  const scale = standardiser(rows);
  const xs = rows.map(scale);
  const d = xs[0]?.length ?? 0;
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d + 1).fill(0);
    xs.forEach((x, r) => {
      const z = x.reduce((s, v, i) => s + v * (w[i + 1] ?? 0), w[0] ?? 0);
      const err = 1 / (1 + Math.exp(-z)) - (labels[r] ?? 0);
      grad[0] = (grad[0] ?? 0) + err;
      x.forEach((v, i) => (grad[i + 1] = (grad[i + 1] ?? 0) + err * v));
    });
    for (let i = 0; i <= d; i++) w[i] = (w[i] ?? 0) - rate * ((grad[i] ?? 0) / xs.length + (i > 0 ? l2 * (w[i] ?? 0) : 0));
  }
  return (row) => {
    const x = scale(row);
    return 1 / (1 + Math.exp(-x.reduce((s, v, i) => s + v * (w[i + 1] ?? 0), w[0] ?? 0)));
  };
}

interface TreeNode {
  readonly feature: number;
  readonly threshold: number;
  readonly left: TreeNode | number;
  readonly right: TreeNode | number;
}

export interface BoostingOptions {
  readonly rounds: number;
  readonly learningRate: number;
  /** 1 = stumps. */
  readonly depth: number;
  /** A leaf holds at least this many training rows. */
  readonly minLeaf: number;
  /** 'squared' for regression; 'logistic' for 0/1 labels (the model returns a probability). */
  readonly loss: 'squared' | 'logistic';
}

/** Candidate split points of each feature: up to 32 quantiles of its training values. */
function candidateThresholds(rows: readonly (readonly number[])[]): number[][] {
  const d = rows[0]?.length ?? 0;
  return Array.from({ length: d }, (_, f) => {
    const values = [...new Set(rows.map((r) => r[f] ?? 0))].sort((a, b) => a - b);
    if (values.length <= 33) return values.slice(1).map((v, i) => ((values[i] ?? v) + v) / 2);
    const picks = new Set<number>();
    for (let q = 1; q < 32; q++) {
      const k = Math.floor((q / 32) * values.length);
      picks.add(((values[k - 1] ?? 0) + (values[k] ?? 0)) / 2);
    }
    return [...picks].sort((a, b) => a - b);
  });
}

/** Rows of the training set sorted by each feature once, so that no node sorts again. */
function sortedByFeature(rows: readonly (readonly number[])[]): number[][] {
  const d = rows[0]?.length ?? 0;
  return Array.from({ length: d }, (_, f) => rows.map((_, i) => i).sort((a, b) => (rows[a]?.[f] ?? 0) - (rows[b]?.[f] ?? 0)));
}

interface Growth {
  readonly rows: readonly (readonly number[])[];
  readonly gradient: readonly number[];
  readonly hessian: readonly number[];
  readonly thresholds: readonly number[][];
  readonly sorted: readonly number[][];
  readonly minLeaf: number;
}

function growTree(g: Growth, inNode: Uint8Array, size: number, depth: number): TreeNode | number {
  let totalG = 0;
  let totalH = 0;
  for (let i = 0; i < inNode.length; i++) {
    if (inNode[i] !== 1) continue;
    totalG += g.gradient[i] ?? 0;
    totalH += g.hessian[i] ?? 0;
  }
  const leaf = totalG / (totalH + 1);
  if (depth === 0 || size < 2 * g.minLeaf) return leaf;
  const parentScore = (totalG * totalG) / (totalH + 1);
  let best: { feature: number; threshold: number; gain: number } | undefined;
  g.thresholds.forEach((cuts, f) => {
    if (cuts.length === 0) return;
    const order = g.sorted[f] ?? [];
    let sumG = 0;
    let sumH = 0;
    let count = 0;
    let k = 0;
    for (const cut of cuts) {
      while (k < order.length && (g.rows[order[k] as number]?.[f] ?? 0) <= cut) {
        const i = order[k] as number;
        if (inNode[i] === 1) {
          sumG += g.gradient[i] ?? 0;
          sumH += g.hessian[i] ?? 0;
          count++;
        }
        k++;
      }
      if (count < g.minLeaf || size - count < g.minLeaf) continue;
      const gain = (sumG * sumG) / (sumH + 1) + ((totalG - sumG) * (totalG - sumG)) / (totalH - sumH + 1) - parentScore;
      if (!best || gain > best.gain) best = { feature: f, threshold: cut, gain };
    }
  });
  if (!best || best.gain <= 1e-9) return leaf;
  const { feature, threshold } = best;
  const left = new Uint8Array(inNode.length);
  const right = new Uint8Array(inNode.length);
  let leftSize = 0;
  for (let i = 0; i < inNode.length; i++) {
    if (inNode[i] !== 1) continue;
    if ((g.rows[i]?.[feature] ?? 0) <= threshold) {
      left[i] = 1;
      leftSize++;
    } else right[i] = 1;
  }
  return { feature, threshold, left: growTree(g, left, leftSize, depth - 1), right: growTree(g, right, size - leftSize, depth - 1) };
}

function evalTree(node: TreeNode | number, row: readonly number[]): number {
  let n = node;
  while (typeof n !== 'number') n = (row[n.feature] ?? 0) <= n.threshold ? n.left : n.right;
  return n;
}

/** Gradient-boosted trees (Newton steps, shrinkage); a base model's output can seed the boosting. */
export function fitBoosted(rows: readonly (readonly number[])[], targets: readonly number[], options: BoostingOptions, base?: Model): Model {
  const thresholds = candidateThresholds(rows);
  const sorted = sortedByFeature(rows);
  const isLogistic = options.loss === 'logistic';
  const mean = targets.reduce((a, b) => a + b, 0) / Math.max(1, targets.length);
  const intercept = isLogistic ? Math.log((mean + 1e-6) / (1 - mean + 1e-6)) : mean;
  const start = (row: readonly number[]) => (base ? base(row) : intercept);
  const f = rows.map(start);
  const trees: (TreeNode | number)[] = [];
  const all = new Uint8Array(rows.length).fill(1);
  for (let round = 0; round < options.rounds; round++) {
    const gradient = f.map((v, i) => (isLogistic ? (targets[i] ?? 0) - 1 / (1 + Math.exp(-v)) : (targets[i] ?? 0) - v));
    const hessian = f.map((v) => (isLogistic ? Math.max(1e-6, (1 / (1 + Math.exp(-v))) * (1 - 1 / (1 + Math.exp(-v)))) : 1));
    const tree = growTree({ rows, gradient, hessian, thresholds, sorted, minLeaf: options.minLeaf }, all, rows.length, options.depth);
    trees.push(tree);
    rows.forEach((row, i) => (f[i] = (f[i] ?? 0) + options.learningRate * evalTree(tree, row)));
  }
  return (row) => {
    let v = start(row);
    for (const tree of trees) v += options.learningRate * evalTree(tree, row);
    return isLogistic ? 1 / (1 + Math.exp(-v)) : v;
  };
}

/** Isotonic (non-decreasing) regression of targets on one score, by pool-adjacent-violators. */
export function fitIsotonic(scores: readonly number[], targets: readonly number[]): (score: number) => number {
  const order = scores.map((s, i) => ({ s, t: targets[i] ?? 0 })).sort((a, b) => a.s - b.s);
  const blocks: { lo: number; hi: number; sum: number; n: number }[] = [];
  for (const { s, t } of order) {
    blocks.push({ lo: s, hi: s, sum: t, n: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as (typeof blocks)[number];
      const prev = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (prev.sum / prev.n <= last.sum / last.n) break;
      blocks.splice(blocks.length - 2, 2, { lo: prev.lo, hi: last.hi, sum: prev.sum + last.sum, n: prev.n + last.n });
    }
  }
  const points = blocks.map((b) => ({ x: (b.lo + b.hi) / 2, y: b.sum / b.n }));
  return (score) => {
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last) return 0;
    if (score <= first.x) return first.y;
    if (score >= last.x) return last.y;
    let k = 1;
    while (k < points.length && (points[k]?.x ?? 0) < score) k++;
    const a = points[k - 1] ?? first;
    const b = points[k] ?? last;
    return b.x === a.x ? b.y : a.y + ((b.y - a.y) * (score - a.x)) / (b.x - a.x);
  };
}

/** A learner: fits on rows with targets (and each row's group, for learners that tune themselves). */
export type Learner = (rows: readonly (readonly number[])[], targets: readonly number[], groups: readonly string[]) => Model;

/** Out-of-group predictions: each group's rows are predicted by a model fitted on the other groups. */
export function crossPredict(rows: readonly (readonly number[])[], targets: readonly number[], groups: readonly string[], learner: Learner): number[] {
  const out = new Array<number>(rows.length).fill(0);
  for (const held of [...new Set(groups)]) {
    const train = rows.map((_, i) => i).filter((i) => groups[i] !== held);
    const model = learner(
      train.map((i) => rows[i] ?? []),
      train.map((i) => targets[i] ?? 0),
      train.map((i) => groups[i] ?? ''),
    );
    rows.forEach((row, i) => {
      if (groups[i] === held) out[i] = model(row);
    });
  }
  return out;
}

/**
 * Ridge regression whose output is mapped through an isotonic calibration, the ridge penalty
 * chosen from `penalties` by an inner leave-one-group-out loop on the training rows only. The
 * isotonic step lets a linear blend of similarities follow the saturating shape of human scores.
 */
export function ridgeIsotonicLearner(penalties: readonly number[], clip?: readonly [number, number]): Learner {
  const fitOne = (rows: readonly (readonly number[])[], targets: readonly number[], penalty: number): Model => {
    const ridge = fitRidge(rows, targets, penalty);
    const calibrate = fitIsotonic(rows.map(ridge), targets);
    return clip ? (row) => Math.min(clip[1], Math.max(clip[0], calibrate(ridge(row)))) : (row) => calibrate(ridge(row));
  };
  return (rows, targets, groups) => {
    let best = penalties[0] ?? 1;
    if (penalties.length > 1 && new Set(groups).size > 2) {
      let bestError = Number.POSITIVE_INFINITY;
      for (const penalty of penalties) {
        const predicted = crossPredict(rows, targets, groups, (r, t) => fitOne(r, t, penalty));
        const error = predicted.reduce((sum, p, i) => sum + (p - (targets[i] ?? 0)) ** 2, 0);
        if (error < bestError) {
          bestError = error;
          best = penalty;
        }
      }
    }
    return fitOne(rows, targets, best);
  };
}
