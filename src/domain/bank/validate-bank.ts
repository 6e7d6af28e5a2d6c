import type { BankProblem } from './bank-problem.js';
import { checkCoverage, DEFAULT_COVERAGE, type CoverageRules } from './check-coverage.js';
import { checkItems, type SourceOf } from './check-items.js';
import type { FormulaItem, Item, WorkbookItem } from './item.js';

/** What an engine check returns: problems as text, or with the field they concern. */
export interface EngineCheckResult {
  readonly ok: boolean;
  readonly problems: readonly (string | { readonly message: string; readonly field?: string })[];
}

/**
 * The grading engine's checks, injected so the bank does not depend on the engine's internals:
 * they run the reference (and alternatives) on the visible sheet and every hidden variant for
 * full marks, and require every known-wrong answer to fail.
 */
export interface BankEngineChecks {
  validateFormulaItem?(item: FormulaItem): Promise<EngineCheckResult> | EngineCheckResult;
  validateWorkbookItem?(item: WorkbookItem): Promise<EngineCheckResult> | EngineCheckResult;
}

export interface ValidateBankOptions {
  /** Check the coverage rules (approved counts per kind, area, level). */
  readonly coverage?: boolean | CoverageRules;
  readonly sourceOf?: SourceOf;
}

export interface BankValidation {
  readonly ok: boolean;
  readonly problems: readonly BankProblem[];
  /** Which engine checks ran, and on how many items. */
  readonly engine: {
    readonly formula: { readonly ran: boolean; readonly items: number };
    readonly workbook: { readonly ran: boolean; readonly items: number };
  };
}

function engineProblems(item: Item, file: string, result: EngineCheckResult): BankProblem[] {
  const problems = result.problems.map((p): BankProblem =>
    typeof p === 'string' ? { file, itemId: item.id, message: p } : { file, itemId: item.id, ...(p.field ? { field: p.field } : {}), message: p.message },
  );
  if (!result.ok && problems.length === 0) problems.push({ file, itemId: item.id, message: 'the engine rejected the item without saying why' });
  return problems;
}

/**
 * Validates parsed items as a bank: the item and cross-item checks, then the engine checks for
 * formula and workbook items (one at a time: the engine is CPU-bound), then coverage if asked.
 * An engine that throws on an item is reported as that item's problem, not a crash.
 */
export async function validateBank(items: readonly Item[], deps: BankEngineChecks = {}, options: ValidateBankOptions = {}): Promise<BankValidation> {
  const sourceOf = options.sourceOf ?? (() => 'bank');
  const problems: BankProblem[] = [...checkItems(items, sourceOf)];
  let formulaCount = 0;
  let workbookCount = 0;
  for (const item of items) {
    const file = sourceOf(item);
    try {
      if (item.kind === 'formula' && deps.validateFormulaItem) {
        formulaCount++;
        problems.push(...engineProblems(item, file, await deps.validateFormulaItem(item)));
      } else if (item.kind === 'workbook' && deps.validateWorkbookItem) {
        workbookCount++;
        problems.push(...engineProblems(item, file, await deps.validateWorkbookItem(item)));
      }
    } catch (error) {
      problems.push({ file, itemId: item.id, message: `engine error: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (options.coverage) problems.push(...checkCoverage(items, options.coverage === true ? DEFAULT_COVERAGE : options.coverage));
  return {
    ok: problems.length === 0,
    problems,
    engine: {
      formula: { ran: deps.validateFormulaItem !== undefined, items: formulaCount },
      workbook: { ran: deps.validateWorkbookItem !== undefined, items: workbookCount },
    },
  };
}
