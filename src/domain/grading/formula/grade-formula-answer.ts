/**
 * Grades a formula answer by running it: the candidate's formula and the reference are evaluated
 * on the visible sheet and on every hidden variant (filled across `fillTo` when the item says so),
 * results are compared, and the item's constraints are checked.
 *
 * Scoring rule (maxScore 1; only 1 counts as a pass):
 * - the visible sheet (every filled cell) must match, else 0;
 * - then 0.5 + 0.5 × the share of hidden variants that match;
 * - a constant or input-ignoring answer, or a volatile function where not allowed, scores 0;
 * - a required function missing or a forbidden one used caps the score at 0.5.
 */
import type { FormulaItem } from '../../bank/item.js';
import type { Evidence, Grade, GradeFlag } from '../grade.js';
import { formatCell, parseCell, parseRect, parseSheetCell, quoteSheet } from './a1.js';
import { describeResult, resultsEqual, type CompareOptions } from './compare.js';
import type { EvaluationResult, FormulaEngine, Placement } from './engine.js';
import { functionsUsed, hasReferences, shiftFormula } from './tokenize.js';
import { buildVariants, visibleVariant, type Variant } from './variants.js';

export const FORMULA_GRADER_VERSION = 'formula@1.0.0';

/** Functions whose result changes on every recalculation or that hide their inputs. */
export const VOLATILE_FUNCTIONS = ['NOW', 'TODAY', 'RAND', 'RANDBETWEEN', 'RANDARRAY', 'OFFSET', 'INDIRECT'] as const;

export interface GradeFormulaOptions {
  /** A second engine (IronCalc); disagreement on the candidate's results flags the grade for review. */
  readonly secondOpinion?: FormulaEngine;
  /** Precomputed variants (the validator reuses them); default buildVariants(item). */
  readonly variants?: readonly Variant[];
}

/** The cells an answer is written into: the answer cell, or every cell of answerCell:fillTo. */
export function answerPlacements(item: Pick<FormulaItem, 'answerCell' | 'fillTo'>, formula: string): Placement[] {
  const anchor = parseSheetCell(item.answerCell);
  if (!anchor) return [{ target: item.answerCell, formula }];
  if (!item.fillTo) return [{ target: item.answerCell, formula }];
  const end = parseCell(item.fillTo.includes('!') ? (item.fillTo.split('!')[1] ?? '') : item.fillTo);
  if (!end) return [{ target: item.answerCell, formula }];
  const rect = parseRect(`${formatCell(anchor)}:${formatCell(end)}`);
  if (!rect) return [{ target: item.answerCell, formula }];
  const out: Placement[] = [];
  for (let r = rect.top; r <= rect.bottom; r++) {
    for (let c = rect.left; c <= rect.right; c++) {
      out.push({ target: `${quoteSheet(anchor.sheet)}!${formatCell({ row: r, col: c })}`, formula: shiftFormula(formula, r - anchor.row, c - anchor.col) });
    }
  }
  return out;
}

interface CaseOutcome {
  readonly variant: Variant;
  readonly expected: EvaluationResult[];
  readonly actual: EvaluationResult[];
  readonly passed: boolean;
  /** The anchor cell matched but some filled cell did not. */
  readonly fillOnly: boolean;
}

function runCases(engine: FormulaEngine, item: FormulaItem, variants: readonly Variant[], formula: string, compare: CompareOptions): CaseOutcome[] {
  const candidate = answerPlacements(item, formula);
  const reference = answerPlacements(item, item.reference);
  return variants.map((variant) => {
    const workbook = { sheets: variant.sheets, namedRanges: item.namedRanges ?? [] };
    const expected = engine.evaluate(workbook, reference);
    const actual = engine.evaluate(workbook, candidate);
    const matches = actual.map((a, k) => resultsEqual(expected[k] ?? { kind: 'failure', reason: 'missing' }, a, compare));
    const passed = matches.every(Boolean);
    return { variant, expected, actual, passed, fillOnly: !passed && matches[0] === true };
  });
}

function caseDetail(outcome: CaseOutcome): string {
  const k = outcome.actual.findIndex((a, i) => !outcome.expected[i] || describeResult(a) !== describeResult(outcome.expected[i]));
  const index = Math.max(0, k);
  const exp = outcome.expected[index];
  const act = outcome.actual[index];
  return `cell #${index + 1}: expected ${exp ? describeResult(exp) : '?'}, got ${act ? describeResult(act) : '?'}`;
}

function sameResults(a: readonly EvaluationResult[], b: readonly EvaluationResult[], compare: CompareOptions): boolean {
  return a.length === b.length && a.every((x, k) => resultsEqual(x, b[k] ?? { kind: 'failure', reason: '' }, compare));
}

/** Grades `formula` as the answer to `item`. Never throws. */
export function gradeFormulaAnswer(engine: FormulaEngine, item: FormulaItem, formula: string, options: GradeFormulaOptions = {}): Grade {
  const compare: CompareOptions = { tolerance: item.compare?.tolerance ?? 1e-6, caseSensitive: item.compare?.caseSensitive ?? false };
  const variants = [visibleVariant(item), ...(options.variants ?? buildVariants(item))];
  const evidence: Evidence[] = [];
  const flags = new Set<GradeFlag>();
  const feedback: string[] = [];
  let confidence = 1;

  const outcomes = runCases(engine, item, variants, formula, compare);
  const visible = outcomes[0];
  const hidden = outcomes.slice(1);
  for (const o of outcomes) {
    evidence.push({ kind: 'test', name: o.variant.name, description: o.variant.description, hidden: o.variant.hidden, passed: o.passed, detail: caseDetail(o) });
  }

  // Engine problems: the reference must evaluate, and a candidate failure may be the engine's fault.
  const referenceFailure = visible?.expected.find((r) => r.kind === 'failure');
  if (referenceFailure && referenceFailure.kind === 'failure') {
    flags.add('engine-error');
    confidence = 0;
  }
  const candidateFailure = visible?.actual.find((r) => r.kind === 'failure');
  if (candidateFailure && candidateFailure.kind === 'failure') {
    const reason = candidateFailure.reason;
    if (/^(engine exception|unsupported function)/.test(reason)) {
      flags.add('engine-error');
      confidence = Math.min(confidence, 0.2);
      feedback.push(/too complex/.test(reason) ? 'This formula is nested or chained too deeply for our spreadsheet engine to evaluate; a reviewer will check it.' : 'Our spreadsheet engine could not evaluate this formula; a reviewer will check it.');
    } else if (/circular/.test(reason)) feedback.push('The formula refers to its own cell (a circular reference).');
    else if (/external/.test(reason)) feedback.push('The formula links to another workbook; use the data in this workbook.');
    else if (/longer than/.test(reason)) feedback.push('The formula is too long.');
    else feedback.push('The formula could not be read: check brackets, commas and quotes.');
  }

  // Constraints.
  const used = functionsUsed(formula);
  const constraints = item.constraints ?? {};
  let cap = 1;
  let zero = false;
  const constraint = (name: string, passed: boolean, detail: string): void => {
    evidence.push({ kind: 'constraint', name, passed, detail });
  };
  for (const fn of constraints.requiredFunctions ?? []) {
    const ok = used.includes(fn.toUpperCase());
    constraint(`requires ${fn}`, ok, ok ? `${fn} is used` : `${fn} is not used`);
    if (!ok) {
      cap = Math.min(cap, 0.5);
      feedback.push(`The task asks you to use ${fn}.`);
    }
  }
  if (constraints.requiredAnyOf && constraints.requiredAnyOf.length > 0) {
    const ok = constraints.requiredAnyOf.some((fn) => used.includes(fn.toUpperCase()));
    constraint(`requires one of ${constraints.requiredAnyOf.join(', ')}`, ok, ok ? 'satisfied' : 'none used');
    if (!ok) {
      cap = Math.min(cap, 0.5);
      feedback.push(`The task asks you to use one of: ${constraints.requiredAnyOf.join(', ')}.`);
    }
  }
  for (const fn of constraints.forbiddenFunctions ?? []) {
    const ok = !used.includes(fn.toUpperCase());
    constraint(`forbids ${fn}`, ok, ok ? `${fn} is not used` : `${fn} is used`);
    if (!ok) {
      cap = Math.min(cap, 0.5);
      feedback.push(`The task asks you not to use ${fn}.`);
    }
  }
  if (!constraints.volatileAllowed) {
    const volatile = used.filter((fn) => (VOLATILE_FUNCTIONS as readonly string[]).includes(fn));
    constraint('no volatile functions', volatile.length === 0, volatile.length === 0 ? 'none used' : `uses ${volatile.join(', ')}`);
    if (volatile.length > 0) {
      zero = true;
      feedback.push(`Avoid volatile functions (${volatile.join(', ')}): they recalculate on every change and hide their inputs.`);
    }
  }
  if (constraints.noHardcode ?? true) {
    const constant = !hasReferences(formula);
    const referenceVaries = hidden.some((o) => visible && !sameResults(o.expected, visible.expected, compare));
    const candidateFixed = hidden.length > 0 && hidden.every((o) => visible && sameResults(o.actual, visible.actual, compare));
    const ignoresInputs = !constant && referenceVaries && candidateFixed && (visible?.actual.every((r) => r.kind !== 'failure') ?? false);
    const ok = !constant && !ignoresInputs;
    constraint('no hard-coded result', ok, constant ? 'the formula references no cells' : ignoresInputs ? 'the result does not change when the data changes' : 'the result follows the data');
    if (!ok) {
      zero = true;
      feedback.push('The result must be calculated from the data, not typed in: it should change when the data changes.');
    }
  }

  // Score.
  let score: number;
  if (!visible?.passed) {
    score = 0;
    if (visible && !candidateFailure) {
      if (visible.fillOnly) feedback.push(`The first cell is right, but the formula gives wrong results when filled to ${item.fillTo ?? 'the other cells'}: check which references should be absolute ($).`);
      else {
        const first = visible.actual.find((r) => r.kind === 'error');
        feedback.push(first && first.kind === 'error' ? `On the visible data the formula returns ${first.error}, not the expected result.` : 'On the visible data the formula does not give the expected result.');
      }
    }
  } else {
    const passedHidden = hidden.filter((o) => o.passed).length;
    score = hidden.length === 0 ? 1 : 0.5 + (0.5 * passedHidden) / hidden.length;
    const failed = [...new Set(hidden.filter((o) => !o.passed).map((o) => o.variant.description))];
    if (failed.length > 0) feedback.push(`Right on the visible data, but wrong on hidden checks with ${failed.join('; ')}.`);
  }
  if (zero) score = 0;
  score = Math.min(score, cap);

  // Second opinion on the candidate's results.
  if (options.secondOpinion) {
    let disagreements = 0;
    for (const o of outcomes) {
      const other = options.secondOpinion.evaluate({ sheets: o.variant.sheets, namedRanges: item.namedRanges ?? [] }, answerPlacements(item, formula));
      const differs = other.some((r, k) => {
        const mine = o.actual[k];
        return r.kind !== 'failure' && mine !== undefined && mine.kind !== 'failure' && !resultsEqual(mine, r, compare);
      });
      if (differs) disagreements++;
      // The primary engine failed where the second opinion evaluated: the engine's gap, not the candidate's.
      if (o === visible && candidateFailure && other.every((r) => r.kind !== 'failure')) {
        flags.add('engine-error');
        confidence = Math.min(confidence, 0.2);
      }
    }
    if (disagreements > 0) {
      flags.add('engine-disagreement');
      confidence = Math.min(confidence, 0.4);
      evidence.push({ kind: 'constraint', name: 'engines agree', passed: false, detail: `IronCalc disagrees on ${disagreements} of ${outcomes.length} sheets` });
    }
  }

  if (score >= 1) feedback.unshift('Correct: the formula gives the right result on the visible data and on every hidden check.');
  return {
    score,
    maxScore: 1,
    confidence,
    graderVersion: FORMULA_GRADER_VERSION,
    flags: [...flags],
    evidence,
    feedback: [...new Set(feedback)].join(' '),
  };
}
