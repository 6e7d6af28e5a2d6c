/**
 * The reported 0-100 scale: score = 50 + 15θ, clamped to [0, 100] and rounded (θ = 0 is the
 * calibration population's average, one SD is 15 points, so 5-95 covers θ ∈ [−3, 3]). The band
 * is θ ± 1.96·SE on the same scale (a 95% interval). The level label uses the bank's own
 * anchoring: an item of level L starts at difficulty b = L − 3, so a candidate at θ = L − 3
 * has even odds on level-L items; cut points sit halfway between those anchors.
 */

export const LEVEL_LABELS = ['entry', 'basic', 'intermediate', 'advanced', 'expert'] as const;
export type LevelLabel = (typeof LEVEL_LABELS)[number];

export interface ScaleScore {
  readonly score: number;
  readonly band: readonly [number, number];
  readonly level: 1 | 2 | 3 | 4 | 5;
  readonly label: LevelLabel;
}

const toScale = (theta: number): number => Math.min(100, Math.max(0, Math.round(50 + 15 * theta)));

export function scaleScore(theta: number, se: number): ScaleScore {
  const level = (theta < -1.5 ? 1 : theta < -0.5 ? 2 : theta < 0.5 ? 3 : theta < 1.5 ? 4 : 5) as 1 | 2 | 3 | 4 | 5;
  return { score: toScale(theta), band: [toScale(theta - 1.96 * se), toScale(theta + 1.96 * se)], level, label: LEVEL_LABELS[level - 1] as LevelLabel };
}
