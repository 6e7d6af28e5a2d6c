/**
 * Adverse impact by the four-fifths rule: each group's selection (pass) rate divided by the rate of
 * the most selected group; a ratio under 0.8 is flagged. Following NYC Local Law 144 bias audits,
 * groups under 2% of the data are reported but marked, since their ratios are unstable.
 */

export interface GroupOutcome {
  readonly group: string;
  readonly selected: number;
  readonly total: number;
}

export interface ImpactRow extends GroupOutcome {
  readonly rate: number;
  /** rate / highest rate; null when no group was selected at all. */
  readonly impactRatio: number | null;
  readonly flagged: boolean;
  readonly smallSample: boolean;
}

export function impactRatios(groups: readonly GroupOutcome[], threshold = 0.8, smallShare = 0.02): ImpactRow[] {
  const all = groups.reduce((sum, g) => sum + g.total, 0);
  const rated = groups.filter((g) => g.total > 0).map((g) => ({ ...g, rate: g.selected / g.total }));
  const best = Math.max(0, ...rated.map((g) => g.rate));
  return rated.map((g) => {
    const impactRatio = best > 0 ? g.rate / best : null;
    return { ...g, impactRatio, flagged: impactRatio !== null && impactRatio < threshold, smallSample: all > 0 && g.total / all < smallShare };
  });
}
