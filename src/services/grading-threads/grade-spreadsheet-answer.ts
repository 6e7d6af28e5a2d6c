import type { FormulaItem, WorkbookItem } from '../../domain/bank/item.js';
import type { FormulaEngine } from '../../domain/grading/formula/engine.js';
import { gradeFormulaAnswer } from '../../domain/grading/formula/grade-formula-answer.js';
import type { Answer, Grade } from '../../domain/grading/grade.js';
import { gradeWorkbookAnswer } from '../../domain/grading/workbook/grade-workbook-answer.js';

/** The engines a spreadsheet grader runs on: HyperFormula, and IronCalc as the second opinion when it loaded. */
export interface SpreadsheetEngines {
  readonly formula: FormulaEngine;
  readonly secondOpinion: FormulaEngine | undefined;
}

/**
 * Grades a formula or workbook answer by running it; the same code runs in the API process and in
 * a grading thread. The caller has checked that the answer's kind matches the item's and, for an
 * upload, that the file is a safe workbook.
 */
export function gradeSpreadsheetAnswer(engines: SpreadsheetEngines, item: FormulaItem | WorkbookItem, answer: Answer): Promise<Grade> | Grade {
  if (item.kind === 'formula') {
    return gradeFormulaAnswer(engines.formula, item, answer.kind === 'formula' ? answer.formula : '', engines.secondOpinion ? { secondOpinion: engines.secondOpinion } : {});
  }
  if (answer.kind !== 'workbook') throw new Error(`workbook item ${item.id} received a ${answer.kind} answer`);
  return gradeWorkbookAnswer(engines.formula, item, answer.file, answer.fileName);
}
