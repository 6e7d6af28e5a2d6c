import type { ChoiceItem } from '../../bank/item.js';
import type { Grade } from '../grade.js';

export const CHOICE_GRADER_VERSION = 'choice@1.0.0';

/**
 * Grades a choice answer: single-answer items need the one correct option; multiple-answer items
 * need exactly the correct set (all-or-nothing, so the item stays dichotomous for IRT). Unknown
 * option ids are ignored. The feedback never says which options were right.
 */
export function gradeChoiceAnswer(item: ChoiceItem, selected: readonly string[]): Grade {
  const known = new Set(item.options.map((o) => o.id));
  const chosen = [...new Set(selected.filter((id) => known.has(id)))].sort();
  const correct = item.options.filter((o) => o.correct).map((o) => o.id).sort();
  const isRight = chosen.length === correct.length && chosen.every((id, i) => id === correct[i]);
  return {
    score: isRight ? 1 : 0,
    maxScore: 1,
    confidence: 1,
    graderVersion: CHOICE_GRADER_VERSION,
    flags: [],
    evidence: [{ kind: 'choice', selected: chosen, correct }],
    feedback: chosen.length === 0 ? 'No option was selected.' : 'Answer recorded.',
  };
}
