import { describe, expect, it } from 'vitest';
import { readConceptItem } from './read-concept-item.js';

describe('readConceptItem', () => {
  it('completes a minimal hand-written item', () => {
    const result = readConceptItem({ prompt: 'Why use a Table?', keyPoints: [{ text: 'Ranges grow with new rows.', aliases: ['grows automatically'] }] });
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.item.keyPoints[0]).toMatchObject({ id: 'p1', weight: 1, aliases: ['grows automatically'], examples: [] });
    expect(result.item.misconceptions).toEqual([]);
  });
  const invalid: { name: string; raw: unknown; problem: string }[] = [
    { name: 'not an object', raw: 'x', problem: 'item must be an object' },
    { name: 'no prompt', raw: { keyPoints: [{ text: 'a' }] }, problem: 'prompt must be a non-empty string' },
    { name: 'no key points', raw: { prompt: 'q' }, problem: 'keyPoints must be a non-empty list' },
    { name: 'positive misconception', raw: { prompt: 'q', keyPoints: [{ text: 'a' }], misconceptions: [{ text: 'b', weight: 1 }] }, problem: 'misconceptions[0].weight must be negative' },
    { name: 'aliases not strings', raw: { prompt: 'q', keyPoints: [{ text: 'a', aliases: [1] }] }, problem: 'keyPoints[0].aliases must be a list of strings' },
    { name: 'wrong kind', raw: { kind: 'choice', prompt: 'q', keyPoints: [{ text: 'a' }] }, problem: 'kind must be "concept", got "choice"' },
    { name: 'duplicate ids', raw: { prompt: 'q', keyPoints: [{ id: 'x', text: 'a' }, { id: 'x', text: 'b' }] }, problem: 'duplicate key point or misconception id "x"' },
  ];
  it.each(invalid)('rejects $name', ({ raw, problem }) => {
    const result = readConceptItem(raw);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.problems).toContain(problem);
  });
});
