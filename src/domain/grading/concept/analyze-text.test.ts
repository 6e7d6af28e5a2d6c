import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze-text.js';

describe('analyzeText', () => {
  it('gives every token its exact span in the original text', () => {
    const text = "VLOOKUP can't look left;  INDEX/MATCH doesn't break when columns are inserted.\nOK?";
    for (const token of analyzeText(text).tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
  });
  const negation = [
    { text: 'The reference does not change when copied.', negated: ['change', 'when', 'copied'] },
    { text: 'It never changes when copied, but B1 does.', negated: ['changes', 'when', 'copied'] },
    { text: 'Without dollar signs the reference moves.', negated: [] },
    { text: 'Use SUMIFS rather than SUMPRODUCT.', negated: ['SUMPRODUCT'] },
  ];
  it.each(negation)('negation scope: $text', ({ text, negated }) => {
    const tokens = analyzeText(text).tokens.filter((t) => t.isNegated && t.kind === 'word' && t.norm !== 'than');
    expect(tokens.map((t) => t.text)).toEqual(negated);
  });
  it('knows English words and not nonsense', () => {
    const byText = new Map(analyzeText('reference qzxvbn').tokens.map((t) => [t.text, t.isKnownWord]));
    expect(byText.get('reference')).toBe(true);
    expect(byText.get('qzxvbn')).toBe(false);
  });
});
