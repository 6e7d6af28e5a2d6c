import { describe, expect, it } from 'vitest';
import { formatValue } from './number-format.js';
import { rewriteForHyperFormula } from './rewrite.js';
import { functionsUsed, hasExternalLink, hasReferences, shiftFormula } from './tokenize.js';

describe('shiftFormula (fill handle)', () => {
  it.each([
    ['=B2*VLOOKUP(A2,$E$2:$F$5,2,FALSE)', 3, 0, '=B5*VLOOKUP(A5,$E$2:$F$5,2,FALSE)'],
    ['=A$1+$A1', 2, 1, '=B$1+$A3'],
    ['=SUM(Sheet2!A1:B2)', 1, 1, '=SUM(Sheet2!B2:C3)'],
    ["='My Sheet'!A1", 1, 0, "='My Sheet'!A2"],
    ['=SUM(A:A)', 0, 2, '=SUM(C:C)'],
    ['=SUM(2:3)', 1, 0, '=SUM(3:4)'],
    ['="A1"&A1', 1, 0, '="A1"&A2'],
    ['=A1', -1, 0, '=#REF!'],
    ['=LOG10(A1)', 1, 0, '=LOG10(A2)'],
  ])('%s shifted by (%i, %i) is %s', (formula, dr, dc, expected) => {
    expect(shiftFormula(formula, dr, dc)).toBe(expected);
  });
});

describe('formula inspection', () => {
  it('lists functions without prefixes', () => {
    expect(functionsUsed('=_xlfn.XLOOKUP(A1,B:B,C:C)+sum(1)')).toEqual(['XLOOKUP', 'SUM']);
  });
  it.each([
    ['=425', false],
    ['=120+200', false],
    ['=TRUE', false],
    ['=SUM(A1:A3)', true],
    ['=SUM(Rates)', true],
  ])('hasReferences(%s) is %s', (formula, expected) => {
    expect(hasReferences(formula)).toBe(expected);
  });
  it('detects external links', () => {
    expect(hasExternalLink('=[Book1.xlsx]Sheet1!A1')).toBe(true);
    expect(hasExternalLink("='C:\\x\\[Book1.xlsx]Sheet1'!A1")).toBe(true);
    expect(hasExternalLink('="[a.xlsx]"')).toBe(false);
  });
});

describe('rewriteForHyperFormula', () => {
  it.each([
    ['LET(x,2,x*3)', '((2)*3)'],
    ['LET(a,1,b,a+1,a+b)', '((1)+((1)+1))'],
    ['LAMBDA(x,x+1)(5)', '((5)+1)'],
    ['_xlfn._xlws.FILTER(A1:A3,B1:B3)', 'FILTER(A1:A3,B1:B3)'],
    ['SUM(A1:A3)', 'SUM(A1:A3)'],
  ])('%s → %s', (formula, expected) => {
    expect(rewriteForHyperFormula(formula)).toEqual({ kind: 'ok', formula: expected });
  });
  it('refuses a malformed LET', () => {
    expect(rewriteForHyperFormula('LET(x,2)').kind).toBe('failed');
  });
});

describe('TEXT() number formats', () => {
  it.each([
    [1234.5, '#,##0', '1,235'],
    [1234.567, '#,##0.00', '1,234.57'],
    [0.4567, '0.0%', '45.7%'],
    [45296, 'dddd', 'Friday'],
    [45296, 'mmm yyyy', 'Jan 2024'],
    [45296, 'yyyy-mm-dd', '2024-01-05'],
    [45296.75, 'h:mm AM/PM', '6:00 PM'],
    [5, '000', '005'],
    [-1234.5, '$#,##0.00', '-$1,234.50'],
    [-5, '0;(0)', '(5)'],
    [0, '0;-0;"zero"', 'zero'],
    [1234567, '0.00E+00', '1.23E+06'],
    [1234.5, '0.0,', '1.2'],
  ])('TEXT(%s, "%s") = %s', (v, format, expected) => {
    expect(formatValue(v, format)).toBe(expected);
  });
});
