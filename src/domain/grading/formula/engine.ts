/**
 * The one interface every spreadsheet engine sits behind, and the HyperFormula implementation
 * (the primary engine). An engine instance is built once and reused: each evaluation replaces
 * the sheets' contents instead of building a new engine.
 */
import { DetailedCellError, HyperFormula } from 'hyperformula';
import type { ConfigParams, RawCellContent } from 'hyperformula';
import type { CellInput, NamedRangeInput, SheetInput } from '../../bank/item.js';
import { formatCell, parseCell, parseSheetCell, splitSheet } from './a1.js';
import { serialFromIso } from './excel-date.js';
import { registerExcelFunctions } from './excel-functions.js';
import { rewriteForHyperFormula } from './rewrite.js';
import { hasExternalLink, stripFunctionPrefix, tokenize } from './tokenize.js';

/** A value a cell shows: a number, text, a boolean, or empty (`null`). */
export type ScalarValue = number | string | boolean | null;

/** One cell of a spilled array: a value or an error. */
export type SpillCell = ScalarValue | { readonly error: string };

/** What one formula evaluated to. */
export type EvaluationResult =
  | { readonly kind: 'value'; readonly value: ScalarValue }
  | { readonly kind: 'spill'; readonly rows: readonly (readonly SpillCell[])[] }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'failure'; readonly reason: string };

/** The cells the engine loads before evaluating. */
export interface WorkbookInput {
  readonly sheets: readonly SheetInput[];
  readonly namedRanges?: readonly NamedRangeInput[];
}

/** A cell to read back, optionally with a formula written into it first. */
export interface Placement {
  /** Sheet-qualified address, `Sheet1!F1`. */
  readonly target: string;
  /** With or without the leading `=`; when absent the cell's own content is read. */
  readonly formula?: string;
}

/** Bounds on one evaluation; exceeding one gives a `failure` result, never an exception. */
export interface EngineLimits {
  /** Excel's own limit is 8,192 characters. */
  readonly maxFormulaLength: number;
  /** Non-empty cells loaded across all sheets. */
  readonly maxCells: number;
  /** Cells one spilled result may cover. */
  readonly maxSpillCells: number;
}

export const DEFAULT_LIMITS: EngineLimits = { maxFormulaLength: 8192, maxCells: 500_000, maxSpillCells: 100_000 };

/**
 * A spreadsheet engine. `evaluate` loads the workbook, writes each placement's formula into its
 * cell, recalculates and returns one result per placement, in order. It never throws: engine
 * exceptions, unparsable formulas, circular references, external links and exceeded limits all
 * come back as `failure` results.
 */
export interface FormulaEngine {
  readonly name: string;
  evaluate(workbook: WorkbookInput, placements: readonly Placement[]): EvaluationResult[];
  /** Releases the engine's memory; the engine must not be used afterwards. */
  dispose(): void;
}

export interface FormulaEngineOptions {
  readonly limits?: Partial<EngineLimits>;
  /** The serial NOW() returns (TODAY() its day); default 2025-01-01 00:00. */
  readonly now?: number;
  /** Seed for RAND/RANDBETWEEN; default 1. */
  readonly seed?: number;
}

/** HyperFormula options matching Excel (documented in its Excel-compatibility guide). */
export function excelCompatibleConfig(now: number, seed: number): Partial<ConfigParams> {
  return {
    licenseKey: 'gpl-v3',
    // Serial 1 is 1900-01-01 and serial 60 the fictitious 1900-02-29, as in Excel.
    leapYear1900: true,
    nullDate: { year: 1899, month: 12, day: 31 },
    nullYear: 30,
    useArrayArithmetic: true,
    evaluateNullToZero: true,
    caseSensitive: false,
    accentSensitive: true,
    useWildcards: true,
    useRegularExpressions: false,
    matchWholeCell: true,
    smartRounding: true,
    functionArgSeparator: ',',
    decimalSeparator: '.',
    thousandSeparator: '',
    arrayColumnSeparator: ',',
    arrayRowSeparator: ';',
    localeLang: 'en-US',
    currencySymbol: ['$', 'USD'],
    dateFormats: ['MM/DD/YYYY', 'MM/DD/YY', 'YYYY-MM-DD', 'YYYY/MM/DD'],
    timeFormats: ['hh:mm', 'hh:mm:ss.sss'],
    maxRows: 1_048_576,
    maxColumns: 16_384,
    context: { now, seed },
  };
}

/** Excel functions HyperFormula does not implement (even with our plugin): #NAME? from one of them is the engine's gap, not the candidate's. */
const UNSUPPORTED_EXCEL_FUNCTIONS = new Set(
  'INDIRECT TEXTSPLIT TOROW WRAPROWS WRAPCOLS EXPAND NUMBERVALUE LAMBDA BYROW BYCOL MAP REDUCE SCAN MAKEARRAY DOLLAR GROWTH TREND RANDARRAY ARRAYTOTEXT VALUETOTEXT REGEXTEST REGEXEXTRACT REGEXREPLACE GROUPBY PIVOTBY PERCENTOF IMAGE'.split(' '),
);

const ERROR_NAMES: Readonly<Record<string, string>> = {
  DIV_BY_ZERO: '#DIV/0!',
  NA: '#N/A',
  NAME: '#NAME?',
  NUM: '#NUM!',
  REF: '#REF!',
  VALUE: '#VALUE!',
  SPILL: '#SPILL!',
};

/** The literal Excel error strings, for validating inputs. */
export const EXCEL_ERRORS = ['#DIV/0!', '#N/A', '#NAME?', '#NULL!', '#NUM!', '#REF!', '#VALUE!', '#SPILL!', '#CALC!'] as const;

/** A cell's content as a matrix entry; formulas keep their text. */
type GridEntry = { readonly kind: 'value'; readonly value: ScalarValue } | { readonly kind: 'error'; readonly error: string } | { readonly kind: 'formula'; readonly formula: string };

/** One sheet laid out as rows of entries (sparse: missing is empty). */
export interface SheetGrid {
  readonly name: string;
  readonly cells: Map<string, GridEntry>;
  rows: number;
  cols: number;
}

/** Turns a bank cell into an entry; undefined for an invalid date. */
export function cellEntry(input: CellInput): GridEntry | undefined {
  if (input === null) return { kind: 'value', value: null };
  if (typeof input === 'number' || typeof input === 'string' || typeof input === 'boolean') {
    if (typeof input === 'number' && !Number.isFinite(input)) return undefined;
    return { kind: 'value', value: input };
  }
  if ('date' in input) {
    const serial = serialFromIso(input.date);
    return serial === undefined ? undefined : { kind: 'value', value: serial };
  }
  if ('error' in input) return { kind: 'error', error: input.error.toUpperCase() };
  return { kind: 'formula', formula: input.formula.startsWith('=') ? input.formula : `=${input.formula}` };
}

/** Lays out the sheets (table first, then single cells) as sparse grids keyed by A1 address. */
export function layoutSheets(sheets: readonly SheetInput[]): { grids: SheetGrid[]; problems: string[] } {
  const grids: SheetGrid[] = [];
  const problems: string[] = [];
  for (const sheet of sheets) {
    const grid: SheetGrid = { name: sheet.name, cells: new Map(), rows: 0, cols: 0 };
    const set = (row: number, col: number, input: CellInput): void => {
      const entry = cellEntry(input);
      if (!entry) {
        problems.push(`${sheet.name}!${formatCell({ row, col })}: invalid cell value`);
        return;
      }
      grid.cells.set(formatCell({ row, col }), entry);
      grid.rows = Math.max(grid.rows, row + 1);
      grid.cols = Math.max(grid.cols, col + 1);
    };
    if (sheet.table) {
      const origin = parseCell(sheet.table.origin ?? 'A1') ?? { row: 0, col: 0 };
      sheet.table.header.forEach((h, c) => set(origin.row, origin.col + c, h));
      sheet.table.rows.forEach((row, r) => row.forEach((v, c) => set(origin.row + 1 + r, origin.col + c, v)));
    }
    for (const [address, value] of Object.entries(sheet.cells ?? {})) {
      const cell = parseCell(address);
      if (!cell) problems.push(`${sheet.name}!${address}: invalid address`);
      else set(cell.row, cell.col, value);
    }
    grids.push(grid);
  }
  return { grids, problems };
}

/** Makes every part of a reference absolute (`Sheet1!A2:B6` → `Sheet1!$A$2:$B$6`). */
export function absoluteReference(ref: string): string {
  const body = ref.startsWith('=') ? ref.slice(1) : ref;
  return tokenize(body)
    .map((t) => {
      if (t.kind !== 'ref') return t.text;
      const { sheet, rest } = splitSheet(t.text);
      const abs = rest
        .split(':')
        .map((p) => p.replace(/^\$?([A-Za-z]{1,3})?\$?(\d+)?$/, (_m, c?: string, r?: string) => `${c ? `$${c}` : ''}${r ? `$${r}` : ''}`))
        .join(':');
      return sheet === undefined ? abs : `${t.text.slice(0, t.text.lastIndexOf('!') + 1)}${abs}`;
    })
    .join('');
}

/** Checks a formula before any engine sees it; returns the failure reason or undefined. */
export function preflightFormula(formula: string, limits: EngineLimits): string | undefined {
  if (formula.length > limits.maxFormulaLength) return `formula is longer than ${limits.maxFormulaLength} characters`;
  if (hasExternalLink(formula)) return 'external workbook links are not evaluated';
  const area = largestRangeArea(formula);
  if (area > limits.maxCells) return `a range in the formula covers ${area} cells, more than the ${limits.maxCells} allowed (whole-column references such as A:A are fine)`;
  return undefined;
}

/**
 * The largest rectangular `A1:B2` range a formula names. HyperFormula materialises such ranges,
 * so `A1:XFD1048576` would exhaust memory; whole-column (`A:A`) and whole-row ranges are handled
 * lazily by the engine and are not counted.
 */
export function largestRangeArea(formula: string): number {
  let largest = 0;
  for (const match of formula.matchAll(/(\$?[A-Za-z]{1,3}\$?\d{1,7})\s*:\s*(\$?[A-Za-z]{1,3}\$?\d{1,7})/g)) {
    const from = parseCell(match[1] ?? '');
    const to = parseCell(match[2] ?? '');
    if (!from || !to) continue;
    largest = Math.max(largest, (Math.abs(to.row - from.row) + 1) * (Math.abs(to.col - from.col) + 1));
  }
  return largest;
}

function errorName(err: DetailedCellError): EvaluationResult {
  if (err.message.includes('#CALC!')) return { kind: 'error', error: '#CALC!' };
  if (err.type === 'CYCLE') return { kind: 'failure', reason: 'circular reference' };
  if (err.type === 'NAME') {
    const fn = /Function name (\S+) not recognized/.exec(err.message)?.[1];
    if (fn && UNSUPPORTED_EXCEL_FUNCTIONS.has(stripFunctionPrefix(fn).toUpperCase())) return { kind: 'failure', reason: `unsupported function ${fn}` };
  }
  const name = ERROR_NAMES[err.type];
  if (name) return { kind: 'error', error: name };
  if (err.type === 'ERROR') return { kind: 'failure', reason: `cannot parse formula: ${err.message.split('\n')[0] ?? ''}` };
  return { kind: 'failure', reason: `engine error ${err.type}: ${err.message}` };
}

function scalarOf(value: unknown): SpillCell {
  if (value instanceof DetailedCellError) {
    const r = errorName(value);
    return { error: r.kind === 'error' ? r.error : '#VALUE!' };
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

/** Trims trailing empty rows and columns (HyperFormula pads arrays to their predicted size); interior empties read as 0 like Excel. */
export function trimSpill(rows: readonly (readonly SpillCell[])[]): SpillCell[][] {
  let height = rows.length;
  while (height > 0 && (rows[height - 1] ?? []).every((v) => v === null)) height--;
  let width = Math.max(0, ...rows.slice(0, height).map((r) => r.length));
  while (width > 0 && rows.slice(0, height).every((r) => (r[width - 1] ?? null) === null)) width--;
  return rows.slice(0, height).map((r) => r.slice(0, width).map((v) => (v === null ? 0 : v)));
}

/** Builds a spill or value result from a read array. */
export function resultFromArray(rows: readonly (readonly SpillCell[])[]): EvaluationResult {
  const trimmed = trimSpill(rows);
  if (trimmed.length === 0) return { kind: 'value', value: 0 };
  if (trimmed.length === 1 && trimmed[0]?.length === 1) {
    const only = trimmed[0][0] ?? null;
    return only !== null && typeof only === 'object' ? { kind: 'error', error: only.error } : { kind: 'value', value: only };
  }
  return { kind: 'spill', rows: trimmed };
}

interface PreparedPlacement {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly failure?: string;
}

/**
 * Applies placements to the grids: formulas are checked, rewritten for the engine and written
 * into their cells. Shared by both engines; `rewrite` adapts formula text to one engine.
 */
export function preparePlacements(
  grids: SheetGrid[],
  placements: readonly Placement[],
  limits: EngineLimits,
  rewrite: (formula: string) => { kind: 'ok'; formula: string } | { kind: 'failed'; reason: string },
): PreparedPlacement[] {
  return placements.map((p) => {
    const cell = parseSheetCell(p.target);
    if (!cell) return { sheet: '', row: 0, col: 0, failure: `invalid target ${p.target}` };
    let grid = grids.find((g) => g.name.toLowerCase() === cell.sheet.toLowerCase());
    if (!grid) {
      grid = { name: cell.sheet, cells: new Map(), rows: 0, cols: 0 };
      grids.push(grid);
    }
    const prepared = { sheet: grid.name, row: cell.row, col: cell.col };
    if (p.formula === undefined) return prepared;
    const text = p.formula.trim().startsWith('=') ? p.formula.trim().slice(1) : p.formula.trim();
    if (text === '') return { ...prepared, failure: 'empty formula' };
    const problem = preflightFormula(text, limits);
    if (problem) return { ...prepared, failure: problem };
    const rewritten = rewrite(text);
    if (rewritten.kind === 'failed') return { ...prepared, failure: rewritten.reason };
    grid.cells.set(formatCell(cell), { kind: 'formula', formula: `=${rewritten.formula}` });
    grid.rows = Math.max(grid.rows, cell.row + 1);
    grid.cols = Math.max(grid.cols, cell.col + 1);
    return prepared;
  });
}

function rawContent(entry: GridEntry): RawCellContent {
  switch (entry.kind) {
    case 'value': {
      const v = entry.value;
      // A leading apostrophe keeps numeric-looking or formula-looking text as text.
      return typeof v === 'string' ? `'${v}` : v;
    }
    case 'error':
      return entry.error === '#N/A' ? '=NA()' : `=${entry.error}`;
    case 'formula':
      return entry.formula;
    default: {
      const unreachable: never = entry;
      return unreachable;
    }
  }
}

/** Groups changed cells into vertical runs, so a changed column is written in one call. */
function columnRuns(changes: readonly [string, RawCellContent][]): { row: number; col: number; values: RawCellContent[] }[] {
  const cells = changes
    .map(([address, content]) => ({ cell: parseCell(address), content }))
    .filter((c): c is { cell: { row: number; col: number }; content: RawCellContent } => c.cell !== undefined)
    .sort((a, b) => a.cell.col - b.cell.col || a.cell.row - b.cell.row);
  const runs: { row: number; col: number; values: RawCellContent[] }[] = [];
  for (const { cell, content } of cells) {
    const last = runs[runs.length - 1];
    if (last && last.col === cell.col && last.row + last.values.length === cell.row) last.values.push(content);
    else runs.push({ row: cell.row, col: cell.col, values: [content] });
  }
  return runs;
}

function toMatrix(cells: ReadonlyMap<string, RawCellContent>): RawCellContent[][] {
  const matrix: RawCellContent[][] = [];
  for (const [address, content] of cells) {
    const cell = parseCell(address);
    if (!cell) continue;
    const row = (matrix[cell.row] ??= []);
    row[cell.col] = content;
  }
  for (let r = 0; r < matrix.length; r++) {
    const row = (matrix[r] ??= []);
    for (let c = 0; c < row.length; c++) if (row[c] === undefined) row[c] = null;
  }
  return matrix;
}

/** Rewrites a cell formula already in a workbook (not a placement) for HyperFormula. */
function rewriteCellFormula(formula: string): string {
  const r = rewriteForHyperFormula(formula.slice(1));
  return r.kind === 'ok' ? `=${r.formula}` : '=#VALUE!';
}

class HyperFormulaEngine implements FormulaEngine {
  readonly name = 'hyperformula';
  private hf: HyperFormula;
  private readonly limits: EngineLimits;
  private namedExpressions: string[] = [];
  private namedKey = '[]';
  /** What each sheet currently holds, by A1 address, to load the next workbook by difference. */
  private readonly loaded = new Map<string, Map<string, RawCellContent>>();

  constructor(options: FormulaEngineOptions) {
    registerExcelFunctions();
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.hf = HyperFormula.buildEmpty(excelCompatibleConfig(options.now ?? 45658, options.seed ?? 1));
    this.hf.addNamedExpression('TRUE', '=TRUE()');
    this.hf.addNamedExpression('FALSE', '=FALSE()');
  }

  evaluate(workbook: WorkbookInput, placements: readonly Placement[]): EvaluationResult[] {
    try {
      return this.evaluateUnsafe(workbook, placements);
    } catch (error) {
      const reason = engineExceptionReason(error);
      this.reset();
      return placements.map(() => ({ kind: 'failure', reason }));
    }
  }

  /** After an exception the instance may be inconsistent: start from a fresh one. */
  private reset(): void {
    const config = this.hf.getConfig();
    this.hf.destroy();
    this.hf = HyperFormula.buildEmpty({ ...config, context: config.context });
    this.hf.addNamedExpression('TRUE', '=TRUE()');
    this.hf.addNamedExpression('FALSE', '=FALSE()');
    this.namedExpressions = [];
    this.namedKey = '[]';
    this.loaded.clear();
  }

  private evaluateUnsafe(workbook: WorkbookInput, placements: readonly Placement[]): EvaluationResult[] {
    const { grids, problems } = layoutSheets(workbook.sheets);
    if (problems.length > 0) return placements.map(() => ({ kind: 'failure', reason: `invalid workbook: ${problems.join('; ')}` }));
    const prepared = preparePlacements(grids, placements, this.limits, rewriteForHyperFormula);
    const cellCount = grids.reduce((n, g) => n + g.cells.size, 0);
    if (cellCount > this.limits.maxCells) return placements.map(() => ({ kind: 'failure', reason: `workbook has more than ${this.limits.maxCells} cells` }));
    this.load(grids, workbook.namedRanges ?? []);
    return prepared.map((p) => (p.failure ? { kind: 'failure', reason: p.failure } : this.read(p)));
  }

  /**
   * Loads the grids by difference with what is already loaded: only changed cells are written,
   * so grading a variant after the visible sheet costs a few cell updates, not a rebuild.
   */
  private load(grids: readonly SheetGrid[], namedRanges: readonly NamedRangeInput[]): void {
    const hf = this.hf;
    const next = new Map<string, Map<string, RawCellContent>>();
    for (const grid of grids) {
      const cells = new Map<string, RawCellContent>();
      for (const [address, entry] of grid.cells) {
        const content = entry.kind === 'formula' ? rewriteCellFormula(entry.formula) : rawContent(entry);
        if (content !== null) cells.set(address, content);
      }
      next.set(grid.name, cells);
    }
    const namedKey = JSON.stringify(namedRanges.map((n) => [n.name, n.ref]));
    hf.batch(() => {
      const wanted = new Set(grids.map((g) => g.name.toLowerCase()));
      for (const name of hf.getSheetNames()) {
        if (!wanted.has(name.toLowerCase())) {
          const id = hf.getSheetId(name);
          if (id !== undefined) hf.removeSheet(id);
          this.loaded.delete(name);
        }
      }
      for (const [name, cells] of next) {
        if (!hf.doesSheetExist(name)) hf.addSheet(name);
        const id = hf.getSheetId(name);
        if (id === undefined) continue;
        const previous = [...this.loaded.entries()].find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? new Map<string, RawCellContent>();
        const changes: [string, RawCellContent][] = [];
        for (const [address] of previous) if (!cells.has(address)) changes.push([address, null]);
        for (const [address, content] of cells) if (previous.get(address) !== content) changes.push([address, content]);
        if (previous.size === 0) {
          hf.setSheetContent(id, toMatrix(cells));
        } else {
          for (const run of columnRuns(changes)) hf.setCellContents({ sheet: id, row: run.row, col: run.col }, run.values.map((v) => [v]));
        }
        for (const key of [...this.loaded.keys()]) if (key.toLowerCase() === name.toLowerCase()) this.loaded.delete(key);
        this.loaded.set(name, cells);
      }
    });
    if (namedKey !== this.namedKey) {
      for (const name of this.namedExpressions) hf.removeNamedExpression(name);
      this.namedExpressions = [];
      for (const named of namedRanges) {
        const expression = `=${absoluteReference(named.ref)}`;
        if (hf.isItPossibleToAddNamedExpression(named.name, expression)) {
          hf.addNamedExpression(named.name, expression);
          this.namedExpressions.push(named.name);
        }
      }
      this.namedKey = namedKey;
    }
  }

  private read(p: PreparedPlacement): EvaluationResult {
    const hf = this.hf;
    const sheet = hf.getSheetId(p.sheet);
    if (sheet === undefined) return { kind: 'failure', reason: `no sheet ${p.sheet}` };
    const address = { sheet, row: p.row, col: p.col };
    const value = hf.getCellValue(address);
    if (hf.getCellType(address) === 'ARRAYFORMULA' && !(value instanceof DetailedCellError)) {
      let width = 1;
      let height = 1;
      while (hf.isCellPartOfArray({ sheet, row: p.row, col: p.col + width })) width++;
      while (hf.isCellPartOfArray({ sheet, row: p.row + height, col: p.col })) height++;
      if (width * height > this.limits.maxSpillCells) return { kind: 'failure', reason: `spilled result is larger than ${this.limits.maxSpillCells} cells` };
      const rows = hf.getRangeValues({ start: address, end: { sheet, row: p.row + height - 1, col: p.col + width - 1 } });
      return resultFromArray(rows.map((r) => r.map(scalarOf)));
    }
    if (value instanceof DetailedCellError) return errorName(value);
    const scalar = scalarOf(value);
    return scalar !== null && typeof scalar === 'object' ? { kind: 'error', error: scalar.error } : { kind: 'value', value: scalar };
  }

  dispose(): void {
    this.hf.destroy();
  }
}

/** Builds the HyperFormula-backed engine, configured for Excel compatibility. Reuse it. */
export function createFormulaEngine(options: FormulaEngineOptions = {}): FormulaEngine {
  return new HyperFormulaEngine(options);
}

/** A single formula evaluation: the shape the batch CLI and the grader use. */
export interface FormulaEvaluationRequest extends WorkbookInput {
  readonly target: string;
  readonly formula: string;
}

/**
 * A result as plain JSON, the shape of the batch CLI's output lines and the live preview:
 * `{ value }` (a scalar, or rows for a spill), `{ error: '#N/A' }` or `{ failure }`.
 */
export function evaluationToJson(result: EvaluationResult): { value?: unknown; error?: string; failure?: string } {
  switch (result.kind) {
    case 'value':
      return { value: result.value };
    case 'spill':
      return { value: result.rows };
    case 'error':
      return { error: result.error };
    case 'failure':
      return { failure: result.reason };
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/** Evaluates one formula in `target` on the given sheets. Never throws. */
export function evaluateFormula(engine: FormulaEngine, request: FormulaEvaluationRequest): EvaluationResult {
  const [result] = engine.evaluate(request, [{ target: request.target, formula: request.formula }]);
  return result ?? { kind: 'failure', reason: 'no result' };
}

/**
 * The failure reason for an exception inside an engine. A stack overflow comes from a formula
 * nested or chained too deeply for the engine (Excel may still compute it), and says so.
 */
export function engineExceptionReason(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'engine exception: formula too complex to evaluate (nested or chained too deeply)';
  return `engine exception: ${error instanceof Error ? error.message : String(error)}`;
}
