import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createRng } from '../../rng.js';
import { rawChoice } from '../bank-fixtures.test-support.js';
import { checkItems } from '../check-items.js';
import { ITEM_KINDS, SKILL_AREAS, type Level } from '../item.js';
import { draftItems, draftItemsWithLlm, draftPrompt } from './draft-items.js';

describe('draftItems from templates', () => {
  const cases = ITEM_KINDS.flatMap((kind) => ([1, 5] as Level[]).map((level) => ({ kind, level })));
  it.each(cases)('drafts valid $kind items at level $level in every area, always as draft', ({ kind, level }) => {
    for (const area of SKILL_AREAS) {
      const items = draftItems({ area, level, kind, count: 2 }, undefined, createRng(7));
      expect(items).toHaveLength(2);
      expect(items.every((i) => i.status === 'draft' && i.kind === kind && i.area === area && i.level === level)).toBe(true);
      expect(checkItems(items)).toEqual([]);
    }
  });

  it('replays from the seed', () => {
    const request = { area: 'lookups', level: 2, kind: 'formula', count: 1 } as const;
    expect(draftItems(request, undefined, createRng(3))).toEqual(draftItems(request, undefined, createRng(3)));
    expect(draftItems(request, undefined, createRng(3))[0]?.id).not.toBe(draftItems(request, undefined, createRng(4))[0]?.id);
  });
});

describe('draftItemsWithLlm', () => {
  const request = { area: 'lookups', level: 2, kind: 'choice', count: 2 } as const;
  const reply = (items: unknown[]) => async () => `Here you go:\n\`\`\`yaml\n${stringify({ area: 'lookups', items })}\`\`\`\n`;

  it('validates the reply through the bank parser and forces status draft', async () => {
    const result = await draftItemsWithLlm(request, reply([rawChoice({ id: 'lookups.llm-1', status: 'approved' }), rawChoice({ id: 'lookups.llm-2' })]), createRng(1));
    expect(result.problems).toEqual([]);
    expect(result.items.map((i) => [i.id, i.status])).toEqual([['lookups.llm-1', 'draft'], ['lookups.llm-2', 'draft']]);
  });

  it('rejects invalid items and items of another level, keeping the good ones', async () => {
    const bad = rawChoice({ id: 'lookups.llm-bad', options: [{ id: 'a', text: 'x', correct: false, rationale: 'r' }, { id: 'b', text: 'y', correct: false, rationale: 'r' }] });
    const result = await draftItemsWithLlm(request, reply([rawChoice({ id: 'lookups.ok' }), bad, rawChoice({ id: 'lookups.hard', level: 5 }), { id: 'lookups.x', kind: 'choice' }]), createRng(1));
    expect(result.items.map((i) => i.id)).toEqual(['lookups.ok']);
    const fields = result.problems.map((p) => `${p.itemId} ${p.field ?? ''}`);
    expect(fields).toEqual(expect.arrayContaining(['lookups.llm-bad options', 'lookups.hard level', 'lookups.x prompt']));
  });

  it('asks with the format, the rules and an example', () => {
    const [example] = draftItems(request, undefined, createRng(1));
    const prompt = draftPrompt(request, example!);
    expect(prompt).toContain('"lookups."');
    expect(prompt).toContain('area: lookups');
    expect(prompt).toMatch(/status is always draft/);
  });
});
