import { describe, expect, it } from 'vitest';
import { chooseReviewStrategy, needsReview, orderReviewQueue, type ReviewEntry } from './order-review-queue.js';

const entry = (id: string, itemId: string, score: number, confidence: number, flags: ReviewEntry['grade']['flags'] = []): ReviewEntry => ({ id, itemId, grade: { score, confidence, flags } });
const entries = [entry('a', 'x', 3, 0.3), entry('b', 'x', 3, 0.2), entry('c', 'x', 3, 0.25), entry('d', 'y', 0, 0.6), entry('e', 'z', 2, 0.5)];
const ids = (list: readonly ReviewEntry[]) => list.map((e) => e.id);

describe('orderReviewQueue', () => {
  const cases = [
    { strategy: 'uncertainty' as const, expected: ['b', 'c', 'a', 'e', 'd'] },
    { strategy: 'diversity' as const, expected: ['b', 'e', 'd', 'c', 'a'] },
    { strategy: 'hybrid' as const, expected: ['b', 'e', 'c', 'd', 'a'] },
  ];
  it.each(cases)('$strategy', ({ strategy, expected }) => {
    const ordered = orderReviewQueue(entries, strategy);
    expect(ids(ordered)).toEqual(expected);
    expect(ids(orderReviewQueue([...entries].reverse(), strategy))).toEqual(expected);
  });
  it('defaults to hybrid', () => {
    expect(ids(orderReviewQueue(entries))).toEqual(ids(orderReviewQueue(entries, 'hybrid')));
  });
});

describe('needsReview', () => {
  const cases = [
    { grade: { score: 3, confidence: 0.9, flags: [] }, threshold: 0.7, expected: false },
    { grade: { score: 3, confidence: 0.6, flags: [] }, threshold: 0.7, expected: true },
    { grade: { score: 3, confidence: 0.9, flags: ['grader-disagreement' as const] }, threshold: 0.7, expected: true },
    { grade: { score: 0, confidence: 0.9, flags: ['gibberish' as const] }, threshold: 0.5, expected: true },
  ];
  it.each(cases)('confidence $grade.confidence, flags $grade.flags, threshold $threshold → $expected', ({ grade, threshold, expected }) => {
    expect(needsReview(grade, threshold)).toBe(expected);
  });
});

describe('chooseReviewStrategy', () => {
  it('defaults to hybrid without evidence', () => {
    expect(chooseReviewStrategy([]).best).toBe('hybrid');
  });
  it('picks the strategy with the highest agreement gain per label', () => {
    const report = chooseReviewStrategy([
      { strategy: 'uncertainty', labels: 20, agreementBefore: 0.6, agreementAfter: 0.7 },
      { strategy: 'diversity', labels: 10, agreementBefore: 0.7, agreementAfter: 0.78 },
      { strategy: 'hybrid', labels: 20, agreementBefore: 0.78, agreementAfter: 0.8 },
    ]);
    expect(report.best).toBe('diversity');
    expect(report.gainPerLabel.uncertainty).toBeCloseTo(0.005);
    expect(report.gainPerLabel.diversity).toBeCloseTo(0.008);
  });
});
