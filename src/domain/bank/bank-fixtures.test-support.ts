/** Small valid raw items of every kind, for the bank tests; override fields per case. */
import type { Item, SkillArea } from './item.js';
import { parseItemObject } from './parse-bank-file.js';

type Raw = Record<string, unknown>;

const base = (id: string, kind: string): Raw => ({
  id,
  kind,
  tags: ['t'],
  level: 2,
  prompt: 'A prompt with `code`, "quotes", <angle> & ampersand\nand a second line.',
  timeLimitSec: 120,
  status: 'approved',
  author: 'tests',
  explanation: 'What it measures.',
});

export function rawChoice(overrides: Raw = {}): Raw {
  return {
    ...base('lookups.choice-one', 'choice'),
    multiple: false,
    options: [
      { id: 'a', text: 'Right', correct: true, rationale: 'Because.' },
      { id: 'b', text: 'Wrong, "quoted"', correct: false, rationale: 'Tempting: it looks right.' },
      { id: 'c', text: 'Also wrong', correct: false, rationale: 'No.' },
    ],
    ...overrides,
  };
}

export function rawConcept(overrides: Raw = {}): Raw {
  return {
    ...base('lookups.concept-one', 'concept'),
    timeLimitSec: 300,
    modelAnswer: 'XLOOKUP searches a column and returns the matching value.',
    keyPoints: ['p1', 'p2', 'p3'].map((id, i) => ({ id, text: `Point ${i}`, weight: i + 1, aliases: ['xlookup'], examples: ['it searches'], probe: 'Why?' })),
    misconceptions: [{ id: 'm1', text: 'Needs sorting', weight: -1, aliases: [], examples: [] }],
    gradingGuide: ['0', '1', '2', '3', '4'],
    ...overrides,
  };
}

export function rawFormula(overrides: Raw = {}): Raw {
  return {
    ...base('lookups.formula-one', 'formula'),
    sheets: [
      {
        name: 'Sales',
        table: { header: ['Region', 'Amount'], rows: [['North', 10], ['South', 20], ['East', 30]] },
        cells: { E1: 'Total', F1: { formula: '=1+1' }, G1: { date: '2025-01-31' }, H1: { error: '#N/A' }, I1: null, J1: true },
      },
    ],
    data: { sheet: 'Sales', range: 'A2:B4' },
    answerCell: 'Sales!E2',
    reference: '=SUM(B2:B4)',
    alternatives: ['=SUMPRODUCT(B2:B4)'],
    wrongAnswers: [
      { formula: '=60', kind: 'hard-coded', note: 'typed' },
      { formula: '=SUM(B2:B3)', kind: 'off-by-one-range', note: 'short' },
    ],
    variants: {
      fixed: [{ name: 'zero', description: 'a zero amount', set: { 'Sales!B2': 0 } }],
      generators: [{ kind: 'perturb', columns: ['Amount'] }, { kind: 'add-rows', rows: 2 }, { kind: 'missing-key', cell: 'Sales!A5' }],
    },
    constraints: { requiredAnyOf: ['SUM', 'SUMPRODUCT'], noHardcode: true },
    compare: { tolerance: 0.001 },
    ...overrides,
  };
}

export function rawWorkbook(overrides: Raw = {}): Raw {
  return {
    ...base('lookups.workbook-one', 'workbook'),
    timeLimitSec: 900,
    sheets: [{ name: 'Data', table: { header: ['Item', 'Amount'], rows: [['a', 1], ['b', 2]] } }],
    data: { sheet: 'Data', range: 'A2:B3' },
    instructions: ['Total the amounts in D2.', 'Make the data a table named Sales.'],
    checks: [
      { kind: 'formula-result', range: 'Data!D2', description: 'D2 totals', weight: 2 },
      { kind: 'value', cell: 'Data!D1', expected: 'Total', description: 'label' },
      { kind: 'table-exists', sheet: 'Data', name: 'Sales', minRows: 2, description: 'a table' },
      { kind: 'named-range', name: 'Amounts', description: 'a name' },
    ],
    solution: {
      cells: { 'Data!D1': 'Total', 'Data!D2': { formula: '=SUM(B2:B3)' } },
      tables: [{ sheet: 'Data', name: 'Sales', range: 'A1:B3' }],
      namedRanges: [{ name: 'Amounts', ref: 'Data!$B$2:$B$3' }],
    },
    macrosAllowed: false,
    ...overrides,
  };
}

/** Parses a raw item into a normalised one; throws with the problems when it is invalid. */
export function toItem(raw: Raw, area: SkillArea = 'lookups'): Item {
  const parsed = parseItemObject(raw, { file: 'test.yaml', area, index: 0 });
  if (!parsed.item) throw new Error(parsed.problems.map((p) => `${p.field ?? ''}: ${p.message}`).join('\n'));
  return parsed.item;
}

/** One valid item of every kind. */
export function sampleItems(): Item[] {
  return [toItem(rawChoice()), toItem(rawConcept()), toItem(rawFormula()), toItem(rawWorkbook())];
}
