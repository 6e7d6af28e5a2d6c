import { describe, expect, it } from 'vitest';
import { rawChoice, rawConcept, rawFormula, rawWorkbook, sampleItems, toItem } from './bank-fixtures.test-support.js';
import { formatProblem } from './bank-problem.js';
import { checkItems } from './check-items.js';

const problemsOf = (raws: Record<string, unknown>[]) => checkItems(raws.map((r) => toItem(r))).map(formatProblem);

describe('checkItems', () => {
  it('finds nothing wrong with valid items of every kind', () => {
    expect(checkItems(sampleItems())).toEqual([]);
  });

  const cases: { name: string; items: Record<string, unknown>[]; expected: string }[] = [
    { name: 'duplicate ids', items: [rawChoice(), rawChoice()], expected: 'bank:lookups.choice-one: id: is not unique' },
    { name: 'wrong id prefix', items: [rawChoice({ id: 'dates.choice' })], expected: 'id: must start with "lookup." or "lookups."' },
    { name: 'variant group of one', items: [rawChoice({ variantGroup: 'g1' })], expected: 'variantGroup: "g1" has no other item' },
    { name: 'time limit too short', items: [rawConcept({ timeLimitSec: 5 })], expected: 'timeLimitSec: 5s is outside 30-1800s' },
    { name: 'repeated tag', items: [rawChoice({ tags: ['a', 'a'] })], expected: 'tags.1: "a" is repeated' },
    { name: 'grm on a choice item', items: [rawChoice({ irt: { model: 'grm', a: 1, thresholds: [-1, 0, 1, 2] } })], expected: 'irt.model: grm is for items scored 0-4' },
    { name: 'dichotomous model on a concept item', items: [rawConcept({ irt: { model: '2pl', a: 1, b: 0, c: 0 } })], expected: 'needs the grm model' },
    { name: 'thresholds out of order', items: [rawConcept({ irt: { model: 'grm', a: 1, thresholds: [0, -1, 1, 2] } })], expected: 'irt.thresholds: must be strictly increasing' },
    { name: 'no correct option', items: [rawChoice({ options: [{ id: 'a', text: 'x', correct: false, rationale: 'r' }, { id: 'b', text: 'y', correct: false, rationale: 'r' }] })], expected: 'options: no option is correct' },
    {
      name: 'two correct options, single answer',
      items: [rawChoice({ options: [{ id: 'a', text: 'x', correct: true, rationale: 'r' }, { id: 'b', text: 'y', correct: true, rationale: 'r' }, { id: 'c', text: 'z', correct: false, rationale: 'r' }] })],
      expected: 'options: 2 options are correct but multiple is false',
    },
    { name: 'every option correct', items: [rawChoice({ multiple: true, options: [{ id: 'a', text: 'x', correct: true, rationale: 'r' }, { id: 'b', text: 'y', correct: true, rationale: 'r' }] })], expected: 'at least one must be wrong' },
    { name: 'repeated option id', items: [rawChoice({ options: [{ id: 'a', text: 'x', correct: true, rationale: 'r' }, { id: 'a', text: 'y', correct: false, rationale: 'r' }] })], expected: 'options.1.id: "a" is repeated' },
    { name: 'two key points', items: [rawConcept({ keyPoints: (rawConcept()['keyPoints'] as unknown[]).slice(0, 2) })], expected: 'keyPoints: needs 3-6 key points (got 2)' },
    { name: 'non-positive key point weight', items: [rawConcept({ keyPoints: (rawConcept()['keyPoints'] as Record<string, unknown>[]).map((p) => ({ ...p, weight: 0 })) })], expected: 'keyPoints.0.weight: must be positive' },
    { name: 'positive misconception weight', items: [rawConcept({ misconceptions: [{ id: 'm', text: 't', weight: 1, aliases: [], examples: [] }] })], expected: 'misconceptions.0.weight: must be negative' },
    { name: 'four grading-guide entries', items: [rawConcept({ gradingGuide: ['0', '1', '2', '3'] })], expected: 'gradingGuide: needs 5 entries' },
    { name: 'one wrong answer', items: [rawFormula({ wrongAnswers: [{ formula: '=60', kind: 'hard-coded', note: 'n' }] })], expected: 'wrongAnswers: needs at least 2 known-wrong answers (got 1)' },
    {
      name: 'wrong answer equal to the reference',
      items: [rawFormula({ wrongAnswers: [{ formula: '=sum(B2:B4)', kind: 'other', note: 'n' }, { formula: '=1', kind: 'hard-coded', note: 'n' }] })],
      expected: 'wrongAnswers.0.formula: is the reference or an alternative',
    },
    {
      name: 'relative-reference mistake without fill',
      items: [rawFormula({ wrongAnswers: [{ formula: '=SUM(B$2:B4)', kind: 'relative-reference', note: 'n' }, { formula: '=1', kind: 'hard-coded', note: 'n' }] })],
      expected: 'wrongAnswers.0.kind: a relative-reference mistake only shows when the formula is filled',
    },
    { name: 'reference without =', items: [rawFormula({ reference: 'SUM(B2:B4)' })], expected: 'reference: "SUM(B2:B4)" must start with =' },
    { name: 'answer cell without sheet', items: [rawFormula({ answerCell: 'E2' })], expected: 'answerCell: "E2" must name its sheet' },
    { name: 'answer cell on a missing sheet', items: [rawFormula({ answerCell: 'Totals!E2' })], expected: 'answerCell: sheet "Totals" does not exist' },
    { name: 'invalid answer cell', items: [rawFormula({ answerCell: 'Sales!E0' })], expected: 'answerCell: "Sales!E0" is not a cell address' },
    { name: 'answer cell in the data', items: [rawFormula({ answerCell: 'Sales!B3' })], expected: 'answerCell: lies inside the data block' },
    { name: 'fillTo above the answer', items: [rawFormula({ fillTo: 'E1' })], expected: 'fillTo: must lie below and/or right' },
    { name: 'fillTo with spill', items: [rawFormula({ fillTo: 'E4', spill: true })], expected: 'spill: a spilled result cannot also be filled' },
    { name: 'qualified sheet cell key', items: [rawFormula({ sheets: [{ name: 'Sales', cells: { 'Sales!A1': 1 } }] })], expected: 'sheets.0.cells.Sales!A1: is not a cell address' },
    { name: 'repeated sheet name', items: [rawFormula({ sheets: [{ name: 'Sales' }, { name: 'sales' }] })], expected: 'sheets.1.name: "sales" is repeated' },
    { name: 'table row wider than header', items: [rawFormula({ sheets: [{ name: 'Sales', table: { header: ['A'], rows: [[1, 2]] } }] })], expected: 'sheets.0.table.rows.0: has 2 cells but the header has 1' },
    { name: 'data on a missing sheet', items: [rawFormula({ data: { sheet: 'Nope', range: 'A2:B4' } })], expected: 'data.sheet: sheet "Nope" does not exist' },
    { name: 'generator column outside the data', items: [rawFormula({ variants: { generators: [{ kind: 'perturb', columns: ['D'] }] } })], expected: 'variants.generators.0.columns.0: "D" is not a column of the data block A-B' },
    { name: 'generator on a header that is not there', items: [rawFormula({ variants: { generators: [{ kind: 'blanks', columns: ['Price'], cells: 1 }] } })], expected: '"Price" is not a column of the data block' },
    { name: 'generator without data', items: [rawFormula({ data: undefined, variants: { generators: [{ kind: 'shuffle-rows' }] } })], expected: 'variants.generators.0: a shuffle-rows generator works on the item\'s data block' },
    { name: 'too many blanks', items: [rawFormula({ variants: { generators: [{ kind: 'blanks', columns: ['B'], cells: 4 }] } })], expected: 'variants.generators.0.cells: 4 cells is more than the data block has' },
    { name: 'fixed variant on a bare cell', items: [rawFormula({ variants: { fixed: [{ name: 'x', description: 'd', set: { B2: 1 } }] } })], expected: 'variants.fixed.0.set.B2: "B2" must name its sheet' },
    { name: 'bad named range ref', items: [rawFormula({ namedRanges: [{ name: 'Rates', ref: 'Nope!A1:A3' }] })], expected: 'namedRanges.0.ref: sheet "Nope" does not exist' },
    { name: 'named range that looks like a cell', items: [rawFormula({ namedRanges: [{ name: 'AB12', ref: 'Sales!A1' }] })], expected: 'namedRanges.0.name: "AB12" is not a valid defined name' },
    {
      name: 'formula-result check the solution cannot earn',
      items: [rawWorkbook({ checks: [{ kind: 'formula-result', range: 'Data!E2', description: 'd' }] })],
      expected: 'checks.0.range: the solution has no formula in Data!E2',
    },
    { name: 'table check without a solution table', items: [rawWorkbook({ checks: [{ kind: 'table-exists', sheet: 'Data', name: 'Other', description: 'd' }] })], expected: 'the solution creates no table named Other on Data' },
    { name: 'named-range check on an undefined name', items: [rawWorkbook({ checks: [{ kind: 'named-range', name: 'Nope', description: 'd' }] })], expected: 'checks.0.name: "Nope" is defined neither' },
    { name: 'value check on a missing sheet', items: [rawWorkbook({ checks: [{ kind: 'value', cell: 'Nope!A1', expected: 1, description: 'd' }] })], expected: 'checks.0.cell: sheet "Nope" does not exist' },
  ];

  it.each(cases)('reports $name', ({ items, expected }) => {
    const problems = problemsOf(items);
    expect(problems.some((p) => p.includes(expected)), `${expected}\n in\n${problems.join('\n')}`).toBe(true);
  });

  it('accepts a variant group shared by two items and a workbook solution on a new sheet', () => {
    const items = [
      rawChoice({ variantGroup: 'g' }),
      rawChoice({ id: 'lookups.choice-two', variantGroup: 'g' }),
      rawWorkbook({ solution: { cells: { 'Summary!A1': { formula: '=SUM(Data!B2:B3)' } } }, checks: [{ kind: 'formula-result', range: 'Summary!A1', description: 'd' }] }),
    ];
    expect(problemsOf(items)).toEqual([]);
  });

  it('names the file an item came from', () => {
    const items = [toItem(rawChoice()), toItem(rawChoice())];
    const problems = checkItems(items, (item) => (item === items[0] ? 'a.yaml' : 'b.yaml'));
    expect(problems.map(formatProblem)).toEqual(['a.yaml:lookups.choice-one: id: is not unique: also in b.yaml', 'b.yaml:lookups.choice-one: id: is not unique: also in a.yaml']);
  });
});
