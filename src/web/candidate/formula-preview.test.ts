import { describe, expect, it } from 'vitest';
import { columnLetters, describeResult, displayCell, parseA1, previewFormula, tableAddress, toA1 } from './formula-preview.js';
import type { ApiClient } from '../shared/api-client.js';
import type { ItemView } from './types.js';

const noServer: ApiClient = {
  token: undefined,
  request: () => Promise.reject(new Error('the browser engine should answer, not the server')),
};

const grid: ItemView = {
  kind: 'formula',
  id: 'test.grid',
  prompt: 'Discounted prices',
  timeLimitSec: 60,
  sheets: [{ name: 'Pricing', table: { origin: 'A2', header: ['List price', 'Rate 1', 'Rate 2'], rows: [[100], [250]] }, cells: { B2: 0.1, C2: 0.2 } }],
  answerCell: 'Pricing!B3',
  fillTo: 'C4',
};

describe('A1 helpers', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('column %i is %s', (index, name) => {
    expect(columnLetters(index)).toBe(name);
    expect(parseA1(`${name}1`)).toEqual({ row: 0, col: index });
  });

  it('reads absolute references and rejects junk', () => {
    expect(parseA1('$C$12')).toEqual({ row: 11, col: 2 });
    expect(parseA1('12C')).toBeUndefined();
    expect(toA1(11, 2)).toBe('C12');
  });

  it('places table cells below the origin', () => {
    expect(tableAddress(undefined, 0, 0)).toBe('A1');
    expect(tableAddress('B3', 2, 1)).toBe('C5');
  });
});

describe('displayCell', () => {
  it.each([
    [null, ''],
    [0.1 + 0.2, '0.3'],
    [true, 'TRUE'],
    [{ date: '2024-10-02' }, '2024-10-02'],
    [{ error: '#n/a' }, '#N/A'],
    [{ formula: 'SUM(A1:A3)' }, '=SUM(A1:A3)'],
  ])('%j reads %s', (value, text) => expect(displayCell(value)).toBe(text));
});

describe('previewFormula', () => {
  it('evaluates a filled formula in every cell of the fill range, with references shifted', async () => {
    const preview = await previewFormula(grid, '=$A3*(1-B$2)', noServer);
    expect(preview.source).toBe('browser');
    expect(describeResult(preview.result)).toBe('90');
    expect(preview.cells.map((c) => `${c.address}=${describeResult(c.result)}`)).toEqual(['B3=90', 'C3=80', 'B4=225', 'C4=200']);
  });

  it('reports errors and unparsable formulas as results, not exceptions', async () => {
    const item: ItemView = { ...grid, fillTo: undefined };
    expect((await previewFormula(item, '=1/0', noServer)).result).toEqual({ kind: 'error', error: '#DIV/0!' });
    expect((await previewFormula(item, '=SUM(', noServer)).result.kind).toBe('failure');
  });
});
