/**
 * The global mapping from raw rubric coverage (0..1, after misconception penalties) to the 0-4
 * scale: four increasing cut points; the score is the number of cut points the raw value reaches.
 * One mapping serves every item, so it can be fitted on a labelled set and refitted from
 * reviewers' labels (`fitScoreCalibration` in `review/`).
 */
export interface ScoreCalibration {
  /** Where the mapping came from, e.g. `default@1` or `fit:2026-11-24:n=150`. */
  readonly version: string;
  /** Four non-decreasing raw values: reaching `thresholds[k]` earns score k + 1. */
  readonly thresholds: readonly [number, number, number, number];
}

/**
 * Cut points fitted on the in-domain labelled set (bench/data/concept-answers.yaml) with
 * `fitScoreCalibration`, rounded; the bench reports them fitted leave-one-item-out as well.
 */
export const DEFAULT_SCORE_CALIBRATION: ScoreCalibration = {
  version: 'in-domain-2026-11-24:n=160',
  thresholds: [0.05, 0.21, 0.61, 0.9],
};

/** Maps a raw coverage value to the integer 0-4 scale. */
export function applyScoreCalibration(calibration: ScoreCalibration, raw: number): number {
  let score = 0;
  for (const threshold of calibration.thresholds) if (raw >= threshold) score++;
  return score;
}

/** Distance from `raw` to the nearest cut point: small margins mean a borderline grade. */
export function calibrationMargin(calibration: ScoreCalibration, raw: number): number {
  return Math.min(...calibration.thresholds.map((t) => Math.abs(raw - t)));
}
