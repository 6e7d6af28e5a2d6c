import { describe, expect, it } from 'vitest';
import type { Grade } from '../grade.js';
import { INDEX_MATCH_ITEM } from '../concept/fixtures/concept-items.js';
import { addConfirmedExemplars, applyReviewDecision } from './apply-review-decision.js';

const machine: Grade = {
  score: 2,
  maxScore: 4,
  confidence: 0.4,
  graderVersion: 'concept-offline@1.0.0',
  flags: [],
  evidence: [{ kind: 'rubric-hit', pointId: 'look-left', quote: 'the result column can be before the key', start: 0, end: 40 }],
  feedback: '',
};
const now = new Date('2026-11-24T10:00:00Z');

describe('applyReviewDecision', () => {
  it('makes an override the grade of record, keeps the machine grade and audits it', () => {
    const outcome = applyReviewDecision('ans-1', machine, { kind: 'override', reviewerId: 'r1', score: 3, reason: 'paraphrase of column-insert' }, now);
    expect(outcome.kind).toBe('applied');
    if (outcome.kind !== 'applied') return;
    expect(outcome.reviewed.gradeOfRecord.score).toBe(3);
    expect(outcome.reviewed.machineGrade).toBe(machine);
    expect(outcome.audit).toEqual({ at: '2026-11-24T10:00:00.000Z', answerId: 'ans-1', reviewerId: 'r1', action: 'override', machineScore: 2, finalScore: 3, reason: 'paraphrase of column-insert', graderVersion: 'concept-offline@1.0.0' });
  });
  it('confirms a grade', () => {
    const outcome = applyReviewDecision('ans-2', machine, { kind: 'confirm', reviewerId: 'r1' }, now);
    expect(outcome.kind === 'applied' && outcome.reviewed.gradeOfRecord.score).toBe(2);
  });
  const rejected = [
    { decision: { kind: 'override' as const, reviewerId: 'r', score: 3, reason: ' ' }, reason: 'missing-reason' },
    { decision: { kind: 'override' as const, reviewerId: 'r', score: 5, reason: 'x' }, reason: 'score-out-of-range' },
  ];
  it.each(rejected)('rejects $reason', ({ decision, reason }) => {
    expect(applyReviewDecision('a', machine, decision, now)).toEqual({ kind: 'rejected', reason });
  });
});

describe('addConfirmedExemplars', () => {
  it('adds confirmed quotes as examples once', () => {
    const updated = addConfirmedExemplars(INDEX_MATCH_ITEM, [machine, machine]);
    const point = updated.keyPoints.find((p) => p.id === 'look-left');
    expect(point?.examples.at(-1)).toBe('the result column can be before the key');
    expect(point?.examples.length).toBe((INDEX_MATCH_ITEM.keyPoints[0]?.examples.length ?? 0) + 1);
  });
});
