import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze-text.js';
import { alignToReference, compareToReference } from './compare-to-reference.js';

const question = analyzeText('What is a leaf in a binary tree?');
const reference = analyzeText('A node that has no children.');

describe('compareToReference', () => {
  it('gives a restatement of the reference full recall and precision', () => {
    const c = compareToReference(analyzeText('It is a node which has no children.'), reference, question);
    expect(c.recall).toBeCloseTo(1);
    expect(c.precision).toBeCloseTo(1);
    expect(c.negationMismatch).toBe(0);
  });

  it('demotes question words: repeating the question earns no recall', () => {
    const c = compareToReference(analyzeText('A leaf is in a binary tree.'), reference, question);
    expect(c.recall).toBe(0);
    expect(c.questionShare).toBe(1);
  });

  const matches = [
    { answer: 'a node without any child', why: 'lemma', min: 0.6 },
    { answer: 'a nodes with no childrn', why: 'misspelling', min: 0.6 },
  ];
  it.each(matches)('aligns words by $why', ({ answer, min }) => {
    expect(compareToReference(analyzeText(answer), reference, question).recall).toBeGreaterThanOrEqual(min);
  });

  it('aligns a shared root (reuse / reusability) for part of a point', () => {
    const c = compareToReference(analyzeText('You can reuse code.'), analyzeText('Reusability of code.'), analyzeText('Why use classes?'));
    expect(c.recall).toBeGreaterThan(0.6);
    expect(c.recall).toBeLessThan(1);
  });

  it('flags a negation on one side only', () => {
    const c = compareToReference(analyzeText('A leaf is a node with children.'), reference, question);
    expect(c.negationImbalance).toBe(1);
  });

  it('reads nothing into an empty answer', () => {
    const c = compareToReference(analyzeText(''), reference, question);
    expect(c).toMatchObject({ recall: 0, precision: 0, f1: 0, answerWords: 0, charRecall: [0, 0, 0] });
  });

  it('alignToReference agrees with the full comparison', () => {
    const answer = analyzeText('A node with no child nodes below it.');
    const full = compareToReference(answer, reference, question);
    expect(alignToReference(answer, reference, question)).toEqual({ recall: full.recall, precision: full.precision, f1: full.f1, negationMismatch: full.negationMismatch });
  });
});
