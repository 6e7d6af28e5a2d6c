/**
 * Classical item statistics: facility (mean proportion of the maximum), discrimination as the
 * point-biserial (item–rest correlation) and as the upper–lower index, and distractor analysis for
 * choice items.
 */
import { mean, pearson } from './descriptive.js';

/** One person's score on the item and their total on the form (including the item). */
export interface ItemObservation {
  readonly score: number;
  readonly maxScore: number;
  readonly total: number;
}

/** Mean score as a share of the maximum: 1 = everyone got it right. */
export function facility(observations: readonly ItemObservation[]): number {
  if (observations.length === 0) return Number.NaN;
  return mean(observations.map((o) => (o.maxScore > 0 ? o.score / o.maxScore : 0)));
}

/**
 * Point-biserial (Pearson correlation of item score with total score). `corrected` (default)
 * correlates with the rest score (total minus the item), so an item does not correlate with itself.
 */
export function pointBiserial(observations: readonly ItemObservation[], corrected = true): number {
  return pearson(
    observations.map((o) => o.score),
    observations.map((o) => (corrected ? o.total - o.score : o.total)),
  );
}

/**
 * Upper–lower discrimination index: mean proportion score of the top `fraction` by total minus that
 * of the bottom `fraction` (27% by Kelley's rule; at least one person per group). Ties at the cut
 * are broken by input order, so callers pass observations in a stable order.
 */
export function upperLowerIndex(observations: readonly ItemObservation[], fraction = 0.27): number {
  if (observations.length < 2) return Number.NaN;
  const size = Math.max(1, Math.round(observations.length * fraction));
  const ranked = observations.map((o, i) => ({ o, i })).sort((a, b) => b.o.total - a.o.total || a.i - b.i);
  const share = (group: readonly { o: ItemObservation }[]) => mean(group.map(({ o }) => (o.maxScore > 0 ? o.score / o.maxScore : 0)));
  return share(ranked.slice(0, size)) - share(ranked.slice(-size));
}

export interface ChoiceObservation {
  readonly selected: readonly string[];
  readonly total: number;
}

export interface DistractorRow {
  readonly optionId: string;
  readonly correct: boolean;
  readonly count: number;
  /** Share of all respondents who chose the option. */
  readonly share: number;
  /** Share of the upper and lower groups (by total, `fraction` each) who chose it. */
  readonly upperShare: number;
  readonly lowerShare: number;
  /** Mean total of those who chose it (null when nobody did). */
  readonly meanTotal: number | null;
  /** Why the option needs attention: a distractor nobody picks, or one the strong pick more than the weak. */
  readonly problem?: 'never-chosen' | 'attracts-strong' | 'key-attracts-weak';
}

/** Per option: who chose it, split by upper and lower group, with the classic warning signs. */
export function distractorAnalysis(options: readonly { id: string; correct: boolean }[], observations: readonly ChoiceObservation[], fraction = 0.27): DistractorRow[] {
  const n = observations.length;
  const size = Math.max(1, Math.round(n * fraction));
  const ranked = observations.map((o, i) => ({ o, i })).sort((a, b) => b.o.total - a.o.total || a.i - b.i);
  const upper = ranked.slice(0, size).map((r) => r.o);
  const lower = ranked.slice(-size).map((r) => r.o);
  const shareOf = (group: readonly ChoiceObservation[], id: string) => (group.length === 0 ? 0 : group.filter((o) => o.selected.includes(id)).length / group.length);
  return options.map((option) => {
    const choosers = observations.filter((o) => o.selected.includes(option.id));
    const upperShare = shareOf(upper, option.id);
    const lowerShare = shareOf(lower, option.id);
    const problem =
      n === 0 ? undefined
      : !option.correct && choosers.length === 0 ? 'never-chosen'
      : !option.correct && n >= 4 && upperShare > lowerShare ? 'attracts-strong'
      : option.correct && n >= 4 && lowerShare > upperShare ? 'key-attracts-weak'
      : undefined;
    return {
      optionId: option.id,
      correct: option.correct,
      count: choosers.length,
      share: n === 0 ? 0 : choosers.length / n,
      upperShare,
      lowerShare,
      meanTotal: choosers.length === 0 ? null : mean(choosers.map((o) => o.total)),
      ...(problem ? { problem } : {}),
    };
  });
}
