/** Why an item misbehaves, from its statistics: the assessment owner's watch list. */

export type ItemFlag = 'negative-discrimination' | 'low-discrimination' | 'over-exposed' | 'drift' | 'too-easy' | 'too-hard' | 'distractor-problem';

export interface ItemFlagInput {
  readonly n: number;
  readonly facility: number | null;
  readonly pointBiserial: number | null;
  readonly exposureRate: number | null;
  readonly exposureCap: number;
  readonly driftFlagged: boolean;
  readonly distractorProblem: boolean;
}

/** Flags need at least `minN` responses (exposure too: one interview is 100% exposure); drift is judged by its own test. */
export function flagItem(input: ItemFlagInput, minN = 20): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (input.n >= minN && input.pointBiserial !== null) {
    if (input.pointBiserial < 0) flags.push('negative-discrimination');
    else if (input.pointBiserial < 0.15) flags.push('low-discrimination');
  }
  if (input.n >= minN && input.facility !== null) {
    if (input.facility > 0.95) flags.push('too-easy');
    if (input.facility < 0.05) flags.push('too-hard');
  }
  if (input.n >= minN && input.exposureRate !== null && input.exposureRate > input.exposureCap) flags.push('over-exposed');
  if (input.driftFlagged) flags.push('drift');
  if (input.n >= minN && input.distractorProblem) flags.push('distractor-problem');
  return flags;
}
