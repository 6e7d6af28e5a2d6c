/**
 * `excel-interviewer grade --jsonl [--grader offline|llm|combined]`: reads one JSON object per line
 * from stdin, `{ "item": <concept item as written in a bank file>, "answer": "<text>" }`, and
 * writes one line per input, in order: `{ "score", "confidence", "flags", "evidence" }` (or
 * `{ "error": { "code", "message" } }` for a line that cannot be graded).
 *
 * `excel-interviewer grader recalibrate --labels <file.jsonl>`: refits the raw-coverage-to-score
 * mapping from human labels (`{ "item", "answer", "score" }` per line), prints agreement before
 * and after, and the new mapping as JSON (written to `--out` when given).
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { analyzeConceptAnswer, gradeConceptAnswer } from '../domain/grading/concept/grade-concept-answer.js';
import { readConceptItem } from '../domain/grading/concept/read-concept-item.js';
import { DEFAULT_SCORE_CALIBRATION, applyScoreCalibration } from '../domain/grading/concept/score-calibration.js';
import type { Grade } from '../domain/grading/grade.js';
import { agreement } from '../domain/grading/review/agreement.js';
import { fitScoreCalibration } from '../domain/grading/review/fit-score-calibration.js';
import { createOpenAiCompatibleProvider } from '../llm/create-openai-compatible-provider.js';
import { gradeCombined } from '../llm/grade-combined.js';
import { gradeWithLlm } from '../llm/grade-with-llm.js';
import type { LlmProvider } from '../llm/llm-provider.js';

export type GraderChoice = 'offline' | 'llm' | 'combined';

/** What the composition root may hand the commands; the LLM provider comes from config there. */
export interface GradeCommandDeps {
  readonly createLlmProvider?: () => LlmProvider | undefined;
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout?: { write(chunk: string): unknown };
}

type GradeOne = (item: Parameters<typeof gradeConceptAnswer>[0], text: string) => Grade | Promise<Grade>;

/** Grades JSONL lines in order; yields one output line per input line (blank lines are skipped). */
export async function* gradeJsonlLines(lines: AsyncIterable<string> | Iterable<string>, gradeOne: GradeOne): AsyncGenerator<string> {
  for await (const line of lines) {
    if (line.trim() === '') continue;
    yield JSON.stringify(await gradeLine(line, gradeOne));
  }
}

async function gradeLine(line: string, gradeOne: GradeOne): Promise<unknown> {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { error: { code: 'invalid-input', message: 'the line is not valid JSON' } };
  }
  if (typeof input !== 'object' || input === null) return { error: { code: 'invalid-input', message: 'each line must be a JSON object with item and answer' } };
  const { item, answer } = input as { item?: unknown; answer?: unknown };
  if (typeof answer !== 'string') return { error: { code: 'invalid-input', message: 'answer must be a string' } };
  const read = readConceptItem(item);
  if (read.kind === 'invalid') return { error: { code: 'invalid-input', message: `invalid item: ${read.problems.join('; ')}` } };
  const grade = await gradeOne(read.item, answer);
  return { score: grade.score, confidence: grade.confidence, flags: grade.flags, evidence: grade.evidence };
}

/** The per-answer grading function for a grader choice. */
export function graderFor(choice: GraderChoice, provider: LlmProvider | undefined): GradeOne {
  switch (choice) {
    case 'offline':
      return (item, text) => gradeConceptAnswer(item, { text });
    case 'llm':
    case 'combined': {
      if (!provider) throw new Error(`--grader ${choice} needs an LLM: set LLM_BASE_URL and LLM_MODEL (or --llm-base-url and --llm-model)`);
      return async (item, text) => {
        const offline = gradeConceptAnswer(item, { text });
        const llm = await gradeWithLlm(provider, item, { text }, { offline });
        return choice === 'llm' ? llm : gradeCombined(offline, llm);
      };
    }
    default: {
      const unreachable: never = choice;
      throw new Error(`unknown grader ${String(unreachable)}`);
    }
  }
}

async function* readLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of reader) yield line;
}

/** Labels file → refitted calibration with agreement before and after. */
export async function recalibrateFromLabels(lines: AsyncIterable<string> | Iterable<string>) {
  const labelled: { raw: number; cap: number; score: number }[] = [];
  const problems: string[] = [];
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    try {
      const { item, answer, score } = JSON.parse(line) as { item?: unknown; answer?: unknown; score?: unknown };
      const read = readConceptItem(item);
      if (read.kind === 'invalid' || typeof answer !== 'string' || typeof score !== 'number') {
        problems.push(`line ${n}: needs item, answer and a numeric score`);
        continue;
      }
      const analysis = analyzeConceptAnswer(read.item, { text: answer });
      labelled.push({ raw: analysis.raw, cap: analysis.cap, score });
    } catch {
      problems.push(`line ${n}: not valid JSON`);
    }
  }
  const fitted = fitScoreCalibration(labelled, 'fit:labels', DEFAULT_SCORE_CALIBRATION);
  const scoreWith = (thresholds: typeof DEFAULT_SCORE_CALIBRATION) => labelled.map((l) => ({ machine: Math.min(l.cap, applyScoreCalibration(thresholds, l.raw)), human: Math.round(l.score) }));
  return { calibration: fitted, before: agreement(scoreWith(DEFAULT_SCORE_CALIBRATION)), after: agreement(scoreWith(fitted)), problems };
}

/** Registers the free-text grading batch command (grade --jsonl) and `grader recalibrate`. */
export function registerGradeCommands(program: Command, deps: GradeCommandDeps = {}): void {
  const stdout = deps.stdout ?? process.stdout;
  program
    .command('grade')
    .description('grade concept answers: one JSON object per line on stdin, one result per line on stdout')
    .requiredOption('--jsonl', 'read JSON lines from stdin and write JSON lines to stdout')
    .option('--grader <grader>', 'offline | llm | combined', 'offline')
    .option('--llm-base-url <url>', 'OpenAI-compatible API root, e.g. http://localhost:11434/v1 (overrides config)')
    .option('--llm-model <model>', 'model name (overrides config)')
    .option('--llm-timeout-ms <ms>', 'timeout per LLM request', '30000')
    .action(async (options: { grader: string; llmBaseUrl?: string; llmModel?: string; llmTimeoutMs: string }) => {
      if (!['offline', 'llm', 'combined'].includes(options.grader)) program.error(`--grader must be offline, llm or combined, got ${options.grader}`);
      const choice = options.grader as GraderChoice;
      const provider =
        choice === 'offline'
          ? undefined
          : options.llmBaseUrl && options.llmModel
            ? createOpenAiCompatibleProvider({ baseUrl: options.llmBaseUrl, model: options.llmModel, timeoutMs: Number(options.llmTimeoutMs) || 30_000 })
            : deps.createLlmProvider?.();
      let gradeOne: GradeOne;
      try {
        gradeOne = graderFor(choice, provider);
      } catch (error) {
        program.error(error instanceof Error ? error.message : String(error));
      }
      for await (const line of gradeJsonlLines(readLines(deps.stdin ?? process.stdin), gradeOne)) stdout.write(`${line}\n`);
    });

  program
    .command('grader')
    .description('maintain the concept grader')
    .command('recalibrate')
    .description('refit the coverage-to-score mapping from human labels and report agreement before and after')
    .requiredOption('--labels <file>', 'JSONL file: { "item", "answer", "score" } per line')
    .option('--out <file>', 'write the fitted mapping here as JSON')
    .action(async (options: { labels: string; out?: string }) => {
      const result = await recalibrateFromLabels(readLines(createReadStream(options.labels)));
      for (const problem of result.problems) process.stderr.write(`${problem}\n`);
      stdout.write(`${JSON.stringify({ before: result.before, after: result.after, calibration: result.calibration }, null, 2)}\n`);
      if (options.out) await writeFile(options.out, `${JSON.stringify(result.calibration, null, 2)}\n`);
    });
}
