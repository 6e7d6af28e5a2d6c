/**
 * Agreement between machine and human scores on the 0-4 scale: exact, within one point, and
 * quadratic weighted kappa (chance-corrected, large disagreements cost more).
 */
export interface ScorePair {
  readonly machine: number;
  readonly human: number;
}

export interface Agreement {
  readonly exact: number;
  readonly within1: number;
  readonly qwk: number;
  readonly n: number;
}

/** Agreement over integer scores 0..maxScore (scores are rounded and clamped). */
export function agreement(pairs: readonly ScorePair[], maxScore = 4): Agreement {
  const n = pairs.length;
  if (n === 0) return { exact: 0, within1: 0, qwk: 0, n: 0 };
  const k = maxScore + 1;
  const clamp = (v: number) => Math.min(maxScore, Math.max(0, Math.round(v)));
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  let exact = 0;
  let within1 = 0;
  for (const { machine, human } of pairs) {
    const a = clamp(machine);
    const b = clamp(human);
    const row = observed[a];
    if (row) row[b] = (row[b] ?? 0) + 1;
    rowTotals[a] = (rowTotals[a] ?? 0) + 1;
    colTotals[b] = (colTotals[b] ?? 0) + 1;
    if (a === b) exact++;
    if (Math.abs(a - b) <= 1) within1++;
  }
  let observedCost = 0;
  let expectedCost = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
      observedCost += weight * (observed[i]?.[j] ?? 0);
      expectedCost += (weight * (rowTotals[i] ?? 0) * (colTotals[j] ?? 0)) / n;
    }
  }
  const qwk = expectedCost === 0 ? (observedCost === 0 ? 1 : 0) : 1 - observedCost / expectedCost;
  return { exact: exact / n, within1: within1 / n, qwk, n };
}
