import type { Logger } from 'pino';
import type { FormulaItem, Item, WorkbookItem } from '../domain/bank/item.js';
import { gradeChoiceAnswer } from '../domain/grading/choice/grade-choice-answer.js';
import { gradeConceptAnswer } from '../domain/grading/concept/grade-concept-answer.js';
import { createFormulaEngine, evaluateFormula, type EvaluationResult, type FormulaEngine } from '../domain/grading/formula/engine.js';
import { FORMULA_GRADER_VERSION } from '../domain/grading/formula/grade-formula-answer.js';
import type { Answer, Grade } from '../domain/grading/grade.js';
import { buildStartingWorkbook } from '../domain/grading/workbook/build-starting-workbook.js';
import { WORKBOOK_GRADER_VERSION } from '../domain/grading/workbook/grade-workbook-answer.js';
import { inspectUpload } from '../domain/grading/workbook/inspect-upload.js';
import { gradeCombined } from '../llm/grade-combined.js';
import { gradeWithLlm } from '../llm/grade-with-llm.js';
import type { LlmProvider } from '../llm/llm-provider.js';
import { AppError, invalidInput } from './errors.js';
import type { Metrics } from './metrics.js';
import { withSpan } from '../observability/tracing.js';
import { gradeSpreadsheetAnswer } from './grading-threads/grade-spreadsheet-answer.js';
import { GradingThreads } from './grading-threads/grading-threads.js';
import { createNodeIronCalcEngine } from './iron-calc-node.js';

export { createNodeIronCalcEngine, readIronCalcWasm } from './iron-calc-node.js';

const UPLOAD_CODES = { oversized: 'payload-too-large', 'wrong-type': 'unsupported-file', 'macro-enabled': 'unsupported-file' } as const;

/**
 * Grades any answer with the grader of its item's kind. The formula engines are built once and
 * reused for every answer (a new HyperFormula per answer costs ~40x more). Concept answers use
 * the offline rubric grader, blended with the LLM grader when one is configured.
 */
export class GradingService {
  private readonly formulaEngine: FormulaEngine;
  private readonly secondOpinion: FormulaEngine | undefined;
  private readonly metrics: Metrics | undefined;

  private readonly threads: GradingThreads | undefined;

  /** `threads`: grading threads for formula and workbook answers; 0 grades them in this thread. */
  constructor(
    private readonly logger: Logger,
    private readonly llm?: LlmProvider,
    options: { secondOpinion?: boolean; metrics?: Metrics; threads?: number; threadHeapMb?: number } = {},
  ) {
    this.metrics = options.metrics;
    this.formulaEngine = createFormulaEngine();
    this.secondOpinion = options.secondOpinion === false ? undefined : this.tryIronCalc();
    this.threads = (options.threads ?? 0) > 0 ? new GradingThreads({ threads: options.threads ?? 0, secondOpinion: this.secondOpinion !== undefined, ...(options.threadHeapMb ? { maxHeapMb: options.threadHeapMb } : {}) }) : undefined;
  }

  private tryIronCalc(): FormulaEngine | undefined {
    try {
      return createNodeIronCalcEngine();
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'IronCalc second opinion unavailable');
      return undefined;
    }
  }

  /** Grades with the grader of the item's kind, timing it for the metrics. */
  async grade(item: Item, answer: Answer): Promise<Grade> {
    const stop = this.metrics?.gradingDuration.startTimer({ kind: item.kind });
    const grade = await withSpan('grade', { 'xi.item.kind': item.kind, 'xi.item.id': item.id }, () => this.gradeWithoutMetrics(item, answer));
    stop?.();
    this.metrics?.answersGraded.inc({ grader: grade.graderVersion.split('@')[0] ?? 'unknown', kind: item.kind });
    return grade;
  }

  private async gradeWithoutMetrics(item: Item, answer: Answer): Promise<Grade> {
    if (answer.kind === 'skip') throw invalidInput('a skipped item is not graded');
    if (answer.kind !== item.kind) throw invalidInput(`item ${item.id} takes a ${item.kind} answer, not ${answer.kind}`);
    switch (item.kind) {
      case 'choice':
        return gradeChoiceAnswer(item, answer.kind === 'choice' ? answer.selected : []);
      case 'formula':
        return this.gradeSpreadsheet(item, answer);
      case 'workbook': {
        if (answer.kind !== 'workbook') throw invalidInput('expected a workbook');
        this.checkUpload(item, answer.file, answer.fileName);
        return this.gradeSpreadsheet(item, answer);
      }
      case 'concept': {
        if (answer.kind !== 'concept') throw invalidInput('expected text');
        const input = { text: answer.text, ...(answer.followUps ? { followUps: answer.followUps } : {}) };
        const offline = gradeConceptAnswer(item, input);
        if (!this.llm) return offline;
        const llm = await gradeWithLlm(this.llm, item, input, { offline });
        return llm.flags.includes('llm-fallback') ? llm : gradeCombined(offline, llm);
      }
      default: {
        const unreachable: never = item;
        throw new Error(`unknown item ${String(unreachable)}`);
      }
    }
  }

  /** On a grading thread when there are threads; a thread that dies leaves a grade for a reviewer, not a crash. */
  private async gradeSpreadsheet(item: FormulaItem | WorkbookItem, answer: Answer): Promise<Grade> {
    if (!this.threads) return gradeSpreadsheetAnswer({ formula: this.formulaEngine, secondOpinion: this.secondOpinion }, item, answer);
    try {
      return await this.threads.grade(item, answer);
    } catch (error) {
      this.logger.error({ err: error, itemId: item.id }, 'a grading thread failed');
      return {
        score: 0,
        maxScore: item.kind === 'workbook' ? 4 : 1,
        confidence: 0,
        graderVersion: item.kind === 'workbook' ? WORKBOOK_GRADER_VERSION : FORMULA_GRADER_VERSION,
        flags: ['engine-error'],
        evidence: [],
        feedback: 'Our spreadsheet engine could not grade this answer; a reviewer will check it.',
      };
    }
  }

  /** Rejects an upload that is not a safe workbook, with the reason, before anything parses it. */
  checkUpload(item: WorkbookItem, file: Uint8Array, fileName: string): void {
    const inspection = inspectUpload(file, fileName, { macrosAllowed: item.macrosAllowed ?? false });
    if (!inspection.ok) {
      const code = (UPLOAD_CODES as Record<string, 'payload-too-large' | 'unsupported-file'>)[inspection.code] ?? 'invalid-input';
      throw new AppError(code, inspection.reason, { reason: inspection.code });
    }
  }

  /** Evaluates a formula on the item's visible sheet (the live preview). */
  preview(item: FormulaItem, formula: string): EvaluationResult {
    return evaluateFormula(this.formulaEngine, { sheets: item.sheets, ...(item.namedRanges ? { namedRanges: item.namedRanges } : {}), target: item.answerCell, formula });
  }

  startingWorkbook(item: WorkbookItem): Promise<Uint8Array> {
    return buildStartingWorkbook(item);
  }

  /** Speech to text through the configured endpoint; undefined when none is configured. */
  get transcriber(): LlmProvider | undefined {
    return this.llm;
  }

  async dispose(): Promise<void> {
    this.formulaEngine.dispose();
    this.secondOpinion?.dispose();
    await this.threads?.close();
  }
}
