/**
 * Hidden variants of an item's workbook: the fixed ones written by the author and the ones the
 * item's seeded generators produce. Everything is replayed from the item id, so every grading of
 * the same answer sees the same variants.
 */
import type { CellInput, FixedVariant, SheetInput, VariantGenerator } from '../../bank/item.js';
import { createRng, randomInt, seedFromText, type Rng } from '../../rng.js';
import { columnIndex, formatCell, parseCell, parseRect, splitSheet, type CellRect } from './a1.js';

/** One workbook to grade on; the visible one has `hidden: false`. */
export interface Variant {
  readonly name: string;
  /** Candidate-safe description of what the variant tests, never its data. */
  readonly description: string;
  readonly hidden: boolean;
  /** `visible`, `fixed` or the generator kind that produced it. */
  readonly source: 'visible' | 'fixed' | VariantGenerator['kind'];
  readonly sheets: readonly SheetInput[];
}

/** What buildVariants needs from an item (formula and workbook items both have it). */
export interface VariantSource {
  readonly id: string;
  readonly sheets: readonly SheetInput[];
  readonly data?: { readonly sheet: string; readonly range: string };
  readonly variants?: { readonly fixed?: readonly FixedVariant[]; readonly generators?: readonly VariantGenerator[] };
}

const DESCRIPTIONS: Readonly<Record<VariantGenerator['kind'], string>> = {
  perturb: 'different numbers in the data',
  'add-rows': 'rows added below the data',
  blanks: 'blank cells in the data',
  duplicates: 'duplicate rows in the data',
  'missing-key': 'a lookup value that is not in the data',
  'text-numbers': 'numbers stored as text',
  'shuffle-rows': 'the data rows in a different order',
};

const DEFAULT_COUNTS: Readonly<Record<VariantGenerator['kind'], number>> = {
  perturb: 3,
  'add-rows': 1,
  blanks: 1,
  duplicates: 1,
  'missing-key': 1,
  'text-numbers': 1,
  'shuffle-rows': 1,
};

/** A sheet as a flat map of A1 address → cell, `table` expanded. */
export function flattenSheet(sheet: SheetInput): Map<string, CellInput> {
  const cells = new Map<string, CellInput>();
  if (sheet.table) {
    const origin = parseCell(sheet.table.origin ?? 'A1') ?? { row: 0, col: 0 };
    sheet.table.header.forEach((h, c) => cells.set(formatCell({ row: origin.row, col: origin.col + c }), h));
    sheet.table.rows.forEach((row, r) => row.forEach((v, c) => cells.set(formatCell({ row: origin.row + 1 + r, col: origin.col + c }), v)));
  }
  for (const [address, value] of Object.entries(sheet.cells ?? {})) {
    const cell = parseCell(address);
    if (cell) cells.set(formatCell(cell), value);
  }
  return cells;
}

type Book = Map<string, Map<string, CellInput>>;

function toBook(sheets: readonly SheetInput[]): Book {
  return new Map(sheets.map((s) => [s.name, flattenSheet(s)]));
}

function fromBook(book: Book): SheetInput[] {
  return [...book.entries()].map(([name, cells]) => ({ name, cells: Object.fromEntries([...cells.entries()].filter(([, v]) => v !== null)) }));
}

function sheetOf(book: Book, name: string): Map<string, CellInput> {
  const key = [...book.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  let sheet = key === undefined ? undefined : book.get(key);
  if (!sheet) {
    sheet = new Map();
    book.set(name, sheet);
  }
  return sheet;
}

/** Applies sheet-qualified overrides (`null` clears a cell). */
export function applyOverrides(sheets: readonly SheetInput[], set: Readonly<Record<string, CellInput>>, defaultSheet?: string): SheetInput[] {
  const book = toBook(sheets);
  for (const [address, value] of Object.entries(set)) {
    const { sheet, rest } = splitSheet(address);
    const cell = parseCell(rest);
    const name = sheet ?? defaultSheet ?? sheets[0]?.name;
    if (!cell || name === undefined) continue;
    const target = sheetOf(book, name);
    if (value === null) target.delete(formatCell(cell));
    else target.set(formatCell(cell), value);
  }
  return fromBook(book);
}

function isNumber(v: CellInput | undefined): v is number {
  return typeof v === 'number';
}

function perturbNumber(rng: Rng, v: number): number {
  if (v === 0) return randomInt(rng, 1, 100);
  const decimals = Math.min(4, (String(v).split('.')[1] ?? '').length);
  const factor = 0.5 + rng.next();
  let next = Number((v * factor).toFixed(decimals));
  if (next === v) next = Number((v + (v > 0 ? 1 : -1)).toFixed(decimals));
  return next;
}

/** Resolves generator column names: letters (`C`) or header texts (`Amount`). */
function resolveColumns(columns: readonly string[], sheet: Map<string, CellInput>, rect: CellRect): number[] {
  return columns
    .map((name) => {
      for (let c = rect.left; c <= rect.right; c++) {
        const header = sheet.get(formatCell({ row: rect.top - 1, col: c }));
        if (typeof header === 'string' && header.toLowerCase() === name.toLowerCase()) return c;
      }
      const idx = columnIndex(name);
      return idx >= 0 ? idx : -1;
    })
    .filter((c) => c >= 0);
}

function pick<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(...pool.splice(randomInt(rng, 0, pool.length - 1), 1));
  return out;
}

function rowValues(sheet: Map<string, CellInput>, row: number, rect: CellRect): (CellInput | undefined)[] {
  const out: (CellInput | undefined)[] = [];
  for (let c = rect.left; c <= rect.right; c++) out.push(sheet.get(formatCell({ row, col: c })));
  return out;
}

function writeRow(sheet: Map<string, CellInput>, row: number, rect: CellRect, values: readonly (CellInput | undefined)[]): void {
  values.forEach((v, k) => {
    const address = formatCell({ row, col: rect.left + k });
    if (v === undefined || v === null) sheet.delete(address);
    else sheet.set(address, v);
  });
}

function generate(source: VariantSource, generator: VariantGenerator, rng: Rng): SheetInput[] {
  const book = toBook(source.sheets);
  if (generator.kind === 'missing-key') {
    const { sheet, rest } = splitSheet(generator.cell);
    const name = sheet ?? source.data?.sheet ?? source.sheets[0]?.name ?? 'Sheet1';
    const cell = parseCell(rest);
    if (cell) sheetOf(book, name).set(formatCell(cell), generator.value ?? `ZZ-${randomInt(rng, 1000, 9999)}`);
    return fromBook(book);
  }
  const rect = source.data ? parseRect(source.data.range) : undefined;
  if (!source.data || !rect) return fromBook(book);
  const sheet = sheetOf(book, source.data.sheet);
  const rows = [...Array(rect.bottom - rect.top + 1).keys()].map((k) => rect.top + k);
  switch (generator.kind) {
    case 'perturb':
      for (const c of resolveColumns(generator.columns, sheet, rect)) {
        for (const r of rows) {
          const address = formatCell({ row: r, col: c });
          const v = sheet.get(address);
          if (isNumber(v)) sheet.set(address, perturbNumber(rng, v));
        }
      }
      break;
    case 'add-rows':
      for (let k = 0; k < generator.rows; k++) {
        const from = rows[randomInt(rng, 0, rows.length - 1)] ?? rect.top;
        writeRow(sheet, rect.bottom + 1 + k, rect, rowValues(sheet, from, rect).map((v) => (isNumber(v) ? perturbNumber(rng, v) : v)));
      }
      break;
    case 'blanks': {
      const cols = resolveColumns(generator.columns, sheet, rect);
      const cells = cols.flatMap((c) => rows.map((r) => formatCell({ row: r, col: c })));
      for (const address of pick(rng, cells, generator.cells)) sheet.delete(address);
      break;
    }
    case 'duplicates':
      for (let k = 0; k < generator.rows; k++) {
        const from = rows[randomInt(rng, 0, rows.length - 1)] ?? rect.top;
        writeRow(sheet, rect.bottom + 1 + k, rect, rowValues(sheet, from, rect));
      }
      break;
    case 'text-numbers': {
      const cols = resolveColumns(generator.columns, sheet, rect);
      const cells = cols.flatMap((c) => rows.map((r) => formatCell({ row: r, col: c }))).filter((a) => isNumber(sheet.get(a)));
      for (const address of pick(rng, cells, generator.cells)) sheet.set(address, String(sheet.get(address)));
      break;
    }
    case 'shuffle-rows': {
      const values = rows.map((r) => rowValues(sheet, r, rect));
      const order = pick(rng, [...values.keys()], values.length);
      if (order.every((o, k) => o === k) && order.length > 1) order.reverse();
      rows.forEach((r, k) => writeRow(sheet, r, rect, values[order[k] ?? k] ?? []));
      break;
    }
    default: {
      const unreachable: never = generator;
      return unreachable;
    }
  }
  return fromBook(book);
}

/** The visible workbook as a variant. */
export function visibleVariant(source: VariantSource): Variant {
  return { name: 'visible', description: 'the data shown in the task', hidden: false, source: 'visible', sheets: source.sheets };
}

/** The item's hidden variants: fixed ones first, then each generator's, deterministic from the item id. */
export function buildVariants(source: VariantSource): Variant[] {
  const out: Variant[] = [];
  for (const fixed of source.variants?.fixed ?? []) {
    out.push({ name: fixed.name, description: fixed.description, hidden: true, source: 'fixed', sheets: applyOverrides(source.sheets, fixed.set, source.data?.sheet) });
  }
  (source.variants?.generators ?? []).forEach((generator, index) => {
    const count = generator.count ?? DEFAULT_COUNTS[generator.kind];
    for (let k = 0; k < count; k++) {
      const rng = createRng(seedFromText(`${source.id}#${index}#${k}`));
      out.push({ name: `${generator.kind}-${index + 1}.${k + 1}`, description: DESCRIPTIONS[generator.kind], hidden: true, source: generator.kind, sheets: generate(source, generator, rng) });
    }
  });
  return out;
}
