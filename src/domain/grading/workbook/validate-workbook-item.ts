/** The bank validator's check of a workbook item: the solution gets full marks, the starting workbook does not. */
import type { WorkbookItem } from '../../bank/item.js';
import type { FormulaEngine } from '../formula/engine.js';
import { buildStartingWorkbook, composeWorkbook } from './build-starting-workbook.js';
import { gradeWorkbookAnswer } from './grade-workbook-answer.js';
import { writeWorkbook } from './workbook-io.js';

/** Builds the solution workbook from `item.solution`. */
export async function buildSolutionWorkbook(item: WorkbookItem): Promise<Uint8Array> {
  return writeWorkbook(composeWorkbook(item, item.solution));
}

export async function validateWorkbookItem(engine: FormulaEngine, item: WorkbookItem): Promise<{ ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  const solution = await gradeWorkbookAnswer(engine, item, await buildSolutionWorkbook(item), `${item.id}-solution.xlsx`);
  if (solution.score < 4) {
    const misses = solution.evidence.filter((e) => e.kind === 'check' && !e.passed).map((e) => (e.kind === 'check' ? `${e.name}: ${e.detail}` : ''));
    problems.push(`the solution scores ${solution.score.toFixed(2)}/4 (${misses.join('; ')})`);
  }
  const starting = await gradeWorkbookAnswer(engine, item, await buildStartingWorkbook(item), `${item.id}.xlsx`);
  if (starting.score >= 4) problems.push('the starting workbook already gets full marks');
  return { ok: problems.length === 0, problems };
}
