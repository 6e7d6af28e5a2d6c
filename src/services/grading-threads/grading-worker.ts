/**
 * The task a grading thread runs (see grading-threads.ts): it builds its own engines once, then
 * grades formula and workbook answers sent to it. Everything in and out is plain data.
 */
import { workerData } from 'node:worker_threads';
import type { FormulaItem, WorkbookItem } from '../../domain/bank/item.js';
import { createFormulaEngine } from '../../domain/grading/formula/engine.js';
import type { Answer, Grade } from '../../domain/grading/grade.js';
import { createNodeIronCalcEngine } from '../iron-calc-node.js';
import { gradeSpreadsheetAnswer, type SpreadsheetEngines } from './grade-spreadsheet-answer.js';

export interface GradingTask {
  readonly item: FormulaItem | WorkbookItem;
  readonly answer: Answer;
}

function buildEngines(): SpreadsheetEngines {
  const wantSecondOpinion = (workerData as { secondOpinion?: boolean } | undefined)?.secondOpinion !== false;
  let secondOpinion;
  try {
    secondOpinion = wantSecondOpinion ? createNodeIronCalcEngine() : undefined;
  } catch {
    // The API process reports IronCalc's absence when it builds its own engines.
    secondOpinion = undefined;
  }
  return { formula: createFormulaEngine(), secondOpinion };
}

const engines = buildEngines();

export default async function gradeInThread(task: GradingTask): Promise<Grade> {
  return gradeSpreadsheetAnswer(engines, task.item, task.answer);
}
