import { describe, expect, it } from 'vitest';
import { analyzeText, learnedWords } from './analyze-text.js';

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
  it('forgets the unknown words it learned once there are too many, with the same results', () => {
    const sample = 'The absolute reference $B$1 stays fixed; qzxvbn does not.';
    const before = analyzeText(sample);
    // 2,100 texts of 100 words never seen before (about 210,000): 'zqx' and a counter in letters.
    let count = 0;
    const word = () => `zqx${(count++).toString(26).replace(/[0-9]/g, (d) => String.fromCharCode(113 + Number(d)))}`;
    let peak = 0;
    for (let n = 0; n < 2100; n++) {
      analyzeText(Array.from({ length: 100 }, word).join(' '));
      peak = Math.max(peak, learnedWords());
    }
    expect(peak).toBeLessThanOrEqual(200_100);
    expect(learnedWords()).toBeLessThan(peak);
    expect(analyzeText(sample)).toEqual(before);
  });
});
