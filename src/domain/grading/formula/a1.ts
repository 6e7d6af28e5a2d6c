/** A1-style address arithmetic shared by the engines, the variant builder and the workbook grader. */

/** A zero-based cell position on one sheet. */
export interface CellPosition {
  readonly row: number;
  readonly col: number;
}

/** A sheet-qualified zero-based cell position. */
export interface SheetCell extends CellPosition {
  readonly sheet: string;
}

/** A zero-based inclusive rectangle. */
export interface CellRect {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Excel's grid limits. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** `A` → 0, `Z` → 25, `AA` → 26; -1 when the text is not a column name. */
export function columnIndex(name: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(name)) return -1;
  let n = 0;
  for (const ch of name.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0 → `A`, 26 → `AA`. */
export function columnName(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Parses `B4` or `$B$4` (no sheet); undefined when malformed or outside the grid. */
export function parseCell(text: string): CellPosition | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(text.trim());
  if (!m) return undefined;
  const col = columnIndex(m[1] ?? '');
  const row = Number(m[2]) - 1;
  if (col < 0 || col >= MAX_COLS || row < 0 || row >= MAX_ROWS) return undefined;
  return { row, col };
}

/** `{ row: 3, col: 1 }` → `B4`. */
export function formatCell(position: CellPosition): string {
  return `${columnName(position.col)}${position.row + 1}`;
}

/** Splits `Sheet1!B4` or `'My Sheet'!B4` into sheet and rest; the sheet is undefined when absent. */
export function splitSheet(text: string): { readonly sheet: string | undefined; readonly rest: string } {
  const bang = text.lastIndexOf('!');
  if (bang < 0) return { sheet: undefined, rest: text };
  let sheet = text.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, rest: text.slice(bang + 1) };
}

/** Parses `Sheet1!B4`; a missing sheet takes `defaultSheet`. */
export function parseSheetCell(text: string, defaultSheet?: string): SheetCell | undefined {
  const { sheet, rest } = splitSheet(text);
  const cell = parseCell(rest);
  const name = sheet ?? defaultSheet;
  if (!cell || name === undefined) return undefined;
  return { sheet: name, ...cell };
}

/** Parses `A2:D11` (or a single cell) into a rectangle. */
export function parseRect(text: string): CellRect | undefined {
  const [a, b] = text.split(':');
  const start = parseCell(a ?? '');
  const end = b === undefined ? start : parseCell(b);
  if (!start || !end) return undefined;
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.col, end.col),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.col, end.col),
  };
}

/** Quotes a sheet name for use in a formula when it needs quoting. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !parseCell(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
