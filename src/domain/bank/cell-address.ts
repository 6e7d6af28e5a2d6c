/**
 * A1-style addresses as bank files write them: `B4`, `$B$4`, `Sales!F2`, `'My Sheet'!A1:B9`.
 * Only syntax and bounds are checked here; whether a sheet exists is the bank checker's job.
 */

/** Excel's limits: 16,384 columns (XFD) and 1,048,576 rows. */
const MAX_COLUMN = 16_384;
const MAX_ROW = 1_048_576;

export interface CellRef {
  /** 1-based column number (A = 1). */
  readonly column: number;
  /** 1-based row number. */
  readonly row: number;
}

export interface RangeRef {
  readonly start: CellRef;
  readonly end: CellRef;
}

/** A reference split into its optional sheet and the address after the `!`. */
export interface QualifiedRef {
  readonly sheet?: string;
  readonly address: string;
}

const CELL_PATTERN = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

/** Column letters → 1-based number, or undefined when not letters. */
export function columnNumber(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n <= MAX_COLUMN ? n : undefined;
}

/** 1-based column number → letters (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Parses `B4` or `$B$4`; undefined when invalid or out of Excel's bounds. */
export function parseCell(address: string): CellRef | undefined {
  const m = CELL_PATTERN.exec(address.trim());
  if (!m) return undefined;
  const column = columnNumber(m[1] ?? '');
  const row = Number(m[2]);
  if (column === undefined || row < 1 || row > MAX_ROW) return undefined;
  return { column, row };
}

/** Parses `A2:D11` (a single cell is a one-cell range); start is normalised to the top-left. */
export function parseRange(address: string): RangeRef | undefined {
  const parts = address.split(':');
  if (parts.length > 2) return undefined;
  const a = parseCell(parts[0] ?? '');
  const b = parts.length === 2 ? parseCell(parts[1] ?? '') : a;
  if (!a || !b) return undefined;
  return {
    start: { column: Math.min(a.column, b.column), row: Math.min(a.row, b.row) },
    end: { column: Math.max(a.column, b.column), row: Math.max(a.row, b.row) },
  };
}

/** Splits `Sales!F2` / `'My Sheet'!F2` into sheet and address; a bare address has no sheet. */
export function splitSheet(ref: string): QualifiedRef {
  const bang = ref.lastIndexOf('!');
  if (bang < 0) return { address: ref };
  let sheet = ref.slice(0, bang);
  if (sheet.length >= 2 && sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: ref.slice(bang + 1) };
}

/** True when the cell lies inside the range. */
export function isInRange(cell: CellRef, range: RangeRef): boolean {
  return cell.column >= range.start.column && cell.column <= range.end.column && cell.row >= range.start.row && cell.row <= range.end.row;
}

/** True when the two ranges share at least one cell. */
export function rangesOverlap(a: RangeRef, b: RangeRef): boolean {
  return a.start.column <= b.end.column && b.start.column <= a.end.column && a.start.row <= b.end.row && b.start.row <= a.end.row;
}
