/**
 * Excel functions HyperFormula 3.5.0 lacks or computes differently from Excel, as one
 * FunctionPlugin. Each follows Excel's documented behaviour and is tested against known Excel
 * results (excel-functions.test.ts and the conformance suite).
 *
 * Array-returning functions declare an upper-bound result size (HyperFormula must know it
 * before evaluating); the engine wrapper trims the unused trailing rows and columns.
 */
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { ImplementedFunctions } from 'hyperformula';
import { buildCriterion, type PlainValue } from './criteria.js';
import { daysInMonth, dateFromSerial, serialFromDate } from './excel-date.js';
import { formatValue, formatGeneral } from './number-format.js';

/** Per-instance settings the functions read through HyperFormula's `context` option. */
export interface ExcelFunctionContext {
  /** The serial NOW() and TODAY() return, so that results replay. */
  readonly now: number;
  /** Seed for RAND and RANDBETWEEN. */
  readonly seed: number;
}

/** HyperFormula's AST and interpreter state are not exported; these stand for them. */
interface ProcedureAst {
  readonly args: readonly unknown[];
}
type State = { readonly formulaAddress: unknown };
type Internal = unknown;

const A = FunctionArgumentType;

function plain(x: Internal): PlainValue | CellError {
  if (x === EmptyValue || x === undefined || x === null) return null;
  if (x instanceof CellError) return x;
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
  const val = (x as { val?: unknown }).val;
  return typeof val === 'number' ? val : null;
}

function rangeData(x: Internal): Internal[][] {
  if (x instanceof SimpleRangeValue) return x.data as Internal[][];
  return [[x]];
}

function na(): CellError {
  return new CellError(ErrorType.NA);
}
function valueError(): CellError {
  return new CellError(ErrorType.VALUE);
}

/** Excel's ordering for lookups: numbers < text < booleans; text case-insensitive. */
function compareValues(a: PlainValue, b: PlainValue): number | undefined {
  const rank = (v: PlainValue): number => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : -1);
  if (a === null || b === null) return undefined;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

function toRange(rows: PlainValue[][]): SimpleRangeValue {
  return SimpleRangeValue.onlyValues(rows.map((r) => r.map((v) => (v === null ? (EmptyValue as unknown as number) : v))) as never);
}

function textOf(v: PlainValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return formatGeneral(v);
  return v;
}

function hashUnit(seed: number, salt: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

export class ExcelGapPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    AVERAGEIFS: { method: 'averageifs', parameters: [{ argumentType: A.RANGE }, { argumentType: A.RANGE }, { argumentType: A.NOERROR }], repeatLastArgs: 2 },
    CONCAT: { method: 'concat', parameters: [{ argumentType: A.ANY }], repeatLastArgs: 1, expandRanges: false },
    XMATCH: {
      method: 'xmatch',
      parameters: [{ argumentType: A.NOERROR }, { argumentType: A.RANGE }, { argumentType: A.INTEGER, defaultValue: 0, emptyAsDefault: true }, { argumentType: A.INTEGER, defaultValue: 1, emptyAsDefault: true }],
    },
    LOOKUP: { method: 'lookup', parameters: [{ argumentType: A.NOERROR }, { argumentType: A.RANGE }, { argumentType: A.RANGE, optionalArg: true }] },
    'RANK.EQ': { method: 'rankEq', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.RANGE }, { argumentType: A.NUMBER, defaultValue: 0 }] },
    RANK: { method: 'rank', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.RANGE }, { argumentType: A.NUMBER, defaultValue: 0 }] },
    'RANK.AVG': { method: 'rankAvg', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.RANGE }, { argumentType: A.NUMBER, defaultValue: 0 }] },
    'MODE.SNGL': { method: 'modeSngl', parameters: [{ argumentType: A.RANGE }], repeatLastArgs: 1 },
    MODE: { method: 'mode', parameters: [{ argumentType: A.RANGE }], repeatLastArgs: 1 },
    SORTBY: {
      method: 'sortby',
      sizeOfResultArrayMethod: 'firstArgSize',
      parameters: [{ argumentType: A.RANGE }, { argumentType: A.RANGE }, { argumentType: A.INTEGER, defaultValue: 1 }],
      repeatLastArgs: 2,
      vectorizationForbidden: true,
    },
    FILTER: {
      method: 'filter',
      sizeOfResultArrayMethod: 'firstArgSize',
      enableArrayArithmeticForArguments: true,
      parameters: [{ argumentType: A.RANGE }, { argumentType: A.RANGE }, { argumentType: A.SCALAR, optionalArg: true }],
      vectorizationForbidden: true,
    },
    TAKE: {
      method: 'take',
      sizeOfResultArrayMethod: 'firstArgSize',
      parameters: [{ argumentType: A.RANGE }, { argumentType: A.INTEGER, optionalArg: true }, { argumentType: A.INTEGER, optionalArg: true }],
      vectorizationForbidden: true,
    },
    DROP: {
      method: 'drop',
      sizeOfResultArrayMethod: 'firstArgSize',
      parameters: [{ argumentType: A.RANGE }, { argumentType: A.INTEGER, optionalArg: true }, { argumentType: A.INTEGER, optionalArg: true }],
      vectorizationForbidden: true,
    },
    CHOOSECOLS: {
      method: 'choosecols',
      sizeOfResultArrayMethod: 'firstArgSize',
      parameters: [{ argumentType: A.RANGE }, { argumentType: A.INTEGER }],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    },
    CHOOSEROWS: {
      method: 'chooserows',
      sizeOfResultArrayMethod: 'firstArgSize',
      parameters: [{ argumentType: A.RANGE }, { argumentType: A.INTEGER }],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    },
    TOCOL: { method: 'tocol', sizeOfResultArrayMethod: 'toColSize', parameters: [{ argumentType: A.RANGE }, { argumentType: A.INTEGER, defaultValue: 0 }], vectorizationForbidden: true },
    TEXTBEFORE: {
      method: 'textbefore',
      parameters: [
        { argumentType: A.STRING },
        { argumentType: A.STRING },
        { argumentType: A.INTEGER, defaultValue: 1, emptyAsDefault: true },
        { argumentType: A.INTEGER, defaultValue: 0, emptyAsDefault: true },
        { argumentType: A.INTEGER, defaultValue: 0, emptyAsDefault: true },
        { argumentType: A.SCALAR, optionalArg: true },
      ],
    },
    TEXTAFTER: {
      method: 'textafter',
      parameters: [
        { argumentType: A.STRING },
        { argumentType: A.STRING },
        { argumentType: A.INTEGER, defaultValue: 1, emptyAsDefault: true },
        { argumentType: A.INTEGER, defaultValue: 0, emptyAsDefault: true },
        { argumentType: A.INTEGER, defaultValue: 0, emptyAsDefault: true },
        { argumentType: A.SCALAR, optionalArg: true },
      ],
    },
    TEXT: { method: 'text', parameters: [{ argumentType: A.SCALAR }, { argumentType: A.STRING }] },
    DATEDIF: { method: 'datedif', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.NUMBER }, { argumentType: A.STRING }] },
    INT: { method: 'int', parameters: [{ argumentType: A.NUMBER }] },
    EDATE: { method: 'edate', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.NUMBER }] },
    ROUND: { method: 'round', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.NUMBER, defaultValue: 0 }] },
    ROUNDUP: { method: 'roundup', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.NUMBER, defaultValue: 0 }] },
    ROUNDDOWN: { method: 'rounddown', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.NUMBER, defaultValue: 0 }] },
    FIXED: { method: 'fixed', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.NUMBER, defaultValue: 2 }, { argumentType: A.BOOLEAN, defaultValue: false }] },
    VLOOKUP: {
      method: 'vlookup',
      parameters: [{ argumentType: A.NOERROR }, { argumentType: A.RANGE }, { argumentType: A.NUMBER }, { argumentType: A.BOOLEAN, defaultValue: true }],
    },
    HLOOKUP: {
      method: 'hlookup',
      parameters: [{ argumentType: A.NOERROR }, { argumentType: A.RANGE }, { argumentType: A.NUMBER }, { argumentType: A.BOOLEAN, defaultValue: true }],
    },
    AGGREGATE: { method: 'aggregate', parameters: [{ argumentType: A.INTEGER }, { argumentType: A.INTEGER }, { argumentType: A.RANGE }, { argumentType: A.NUMBER, optionalArg: true }] },
    'ERROR.TYPE': { method: 'errorType', parameters: [{ argumentType: A.ANY }], doesNotNeedArgumentsToBeComputed: true },
    INTERCEPT: { method: 'intercept', parameters: [{ argumentType: A.RANGE }, { argumentType: A.RANGE }] },
    'FORECAST.LINEAR': { method: 'forecastLinear', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.RANGE }, { argumentType: A.RANGE }] },
    FORECAST: { method: 'forecast', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.RANGE }, { argumentType: A.RANGE }] },
    'PERCENTRANK.INC': { method: 'percentrankInc', parameters: [{ argumentType: A.RANGE }, { argumentType: A.NUMBER }, { argumentType: A.INTEGER, defaultValue: 3 }] },
    NOW: { method: 'now', parameters: [] },
    TODAY: { method: 'today', parameters: [] },
    RAND: { method: 'rand', parameters: [] },
    RANDBETWEEN: { method: 'randbetween', parameters: [{ argumentType: A.NUMBER }, { argumentType: A.NUMBER }] },
  };

  private run(ast: ProcedureAst, state: State, name: string, fn: (...args: never[]) => unknown): never {
    return this.runFunction(ast.args as never, state as never, this.metadata(name), fn as never) as never;
  }

  private context(): ExcelFunctionContext {
    const ctx = this.config.context as Partial<ExcelFunctionContext> | undefined;
    return { now: ctx?.now ?? 45658, seed: ctx?.seed ?? 1 };
  }

  firstArgSize(ast: ProcedureAst, state: State): ArraySize {
    const first = ast.args[0];
    if (first === undefined) return ArraySize.error();
    const size = this.arraySizeForAst(first as never, state as never);
    return new ArraySize(size.width, size.height);
  }

  toColSize(ast: ProcedureAst, state: State): ArraySize {
    const size = this.firstArgSize(ast, state);
    return new ArraySize(1, size.width * size.height);
  }

  averageifs(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'AVERAGEIFS', (avg: SimpleRangeValue, ...pairs: (SimpleRangeValue | Internal)[]) => {
      const values = avg.data as Internal[][];
      const checks: { data: Internal[][]; test: (v: PlainValue) => boolean }[] = [];
      for (let k = 0; k + 1 < pairs.length; k += 2) {
        const range = pairs[k] as SimpleRangeValue;
        if (range.height() !== avg.height() || range.width() !== avg.width()) return valueError();
        const crit = plain(pairs[k + 1]);
        if (crit instanceof CellError) return crit;
        checks.push({ data: range.data as Internal[][], test: buildCriterion(crit) });
      }
      let sum = 0;
      let count = 0;
      for (let r = 0; r < values.length; r++) {
        for (let c = 0; c < (values[r]?.length ?? 0); c++) {
          if (!checks.every((ch) => { const v = plain(ch.data[r]?.[c]); return !(v instanceof CellError) && ch.test(v); })) continue;
          const v = plain(values[r]?.[c]);
          if (v instanceof CellError) return v;
          if (typeof v === 'number') {
            sum += v;
            count++;
          }
        }
      }
      return count === 0 ? new CellError(ErrorType.DIV_BY_ZERO) : sum / count;
    });
  }

  concat(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'CONCAT', (...args: Internal[]) => {
      let out = '';
      for (const arg of args) {
        for (const row of rangeData(arg)) {
          for (const cell of row) {
            const v = plain(cell);
            if (v instanceof CellError) return v;
            out += textOf(v);
          }
        }
      }
      return out.length > 32767 ? valueError() : out;
    });
  }

  private matchPosition(lookup: PlainValue, list: readonly PlainValue[], matchMode: number, searchMode: number): number | undefined {
    const order = searchMode < 0 ? [...list.keys()].reverse() : [...list.keys()];
    if (matchMode === 2 && typeof lookup === 'string') {
      const test = buildCriterion(`=${lookup}`);
      return order.find((i) => typeof list[i] === 'string' && test(list[i] ?? null));
    }
    const exact = order.find((i) => compareValues(list[i] ?? null, lookup) === 0 && typeof list[i] === typeof lookup);
    if (exact !== undefined || matchMode === 0) return exact;
    let best: number | undefined;
    for (const i of order) {
      const c = compareValues(list[i] ?? null, lookup);
      if (c === undefined || typeof list[i] !== typeof lookup) continue;
      if (matchMode === -1 && c < 0 && (best === undefined || (compareValues(list[i] ?? null, list[best] ?? null) ?? 0) > 0)) best = i;
      if (matchMode === 1 && c > 0 && (best === undefined || (compareValues(list[i] ?? null, list[best] ?? null) ?? 0) < 0)) best = i;
    }
    return best;
  }

  xmatch(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'XMATCH', (lookup: Internal, range: SimpleRangeValue, matchMode: number, searchMode: number) => {
      if (range.width() > 1 && range.height() > 1) return valueError();
      if (![0, -1, 1, 2].includes(matchMode) || ![1, -1, 2, -2].includes(searchMode)) return valueError();
      const list = (range.data as Internal[][]).flat().map((v) => {
        const p = plain(v);
        return p instanceof CellError ? null : p;
      });
      const key = plain(lookup);
      if (key instanceof CellError) return key;
      const pos = this.matchPosition(key, list, matchMode, searchMode);
      return pos === undefined ? na() : pos + 1;
    });
  }

  lookup(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'LOOKUP', (lookup: Internal, lookupRange: SimpleRangeValue, resultRange?: SimpleRangeValue) => {
      const key = plain(lookup);
      if (key instanceof CellError) return key;
      const data = lookupRange.data as Internal[][];
      let keys: Internal[];
      let results: Internal[];
      if (resultRange) {
        keys = data.flat();
        results = (resultRange.data as Internal[][]).flat();
      } else if (lookupRange.width() > lookupRange.height()) {
        keys = data[0] ?? [];
        results = data[data.length - 1] ?? [];
      } else {
        keys = data.map((r) => r[0]);
        results = data.map((r) => r[r.length - 1]);
      }
      let found = -1;
      for (let i = 0; i < keys.length; i++) {
        const k = plain(keys[i]);
        if (k instanceof CellError || k === null || typeof k !== typeof key) continue;
        const c = compareValues(k, key);
        if (c !== undefined && c <= 0) found = i;
      }
      if (found < 0) return na();
      if (found >= results.length) return na();
      const out = plain(results[found]);
      return out === null ? 0 : out;
    });
  }

  private numbersOf(range: SimpleRangeValue): number[] | CellError {
    const out: number[] = [];
    for (const cell of (range.data as Internal[][]).flat()) {
      const v = plain(cell);
      if (v instanceof CellError) return v;
      if (typeof v === 'number') out.push(v);
    }
    return out;
  }

  rank(ast: ProcedureAst, state: State): never {
    return this.rankEqNamed(ast, state, 'RANK');
  }

  rankEq(ast: ProcedureAst, state: State): never {
    return this.rankEqNamed(ast, state, 'RANK.EQ');
  }

  private rankEqNamed(ast: ProcedureAst, state: State, name: string): never {
    return this.run(ast, state, name, (n: number, range: SimpleRangeValue, order: number) => {
      const nums = this.numbersOf(range);
      if (nums instanceof CellError) return nums;
      if (!nums.includes(n)) return na();
      return nums.filter((x) => (order === 0 ? x > n : x < n)).length + 1;
    });
  }

  rankAvg(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'RANK.AVG', (n: number, range: SimpleRangeValue, order: number) => {
      const nums = this.numbersOf(range);
      if (nums instanceof CellError) return nums;
      const ties = nums.filter((x) => x === n).length;
      if (ties === 0) return na();
      const before = nums.filter((x) => (order === 0 ? x > n : x < n)).length;
      return before + (ties + 1) / 2;
    });
  }

  mode(ast: ProcedureAst, state: State): never {
    return this.modeNamed(ast, state, 'MODE');
  }

  modeSngl(ast: ProcedureAst, state: State): never {
    return this.modeNamed(ast, state, 'MODE.SNGL');
  }

  private modeNamed(ast: ProcedureAst, state: State, name: string): never {
    return this.run(ast, state, name, (...ranges: SimpleRangeValue[]) => {
      const nums: number[] = [];
      for (const r of ranges) {
        const part = this.numbersOf(r);
        if (part instanceof CellError) return part;
        nums.push(...part);
      }
      const counts = new Map<number, number>();
      let best: number | undefined;
      let bestCount = 1;
      for (const x of nums) {
        const c = (counts.get(x) ?? 0) + 1;
        counts.set(x, c);
        if (c > bestCount) {
          bestCount = c;
          best = x;
        }
      }
      // Excel returns the value whose repeat occurs first in the data when counts tie.
      if (best === undefined) return na();
      const top = [...counts.entries()].filter(([, c]) => c === bestCount).map(([v]) => v);
      return nums.find((x) => top.includes(x)) ?? best;
    });
  }

  sortby(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'SORTBY', (array: SimpleRangeValue, ...rest: (SimpleRangeValue | number)[]) => {
      const rows = array.data as Internal[][];
      const keys: { values: PlainValue[]; order: number; byRow: boolean }[] = [];
      for (let k = 0; k < rest.length; k += 2) {
        const by = rest[k] as SimpleRangeValue;
        const order = (rest[k + 1] as number | undefined) ?? 1;
        if (order !== 1 && order !== -1) return valueError();
        if (by.width() > 1 && by.height() > 1) return valueError();
        const byRow = by.width() === 1 && by.height() === array.height();
        const byCol = by.height() === 1 && by.width() === array.width();
        if (!byRow && !byCol) return valueError();
        const values = (by.data as Internal[][]).flat().map((v) => {
          const p = plain(v);
          return p instanceof CellError ? null : p;
        });
        keys.push({ values, order, byRow: byRow && !(byCol && array.height() === 1) });
      }
      const sortRows = keys[0]?.byRow ?? true;
      const count = sortRows ? array.height() : array.width();
      const idx = [...Array(count).keys()];
      idx.sort((i, j) => {
        for (const key of keys) {
          const a = key.values[i] ?? null;
          const b = key.values[j] ?? null;
          if (a === null && b === null) continue;
          if (a === null) return 1;
          if (b === null) return -1;
          const c = compareValues(a, b) ?? 0;
          if (c !== 0) return c * key.order;
        }
        return i - j;
      });
      const plainRows = rows.map((r) => r.map((v) => plain(v)));
      const out = sortRows ? idx.map((i) => plainRows[i] ?? []) : plainRows.map((r) => idx.map((j) => r[j] ?? null));
      return toRange(out as PlainValue[][]);
    });
  }

  filter(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'FILTER', (array: SimpleRangeValue, include: SimpleRangeValue, ifEmpty?: Internal) => {
      const rows = (array.data as Internal[][]).map((r) => r.map((v) => plain(v)));
      const flags = (include.data as Internal[][]).flat().map((v) => plain(v));
      const byRows = include.width() === 1 && include.height() === array.height();
      const byCols = include.height() === 1 && include.width() === array.width();
      if (!byRows && !byCols) return valueError();
      const keep: boolean[] = [];
      for (const f of flags) {
        if (f instanceof CellError) return f;
        if (typeof f === 'string') return valueError();
        keep.push(f === true || (typeof f === 'number' && f !== 0));
      }
      let out: (PlainValue | CellError)[][];
      if (byRows && !(byCols && array.height() === 1)) out = rows.filter((_, i) => keep[i]);
      else out = rows.map((r) => r.filter((_, j) => keep[j]));
      if (out.length === 0 || (out[0]?.length ?? 0) === 0) {
        if (ifEmpty === undefined) return new CellError(ErrorType.VALUE, 'FILTER: no rows match (#CALC!)');
        const v = plain(ifEmpty);
        return v === null ? 0 : v;
      }
      return SimpleRangeValue.onlyValues(out.map((r) => r.map((v) => (v === null ? (EmptyValue as unknown as number) : v))) as never);
    });
  }

  private slice(array: SimpleRangeValue, rowsFrom: number, rowsTo: number, colsFrom: number, colsTo: number): SimpleRangeValue | CellError {
    if (rowsFrom >= rowsTo || colsFrom >= colsTo) return new CellError(ErrorType.VALUE, 'empty result (#CALC!)');
    const data = (array.data as Internal[][]).slice(rowsFrom, rowsTo).map((r) => r.slice(colsFrom, colsTo).map((v) => plain(v)));
    return toRange(data as PlainValue[][]);
  }

  take(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'TAKE', (array: SimpleRangeValue, rows?: number, cols?: number) => {
      const h = array.height();
      const w = array.width();
      const r = rows ?? h;
      const c = cols ?? w;
      if (r === 0 || c === 0) return new CellError(ErrorType.VALUE, 'empty result (#CALC!)');
      return this.slice(array, r > 0 ? 0 : Math.max(0, h + r), r > 0 ? Math.min(h, r) : h, c > 0 ? 0 : Math.max(0, w + c), c > 0 ? Math.min(w, c) : w);
    });
  }

  drop(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'DROP', (array: SimpleRangeValue, rows?: number, cols?: number) => {
      const h = array.height();
      const w = array.width();
      const r = rows ?? 0;
      const c = cols ?? 0;
      return this.slice(array, r > 0 ? r : 0, r >= 0 ? h : h + r, c > 0 ? c : 0, c >= 0 ? w : w + c);
    });
  }

  choosecols(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'CHOOSECOLS', (array: SimpleRangeValue, ...cols: number[]) => {
      const w = array.width();
      const picks = cols.map((c) => (c < 0 ? w + c : c - 1));
      if (picks.some((p) => p < 0 || p >= w)) return valueError();
      return toRange((array.data as Internal[][]).map((r) => picks.map((p) => plain(r[p]) as PlainValue)));
    });
  }

  chooserows(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'CHOOSEROWS', (array: SimpleRangeValue, ...rows: number[]) => {
      const h = array.height();
      const picks = rows.map((r) => (r < 0 ? h + r : r - 1));
      if (picks.some((p) => p < 0 || p >= h)) return valueError();
      const data = array.data as Internal[][];
      return toRange(picks.map((p) => (data[p] ?? []).map((v) => plain(v) as PlainValue)));
    });
  }

  tocol(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'TOCOL', (array: SimpleRangeValue, ignore: number) => {
      const out: PlainValue[][] = [];
      for (const cell of (array.data as Internal[][]).flat()) {
        const v = plain(cell);
        if ((ignore === 1 || ignore === 3) && v === null) continue;
        if ((ignore === 2 || ignore === 3) && v instanceof CellError) continue;
        out.push([v instanceof CellError ? null : v]);
      }
      return out.length === 0 ? new CellError(ErrorType.VALUE, 'empty result (#CALC!)') : toRange(out);
    });
  }

  private textAround(before: boolean, text: string, delimiter: string, instance: number, matchMode: number, matchEnd: number, ifNotFound: Internal): Internal {
    if (instance === 0 || Math.abs(instance) > text.length + 1) return valueError();
    const hay = matchMode === 1 ? text.toLowerCase() : text;
    const needle = matchMode === 1 ? delimiter.toLowerCase() : delimiter;
    const positions: number[] = [];
    if (needle === '') {
      positions.push(instance > 0 ? 0 : text.length);
    } else {
      for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) positions.push(i);
      if (matchEnd === 1) {
        if (instance > 0) positions.push(text.length);
        else positions.unshift(-needle.length);
      }
    }
    const pos = instance > 0 ? positions[instance - 1] : positions[positions.length + instance];
    if (pos === undefined) {
      if (ifNotFound === undefined) return na();
      const v = plain(ifNotFound);
      return v === null ? '' : v;
    }
    if (before) return text.slice(0, Math.max(0, pos));
    return text.slice(Math.min(text.length, pos + needle.length));
  }

  textbefore(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'TEXTBEFORE', (text: string, d: string, n: number, mode: number, end: number, nf?: Internal) =>
      this.textAround(true, text, d, n, mode, end, nf),
    );
  }

  textafter(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'TEXTAFTER', (text: string, d: string, n: number, mode: number, end: number, nf?: Internal) =>
      this.textAround(false, text, d, n, mode, end, nf),
    );
  }

  text(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'TEXT', (value: Internal, format: string) => {
      const v = plain(value);
      if (v instanceof CellError) return v;
      if (v === null) return formatValue(0, format);
      if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
      if (typeof v === 'string') {
        const n = v.trim() === '' ? NaN : Number(v);
        return Number.isFinite(n) ? formatValue(n, format) : formatValue(v, format);
      }
      return formatValue(v, format);
    });
  }

  datedif(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'DATEDIF', (start: number, end: number, unit: string) => {
      if (end < start) return new CellError(ErrorType.NUM);
      const a = dateFromSerial(start);
      const b = dateFromSerial(end);
      let months = (b.year - a.year) * 12 + (b.month - a.month);
      if (b.day < a.day) months--;
      switch (unit.toUpperCase()) {
        case 'D':
          return Math.floor(end) - Math.floor(start);
        case 'M':
          return months;
        case 'Y':
          return Math.floor(months / 12);
        case 'YM':
          return months % 12;
        case 'MD': {
          if (b.day >= a.day) return b.day - a.day;
          const prevMonth = b.month === 1 ? 12 : b.month - 1;
          const prevYear = b.month === 1 ? b.year - 1 : b.year;
          return daysInMonth(prevYear, prevMonth) - a.day + b.day;
        }
        case 'YD': {
          let anniversary = serialFromDate(b.year, a.month, Math.min(a.day, daysInMonth(b.year, a.month)));
          if (anniversary > Math.floor(end)) anniversary = serialFromDate(b.year - 1, a.month, Math.min(a.day, daysInMonth(b.year - 1, a.month)));
          return Math.floor(end) - anniversary;
        }
        default:
          return new CellError(ErrorType.NUM);
      }
    });
  }

  int(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'INT', (x: number) => Math.floor(x));
  }

  edate(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'EDATE', (start: number, months: number) => {
      if (start < 0) return new CellError(ErrorType.NUM);
      const { year, month, day } = dateFromSerial(start);
      const total = year * 12 + (month - 1) + Math.trunc(months);
      const y = Math.floor(total / 12);
      const m = (total % 12) + 1;
      return serialFromDate(y, m, Math.min(day, daysInMonth(y, m)));
    });
  }

  round(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'ROUND', (x: number, d: number) => excelRound(x, d, 'half'));
  }

  roundup(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'ROUNDUP', (x: number, d: number) => excelRound(x, d, 'up'));
  }

  rounddown(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'ROUNDDOWN', (x: number, d: number) => excelRound(x, d, 'down'));
  }

  fixed(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'FIXED', (x: number, d: number, noCommas: boolean) => {
      const digits = Math.trunc(d);
      const rounded = excelRound(x, digits, 'half');
      const decimals = Math.max(0, Math.min(127, digits));
      const pattern = `${noCommas ? '0' : '#,##0'}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
      return formatValue(rounded, pattern);
    });
  }

  private tableLookup(lookup: Internal, table: SimpleRangeValue, index: number, approximate: boolean, byRows: boolean): Internal {
    const key = plain(lookup);
    if (key instanceof CellError) return key;
    const data = table.data as Internal[][];
    const height = table.height();
    const width = table.width();
    const idx = Math.trunc(index);
    if (idx < 1) return valueError();
    if (idx > (byRows ? width : height)) return new CellError(ErrorType.REF);
    const count = byRows ? height : width;
    const keyAt = (i: number): PlainValue => {
      const v = plain(byRows ? data[i]?.[0] : data[0]?.[i]);
      return v instanceof CellError ? null : v;
    };
    let found = -1;
    if (approximate) {
      for (let i = 0; i < count; i++) {
        const k = keyAt(i);
        if (k === null || typeof k !== typeof key) continue;
        const c = compareValues(k, key);
        if (c !== undefined && c <= 0) found = i;
        else if (c !== undefined && c > 0) break;
      }
    } else {
      const wildcard = typeof key === 'string' && /[*?~]/.test(key) ? buildCriterion(`=${key}`) : undefined;
      for (let i = 0; i < count && found < 0; i++) {
        const k = keyAt(i);
        if (wildcard ? typeof k === 'string' && wildcard(k) : typeof k === typeof key && compareValues(k, key) === 0) found = i;
      }
    }
    if (found < 0) return na();
    const out = plain(byRows ? data[found]?.[idx - 1] : data[idx - 1]?.[found]);
    return out === null ? 0 : out;
  }

  vlookup(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'VLOOKUP', (lookup: Internal, table: SimpleRangeValue, index: number, approximate: boolean) => this.tableLookup(lookup, table, index, approximate, true));
  }

  hlookup(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'HLOOKUP', (lookup: Internal, table: SimpleRangeValue, index: number, approximate: boolean) => this.tableLookup(lookup, table, index, approximate, false));
  }

  aggregate(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'AGGREGATE', (fn: number, options: number, range: SimpleRangeValue, k?: number) => {
      const ignoreErrors = [2, 3, 6, 7].includes(options);
      const nums: number[] = [];
      let nonEmpty = 0;
      for (const cell of (range.data as Internal[][]).flat()) {
        const v = plain(cell);
        if (v instanceof CellError) {
          if (ignoreErrors) continue;
          return v;
        }
        if (v !== null) nonEmpty++;
        if (typeof v === 'number') nums.push(v);
      }
      const sorted = [...nums].sort((a, b) => a - b);
      switch (fn) {
        case 1:
          return nums.length === 0 ? new CellError(ErrorType.DIV_BY_ZERO) : nums.reduce((a, b) => a + b, 0) / nums.length;
        case 2:
          return nums.length;
        case 3:
          return nonEmpty;
        case 4:
          return nums.length === 0 ? 0 : Math.max(...nums);
        case 5:
          return nums.length === 0 ? 0 : Math.min(...nums);
        case 6:
          return nums.reduce((a, b) => a * b, 1);
        case 9:
          return nums.reduce((a, b) => a + b, 0);
        case 14:
        case 15: {
          const n = Math.trunc(k ?? 0);
          if (n < 1 || n > sorted.length) return new CellError(ErrorType.NUM);
          return fn === 14 ? (sorted[sorted.length - n] ?? 0) : (sorted[n - 1] ?? 0);
        }
        default:
          return valueError();
      }
    });
  }

  errorType(ast: ProcedureAst, state: State): never {
    const arg = ast.args[0];
    if (ast.args.length !== 1 || arg === undefined) return na() as never;
    const value = this.evaluateAst(arg as never, state as never);
    if (!(value instanceof CellError)) return na() as never;
    const codes: Partial<Record<string, number>> = { DIV_BY_ZERO: 2, VALUE: 3, REF: 4, NAME: 5, NUM: 6, NA: 7, SPILL: 9 };
    return (codes[value.type] ?? na()) as never;
  }

  private regression(ys: SimpleRangeValue, xs: SimpleRangeValue): { slope: number; intercept: number } | CellError {
    const yv = (ys.data as Internal[][]).flat().map(plain);
    const xv = (xs.data as Internal[][]).flat().map(plain);
    if (yv.length !== xv.length) return na();
    const pairs: [number, number][] = [];
    for (let i = 0; i < yv.length; i++) {
      const y = yv[i];
      const x = xv[i];
      if (y instanceof CellError) return y;
      if (x instanceof CellError) return x;
      if (typeof y === 'number' && typeof x === 'number') pairs.push([x, y]);
    }
    if (pairs.length < 2) return new CellError(ErrorType.DIV_BY_ZERO);
    const mx = pairs.reduce((a, [x]) => a + x, 0) / pairs.length;
    const my = pairs.reduce((a, [, y]) => a + y, 0) / pairs.length;
    const sxx = pairs.reduce((a, [x]) => a + (x - mx) ** 2, 0);
    if (sxx === 0) return new CellError(ErrorType.DIV_BY_ZERO);
    const slope = pairs.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
    return { slope, intercept: my - slope * mx };
  }

  intercept(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'INTERCEPT', (ys: SimpleRangeValue, xs: SimpleRangeValue) => {
      const r = this.regression(ys, xs);
      return r instanceof CellError ? r : r.intercept;
    });
  }

  forecastLinear(ast: ProcedureAst, state: State): never {
    return this.forecastNamed(ast, state, 'FORECAST.LINEAR');
  }

  forecast(ast: ProcedureAst, state: State): never {
    return this.forecastNamed(ast, state, 'FORECAST');
  }

  private forecastNamed(ast: ProcedureAst, state: State, name: string): never {
    return this.run(ast, state, name, (x: number, ys: SimpleRangeValue, xs: SimpleRangeValue) => {
      const r = this.regression(ys, xs);
      return r instanceof CellError ? r : r.intercept + r.slope * x;
    });
  }

  percentrankInc(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'PERCENTRANK.INC', (range: SimpleRangeValue, x: number, significance: number) => {
      const nums = this.numbersOf(range);
      if (nums instanceof CellError) return nums;
      if (significance < 1 || nums.length === 0) return new CellError(ErrorType.NUM);
      const sorted = [...nums].sort((a, b) => a - b);
      const n = sorted.length;
      const min = sorted[0] ?? 0;
      const max = sorted[n - 1] ?? 0;
      if (x < min || x > max) return na();
      if (n === 1) return 1;
      const less = sorted.filter((v) => v < x).length;
      let rank: number;
      if (sorted.includes(x)) rank = less / (n - 1);
      else {
        const lower = sorted[less - 1] ?? min;
        const upper = sorted[less] ?? max;
        rank = (less - 1 + (x - lower) / (upper - lower)) / (n - 1);
      }
      const factor = 10 ** Math.trunc(significance);
      return Math.floor(Number((rank * factor).toPrecision(15))) / factor;
    });
  }

  now(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'NOW', () => this.context().now);
  }

  today(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'TODAY', () => Math.floor(this.context().now));
  }

  rand(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'RAND', () => hashUnit(this.context().seed, JSON.stringify(state.formulaAddress)));
  }

  randbetween(ast: ProcedureAst, state: State): never {
    return this.run(ast, state, 'RANDBETWEEN', (lo: number, hi: number) => {
      const a = Math.ceil(lo);
      const b = Math.floor(hi);
      if (b < a) return new CellError(ErrorType.NUM);
      return a + Math.floor(hashUnit(this.context().seed, JSON.stringify(state.formulaAddress)) * (b - a + 1));
    });
  }
}

/**
 * Excel's ROUND/ROUNDUP/ROUNDDOWN: work on the 15-significant-digit decimal value, so 1.005
 * rounds to 1.01 as it does in Excel (binary 1.00499999… would round down).
 */
export function excelRound(x: number, digits: number, mode: 'half' | 'up' | 'down'): number {
  const d = Math.trunc(digits);
  const abs = Math.abs(x);
  const scaled = Number((d >= 0 ? abs * 10 ** d : abs / 10 ** -d).toPrecision(15));
  const whole = mode === 'half' ? Math.floor(scaled + 0.5) : mode === 'up' ? Math.ceil(scaled) : Math.floor(scaled);
  const back = d >= 0 ? whole / 10 ** d : whole * 10 ** -d;
  return Math.sign(x) * back;
}

let registered = false;

/**
 * Registers the plugin once per process (HyperFormula's function registry is global), replacing
 * the built-in versions of the functions it fixes.
 */
export function registerExcelFunctions(): void {
  if (registered) return;
  const names = Object.keys(ExcelGapPlugin.implementedFunctions);
  const existing = new Set(HyperFormula.getRegisteredFunctionNames('enGB'));
  for (const name of names) if (existing.has(name)) HyperFormula.unregisterFunction(name);
  const translations = Object.fromEntries(names.map((n) => [n, n]));
  HyperFormula.registerFunctionPlugin(ExcelGapPlugin, { enGB: translations });
  registered = true;
}
