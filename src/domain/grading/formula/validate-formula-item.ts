/**
 * The bank validator's check of one formula item: the reference and every alternative get full
 * marks on the visible sheet and every variant, every known-wrong answer does not, and the
 * second-opinion engine agrees with the primary one on the reference.
 */
import type { FormulaItem } from '../../bank/item.js';
import { resultsEqual } from './compare.js';
import type { FormulaEngine } from './engine.js';
import { answerPlacements, gradeFormulaAnswer } from './grade-formula-answer.js';
import { buildVariants, visibleVariant } from './variants.js';
import { describeResult } from './compare.js';

export interface ValidationReport {
  readonly ok: boolean;
  readonly problems: string[];
  /** Not blocking: e.g. the second-opinion engine lacks a function the reference uses. */
  readonly warnings: string[];
}

/** Validates a formula item; `secondOpinion` (IronCalc) enables the engine-agreement check. */
export function validateFormulaItem(engine: FormulaEngine, item: FormulaItem, options: { readonly secondOpinion?: FormulaEngine } = {}): ValidationReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const variants = buildVariants(item);
  const check = (label: string, formula: string): void => {
    const grade = gradeFormulaAnswer(engine, item, formula, { variants });
    if (grade.score < 1) {
      const failed = grade.evidence.filter((e) => (e.kind === 'test' || e.kind === 'constraint') && !e.passed).map((e) => (e.kind === 'test' ? `${e.name}: ${e.detail ?? ''}` : e.kind === 'constraint' ? `${e.name}: ${e.detail}` : ''));
      problems.push(`${label} scores ${grade.score.toFixed(2)}, not full marks (${failed.slice(0, 3).join('; ')})`);
    }
  };
  const visible = engine.evaluate({ sheets: item.sheets, namedRanges: item.namedRanges ?? [] }, answerPlacements(item, item.reference));
  for (const r of visible) {
    if (r.kind === 'failure') problems.push(`reference does not evaluate: ${r.reason}`);
  }
  check('reference', item.reference);
  (item.alternatives ?? []).forEach((alt, k) => check(`alternative ${k + 1} (${alt})`, alt));
  item.wrongAnswers.forEach((wrong) => {
    const grade = gradeFormulaAnswer(engine, item, wrong.formula, { variants });
    if (grade.score >= 1) problems.push(`wrong answer (${wrong.kind}) ${wrong.formula} gets full marks`);
  });
  if (options.secondOpinion) {
    const compare = { tolerance: item.compare?.tolerance ?? 1e-6, caseSensitive: item.compare?.caseSensitive ?? false };
    for (const variant of [visibleVariant(item), ...variants]) {
      const workbook = { sheets: variant.sheets, namedRanges: item.namedRanges ?? [] };
      const placements = answerPlacements(item, item.reference);
      const a = engine.evaluate(workbook, placements);
      const b = options.secondOpinion.evaluate(workbook, placements);
      const k = a.findIndex((r, i) => !resultsEqual(r, b[i] ?? { kind: 'failure', reason: 'missing' }, compare));
      const unsupported = b.find((r) => r.kind === 'failure' && /not implemented/.test(r.reason));
      if (unsupported && unsupported.kind === 'failure') {
        warnings.push(`IronCalc cannot check the reference: ${unsupported.reason}`);
        break;
      }
      if (k >= 0) {
        const ra = a[k];
        const rb = b[k];
        problems.push(`engines disagree on the reference (${variant.name}, cell #${k + 1}): HyperFormula ${ra ? describeResult(ra) : '?'}, IronCalc ${rb ? describeResult(rb) : '?'}`);
      }
    }
  }
  return { ok: problems.length === 0, problems, warnings };
}
