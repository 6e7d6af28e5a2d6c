/**
 * Grades an uploaded workbook: the file is inspected before parsing, read with ExcelJS, rebuilt in
 * the engine and recomputed (cached values are never trusted), then each of the item's checks is
 * scored by its weight. Score = 4 × (earned weight / total weight).
 *
 * A `formula-result` check runs the candidate's own formulas on the visible data and on every
 * hidden variant (the variant's data changes are applied to the uploaded workbook) and compares
 * them with the solution's results there; it earns its weight in full only if every variant
 * matches, half plus a share of the variants if only the visible data matches.
 */
import type { CellInput, WorkbookCheck, WorkbookItem } from '../../bank/item.js';
import type { Evidence, Grade, GradeFlag } from '../grade.js';
import { formatCell, parseRect, quoteSheet, splitSheet } from '../formula/a1.js';
import { cellsEqual, describeResult, resultsEqual, type CompareOptions } from '../formula/compare.js';
import { cellEntry, type EvaluationResult, type FormulaEngine, type Placement, type WorkbookInput } from '../formula/engine.js';
import { applyOverrides, buildVariants, flattenSheet, visibleVariant } from '../formula/variants.js';
import { inspectUpload, type UploadLimits } from './inspect-upload.js';
import { readWorkbook, type UploadedWorkbook } from './workbook-io.js';

export const WORKBOOK_GRADER_VERSION = 'workbook@1.0.0';
const COMPARE: CompareOptions = { tolerance: 1e-6, caseSensitive: false };

function rejected(reason: string, flags: GradeFlag[] = []): Grade {
  return { score: 0, maxScore: 4, confidence: 1, graderVersion: WORKBOOK_GRADER_VERSION, flags, evidence: [{ kind: 'check', name: 'file accepted', passed: false, weight: 0, detail: reason }], feedback: reason };
}

/** Cell changes that turn `from` into `to`, as sheet-qualified overrides (`null` clears). */
export function sheetDiff(from: WorkbookInput['sheets'], to: WorkbookInput['sheets']): Record<string, CellInput> {
  const out: Record<string, CellInput> = {};
  const names = new Set([...from.map((s) => s.name), ...to.map((s) => s.name)]);
  for (const name of names) {
    const a = flattenSheet(from.find((s) => s.name === name) ?? { name });
    const b = flattenSheet(to.find((s) => s.name === name) ?? { name });
    for (const [address, value] of b) if (JSON.stringify(a.get(address)) !== JSON.stringify(value)) out[`${quoteSheet(name)}!${address}`] = value;
    for (const address of a.keys()) if (!b.has(address)) out[`${quoteSheet(name)}!${address}`] = null;
  }
  return out;
}

/** Every cell of a sheet-qualified range, as placements that read (not write) the cell. */
export function rangePlacements(range: string, defaultSheet: string): Placement[] {
  const { sheet, rest } = splitSheet(range);
  const rect = parseRect(rest);
  if (!rect) return [];
  const out: Placement[] = [];
  for (let r = rect.top; r <= rect.bottom; r++) for (let c = rect.left; c <= rect.right; c++) out.push({ target: `${quoteSheet(sheet ?? defaultSheet)}!${formatCell({ row: r, col: c })}` });
  return out;
}

function normaliseRef(ref: string): string {
  return ref.replace(/^=/, '').replace(/\$/g, '').replace(/'/g, '').toUpperCase();
}

interface CheckOutcome {
  readonly earned: number;
  readonly passed: boolean;
  readonly detail: string;
  readonly failure?: boolean;
}

function checkFormulaResult(engine: FormulaEngine, item: WorkbookItem, upload: UploadedWorkbook, check: Extract<WorkbookCheck, { kind: 'formula-result' }>, weight: number): CheckOutcome {
  const defaultSheet = item.data?.sheet ?? item.sheets[0]?.name ?? 'Sheet1';
  const placements = rangePlacements(check.range, defaultSheet);
  const solution = applyOverrides(item.sheets, item.solution.cells, defaultSheet);
  const variants = [visibleVariant(item), ...buildVariants(item)];
  const named = [...(item.namedRanges ?? []), ...(item.solution.namedRanges ?? [])];
  let visibleOk = false;
  let hiddenOk = 0;
  let failure = false;
  let detail = '';
  // All solution runs first, then all candidate runs: the engine reloads only what changed.
  const overrides = variants.map((variant) => sheetDiff(item.sheets, variant.sheets));
  const expectedAll = overrides.map((o) => engine.evaluate({ sheets: applyOverrides(solution, o, defaultSheet), namedRanges: named }, placements));
  const actualAll = overrides.map((o) => engine.evaluate({ sheets: applyOverrides(upload.sheets, o, defaultSheet), namedRanges: upload.namedRanges }, placements));
  variants.forEach((variant, k) => {
    const expected = expectedAll[k] ?? [];
    const actual = actualAll[k] ?? [];
    if (actual.some((r) => r.kind === 'failure')) failure = true;
    const ok = actual.every((a, i) => resultsEqual(expected[i] ?? { kind: 'failure', reason: '' }, a, COMPARE));
    if (k === 0) visibleOk = ok;
    else if (ok) hiddenOk++;
    if (!ok && !detail) {
      const i = actual.findIndex((a, j) => !resultsEqual(expected[j] ?? { kind: 'failure', reason: '' }, a, COMPARE));
      detail = `${variant.name} ${placements[i]?.target ?? ''}: expected ${describeResult(expected[i] as EvaluationResult)}, got ${describeResult(actual[i] as EvaluationResult)}`;
    }
  });
  const hidden = variants.length - 1;
  const share = !visibleOk ? 0 : hidden === 0 ? 1 : 0.5 + (0.5 * hiddenOk) / hidden;
  return { earned: weight * share, passed: share === 1, detail: detail || `matches on ${variants.length} sheets`, failure };
}

function runCheck(engine: FormulaEngine, item: WorkbookItem, upload: UploadedWorkbook, check: WorkbookCheck): CheckOutcome {
  const weight = check.weight ?? 1;
  const defaultSheet = item.sheets[0]?.name ?? 'Sheet1';
  switch (check.kind) {
    case 'value': {
      const [result] = engine.evaluate({ sheets: upload.sheets, namedRanges: upload.namedRanges }, rangePlacements(check.cell, defaultSheet));
      const entry = cellEntry(check.expected);
      const expected = entry?.kind === 'value' ? entry.value : entry?.kind === 'error' ? { error: entry.error } : null;
      const ok = result !== undefined && result.kind === 'value' ? cellsEqual(result.value, expected, COMPARE) : result?.kind === 'error' && typeof expected === 'object' && expected !== null && expected.error === result.error;
      return { earned: ok ? weight : 0, passed: ok, detail: `got ${result ? describeResult(result) : 'nothing'}`, failure: result?.kind === 'failure' };
    }
    case 'formula-present': {
      const cells = rangePlacements(check.range, defaultSheet);
      const missing = cells.filter((p) => {
        const { sheet, rest } = splitSheet(p.target);
        const value = upload.sheets.find((s) => s.name.toLowerCase() === (sheet ?? '').toLowerCase())?.cells?.[rest];
        return !(value !== null && typeof value === 'object' && 'formula' in value);
      });
      return { earned: missing.length === 0 ? weight : 0, passed: missing.length === 0, detail: missing.length === 0 ? 'every cell has a formula' : `${missing.length} of ${cells.length} cells have no formula` };
    }
    case 'formula-result':
      return checkFormulaResult(engine, item, upload, check, weight);
    case 'table-exists': {
      const table = upload.tables.find((t) => t.sheet.toLowerCase() === check.sheet.toLowerCase() && (check.name === undefined || t.name.toLowerCase() === check.name.toLowerCase()));
      const rect = table ? parseRect(table.ref) : undefined;
      const rows = rect ? rect.bottom - rect.top : 0;
      const ok = table !== undefined && rows >= (check.minRows ?? 1);
      return { earned: ok ? weight : 0, passed: ok, detail: table ? `table ${table.name} with ${rows} data rows` : 'no table found' };
    }
    case 'named-range': {
      const named = upload.namedRanges.find((n) => n.name.toLowerCase() === check.name.toLowerCase());
      const ok = named !== undefined && (check.refersTo === undefined || normaliseRef(named.ref) === normaliseRef(check.refersTo));
      return { earned: ok ? weight : 0, passed: ok, detail: named ? `${named.name} refers to ${named.ref}` : 'name not defined' };
    }
    default: {
      const unreachable: never = check;
      return unreachable;
    }
  }
}

/** Grades an uploaded .xlsx against a workbook item (maxScore 4). Never throws. */
export async function gradeWorkbookAnswer(engine: FormulaEngine, item: WorkbookItem, file: Uint8Array, fileName: string, limits: Partial<UploadLimits> = {}): Promise<Grade> {
  const inspection = inspectUpload(file, fileName, { ...limits, macrosAllowed: item.macrosAllowed ?? false });
  if (!inspection.ok) return rejected(inspection.reason);
  let upload: UploadedWorkbook;
  try {
    upload = await readWorkbook(file);
  } catch (error) {
    return rejected(`The file could not be read as an .xlsx workbook (${error instanceof Error ? error.message : String(error)}).`);
  }
  const evidence: Evidence[] = [];
  const flags = new Set<GradeFlag>();
  const failed: string[] = [];
  let total = 0;
  let earned = 0;
  for (const check of item.checks) {
    const weight = check.weight ?? 1;
    total += weight;
    const outcome = runCheck(engine, item, upload, check);
    earned += outcome.earned;
    if (outcome.failure) flags.add('engine-error');
    if (!outcome.passed) failed.push(check.description);
    evidence.push({ kind: 'check', name: check.description, passed: outcome.passed, weight, detail: outcome.detail });
  }
  const score = total === 0 ? 0 : (4 * earned) / total;
  const feedback = failed.length === 0 ? 'Every check passed.' : `Checks not met: ${failed.join('; ')}.`;
  return { score, maxScore: 4, confidence: flags.has('engine-error') ? 0.3 : 1, graderVersion: WORKBOOK_GRADER_VERSION, flags: [...flags], evidence, feedback };
}
