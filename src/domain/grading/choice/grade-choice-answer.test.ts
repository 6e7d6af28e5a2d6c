import { describe, expect, it } from 'vitest';
import { buildChoiceItem } from '../../../../tests/helpers/builders.js';
import { gradeChoiceAnswer } from './grade-choice-answer.js';

const single = buildChoiceItem();
const multiple = buildChoiceItem({
  multiple: true,
  options: [
    { id: 'a', text: 'IFERROR', correct: true, rationale: '' },
    { id: 'b', text: 'IFNA', correct: true, rationale: '' },
    { id: 'c', text: 'ISBLANK', correct: false, rationale: '' },
  ],
});

describe('gradeChoiceAnswer', () => {
  it.each([
    [single, ['a'], 1],
    [single, ['b'], 0],
    [single, ['a', 'b'], 0],
    [single, [], 0],
    [single, ['a', 'zzz'], 1],
    [multiple, ['b', 'a'], 1],
    [multiple, ['a'], 0],
    [multiple, ['a', 'b', 'c'], 0],
    [multiple, ['a', 'a', 'b'], 1],
  ])('%#: %j scores %i', (item, selected, score) => {
    const grade = gradeChoiceAnswer(item, selected);
    expect(grade.score).toBe(score);
    expect(grade.maxScore).toBe(1);
    expect(grade.graderVersion).toBe('choice@1.0.0');
    expect(grade.feedback).not.toMatch(/correct/i);
  });
});
