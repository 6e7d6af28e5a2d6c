import { describe, expect, it } from 'vitest';
import { checkInterviewerWording } from './check-interviewer-wording.js';

const secrets = ['VLOOKUP can only return columns to the right of the key column; INDEX/MATCH can look left.'];

describe('checkInterviewerWording', () => {
  it.each([
    ['Suppose the value you need sits to the left of the column you search. What would you do then?', undefined],
    ['', 'empty'],
    ['That is correct! Now, what about columns on the left?', 'grading-remark'],
    ['Good try, but you lost a point there. What about the left side?', 'grading-remark'],
    ['Remember that VLOOKUP can only return columns to the right of the key, so?', 'leaks-answer'],
    ['Tell me about lookups to the left.', 'not-a-question'],
    [`${'Could you expand on that? '.repeat(30)}`, 'too-long'],
  ])('%j → %s', (text, problem) => {
    expect(checkInterviewerWording(text, { secrets, mustAsk: true })).toBe(problem);
  });
});
