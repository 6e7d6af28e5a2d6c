/**
 * Reading and writing .xlsx with ExcelJS (pure when given bytes). Reading keeps formulas and
 * values but never cached results: the grader recomputes everything in the engine.
 */
import ExcelJS from 'exceljs';
import type { CellInput, NamedRangeInput, SheetInput } from '../../bank/item.js';

/** A workbook as the grader sees it: sheets with formulas, names and tables. */
export interface UploadedWorkbook {
  readonly sheets: SheetInput[];
  readonly namedRanges: NamedRangeInput[];
  readonly tables: { readonly sheet: string; readonly name: string; readonly ref: string }[];
}

const MS_PER_DAY = 86_400_000;

function toBytes(buffer: ArrayBuffer | Uint8Array): Uint8Array {
  return buffer instanceof Uint8Array ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
}

/** A JS Date from ExcelJS back to an Excel serial (ExcelJS reads dates as UTC). */
export function serialFromJsDate(date: Date): number {
  return date.getTime() / MS_PER_DAY + 25_569;
}

function cellInput(cell: ExcelJS.Cell): CellInput | undefined {
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return serialFromJsDate(v);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const formula = cell.formula;
      return formula ? { formula: `=${formula}` } : undefined;
    }
    if ('error' in v) return { error: String(v.error) };
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
  }
  return undefined;
}

/** Parses .xlsx bytes into sheets (formulas kept as text, cached results dropped). */
export async function readWorkbook(file: Uint8Array): Promise<UploadedWorkbook> {
  const wb = new ExcelJS.Workbook();
  const copy = new Uint8Array(file);
  await wb.xlsx.load(copy.buffer);
  const sheets: SheetInput[] = [];
  const tables: UploadedWorkbook['tables'] = [];
  wb.eachSheet((ws) => {
    const cells: Record<string, CellInput> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const input = cellInput(cell);
        if (input !== undefined) cells[cell.address] = input;
      });
    });
    sheets.push({ name: ws.name, cells });
    for (const t of ws.getTables() as unknown as { table?: { name?: string; tableRef?: string; ref?: string } }[]) {
      const model = t.table;
      if (model?.name) tables.push({ sheet: ws.name, name: model.name, ref: model.tableRef ?? model.ref ?? '' });
    }
  });
  const namedRanges: NamedRangeInput[] = [];
  for (const entry of wb.definedNames.model as { name: string; ranges: string[] }[]) {
    const ref = entry.ranges[0];
    if (ref) namedRanges.push({ name: entry.name, ref });
  }
  return { sheets, namedRanges, tables };
}

/** Serialises a workbook to .xlsx bytes. */
export async function writeWorkbook(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buffer = await wb.xlsx.writeBuffer();
  return toBytes(buffer as ArrayBuffer);
}
