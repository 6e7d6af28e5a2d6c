import { type ChoiceItem, defaultIrtParams } from '../../src/domain/bank/item.js';

/** A valid choice item with overridable fields. */
export function buildChoiceItem(overrides: Partial<ChoiceItem> = {}): ChoiceItem {
  const level = overrides.level ?? 2;
  return {
    id: 'lookups.builder-choice',
    kind: 'choice',
    area: 'lookups',
    tags: ['vlookup'],
    level,
    prompt: 'Which argument makes VLOOKUP return only exact matches?',
    timeLimitSec: 90,
    irt: defaultIrtParams('choice', level),
    exposureCap: 0.25,
    status: 'approved',
    author: 'tests',
    explanation: 'Exact matching avoids silent wrong rows.',
    multiple: false,
    options: [
      { id: 'a', text: 'FALSE as the fourth argument', correct: true, rationale: 'FALSE (or 0) asks for an exact match.' },
      { id: 'b', text: 'TRUE as the fourth argument', correct: false, rationale: 'TRUE is approximate match on sorted data.' },
    ],
    ...overrides,
  };
}
