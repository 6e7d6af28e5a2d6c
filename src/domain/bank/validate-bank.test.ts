import { describe, expect, it } from 'vitest';
import { rawChoice, sampleItems, toItem } from './bank-fixtures.test-support.js';
import { formatProblem } from './bank-problem.js';
import type { FormulaItem } from './item.js';
import { validateBank } from './validate-bank.js';

describe('validateBank', () => {
  it('passes valid items with no engine and no coverage, and says no engine ran', async () => {
    const result = await validateBank(sampleItems());
    expect(result).toEqual({ ok: true, problems: [], engine: { formula: { ran: false, items: 0 }, workbook: { ran: false, items: 0 } } });
  });

  const cases = [
    { name: 'engine problems as text', deps: { validateFormulaItem: () => ({ ok: false, problems: ['wrong answer =60 gets full marks'] }) }, expected: ['bank:lookups.formula-one: wrong answer =60 gets full marks'] },
    { name: 'engine problems with a field', deps: { validateWorkbookItem: async () => ({ ok: false, problems: [{ field: 'solution', message: 'scores 3/4' }] }) }, expected: ['bank:lookups.workbook-one: solution: scores 3/4'] },
    { name: 'a silent rejection', deps: { validateFormulaItem: () => ({ ok: false, problems: [] }) }, expected: ['bank:lookups.formula-one: the engine rejected the item without saying why'] },
    {
      name: 'an engine that throws',
      deps: {
        validateFormulaItem: (item: FormulaItem) => {
          throw new Error(`boom on ${item.id}`);
        },
      },
      expected: ['bank:lookups.formula-one: engine error: boom on lookups.formula-one'],
    },
  ];
  it.each(cases)('reports $name as the item’s problem', async ({ deps, expected }) => {
    const result = await validateBank(sampleItems(), deps);
    expect(result.ok).toBe(false);
    expect(result.problems.map(formatProblem)).toEqual(expected);
  });

  it('runs the engine on every formula and workbook item and counts them', async () => {
    const seen: string[] = [];
    const result = await validateBank(sampleItems(), {
      validateFormulaItem: (item) => (seen.push(item.id), { ok: true, problems: [] }),
      validateWorkbookItem: async (item) => (seen.push(item.id), { ok: true, problems: [] }),
    });
    expect(seen).toEqual(['lookups.formula-one', 'lookups.workbook-one']);
    expect(result.engine).toEqual({ formula: { ran: true, items: 1 }, workbook: { ran: true, items: 1 } });
  });

  it('adds cross-item and coverage problems, located by source', async () => {
    const items = [toItem(rawChoice()), toItem(rawChoice())];
    const result = await validateBank(items, {}, { coverage: true, sourceOf: () => 'lookups.yaml' });
    const lines = result.problems.map(formatProblem);
    expect(lines[0]).toBe('lookups.yaml:lookups.choice-one: id: is not unique: also in lookups.yaml');
    expect(lines).toContain('bank: coverage.total: 2 approved items, need 160 (158 short)');
  });
});
