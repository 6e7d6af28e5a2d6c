import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createFormulaEngine, evaluateFormula, evaluationToJson, type FormulaEngine } from '../domain/grading/formula/engine.js';
import type { SheetInput } from '../domain/bank/item.js';
import { createNodeIronCalcEngine } from '../services/grading-service.js';


interface EvalCase {
  readonly sheets: readonly SheetInput[];
  readonly namedRanges?: readonly { name: string; ref: string }[];
  readonly target: string;
  readonly formula: string;
}

function parseCase(line: string): EvalCase | string {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return 'invalid JSON';
  }
  if (typeof data !== 'object' || data === null) return 'a case is a JSON object';
  const c = data as Partial<EvalCase>;
  if (!Array.isArray(c.sheets)) return 'sheets must be an array';
  if (typeof c.target !== 'string') return 'target must be a string like "Sheet1!F1"';
  if (typeof c.formula !== 'string') return 'formula must be a string';
  return c as EvalCase;
}

/** Evaluates one JSON line; invalid input gives a failure line, never a crash. */
export function evaluateJsonLine(engine: FormulaEngine, line: string): Record<string, unknown> {
  const parsed = parseCase(line);
  if (typeof parsed === 'string') return { failure: `invalid case: ${parsed}` };
  return evaluationToJson(evaluateFormula(engine, parsed));
}

/** Registers the formula engine batch commands (formula eval --jsonl). */
export function registerFormulaCommands(program: Command): void {
  const formula = program.command('formula').description('Spreadsheet formula engine tools');
  formula
    .command('eval')
    .description('Evaluate formulas: one JSON case per input line, one JSON result per output line, in order')
    .option('--jsonl', 'read JSON Lines from stdin and write JSON Lines to stdout', true)
    .option('--engine <name>', 'hyperformula (default) or ironcalc', 'hyperformula')
    .action(async (options: { engine: string }) => {
      const engine = options.engine === 'ironcalc' ? createNodeIronCalcEngine() : createFormulaEngine();
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        process.stdout.write(`${JSON.stringify(evaluateJsonLine(engine, line))}\n`);
      }
      engine.dispose();
    });
}
