import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FormulaItem, WorkbookItem } from '../../domain/bank/item.js';
import type { BankEngineChecks, EngineCheckResult } from '../../domain/bank/validate-bank.js';

export interface LoadedEngineChecks {
  readonly checks: BankEngineChecks;
  /** Why a check is missing, for the validate report; empty when both are wired. */
  readonly notes: readonly string[];
  /** Releases the engines (they hold workbook memory); call when done. */
  readonly dispose: () => void;
}

type Module = Record<string, unknown>;

/** Imports the folder's modules (index first) and returns the first export of each wanted name. */
async function findExports(folder: string, names: readonly string[]): Promise<Partial<Record<string, unknown>>> {
  const dirUrl = new URL(`../../domain/grading/${folder}/`, import.meta.url);
  let files: string[];
  try {
    files = await readdir(fileURLToPath(dirUrl));
  } catch {
    return {};
  }
  const modules = files
    .filter((f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, '.js'))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)));
  const found: Partial<Record<string, unknown>> = {};
  for (const file of [...new Set(modules)]) {
    if (names.every((n) => n in found)) break;
    const mod = (await import(new URL(file, dirUrl).href)) as Module;
    for (const name of names) if (!(name in found) && typeof mod[name] === 'function') found[name] = mod[name];
  }
  return found;
}

/**
 * Wires the grading engine's item checks when the engine modules exist: `createFormulaEngine()`
 * and `validateFormulaItem(engine, item)` from `domain/grading/formula/`, and
 * `validateWorkbookItem(engine, item)` from `domain/grading/workbook/`. Whatever is missing is
 * skipped with a note, so `bank validate` works before the engine lands.
 */
export async function loadEngineChecks(): Promise<LoadedEngineChecks> {
  const formula = await findExports('formula', ['createFormulaEngine', 'validateFormulaItem']);
  const workbook = await findExports('workbook', ['validateWorkbookItem', 'createWorkbookEngine']);
  const notes: string[] = [];
  const createEngine = formula['createFormulaEngine'] as (() => unknown) | undefined;
  if (!createEngine) {
    notes.push('engine checks skipped: engine not available (domain/grading/formula exports no createFormulaEngine)');
    return { checks: {}, notes, dispose: () => undefined };
  }
  const engine: unknown = await createEngine();
  const engines: unknown[] = [engine];
  const checks: {
    validateFormulaItem?: (item: FormulaItem) => Promise<EngineCheckResult>;
    validateWorkbookItem?: (item: WorkbookItem) => Promise<EngineCheckResult>;
  } = {};
  const validateFormula = formula['validateFormulaItem'] as ((engine: unknown, item: FormulaItem) => unknown) | undefined;
  if (validateFormula) checks.validateFormulaItem = async (item) => (await validateFormula(engine, item)) as EngineCheckResult;
  else notes.push('formula engine checks skipped: domain/grading/formula exports no validateFormulaItem');
  const validateWorkbook = workbook['validateWorkbookItem'] as ((engine: unknown, item: WorkbookItem) => unknown) | undefined;
  const createWorkbookEngine = workbook['createWorkbookEngine'] as (() => unknown) | undefined;
  if (validateWorkbook) {
    const workbookEngine: unknown = createWorkbookEngine ? await createWorkbookEngine() : engine;
    if (workbookEngine !== engine) engines.push(workbookEngine);
    checks.validateWorkbookItem = async (item) => (await validateWorkbook(workbookEngine, item)) as EngineCheckResult;
  } else notes.push('workbook engine checks skipped: domain/grading/workbook exports no validateWorkbookItem');
  const dispose = () => {
    for (const e of engines) (e as { dispose?: () => void }).dispose?.();
  };
  return { checks, notes, dispose };
}
