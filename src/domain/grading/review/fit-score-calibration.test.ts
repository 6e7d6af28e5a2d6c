import { describe, expect, it } from 'vitest';
import { applyScoreCalibration } from '../concept/score-calibration.js';
import { agreement } from './agreement.js';
import { fitScoreCalibration } from './fit-score-calibration.js';

describe('fitScoreCalibration', () => {
  it('recovers cut points from separable labels', () => {
    const labelled = [0.05, 0.1, 0.25, 0.3, 0.45, 0.5, 0.65, 0.7, 0.9, 0.95].map((raw, i) => ({ raw, score: Math.floor(i / 2) }));
    const fitted = fitScoreCalibration(labelled);
    for (const { raw, score } of labelled) expect(applyScoreCalibration(fitted, raw)).toBe(score);
    expect(fitted.thresholds).toEqual([...fitted.thresholds].sort((a, b) => a - b));
    expect(fitted.version).toBe('fit:n=10');
  });
  it('never lowers agreement on the data it was fitted on compared with a bad mapping', () => {
    const labelled = [0.02, 0.2, 0.22, 0.41, 0.43, 0.6, 0.61, 0.8].map((raw, i) => ({ raw, score: [0, 1, 1, 2, 2, 3, 4, 4][i] ?? 0 }));
    const bad = { version: 'bad', thresholds: [0.7, 0.8, 0.9, 0.95] as const };
    const fitted = fitScoreCalibration(labelled);
    const score = (c: typeof bad | typeof fitted) => agreement(labelled.map((l) => ({ machine: applyScoreCalibration(c, l.raw), human: l.score }))).qwk;
    expect(score(fitted)).toBeGreaterThanOrEqual(score(bad));
  });
  it('keeps answers with equal raw coverage in one class, and respects caps', () => {
    const fitted = fitScoreCalibration([
      { raw: 0.5, score: 1 },
      { raw: 0.5, score: 3 },
      { raw: 0.9, score: 4 },
      { raw: 0.95, score: 1, cap: 1 },
    ]);
    expect(applyScoreCalibration(fitted, 0.9)).toBe(4);
    expect(applyScoreCalibration(fitted, 0.5)).toBe(2);
  });
  it('returns spread cut points without labels', () => {
    expect(fitScoreCalibration([]).thresholds).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});

describe('fitScoreCalibration with a prior', () => {
  it('keeps the prior for cut points the labels cannot place', () => {
    const prior = { version: 'prior', thresholds: [0.1, 0.3, 0.5, 0.72] as const };
    // Reviewers only saw uncertain, middling answers: nothing says where a 4 starts.
    const fitted = fitScoreCalibration(
      [
        { raw: 0.05, score: 0 },
        { raw: 0.2, score: 1 },
        { raw: 0.35, score: 2 },
        { raw: 0.4, score: 2 },
      ],
      'fit',
      prior,
    );
    expect(fitted.thresholds[3]).toBe(0.72);
    expect(fitted.thresholds[0]).toBeLessThanOrEqual(0.2);
  });
});
