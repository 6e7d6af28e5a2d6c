import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { WorkbookItem } from '../../bank/item.js';
import { createFormulaEngine } from '../formula/engine.js';
import { buildStartingWorkbook, composeWorkbook } from './build-starting-workbook.js';
import { gradeWorkbookAnswer } from './grade-workbook-answer.js';
import { inspectUpload } from './inspect-upload.js';
import { buildSolutionWorkbook, validateWorkbookItem } from './validate-workbook-item.js';
import { readWorkbook, writeWorkbook } from './workbook-io.js';

const engine = createFormulaEngine();
afterAll(() => engine.dispose());

const rows = [120, 80, 200, 50, 70, 30, 90, 60, 40, 75].map((amount, k) => [['North', 'South', 'East'][k % 3] ?? 'North', `Rep${k + 1}`, amount]);
const commission: Record<string, { formula: string }> = Object.fromEntries(rows.map((_, k) => [`Sales!D${k + 2}`, { formula: `=C${k + 2}*Rate` }]));

const item: WorkbookItem = {
  id: 'wb.commission',
  kind: 'workbook',
  area: 'references-basics',
  tags: ['absolute-reference', 'named-range'],
  level: 2,
  prompt: 'Compute each commission',
  timeLimitSec: 900,
  irt: { model: 'grm', a: 1, thresholds: [-2, -1, 0, 1] },
  exposureCap: 0.25,
  status: 'approved',
  author: 'tests',
  explanation: 'fixture',
  sheets: [{ name: 'Sales', table: { header: ['Region', 'Rep', 'Amount', 'Commission'], rows }, cells: { E1: 'Rate', F1: 0.05, E3: 'Total' } }],
  data: { sheet: 'Sales', range: 'A2:C11' },
  instructions: ['Name F1 "Rate".', 'In D2:D11 compute Amount × Rate with a formula.', 'In F3 total the amounts.', 'Turn A1:D11 into a table.'],
  checks: [
    { kind: 'formula-result', range: 'Sales!D2:D11', weight: 2, description: 'commissions follow the data' },
    { kind: 'formula-present', range: 'Sales!D2:D11', description: 'commissions are formulas' },
    { kind: 'value', cell: 'Sales!F3', expected: 815, description: 'total of amounts' },
    { kind: 'named-range', name: 'Rate', refersTo: 'Sales!$F$1', description: 'F1 is named Rate' },
    { kind: 'table-exists', sheet: 'Sales', minRows: 10, description: 'the data is a table' },
  ],
  solution: { cells: { ...commission, 'Sales!F3': { formula: '=SUM(C2:C11)' } }, namedRanges: [{ name: 'Rate', ref: 'Sales!$F$1' }], tables: [{ sheet: 'Sales', name: 'SalesTable', range: 'A1:D11' }] },
  variants: { generators: [{ kind: 'perturb', columns: ['C'], count: 2 }, { kind: 'shuffle-rows' }] },
};

/** A stored (uncompressed) zip, for hostile-file tests; sizes may be declared falsely. */
function makeZip(entries: readonly { name: string; data?: string; declaredSize?: number; flags?: number }[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: number[] = [];
  const central: number[] = [];
  const u16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
  const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  for (const e of entries) {
    const name = [...enc.encode(e.name)];
    const data = [...enc.encode(e.data ?? '')];
    const offset = locals.length;
    const size = e.declaredSize ?? data.length;
    locals.push(...u32(0x04034b50), ...u16(20), ...u16(e.flags ?? 0), ...u16(0), ...u32(0), ...u32(0), ...u32(data.length), ...u32(size), ...u16(name.length), ...u16(0), ...name, ...data);
    central.push(...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(e.flags ?? 0), ...u16(0), ...u32(0), ...u32(0), ...u32(data.length), ...u32(size), ...u16(name.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(offset), ...name);
  }
  const eocd = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(entries.length), ...u16(entries.length), ...u32(central.length), ...u32(locals.length), ...u16(0)];
  return new Uint8Array([...locals, ...central, ...eocd]);
}

const XLSX_PARTS = [{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }];

describe('inspectUpload', () => {
  it.each([
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5]), 'a.xlsx', 'malformed'],
    ['a zip without workbook parts', makeZip([{ name: 'a.txt', data: 'x' }]), 'a.xlsx', 'malformed'],
    ['an encrypted entry', makeZip([...XLSX_PARTS, { name: 'xl/sheet.xml', data: 'x', flags: 1 }]), 'a.xlsx', 'encrypted'],
    ['an encrypted OOXML (OLE container)', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...[...'EncryptionInfo'].flatMap((c) => [c.charCodeAt(0), 0])]), 'a.xlsx', 'encrypted'],
    ['a VBA project', makeZip([...XLSX_PARTS, { name: 'xl/vbaProject.bin', data: 'x' }]), 'a.xlsx', 'macro-enabled'],
    ['an .xlsm name', makeZip(XLSX_PARTS), 'a.xlsm', 'macro-enabled'],
    ['a huge declared entry', makeZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: 'x'.repeat(100), declaredSize: 500 * 1024 * 1024 }]), 'a.xlsx', 'zip-bomb'],
    ['a suspicious ratio', makeZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: 'x'.repeat(1000), declaredSize: 5 * 1024 * 1024 }]), 'a.xlsx', 'zip-bomb'],
    ['a CSV', makeZip(XLSX_PARTS), 'a.csv', 'wrong-type'],
  ])('rejects %s', (_name, bytes, fileName, code) => {
    const result = inspectUpload(bytes, fileName);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it('rejects an oversized file before reading it', () => {
    const result = inspectUpload(makeZip(XLSX_PARTS), 'a.xlsx', { maxBytes: 10 });
    expect(result).toMatchObject({ ok: false, code: 'oversized' });
  });

  it('accepts a macro workbook when the item allows it, and a plain one always', () => {
    expect(inspectUpload(makeZip([...XLSX_PARTS, { name: 'xl/vbaProject.bin', data: 'x' }]), 'a.xlsm', { macrosAllowed: true })).toEqual({ ok: true });
    expect(inspectUpload(makeZip(XLSX_PARTS), 'a.xlsx')).toEqual({ ok: true });
  });
});

describe('workbook items', () => {
  it('builds a starting workbook with instructions, styled headers and the data', async () => {
    const bytes = await buildStartingWorkbook(item);
    expect(inspectUpload(bytes, 'start.xlsx')).toEqual({ ok: true });
    const wb = await readWorkbook(bytes);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Instructions', 'Sales']);
    expect(wb.sheets[1]?.cells?.C2).toBe(120);
    const parsed = new ExcelJS.Workbook();
    await parsed.xlsx.load(new Uint8Array(bytes).buffer);
    expect(parsed.getWorksheet('Sales')?.getCell('A1').font?.bold).toBe(true);
  });

  it('validates: the solution gets 4, the starting workbook does not', async () => {
    expect(await validateWorkbookItem(engine, item)).toEqual({ ok: true, problems: [] });
  });

  it('recomputes formulas instead of trusting cached values', async () => {
    const wb = composeWorkbook(item, item.solution);
    wb.getWorksheet('Sales')!.getCell('F3').value = { formula: 'SUM(C2:C11)', result: 999_999 };
    const grade = await gradeWorkbookAnswer(engine, item, await writeWorkbook(wb), 'answer.xlsx');
    expect(grade.score).toBe(4);
  });

  it('gives partial credit to typed-in commissions (right on the visible data only)', async () => {
    const typed = Object.fromEntries(rows.map((r, k) => [`Sales!D${k + 2}`, Number(r[2]) * 0.05]));
    const wb = composeWorkbook(item, { ...item.solution, cells: { ...item.solution.cells, ...typed } });
    const grade = await gradeWorkbookAnswer(engine, item, await writeWorkbook(wb), 'answer.xlsx');
    expect(grade.score).toBeGreaterThan(0);
    expect(grade.score).toBeLessThan(4);
    expect(grade.feedback).toMatch(/commissions follow the data/);
  });

  it('turns a hostile upload into a zero grade with the reason', async () => {
    const grade = await gradeWorkbookAnswer(engine, item, makeZip([...XLSX_PARTS, { name: 'xl/vbaProject.bin', data: 'x' }]), 'answer.xlsx');
    expect(grade.score).toBe(0);
    expect(grade.feedback).toMatch(/macros/);
  });

  it('builds a solution workbook that reads back with its names and table', async () => {
    const wb = await readWorkbook(await buildSolutionWorkbook(item));
    expect(wb.namedRanges).toEqual([{ name: 'Rate', ref: 'Sales!$F$1' }]);
    expect(wb.tables.map((t) => t.name)).toEqual(['SalesTable']);
  });
});
