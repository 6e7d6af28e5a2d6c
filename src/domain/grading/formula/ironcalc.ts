/**
 * The second-opinion engine: IronCalc (Rust, compiled to WebAssembly) behind the same
 * FormulaEngine interface. The caller passes the wasm bytes (Node reads the file, the browser
 * fetches it), so this module stays free of I/O. A model is cheap to build (about 0.1 ms), so each
 * evaluation uses a fresh one and frees it.
 */
import { initSync, Model } from '@ironcalc/wasm';
import type { EngineLimits, EvaluationResult, FormulaEngine, FormulaEngineOptions, Placement, SpillCell, WorkbookInput } from './engine.js';
import { absoluteReference, DEFAULT_LIMITS, engineExceptionReason, layoutSheets, preparePlacements, resultFromArray } from './engine.js';
import { parseCell } from './a1.js';

/** Full-precision number format for reading values back as text. */
const EXACT_FORMAT = '0.00000000000000E+00';

const CELL_TYPE = { number: 1, text: 2, boolean: 4, error: 16 } as const;

class IronCalcEngine implements FormulaEngine {
  readonly name = 'ironcalc';
  private readonly limits: EngineLimits;

  constructor(options: FormulaEngineOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  evaluate(workbook: WorkbookInput, placements: readonly Placement[]): EvaluationResult[] {
    let model: Model | undefined;
    try {
      const { grids, problems } = layoutSheets(workbook.sheets);
      if (problems.length > 0) return placements.map(() => ({ kind: 'failure', reason: `invalid workbook: ${problems.join('; ')}` }));
      const prepared = preparePlacements(grids, placements, this.limits, (f) => ({ kind: 'ok', formula: f }));
      model = new Model('workbook', 'en', 'UTC', 'en');
      const m = model;
      grids.forEach((grid, index) => {
        if (index > 0) m.newSheet();
        m.renameSheet(index, grid.name);
        for (const [address, entry] of grid.cells) {
          const cell = parseCell(address);
          if (!cell) continue;
          let input: string;
          if (entry.kind === 'formula') input = entry.formula;
          else if (entry.kind === 'error') input = entry.error;
          else if (entry.value === null) continue;
          else if (typeof entry.value === 'string') input = `'${entry.value}`;
          else if (typeof entry.value === 'boolean') input = entry.value ? 'TRUE' : 'FALSE';
          else input = String(entry.value);
          m.setUserInput(index, cell.row + 1, cell.col + 1, input);
        }
      });
      for (const named of workbook.namedRanges ?? []) m.newDefinedName(named.name, null, absoluteReference(named.ref));
      m.evaluate();
      return prepared.map((p) => {
        if (p.failure) return { kind: 'failure', reason: p.failure };
        const sheet = grids.findIndex((g) => g.name === p.sheet);
        return this.read(m, sheet, p.row + 1, p.col + 1);
      });
    } catch (error) {
      const reason = engineExceptionReason(error);
      return placements.map(() => ({ kind: 'failure', reason }));
    } finally {
      model?.free();
    }
  }

  private read(m: Model, sheet: number, row: number, column: number): EvaluationResult {
    const structure = m.getCellArrayStructure(sheet, row, column);
    if (typeof structure === 'object' && 'DynamicAnchor' in structure) {
      const [width, height] = structure.DynamicAnchor;
      if (width * height > this.limits.maxSpillCells) return { kind: 'failure', reason: `spilled result is larger than ${this.limits.maxSpillCells} cells` };
      m.updateRangeStyle({ sheet, row, column, width, height }, 'num_fmt', EXACT_FORMAT);
      const rows: SpillCell[][] = [];
      for (let r = 0; r < height; r++) {
        const line: SpillCell[] = [];
        for (let c = 0; c < width; c++) line.push(this.cell(m, sheet, row + r, column + c));
        rows.push(line);
      }
      return resultFromArray(rows.map((r) => r.map((v) => (v === null ? 0 : v))));
    }
    m.updateRangeStyle({ sheet, row, column, width: 1, height: 1 }, 'num_fmt', EXACT_FORMAT);
    const value = this.cell(m, sheet, row, column);
    if (value !== null && typeof value === 'object') {
      if (value.error === '#CIRC!') return { kind: 'failure', reason: 'circular reference' };
      if (value.error === '#ERROR!') return { kind: 'failure', reason: 'cannot parse formula' };
      if (value.error === '#N/IMPL!') return { kind: 'failure', reason: 'function not implemented in IronCalc' };
      return { kind: 'error', error: value.error };
    }
    return { kind: 'value', value: value ?? 0 };
  }

  private cell(m: Model, sheet: number, row: number, column: number): SpillCell {
    const type = m.getCellType(sheet, row, column);
    const text = m.getFormattedCellValue(sheet, row, column);
    switch (type) {
      case CELL_TYPE.number:
        return text === '' ? null : Number(text);
      case CELL_TYPE.text:
        return text;
      case CELL_TYPE.boolean:
        return text.toUpperCase() === 'TRUE';
      case CELL_TYPE.error:
        return { error: text };
      default:
        return text;
    }
  }

  dispose(): void {
    // Models are freed after each evaluation.
  }
}

let initialised = false;

/**
 * Builds the IronCalc engine. `wasm` is the content of `@ironcalc/wasm/wasm_bg.wasm` (or a
 * compiled module); it is instantiated once per process.
 */
export function createIronCalcEngine(wasm: Uint8Array | WebAssembly.Module, options: FormulaEngineOptions = {}): FormulaEngine {
  if (!initialised) {
    initSync({ module: wasm });
    initialised = true;
  }
  return new IronCalcEngine(options);
}
