import { describe, expect, it } from 'vitest';
import type { IrtParams } from '../bank/item.js';
import { detectDrift } from './detect-drift.js';

/** Weighted RMS difference of expected proportion scores by Simpson's rule (independent of the grid used). */
function rmsd(before: IrtParams, after: IrtParams): number {
  const score = (p: IrtParams, t: number): number =>
    p.model === 'grm'
      ? p.thresholds.reduce((s, b) => s + 1 / (1 + Math.exp(-p.a * (t - b))), 0) / p.thresholds.length
      : (p.model === '3pl' ? p.c : 0) + (1 - (p.model === '3pl' ? p.c : 0)) / (1 + Math.exp(-p.a * (t - p.b)));
  const n = 4000;
  const h = 8 / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i <= n; i++) {
    const t = -4 + i * h;
    const w = (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-0.5 * t * t);
    num += w * (score(after, t) - score(before, t)) ** 2;
    den += w;
  }
  return Math.sqrt(num / den);
}

describe('detectDrift', () => {
  const cases: { name: string; before: IrtParams; after: IrtParams; flagged: boolean }[] = [
    { name: 'unchanged', before: { model: '2pl', a: 1, b: 0, c: 0 }, after: { model: '2pl', a: 1, b: 0, c: 0 }, flagged: false },
    { name: 'small b change', before: { model: '2pl', a: 1, b: 0, c: 0 }, after: { model: '2pl', a: 1, b: 0.1, c: 0 }, flagged: false },
    { name: 'b moved by 0.6', before: { model: '2pl', a: 1.2, b: 0.2, c: 0 }, after: { model: '2pl', a: 1.2, b: 0.8, c: 0 }, flagged: true },
    { name: 'GRM thresholds shifted by 0.5', before: { model: 'grm', a: 1, thresholds: [-1, 0, 1, 2] }, after: { model: 'grm', a: 1, thresholds: [-0.5, 0.5, 1.5, 2.5] }, flagged: true },
  ];

  it.each(cases)('$name', ({ before, after, flagged }) => {
    const [report] = detectDrift(new Map([['d.1', before]]), new Map([['d.1', after]]), 0.05);
    expect(report?.flagged).toBe(flagged);
    expect(report?.iccRmsd).toBeCloseTo(rmsd(before, after), 3);
  });

  it('reports Δa and the largest Δb, and skips items missing from either side', () => {
    const reports = detectDrift(
      new Map<string, IrtParams>([
        ['d.1', { model: 'grm', a: 1, thresholds: [-1, 0, 1, 2] }],
        ['d.2', { model: '2pl', a: 1, b: 0, c: 0 }],
      ]),
      new Map<string, IrtParams>([['d.1', { model: 'grm', a: 1.3, thresholds: [-1, 0.2, 1.7, 2] }]]),
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ itemId: 'd.1', deltaA: expect.closeTo(0.3, 12), deltaB: expect.closeTo(0.7, 12) });
  });
});
