/**
 * Parameter drift between two calibrations. The measure is in the units a candidate feels: the
 * root mean squared difference between the two expected-score curves (as a proportion of the
 * maximum score), weighted by a N(0, 1) ability distribution. Items above the threshold
 * (default 0.05, i.e. five percentage points of expected score) are flagged for the assessment
 * owner. The changes in a and in b (largest threshold change for GRM items) are reported too.
 */
import type { IrtParams } from '../bank/item.js';
import { categoryCount, expectedScore } from './irt-model.js';

export interface DriftReport {
  readonly itemId: string;
  readonly deltaA: number;
  /** Largest absolute change of b or of a GRM threshold. */
  readonly deltaB: number;
  /** Weighted RMS difference of expected proportion score over θ ~ N(0, 1). */
  readonly iccRmsd: number;
  readonly flagged: boolean;
}

function difficulties(p: IrtParams): readonly number[] {
  return p.model === 'grm' ? p.thresholds : [p.b];
}

export function detectDrift(
  previous: ReadonlyMap<string, IrtParams>,
  next: ReadonlyMap<string, IrtParams>,
  threshold = 0.05,
): DriftReport[] {
  const out: DriftReport[] = [];
  for (const [itemId, before] of previous) {
    const after = next.get(itemId);
    if (!after || categoryCount(before) !== categoryCount(after)) continue;
    const m = categoryCount(before) - 1;
    let sum = 0;
    let weights = 0;
    for (let theta = -4; theta <= 4.0001; theta += 0.1) {
      const w = Math.exp(-0.5 * theta * theta);
      const diff = (expectedScore(after, theta) - expectedScore(before, theta)) / m;
      sum += w * diff * diff;
      weights += w;
    }
    const iccRmsd = Math.sqrt(sum / weights);
    const oldB = difficulties(before);
    const newB = difficulties(after);
    const deltaB = Math.max(...oldB.map((b, k) => Math.abs((newB[k] ?? b) - b)));
    out.push({ itemId, deltaA: after.a - before.a, deltaB, iccRmsd, flagged: iccRmsd > threshold });
  }
  return out;
}
