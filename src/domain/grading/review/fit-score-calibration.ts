/**
 * Fits the global raw-coverage-to-score mapping from labelled answers: the four cut points that
 * minimise the squared error against the human scores, found exactly by dynamic programming over
 * the answers sorted by raw coverage (a monotone step function with five levels).
 */
import type { ScoreCalibration } from '../concept/score-calibration.js';

export interface LabelledRaw {
  /** The grader's raw coverage for the answer (`analyzeConceptAnswer(...).raw`). */
  readonly raw: number;
  /** The human score 0-4. */
  readonly score: number;
  /** The grader's cap for the answer (gibberish, stuffing…); default 4. */
  readonly cap?: number;
}

/**
 * The first cut point never falls below this: an answer that matched nothing at all (raw 0)
 * scores 0, whatever the labels say about vague answers.
 */
export const MIN_FIRST_THRESHOLD = 0.05;

/**
 * Fits the mapping. A cut point the labels cannot place (no label at or above its level, or none
 * below it, as happens when reviewers only see uncertain answers) keeps the `prior`'s value; with
 * no labels at all the prior (default: evenly spread cut points) is returned.
 */
export function fitScoreCalibration(labelled: readonly LabelledRaw[], version = 'fit', prior?: ScoreCalibration): ScoreCalibration {
  const fallback = prior?.thresholds ?? [0.2, 0.4, 0.6, 0.8];
  if (labelled.length === 0) return { version, thresholds: [...fallback] as unknown as ScoreCalibration['thresholds'] };
  // Equal raw values must land in the same class: group them.
  const sorted = [...labelled].sort((a, b) => a.raw - b.raw);
  const groups: { raw: number; members: LabelledRaw[] }[] = [];
  for (const entry of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(last.raw - entry.raw) < 1e-12) last.members.push(entry);
    else groups.push({ raw: entry.raw, members: [entry] });
  }
  const classes = 5;
  const cost = (group: (typeof groups)[number], c: number): number =>
    group.members.reduce((sum, m) => sum + (Math.min(m.cap ?? 4, c) - m.score) ** 2, 0);
  // dp[g][c]: least cost of groups 0..g with group g in class c; classes never decrease.
  const dp: number[][] = [];
  const from: number[][] = [];
  groups.forEach((group, g) => {
    dp.push([]);
    from.push([]);
    for (let c = 0; c < classes; c++) {
      let best = Number.POSITIVE_INFINITY;
      let arg = 0;
      if (g === 0) best = 0;
      else {
        for (let p = 0; p <= c; p++) {
          const value = dp[g - 1]?.[p] ?? Number.POSITIVE_INFINITY;
          if (value < best) {
            best = value;
            arg = p;
          }
        }
      }
      (dp[g] as number[])[c] = best + cost(group, c);
      (from[g] as number[])[c] = arg;
    }
  });
  const lastRow = dp[groups.length - 1] ?? [];
  let c = lastRow.indexOf(Math.min(...lastRow));
  const classOf = new Array<number>(groups.length).fill(0);
  for (let g = groups.length - 1; g >= 0; g--) {
    classOf[g] = c;
    c = from[g]?.[c] ?? 0;
  }
  const thresholds: number[] = [];
  for (let level = 1; level < classes; level++) {
    const first = classOf.findIndex((k) => k >= level);
    // No labelled answer reached this level: above every label, at the prior if that is higher.
    if (first < 0) thresholds.push(Math.max(fallback[level - 1] ?? 1, (groups[groups.length - 1]?.raw ?? 0) + 1e-4));
    else if (first === 0) thresholds.push(Math.min(groups[0]?.raw ?? 0, thresholds[thresholds.length - 1] ?? 0) || 0);
    else thresholds.push(((groups[first - 1]?.raw ?? 0) + (groups[first]?.raw ?? 0)) / 2);
  }
  // Only uncapped labels say where a cut point lies.
  const informative = labelled.filter((l) => (l.cap ?? 4) >= 4);
  for (let level = 1; level < classes; level++) {
    const hasAbove = informative.some((l) => l.score >= level);
    const hasBelow = informative.some((l) => l.score < level);
    if (!hasAbove || !hasBelow) thresholds[level - 1] = fallback[level - 1] ?? thresholds[level - 1] ?? 0;
  }
  thresholds[0] = Math.max(thresholds[0] ?? 0, MIN_FIRST_THRESHOLD);
  for (let i = 1; i < thresholds.length; i++) thresholds[i] = Math.max(thresholds[i] ?? 0, thresholds[i - 1] ?? 0);
  const rounded = thresholds.map((t) => Math.round(t * 1000) / 1000);
  return { version: `${version}:n=${labelled.length}`, thresholds: [rounded[0] ?? 0, rounded[1] ?? 0, rounded[2] ?? 0, rounded[3] ?? 0] };
}
