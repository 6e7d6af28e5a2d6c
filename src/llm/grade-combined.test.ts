import { describe, expect, it } from 'vitest';
import type { Grade } from '../domain/grading/grade.js';
import { gradeCombined } from './grade-combined.js';

const grade = (score: number, confidence: number, extra: Partial<Grade> = {}): Grade => ({
  score,
  maxScore: 4,
  confidence,
  graderVersion: 'x@1.0.0',
  flags: [],
  evidence: [],
  feedback: '',
  ...extra,
});

describe('gradeCombined', () => {
  const cases = [
    { name: 'agreement', offline: grade(3, 0.8), llm: grade(3, 0.8), score: 3, disagreement: false },
    { name: 'one point apart leans to the LLM', offline: grade(2, 0.7), llm: grade(3, 0.8), score: 3, disagreement: false },
    { name: 'two points apart', offline: grade(1, 0.8), llm: grade(3, 0.8), score: 2, disagreement: true },
    { name: 'four points apart', offline: grade(0, 0.9), llm: grade(4, 0.9), score: 2, disagreement: true },
    { name: 'a confident offline grade against an unsure LLM', offline: grade(4, 0.9), llm: grade(3, 0.2), score: 4, disagreement: false },
  ];
  it.each(cases)('$name', ({ offline, llm, score, disagreement }) => {
    const combined = gradeCombined(offline, llm);
    expect(combined.score).toBe(score);
    expect(combined.flags.includes('grader-disagreement')).toBe(disagreement);
    if (disagreement) expect(combined.confidence).toBeLessThan(Math.min(offline.confidence, llm.confidence));
    expect(combined.graderVersion).toBe('concept-combined@1.0.0');
  });
  it('keeps the offline grade when the LLM fell back', () => {
    const offline = grade(2, 0.7, { flags: ['possible-injection'] });
    const combined = gradeCombined(offline, { ...offline, flags: ['possible-injection', 'llm-fallback'] });
    expect(combined.score).toBe(2);
    expect(combined.flags).toEqual(['possible-injection', 'llm-fallback']);
  });
  it('merges evidence: a point credited by either grader is not also a miss', () => {
    const offline = grade(2, 0.7, { evidence: [{ kind: 'rubric-hit', pointId: 'a', quote: 'x', start: 0, end: 1 }, { kind: 'rubric-miss', pointId: 'b' }] });
    const llm = grade(2, 0.7, { evidence: [{ kind: 'rubric-miss', pointId: 'a' }, { kind: 'rubric-hit', pointId: 'b', quote: 'y', start: 2, end: 3 }] });
    const kinds = gradeCombined(offline, llm).evidence.map((e) => `${e.kind}:${'pointId' in e ? e.pointId : ''}`);
    expect(kinds.sort()).toEqual(['rubric-hit:a', 'rubric-hit:b']);
  });
});
