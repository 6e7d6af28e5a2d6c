import { afterAll, describe, expect, it } from 'vitest';
import { createNodeIronCalcEngine } from '../../../services/grading-service.js';
import type { WrongAnswerKind } from '../../bank/item.js';
import { createFormulaEngine } from './engine.js';
import { dateItem, FIXTURE_ITEMS, lookupItem, sumifsItem } from './fixtures.test-items.js';
import { gradeFormulaAnswer } from './grade-formula-answer.js';
import { validateFormulaItem } from './validate-formula-item.js';
import { buildVariants } from './variants.js';

const engine = createFormulaEngine();
const ironcalc = createNodeIronCalcEngine();
afterAll(() => engine.dispose());

const FEEDBACK: Readonly<Record<WrongAnswerKind, RegExp>> = {
  'hard-coded': /calculated from the data/,
  'relative-reference': /filled|visible data/,
  'off-by-one-range': /visible data|hidden checks/,
  'approximate-match': /visible data|hidden checks/,
  'wrong-function': /visible data|hidden checks/,
  'ignores-blanks': /blank cells/,
  other: /visible data|hidden checks/,
};

describe.each(FIXTURE_ITEMS.map((item) => [item.id, item] as const))('%s', (_id, item) => {
  it('gives the reference full marks with a correct-answer feedback', () => {
    const grade = gradeFormulaAnswer(engine, item, item.reference);
    expect(grade.score).toBe(1);
    expect(grade.graderVersion).toBe('formula@1.0.0');
    expect(grade.feedback).toMatch(/^Correct/);
  });

  it.each((item.alternatives ?? []).map((f) => [f]))('accepts the equivalent solution %s', (formula) => {
    expect(gradeFormulaAnswer(engine, item, formula).score).toBe(1);
  });

  it.each(item.wrongAnswers.map((w) => [w.kind, w.formula] as const))('fails the %s answer %s with matching feedback', (kind, formula) => {
    const grade = gradeFormulaAnswer(engine, item, formula);
    expect(grade.score).toBeLessThan(1);
    expect(grade.feedback).toMatch(FEEDBACK[kind]);
  });

  it('validates (reference, alternatives, wrong answers, IronCalc agreement)', () => {
    expect(validateFormulaItem(engine, item, { secondOpinion: ironcalc })).toEqual({ ok: true, problems: [], warnings: [] });
  });
});

describe('grading rules', () => {
  it('gives partial credit when right on the visible sheet but wrong on some variants', () => {
    const grade = gradeFormulaAnswer(engine, FIXTURE_ITEMS[1]!, '=SUMIFS(C2:C11,A2:A11,E2)/COUNTIF(A2:A11,E2)');
    expect(grade.score).toBeGreaterThan(0.5);
    expect(grade.score).toBeLessThan(1);
  });

  it('never reveals hidden data in feedback', () => {
    const grade = gradeFormulaAnswer(engine, lookupItem, '=B2*SUMIF($E$2:$E$5,A2,$F$2:$F$5)');
    expect(grade.feedback).not.toMatch(/Plum/);
    expect(grade.feedback).toMatch(/a product that is not in the price list/);
  });

  it.each([
    ['=SUM(', /could not be read/],
    ['=F2+1', /circular/],
    ['=[Book2.xlsx]Sales!C2', /another workbook/],
    ['=SUMIFS(C2:C11,A2:A11,E2)+0*RAND()', /volatile/],
  ])('scores %s zero with a clear reason', (formula, feedback) => {
    const grade = gradeFormulaAnswer(engine, sumifsItem, formula);
    expect(grade.score).toBe(0);
    expect(grade.feedback).toMatch(feedback);
  });

  it('flags an engine gap instead of failing silently', () => {
    const grade = gradeFormulaAnswer(engine, sumifsItem, '=SUM(TEXTSPLIT("1,2",","))');
    expect(grade.flags).toContain('engine-error');
    expect(grade.confidence).toBeLessThan(0.5);
  });

  it('caps a correct result that breaks a function constraint', () => {
    const item = { ...sumifsItem, constraints: { forbiddenFunctions: ['SUMPRODUCT'] } };
    const grade = gradeFormulaAnswer(engine, item, '=SUMPRODUCT((A2:A11=E2)*C2:C11)');
    expect(grade.score).toBe(0.5);
    expect(grade.feedback).toMatch(/not to use SUMPRODUCT/);
  });

  it('flags a disagreement with the second opinion instead of trusting one engine', () => {
    // DATEDIF "md" across a short month: Excel (and the primary engine) give -1, IronCalc gives 1.
    const formula = '=EOMONTH(A2,0)+1+DATEDIF(DATE(2020,1,31),DATE(2020,3,1),"md")';
    const grade = gradeFormulaAnswer(engine, dateItem, formula, { secondOpinion: ironcalc });
    expect(grade.score).toBe(1);
    expect(grade.flags).toContain('engine-disagreement');
    expect(grade.confidence).toBeLessThan(0.5);
  });

  it('does not flag answers both engines agree on', () => {
    const grade = gradeFormulaAnswer(engine, sumifsItem, '=SUMIFS(C2:C11,A2:A11,E2)', { secondOpinion: ironcalc });
    expect(grade.flags).toEqual([]);
    expect(grade.confidence).toBe(1);
  });

  it('builds the same variants every time', () => {
    expect(buildVariants(sumifsItem)).toEqual(buildVariants(sumifsItem));
    expect(buildVariants(sumifsItem).length).toBe(5);
  });
});
