import { afterAll, describe, expect, it } from 'vitest';
import { createFormulaEngine, evaluateFormula } from './engine.js';

const engine = createFormulaEngine({ limits: { maxFormulaLength: 200, maxSpillCells: 50 } });
afterAll(() => engine.dispose());

const sheets = [{ name: 'Sheet1', cells: { A1: 10, A2: 20, A3: 30, B1: '125', C1: { date: '2024-01-05' }, D1: { error: '#N/A' }, E1: true } }];

describe('evaluateFormula', () => {
  it.each([
    ['=SUM(A1:A3)', { kind: 'value', value: 60 }],
    ['SUM(A1:A3)', { kind: 'value', value: 60 }],
    ['=B1', { kind: 'value', value: '125' }],
    ['=ISTEXT(B1)', { kind: 'value', value: true }],
    ['=C1', { kind: 'value', value: 45296 }],
    ['=D1', { kind: 'error', error: '#N/A' }],
    ['=E1', { kind: 'value', value: true }],
    ['=1/0', { kind: 'error', error: '#DIV/0!' }],
    ['=A1:A3*2', { kind: 'spill', rows: [[20], [40], [60]] }],
    ['=SEQUENCE(2,2)', { kind: 'spill', rows: [[1, 2], [3, 4]] }],
    ['=_xlfn.XLOOKUP(20,A1:A3,A1:A3)', { kind: 'value', value: 20 }],
    ['=DATE(1900,2,28)+1', { kind: 'value', value: 60 }],
    ['=DATE(1900,3,1)', { kind: 'value', value: 61 }],
  ] as const)('%s', (formula, expected) => {
    expect(evaluateFormula(engine, { sheets, target: 'Sheet1!F1', formula })).toEqual(expected);
  });

  it.each([
    ['=SUM(', /cannot parse/],
    ['=F1+1', /circular/],
    ['=[Budget.xlsx]Sheet1!A1', /external/],
    ['=[1]Sheet1!A1', /external/],
    [`=${'1+'.repeat(150)}1`, /longer than 200/],
    ['=SEQUENCE(100)', /larger than 50/],
    ['=TEXTSPLIT("a,b",",")', /unsupported function/],
    ['', /empty formula/],
  ])('turns %s into a failure, not an exception', (formula, reason) => {
    const result = evaluateFormula(engine, { sheets, target: 'Sheet1!F1', formula });
    expect(result.kind).toBe('failure');
    if (result.kind === 'failure') expect(result.reason).toMatch(reason);
  });

  it('reuses one instance across workbooks with different sheets', () => {
    expect(evaluateFormula(engine, { sheets: [{ name: 'Data', cells: { A1: 5 } }], target: 'Data!B1', formula: '=A1*2' })).toEqual({ kind: 'value', value: 10 });
    expect(evaluateFormula(engine, { sheets, target: 'Sheet1!F1', formula: '=SUM(A1:A3)' })).toEqual({ kind: 'value', value: 60 });
    expect(evaluateFormula(engine, { sheets: [{ name: 'Sheet1', cells: { A1: 1 } }], target: 'Sheet1!F1', formula: '=SUM(A1:A3)' })).toEqual({ kind: 'value', value: 1 });
  });

  it('resolves named ranges', () => {
    expect(evaluateFormula(engine, { sheets, namedRanges: [{ name: 'Amounts', ref: 'Sheet1!A1:A3' }], target: 'Sheet1!F1', formula: '=SUM(Amounts)' })).toEqual({ kind: 'value', value: 60 });
  });
});

describe('formulas too complex for the engine', () => {
  it('reports an exponential LET chain as too complex, and the engine keeps working', () => {
    const roomy = createFormulaEngine({});
    try {
      const chain = `=LET(${Array.from({ length: 30 }, (_, i) => `x${i},${i === 0 ? '1' : `x${i - 1}+x${i - 1}`}`).join(',')},x29)`;
      const result = evaluateFormula(roomy, { sheets, target: 'Sheet1!F1', formula: chain });
      expect(result.kind).toBe('failure');
      if (result.kind === 'failure') expect(result.reason).toMatch(/too complex/);
      expect(evaluateFormula(roomy, { sheets, target: 'Sheet1!F1', formula: '=SUM(A1:A3)' })).toEqual({ kind: 'value', value: 60 });
    } finally {
      roomy.dispose();
    }
  });
});
