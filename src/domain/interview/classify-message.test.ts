import { describe, expect, it } from 'vitest';
import { classifyMessage } from './classify-message.js';

describe('classifyMessage', () => {
  it.each([
    ['Can you repeat the question?', 'repeat'],
    ['sorry, say that again', 'repeat'],
    ['What do you mean by spill range?', 'clarify'],
    ["I don't understand the question", 'clarify'],
    ["I don't know", 'dont-know'],
    ['no idea, sorry', 'dont-know'],
    ['skip', 'skip'],
    ['next question please', 'skip'],
    ['INDEX/MATCH can look left, VLOOKUP cannot', 'answer'],
    ["I don't know every detail, but VLOOKUP only searches the first column of the table and returns values to the right of it, so INDEX MATCH is more flexible", 'answer'],
    ['', 'answer'],
  ])('%j → %s', (text, intent) => {
    expect(classifyMessage(text)).toBe(intent);
  });
});
