/**
 * A small Excel formula tokenizer: enough to list the functions a formula calls, find its
 * references, shift them the way Excel's fill handle does, and rewrite LET/LAMBDA. It does not
 * parse precedence; the engines do that.
 */
import { columnIndex, columnName, MAX_COLS, MAX_ROWS } from './a1.js';

export type TokenKind =
  | 'string'
  | 'number'
  | 'ref'
  | 'function'
  | 'name'
  | 'error'
  | 'operator'
  | 'open'
  | 'close'
  | 'comma'
  | 'array-open'
  | 'array-close'
  | 'semicolon'
  | 'bracket'
  | 'space';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const ERROR_LITERALS = ['#DIV/0!', '#N/A', '#NAME?', '#NULL!', '#NUM!', '#REF!', '#VALUE!', '#SPILL!', '#CALC!', '#GETTING_DATA'];
const CELL = /^\$?[A-Za-z]{1,3}\$?\d{1,7}$/;
const COLUMN = /^\$?[A-Za-z]{1,3}$/;
const ROW = /^\$?\d{1,7}$/;

function isCellText(text: string): boolean {
  if (!CELL.test(text)) return false;
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(text);
  const col = columnIndex(m?.[1] ?? '');
  const row = Number(m?.[2]);
  return col >= 0 && col < MAX_COLS && row >= 1 && row <= MAX_ROWS;
}

/** Splits a formula (with or without the leading `=`) into tokens; concatenating them gives the input back. */
export function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const src = formula;
  let i = 0;
  const push = (kind: TokenKind, text: string): void => {
    tokens.push({ kind, text });
  };
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (ch === '"') {
      let j = i + 1;
      while (j < src.length) {
        if (src[j] === '"') {
          if (src[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      push('string', src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      while (j < src.length) {
        if (src[j] === "'") {
          if (src[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      j++;
      if (src[j] === '!') {
        const end = readRefTail(src, j + 1);
        push('ref', src.slice(i, end));
        i = end;
      } else {
        push('name', src.slice(i, j));
        i = j;
      }
      continue;
    }
    if (ch === '#') {
      const upper = src.slice(i).toUpperCase();
      const lit = ERROR_LITERALS.find((e) => upper.startsWith(e));
      const text = lit ? src.slice(i, i + lit.length) : ch;
      push(lit ? 'error' : 'operator', text);
      i += text.length;
      continue;
    }
    if (ch === '[') {
      let depth = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src[j] === '[') depth++;
        else if (src[j] === ']') {
          depth--;
          if (depth === 0) break;
        }
      }
      push('bracket', src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (/\s/.test(ch)) {
      let j = i;
      while (j < src.length && /\s/.test(src[j] ?? '')) j++;
      push('space', src.slice(i, j));
      i = j;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      // A row range such as 2:5 is a reference, not a number.
      const row = /^\$?\d{1,7}:\$?\d{1,7}(?![\w.(])/.exec(src.slice(i));
      if (row) {
        push('ref', row[0]);
        i += row[0].length;
        continue;
      }
      const text = m ? m[0] : ch;
      push('number', text);
      i += text.length;
      continue;
    }
    if (/[A-Za-z_\\$]/.test(ch)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_.$\\]/.test(src[j] ?? '')) j++;
      const word = src.slice(i, j);
      if (src[j] === '!') {
        const end = readRefTail(src, j + 1);
        push('ref', src.slice(i, end));
        i = end;
        continue;
      }
      if (src[j] === '(') {
        push('function', word);
        i = j;
        continue;
      }
      if (isCellText(word) || COLUMN.test(word) || ROW.test(word)) {
        const end = readRangeEnd(src, j, word);
        if (end > j || isCellText(word)) {
          push('ref', src.slice(i, end));
          i = end;
          continue;
        }
      }
      push('name', word);
      i = j;
      continue;
    }
    switch (ch) {
      case '(':
        push('open', ch);
        break;
      case ')':
        push('close', ch);
        break;
      case ',':
        push('comma', ch);
        break;
      case '{':
        push('array-open', ch);
        break;
      case '}':
        push('array-close', ch);
        break;
      case ';':
        push('semicolon', ch);
        break;
      default: {
        const two = src.slice(i, i + 2);
        const op = ['<=', '>=', '<>'].includes(two) ? two : ch;
        push('operator', op);
        i += op.length;
        continue;
      }
    }
    i++;
  }
  return tokens;
}

/** After `Sheet!`, reads a cell, a cell range, a column range or a row range. */
function readRefTail(src: string, start: number): number {
  let j = start;
  while (j < src.length && /[A-Za-z0-9$]/.test(src[j] ?? '')) j++;
  return readRangeEnd(src, j, src.slice(start, j));
}

/** Extends a reference over `:other` when `other` is a compatible endpoint. */
function readRangeEnd(src: string, j: number, first: string): number {
  if (src[j] !== ':') return j;
  let k = j + 1;
  while (k < src.length && /[A-Za-z0-9$]/.test(src[k] ?? '')) k++;
  const second = src.slice(j + 1, k);
  const ok =
    (isCellText(first) && isCellText(second)) ||
    (COLUMN.test(first) && COLUMN.test(second)) ||
    (ROW.test(first) && ROW.test(second));
  return ok ? k : j;
}

/** Upper-case names of the functions a formula calls, without Excel's `_xlfn.`/`_xlws.` prefixes. */
export function functionsUsed(formula: string): string[] {
  const names = new Set<string>();
  for (const t of tokenize(formula)) {
    if (t.kind === 'function') names.add(stripFunctionPrefix(t.text).toUpperCase());
  }
  return [...names];
}

/** Drops the `_xlfn.`, `_xlws.` and `_xlfn._xlws.` prefixes Excel writes in files. */
export function stripFunctionPrefix(name: string): string {
  return name.replace(/^(_xlfn\.)?(_xlws\.)?/i, '');
}

/** The formula with every function-name prefix removed (what HyperFormula can parse). */
export function stripPrefixes(formula: string): string {
  return tokenize(formula)
    .map((t) => (t.kind === 'function' ? stripFunctionPrefix(t.text) : t.text))
    .join('');
}

/** True when the formula references any cell, range or name (the inputs). */
export function hasReferences(formula: string): boolean {
  return tokenize(formula).some((t) => t.kind === 'ref' || (t.kind === 'name' && !/^(TRUE|FALSE)$/i.test(t.text)));
}

/** True when the formula points to another workbook (`[Book.xlsx]Sheet1!A1`, `[1]Sheet1!A1`). */
export function hasExternalLink(formula: string): boolean {
  return tokenize(formula).some((t) => (t.kind === 'ref' || t.kind === 'bracket') && /\[[^\]]*\]/.test(t.text) && /\[(\d+|[^\]]*\.(xl\w*|ods|csv))\]/i.test(t.text));
}

function shiftEndpoint(text: string, dRow: number, dCol: number): string | undefined {
  const cell = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/.exec(text);
  if (cell) {
    const col = columnIndex(cell[2] ?? '') + (cell[1] ? 0 : dCol);
    const row = Number(cell[4]) + (cell[3] ? 0 : dRow);
    if (col < 0 || col >= MAX_COLS || row < 1 || row > MAX_ROWS) return undefined;
    return `${cell[1]}${columnName(col)}${cell[3]}${row}`;
  }
  const column = /^(\$?)([A-Za-z]{1,3})$/.exec(text);
  if (column) {
    const col = columnIndex(column[2] ?? '') + (column[1] ? 0 : dCol);
    if (col < 0 || col >= MAX_COLS) return undefined;
    return `${column[1]}${columnName(col)}`;
  }
  const row = /^(\$?)(\d{1,7})$/.exec(text);
  if (row) {
    const r = Number(row[2]) + (row[1] ? 0 : dRow);
    if (r < 1 || r > MAX_ROWS) return undefined;
    return `${row[1]}${r}`;
  }
  return text;
}

/** Shifts one reference token; `#REF!` when it would leave the grid. */
export function shiftReference(ref: string, dRow: number, dCol: number): string {
  const bang = ref.lastIndexOf('!');
  const prefix = bang >= 0 ? ref.slice(0, bang + 1) : '';
  const body = bang >= 0 ? ref.slice(bang + 1) : ref;
  const parts = body.split(':').map((p) => shiftEndpoint(p, dRow, dCol));
  if (parts.some((p) => p === undefined)) return '#REF!';
  return prefix + parts.join(':');
}

/** The formula as Excel's fill handle writes it `dRow` rows down and `dCol` columns right. */
export function shiftFormula(formula: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return formula;
  return tokenize(formula)
    .map((t) => (t.kind === 'ref' ? shiftReference(t.text, dRow, dCol) : t.text))
    .join('');
}
