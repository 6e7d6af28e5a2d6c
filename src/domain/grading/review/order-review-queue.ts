/**
 * The review queue: which machine grades a human should look at, and in what order. Three named
 * strategies; `hybrid` is the default. `chooseReviewStrategy` picks the strategy that has raised
 * measured agreement most per label so far.
 */
import type { Grade } from '../grade.js';

export type ReviewStrategy = 'uncertainty' | 'diversity' | 'hybrid';
export const REVIEW_STRATEGIES: readonly ReviewStrategy[] = ['uncertainty', 'diversity', 'hybrid'];

export interface ReviewEntry {
  readonly id: string;
  readonly itemId: string;
  readonly grade: Pick<Grade, 'score' | 'confidence' | 'flags'>;
}

/** Whether a grade needs a human: low confidence for the profile, graders disagreeing, or any flag. */
export function needsReview(grade: ReviewEntry['grade'], confidenceThreshold: number): boolean {
  return grade.confidence < confidenceThreshold || grade.flags.length > 0;
}

function scoreBand(score: number): 'low' | 'mid' | 'high' {
  return score <= 1 ? 'low' : score === 2 ? 'mid' : 'high';
}

const byUncertainty = (a: ReviewEntry, b: ReviewEntry): number =>
  a.grade.confidence - b.grade.confidence || Number(b.grade.flags.includes('grader-disagreement')) - Number(a.grade.flags.includes('grader-disagreement')) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Orders entries for review. `uncertainty`: least confident first. `diversity`: round-robin over
 * (item, score band) buckets so early labels cover the space. `hybrid`: least confident first,
 * discounted for buckets already represented in the queue so far. Deterministic: ties break on id.
 */
export function orderReviewQueue(entries: readonly ReviewEntry[], strategy: ReviewStrategy = 'hybrid'): ReviewEntry[] {
  switch (strategy) {
    case 'uncertainty':
      return [...entries].sort(byUncertainty);
    case 'diversity': {
      const buckets = new Map<string, ReviewEntry[]>();
      for (const entry of [...entries].sort(byUncertainty)) {
        const key = `${entry.itemId}|${scoreBand(entry.grade.score)}`;
        buckets.set(key, [...(buckets.get(key) ?? []), entry]);
      }
      const ordered = [...buckets.entries()].sort(([ka, a], [kb, b]) => b.length - a.length || (ka < kb ? -1 : 1)).map(([, list]) => list);
      const out: ReviewEntry[] = [];
      for (let round = 0; out.length < entries.length; round++) {
        out.push(...ordered.flatMap((list) => (list[round] ? [list[round] as ReviewEntry] : [])).sort(byUncertainty));
      }
      return out;
    }
    case 'hybrid': {
      const remaining = [...entries].sort(byUncertainty);
      const seenItem = new Map<string, number>();
      const seenBand = new Map<string, number>();
      const out: ReviewEntry[] = [];
      while (remaining.length > 0) {
        let bestIndex = 0;
        let bestValue = Number.NEGATIVE_INFINITY;
        remaining.forEach((entry, index) => {
          const band = `${entry.itemId}|${scoreBand(entry.grade.score)}`;
          const value = 1 - entry.grade.confidence - 0.2 * (seenItem.get(entry.itemId) ?? 0) - 0.1 * (seenBand.get(band) ?? 0);
          if (value > bestValue + 1e-12) {
            bestValue = value;
            bestIndex = index;
          }
        });
        const [chosen] = remaining.splice(bestIndex, 1);
        if (!chosen) break;
        out.push(chosen);
        seenItem.set(chosen.itemId, (seenItem.get(chosen.itemId) ?? 0) + 1);
        const band = `${chosen.itemId}|${scoreBand(chosen.grade.score)}`;
        seenBand.set(band, (seenBand.get(band) ?? 0) + 1);
      }
      return out;
    }
    default: {
      const unreachable: never = strategy;
      throw new Error(`unknown strategy ${String(unreachable)}`);
    }
  }
}

/** One review round: how many labels a strategy used and the agreement (e.g. QWK) before and after. */
export interface StrategyRound {
  readonly strategy: ReviewStrategy;
  readonly labels: number;
  readonly agreementBefore: number;
  readonly agreementAfter: number;
}

export interface StrategyReport {
  readonly gainPerLabel: Readonly<Record<ReviewStrategy, number | undefined>>;
  readonly best: ReviewStrategy;
}

/** Which strategy raised agreement most per label; `hybrid` until there is evidence. */
export function chooseReviewStrategy(rounds: readonly StrategyRound[]): StrategyReport {
  const gainPerLabel = {} as Record<ReviewStrategy, number | undefined>;
  for (const strategy of REVIEW_STRATEGIES) {
    const mine = rounds.filter((r) => r.strategy === strategy && r.labels > 0);
    const labels = mine.reduce((sum, r) => sum + r.labels, 0);
    gainPerLabel[strategy] = labels > 0 ? mine.reduce((sum, r) => sum + (r.agreementAfter - r.agreementBefore), 0) / labels : undefined;
  }
  // Switch away from the default only for a strictly better measured gain.
  let best: ReviewStrategy = 'hybrid';
  for (const strategy of REVIEW_STRATEGIES) {
    const gain = gainPerLabel[strategy];
    const current = gainPerLabel[best];
    if (gain !== undefined && (current === undefined || gain > current + 1e-12)) best = strategy;
  }
  return { gainPerLabel, best };
}
