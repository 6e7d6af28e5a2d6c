import { describe, expect, it } from 'vitest';
import {
  buildFunnel,
  cronbachAlpha,
  distractorAnalysis,
  facility,
  flagItem,
  impactRatios,
  mantelHaenszel,
  passRatesOverTime,
  pointBiserial,
  scoreDistribution,
  standardErrorOfMeasurement,
  testInformationCurve,
  upperLowerIndex,
  type DifObservation,
} from './index.js';

// Four persons × three dichotomous items (a Guttman pattern), worked by hand:
// item variances .25, 1/3, .25 (sum 5/6); totals 3, 2, 1, 0 have variance 5/3;
// α = 3/2 · (1 − (5/6)/(5/3)) = 0.75.
const MATRIX = [
  [1, 1, 1],
  [1, 1, 0],
  [1, 0, 0],
  [0, 0, 0],
];
const totals = MATRIX.map((row) => row.reduce((s, v) => s + v, 0));
const observationsOf = (j: number) => MATRIX.map((row, i) => ({ score: row[j] as number, maxScore: 1, total: totals[i] as number }));

describe('reliability', () => {
  it("Cronbach's alpha matches the hand-computed 0.75", () => {
    expect(cronbachAlpha(MATRIX)).toBeCloseTo(0.75, 10);
  });
  it('is undefined with one item or one person, or constant totals', () => {
    expect(cronbachAlpha([[1], [0]])).toBeNaN();
    expect(cronbachAlpha([[1, 0]])).toBeNaN();
    expect(cronbachAlpha([[1, 1], [1, 1]])).toBeNaN();
  });
  it('SEM = SD·√(1−α): √(5/3)·√0.25 = 0.6455', () => {
    expect(standardErrorOfMeasurement(Math.sqrt(5 / 3), 0.75)).toBeCloseTo(0.645497, 5);
  });
});

describe('item statistics', () => {
  it('facility is the mean proportion score', () => {
    expect(facility(observationsOf(0))).toBeCloseTo(0.75);
    expect(facility(observationsOf(1))).toBeCloseTo(0.5);
  });
  it('point-biserial against the total: 2/√5 = 0.8944; against the rest score: 1/√2 = 0.7071', () => {
    expect(pointBiserial(observationsOf(1), false)).toBeCloseTo(0.894427, 5);
    expect(pointBiserial(observationsOf(1))).toBeCloseTo(0.707107, 5);
  });
  it('upper-lower index: top vs bottom group proportion', () => {
    expect(upperLowerIndex(observationsOf(1))).toBeCloseTo(1);
    expect(upperLowerIndex(observationsOf(2), 0.5)).toBeCloseTo(0.5);
  });
  it('distractor analysis counts choosers and flags a distractor nobody picks', () => {
    const rows = distractorAnalysis(
      [{ id: 'a', correct: true }, { id: 'b', correct: false }, { id: 'c', correct: false }, { id: 'd', correct: false }],
      [
        { selected: ['a'], total: 10 },
        { selected: ['a'], total: 8 },
        { selected: ['b'], total: 6 },
        { selected: ['b'], total: 4 },
        { selected: ['c'], total: 2 },
      ],
      0.4,
    );
    expect(rows.map((r) => [r.optionId, r.count, r.upperShare, r.lowerShare, r.problem])).toEqual([
      ['a', 2, 1, 0, undefined],
      ['b', 2, 0, 0.5, undefined],
      ['c', 1, 0, 0.5, undefined],
      ['d', 0, 0, 0, 'never-chosen'],
    ]);
    expect(rows[0]?.meanTotal).toBe(9);
  });
  it('a distractor the strong pick more than the weak is flagged', () => {
    const rows = distractorAnalysis([{ id: 'a', correct: true }, { id: 'b', correct: false }], [
      { selected: ['b'], total: 9 },
      { selected: ['a'], total: 7 },
      { selected: ['a'], total: 3 },
      { selected: ['a'], total: 1 },
    ]);
    expect(rows.find((r) => r.optionId === 'b')?.problem).toBe('attracts-strong');
  });
  it('flags negative discrimination, over-exposure and drift', () => {
    expect(flagItem({ n: 50, facility: 0.5, pointBiserial: -0.2, exposureRate: 0.4, exposureCap: 0.25, driftFlagged: true, distractorProblem: false })).toEqual(['negative-discrimination', 'over-exposed', 'drift']);
    expect(flagItem({ n: 5, facility: 1, pointBiserial: -0.2, exposureRate: 0.1, exposureCap: 0.25, driftFlagged: false, distractorProblem: true })).toEqual([]);
  });
});

describe('test information', () => {
  it('sums item information and reports SE = 1/√I', () => {
    const curve = testInformationCurve([{ model: '2pl', a: 1, b: 0, c: 0 }, { model: '2pl', a: 1, b: 0, c: 0 }], -1, 1, 1);
    expect(curve.map((p) => p.theta)).toEqual([-1, 0, 1]);
    const mid = curve[1]!;
    expect(mid.information).toBeGreaterThan(curve[0]!.information);
    expect(mid.se).toBeCloseTo(1 / Math.sqrt(mid.information));
  });
});

/** Builds observations from per-stratum 2×2 tables [A, B, C, D] (reference right/wrong, focal right/wrong). */
function tables(...strata: [number, number, number, number][]): DifObservation[] {
  const out: DifObservation[] = [];
  strata.forEach(([a, b, c, d], stratum) => {
    for (let i = 0; i < a; i++) out.push({ group: 'reference', stratum, correct: true });
    for (let i = 0; i < b; i++) out.push({ group: 'reference', stratum, correct: false });
    for (let i = 0; i < c; i++) out.push({ group: 'focal', stratum, correct: true });
    for (let i = 0; i < d; i++) out.push({ group: 'focal', stratum, correct: false });
  });
  return out;
}

describe('Mantel-Haenszel DIF', () => {
  // Stratum 1: A=32 B=8 C=20 D=20; stratum 2: A=16 B=24 C=8 D=32 (T = 80 each).
  // R = 8 + 6.4 = 14.4, S = 2 + 2.4 = 4.4, α = 3.2727, D = −2.35 ln α = −2.7862.
  // χ² = (|48 − 38| − 0.5)² / (4.6076 + 4.2532) = 10.185; RBG var(ln α) = 0.12859 → SE(D) = 0.8427.
  it('matches the hand-computed odds ratio, delta, chi-square and SE, and classes the item C', () => {
    const result = mantelHaenszel(tables([32, 8, 20, 20], [16, 24, 8, 32]))!;
    expect(result.alpha).toBeCloseTo(3.272727, 5);
    expect(result.deltaMh).toBeCloseTo(-2.786217, 4);
    expect(result.chiSquare).toBeCloseTo(10.1853, 3);
    expect(result.seDelta).toBeCloseTo(0.8427, 3);
    expect(result.etsClass).toBe('C');
    expect(result.favours).toBe('reference');
  });
  it('the same odds with a quarter of the data is not significant: class A', () => {
    // χ² = (|12 − 9.5| − 0.5)² / (1.1974 + 1.1053) = 1.7371.
    const result = mantelHaenszel(tables([8, 2, 5, 5], [4, 6, 2, 8]))!;
    expect(result.alpha).toBeCloseTo(3.272727, 5);
    expect(result.chiSquare).toBeCloseTo(1.737143, 5);
    expect(result.etsClass).toBe('A');
  });
  it('identical groups: α = 1, D = 0, class A', () => {
    const result = mantelHaenszel(tables([10, 10, 10, 10], [15, 5, 15, 5]))!;
    expect(result.alpha).toBeCloseTo(1);
    expect(result.deltaMh).toBeCloseTo(0);
    expect(result.etsClass).toBe('A');
  });
  it('is undefined without both groups in any stratum', () => {
    expect(mantelHaenszel(tables([5, 5, 0, 0]))).toBeUndefined();
  });
});

describe('adverse impact', () => {
  it('divides each rate by the highest and flags ratios under four fifths', () => {
    const rows = impactRatios([
      { group: 'A', selected: 50, total: 100 },
      { group: 'B', selected: 30, total: 100 },
      { group: 'C', selected: 45, total: 100 },
      { group: 'D', selected: 1, total: 2 },
    ]);
    expect(rows.map((r) => [r.group, r.rate, r.impactRatio, r.flagged, r.smallSample])).toEqual([
      ['A', 0.5, 1, false, false],
      ['B', 0.3, 0.6, true, false],
      ['C', 0.45, 0.9, false, false],
      ['D', 0.5, 1, false, true],
    ]);
  });
});

describe('operations', () => {
  const at = (s: string) => new Date(s);
  it('builds the funnel with drop-off, live interviews and median duration', () => {
    const funnel = buildFunnel(
      [
        { state: 'completed', createdAt: at('2026-03-01T09:00Z'), startedAt: at('2026-03-01T10:00Z'), completedAt: at('2026-03-01T10:30Z'), currentItemId: null, score: 60 },
        { state: 'completed', createdAt: at('2026-03-01T09:00Z'), startedAt: at('2026-03-01T10:00Z'), completedAt: at('2026-03-01T10:20Z'), currentItemId: null, score: 40 },
        { state: 'in-progress', createdAt: at('2026-03-02T09:00Z'), startedAt: at('2026-03-02T11:30Z'), completedAt: null, currentItemId: 'lookups.x', score: null },
        { state: 'abandoned', createdAt: at('2026-03-01T09:00Z'), startedAt: at('2026-03-01T09:10Z'), completedAt: null, currentItemId: 'lookups.x', score: null },
        { state: 'invited', createdAt: at('2026-03-02T09:00Z'), startedAt: null, completedAt: null, currentItemId: null, score: null },
      ],
      at('2026-03-02T12:00Z'),
    );
    expect(funnel).toMatchObject({ invited: 5, started: 4, completed: 2, abandoned: 1, liveNow: 1, startRate: 0.8, completionRate: 0.5, medianDurationMin: 25 });
    expect(funnel.dropOffByItem).toEqual([{ itemId: 'lookups.x', count: 2 }]);
  });
  it('bins scores and summarises them', () => {
    const d = scoreDistribution([5, 15, 15, 100, 55]);
    expect(d.bins[0]?.count).toBe(1);
    expect(d.bins[1]?.count).toBe(2);
    expect(d.bins[9]?.count).toBe(1);
    expect(d.median).toBe(15);
  });
  it('pass rates per ISO week', () => {
    const points = passRatesOverTime(
      [
        { completedAt: at('2026-03-02T10:00Z'), score: 70 },
        { completedAt: at('2026-03-08T10:00Z'), score: 40 },
        { completedAt: at('2026-03-09T10:00Z'), score: 80 },
      ],
      60,
    );
    expect(points).toEqual([
      { period: '2026-03-02', completed: 2, passed: 1, rate: 0.5 },
      { period: '2026-03-09', completed: 1, passed: 1, rate: 1 },
    ]);
  });
});
