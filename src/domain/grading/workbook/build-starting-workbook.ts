/** The workbook a candidate downloads for a workbook item: an instructions sheet, then the data sheets with styled headers. */
import ExcelJS from 'exceljs';
import type { CellInput, WorkbookItem } from '../../bank/item.js';
import { formatCell, parseCell, parseRect } from '../formula/a1.js';
import { cellEntry } from '../formula/engine.js';
import { flattenSheet } from '../formula/variants.js';
import { writeWorkbook } from './workbook-io.js';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };

function cellValue(input: CellInput): ExcelJS.CellValue {
  const entry = cellEntry(input);
  if (!entry) return null;
  switch (entry.kind) {
    case 'value':
      return entry.value;
    case 'error':
      return { error: entry.error } as ExcelJS.CellErrorValue;
    case 'formula':
      return { formula: entry.formula.slice(1) };
    default: {
      const unreachable: never = entry;
      return unreachable;
    }
  }
}

/** Extra content layered on the starting workbook (the validator uses it to build the solution). */
export interface WorkbookAdditions {
  readonly cells?: Readonly<Record<string, CellInput>>;
  readonly tables?: readonly { readonly sheet: string; readonly name: string; readonly range: string }[];
  readonly namedRanges?: readonly { readonly name: string; readonly ref: string }[];
}

/** Builds the ExcelJS workbook for an item (optionally with additions) without serialising it. */
export function composeWorkbook(item: WorkbookItem, additions: WorkbookAdditions = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'excel-interviewer';
  const instructions = wb.addWorksheet('Instructions');
  instructions.getColumn(1).width = 100;
  instructions.getCell('A1').value = item.prompt.split('\n')[0] ?? item.id;
  instructions.getCell('A1').font = { bold: true, size: 14 };
  item.instructions.forEach((step, k) => {
    instructions.getCell(`A${k + 3}`).value = `${k + 1}. ${step}`;
    instructions.getCell(`A${k + 3}`).alignment = { wrapText: true };
  });
  for (const sheet of item.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const [address, input] of flattenSheet(sheet)) ws.getCell(address).value = cellValue(input);
    if (sheet.table) {
      const origin = parseCell(sheet.table.origin ?? 'A1') ?? { row: 0, col: 0 };
      sheet.table.header.forEach((_, c) => {
        const cell = ws.getCell(formatCell({ row: origin.row, col: origin.col + c }));
        cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
        cell.fill = HEADER_FILL;
        ws.getColumn(origin.col + c + 1).width = 14;
      });
      ws.views = [{ state: 'frozen', ySplit: origin.row + 1 }];
    }
  }
  for (const [address, input] of Object.entries(additions.cells ?? {})) {
    const [sheetName, ref] = address.includes('!') ? [address.slice(0, address.lastIndexOf('!')).replace(/^'|'$/g, ''), address.slice(address.lastIndexOf('!') + 1)] : [item.sheets[0]?.name ?? '', address];
    const ws = wb.getWorksheet(sheetName) ?? wb.addWorksheet(sheetName);
    ws.getCell(ref).value = cellValue(input);
  }
  for (const table of additions.tables ?? []) {
    const ws = wb.getWorksheet(table.sheet);
    const rect = parseRect(table.range);
    if (!ws || !rect) continue;
    const columns = [];
    for (let c = rect.left; c <= rect.right; c++) columns.push({ name: String(ws.getCell(rect.top + 1, c + 1).value ?? `Column${c - rect.left + 1}`) });
    const rows = [];
    for (let r = rect.top + 1; r <= rect.bottom; r++) {
      const row = [];
      for (let c = rect.left; c <= rect.right; c++) row.push(ws.getCell(r + 1, c + 1).value);
      rows.push(row);
    }
    ws.addTable({ name: table.name, ref: formatCell({ row: rect.top, col: rect.left }), headerRow: true, columns, rows });
  }
  for (const named of [...(item.namedRanges ?? []), ...(additions.namedRanges ?? [])]) wb.definedNames.add(named.ref, named.name);
  return wb;
}

/** The starting workbook for download, as .xlsx bytes. */
export async function buildStartingWorkbook(item: WorkbookItem): Promise<Uint8Array> {
  return writeWorkbook(composeWorkbook(item));
}
