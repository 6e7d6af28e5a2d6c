import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rawChoice, rawConcept, rawFormula, rawWorkbook } from './bank-fixtures.test-support.js';
import { formatProblem } from './bank-problem.js';
import { defaultIrtParams } from './item.js';
import { parseBankFile } from './parse-bank-file.js';

const file = (items: unknown[], area = 'lookups') => stringify({ area, items });

describe('parseBankFile', () => {
  it('parses one valid item of every kind and fills the defaults', () => {
    const result = parseBankFile(file([rawChoice(), rawConcept(), rawFormula(), rawWorkbook()]), 'lookups.yaml');
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.items.map((i) => i.kind)).toEqual(['choice', 'concept', 'formula', 'workbook']);
    for (const item of result.items) {
      expect(item.area).toBe('lookups');
      expect(item.exposureCap).toBe(0.25);
    }
    expect(result.items[0]?.irt).toEqual(defaultIrtParams('choice', 2, 3, false));
    expect(result.items[1]?.irt).toEqual(defaultIrtParams('concept', 2));
  });

  it('keeps irt and exposureCap when the file sets them', () => {
    const irt = { model: '3pl', a: 1.4, b: 0.2, c: 0.2 };
    const [item] = parseBankFile(file([rawChoice({ irt, exposureCap: 0.1 })]), 'f.yaml').items;
    expect(item?.irt).toEqual(irt);
    expect(item?.exposureCap).toBe(0.1);
  });

  const cases: { name: string; text: string; expected: string[] }[] = [
    { name: 'YAML syntax error', text: 'area: lookups\nitems: [\n', expected: ['f.yaml: line 3: '] },
    { name: 'not a bank file', text: '- 1\n- 2\n', expected: ['f.yaml: a bank file is { area, items: [...] }'] },
    { name: 'unknown area', text: file([rawChoice()], 'lookupz'), expected: ['f.yaml: area: must be one of references-basics'] },
    { name: 'unknown kind', text: file([rawChoice({ kind: 'essay' })]), expected: ['f.yaml:lookups.choice-one: kind: must be one of choice, formula, workbook, concept (got "essay")'] },
    { name: 'item names another area', text: file([rawChoice({ area: 'dates-times' })]), expected: ["f.yaml:lookups.choice-one: area: is \"dates-times\" but the file's area is lookups"] },
    { name: 'level out of range', text: file([rawChoice({ level: 7 })]), expected: ['f.yaml:lookups.choice-one: level: must be one of 1, 2, 3, 4, 5 (got 7)'] },
    { name: 'misspelt field', text: file([rawChoice({ promt: 'x' })]), expected: ['f.yaml:lookups.choice-one: promt: is not a known field'] },
    { name: 'missing field', text: file([rawConcept({ modelAnswer: undefined })]), expected: ['f.yaml:lookups.concept-one: modelAnswer: is required'] },
    {
      name: 'YAML boolean where text was meant',
      text: 'area: lookups\nitems:\n  - ' + stringify(rawChoice()).replace('text: Right', 'text: TRUE').split('\n').join('\n    '),
      expected: ['f.yaml:lookups.choice-one: options.0.text: must be string (got true): YAML read TRUE/FALSE'],
    },
    {
      name: 'unquoted comma in a flow mapping',
      text: file([rawFormula({ wrongAnswers: [] })]).replace('wrongAnswers: []', 'wrongAnswers:\n      - { formula: "=1", kind: hard-coded, note: counts orders, not customers }'),
      expected: ['f.yaml:lookups.formula-one: wrongAnswers.0.not customers: is not a known field: inside { … } an unquoted comma ends a value'],
    },
    {
      name: 'bad cell value',
      text: file([rawFormula({ sheets: [{ name: 'Sales', cells: { A1: { formul: '=1' } } }] })]),
      expected: ['f.yaml:lookups.formula-one: sheets.0.cells.A1: must be a number, text, true/false, null'],
    },
    {
      name: 'unknown generator kind',
      text: file([rawFormula({ variants: { generators: [{ kind: 'zap' }] } })]),
      expected: ['f.yaml:lookups.formula-one: variants.generators.0: kind must be one of perturb, add-rows'],
    },
    {
      name: 'generator with a misspelt field',
      text: file([rawFormula({ variants: { generators: [{ kind: 'perturb', column: ['B'] }] } })]),
      expected: ['f.yaml:lookups.formula-one: variants.generators.0.columns: is required', 'f.yaml:lookups.formula-one: variants.generators.0.column: is not a known field'],
    },
    { name: 'item without id', text: file([{ kind: 'choice' }]), expected: ['f.yaml:#1: id: is required'] },
  ];

  it.each(cases)('reports $name readably', ({ text, expected }) => {
    const result = parseBankFile(text, 'f.yaml');
    expect(result.ok).toBe(false);
    const lines = result.problems.map(formatProblem);
    for (const e of expected) expect(lines.some((l) => l.startsWith(e)), `${e}\n in\n${lines.join('\n')}`).toBe(true);
  });

  it('reports every problem of a file at once, beyond TypeBox’s default of 8', () => {
    const items = Array.from({ length: 12 }, (_, i) => rawChoice({ id: `lookups.c${i}`, level: 9 }));
    expect(parseBankFile(file(items), 'f.yaml').problems).toHaveLength(12);
    const many = rawConcept({ keyPoints: Array.from({ length: 12 }, () => ({ id: 1 })) });
    expect(parseBankFile(file([many]), 'f.yaml').problems.length).toBeGreaterThan(30);
  });
});
