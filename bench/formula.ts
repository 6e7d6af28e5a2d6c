/**
 * Formula engine benchmark: grading one formula item (visible sheet + 10 hidden variants) and a
 * 5,000-row workbook upload, each with a reused engine against the named baseline "new
 * HyperFormula instance per case". Prints a table and writes bench/results/formula.json.
 *
 *   npm run bench:formula
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { FormulaItem, WorkbookItem } from '../src/domain/bank/item.js';
import { createFormulaEngine, evaluateFormula, type FormulaEngine } from '../src/domain/grading/formula/engine.js';
import { sumifsItem } from '../src/domain/grading/formula/fixtures.test-items.js';
import { gradeFormulaAnswer } from '../src/domain/grading/formula/grade-formula-answer.js';
import { buildVariants } from '../src/domain/grading/formula/variants.js';
import { composeWorkbook } from '../src/domain/grading/workbook/build-starting-workbook.js';
import { gradeWorkbookAnswer } from '../src/domain/grading/workbook/grade-workbook-answer.js';
import { writeWorkbook } from '../src/domain/grading/workbook/workbook-io.js';

interface Row {
  readonly scenario: string;
  readonly mode: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly perSecondPerCore: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(scenario: string, mode: string, runs: number, fn: () => unknown): Promise<Row> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { scenario, mode, runs, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), perSecondPerCore: 1000 / mean };
}

/** The SUMIFS fixture with exactly 10 hidden variants. */
const item: FormulaItem = {
  ...sumifsItem,
  variants: {
    fixed: sumifsItem.variants?.fixed ?? [],
    generators: [{ kind: 'perturb', columns: ['C'], count: 5 }, { kind: 'shuffle-rows', count: 2 }, { kind: 'blanks', columns: ['C'], cells: 2, count: 2 }],
  },
};
const variants = buildVariants(item);
if (variants.length !== 10) throw new Error(`expected 10 variants, built ${variants.length}`);
const answer = '=SUMPRODUCT((A2:A11=E2)*C2:C11)';

const rows: Row[] = [];
const reused = createFormulaEngine();
const withNew = <T>(fn: (engine: FormulaEngine) => T): T => {
  const engine = createFormulaEngine();
  try {
    return fn(engine);
  } finally {
    engine.dispose();
  }
};

const single = { sheets: item.sheets, target: 'Sales!F2', formula: '=SUMIFS(C2:C11,A2:A11,E2)' };
rows.push(await measure('evaluate one formula', 'reused instance', 2000, () => evaluateFormula(reused, single)));
rows.push(await measure('evaluate one formula', 'new HyperFormula instance per case (baseline)', 200, () => withNew((e) => evaluateFormula(e, single))));
rows.push(await measure('grade formula item (visible + 10 variants)', 'reused instance', 300, () => gradeFormulaAnswer(reused, item, answer, { variants })));
rows.push(await measure('grade formula item (visible + 10 variants)', 'new HyperFormula instance per case (baseline)', 50, () => withNew((e) => gradeFormulaAnswer(e, item, answer, { variants }))));

const bigRows = Array.from({ length: 5000 }, (_, k) => [['North', 'South', 'East', 'West'][k % 4] ?? 'North', `Rep${k}`, 10 + ((k * 37) % 500)]);
const workbookItem: WorkbookItem = {
  id: 'bench.workbook-5000',
  kind: 'workbook',
  area: 'references-basics',
  tags: [],
  level: 2,
  prompt: 'Commission for 5,000 rows',
  timeLimitSec: 900,
  irt: { model: 'grm', a: 1, thresholds: [-2, -1, 0, 1] },
  exposureCap: 0.25,
  status: 'approved',
  author: 'bench',
  explanation: 'bench',
  sheets: [{ name: 'Sales', table: { header: ['Region', 'Rep', 'Amount', 'Commission'], rows: bigRows }, cells: { F1: 0.05 } }],
  data: { sheet: 'Sales', range: 'A2:C5001' },
  instructions: ['Compute D2:D5001'],
  checks: [
    { kind: 'formula-result', range: 'Sales!D2:D5001', weight: 2, description: 'commissions follow the data' },
    { kind: 'formula-present', range: 'Sales!D2:D5001', description: 'commissions are formulas' },
    { kind: 'value', cell: 'Sales!F3', expected: bigRows.reduce((n, r) => n + Number(r[2]), 0), description: 'total' },
  ],
  solution: { cells: { ...Object.fromEntries(bigRows.map((_, k) => [`Sales!D${k + 2}`, { formula: `=C${k + 2}*$F$1` }])), 'Sales!F3': { formula: '=SUM(C2:C5001)' } } },
  variants: { generators: [{ kind: 'perturb', columns: ['C'], count: 1 }] },
};
const upload = await writeWorkbook(composeWorkbook(workbookItem, workbookItem.solution));
const check = await gradeWorkbookAnswer(reused, workbookItem, upload, 'upload.xlsx');
if (check.score !== 4) throw new Error(`5,000-row solution scored ${check.score}`);
rows.push(await measure('grade 5,000-row workbook upload', 'reused instance', 8, () => gradeWorkbookAnswer(reused, workbookItem, upload, 'upload.xlsx')));
rows.push(await measure('grade 5,000-row workbook upload', 'new HyperFormula instance per case (baseline)', 4, () => {
  const engine = createFormulaEngine();
  return gradeWorkbookAnswer(engine, workbookItem, upload, 'upload.xlsx').finally(() => engine.dispose());
}));
reused.dispose();

const header = ['scenario', 'mode', 'runs', 'p50 ms', 'p99 ms', 'per s per core'];
const lines = rows.map((r) => [r.scenario, r.mode, String(r.runs), r.p50Ms.toFixed(2), r.p99Ms.toFixed(2), r.perSecondPerCore.toFixed(1)]);
const widths = header.map((h, k) => Math.max(h.length, ...lines.map((l) => (l[k] ?? '').length)));
const fmt = (l: readonly string[]): string => l.map((x, k) => x.padEnd(widths[k] ?? 0)).join('  ');
console.log([fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n'));
console.log(`(single process on one core; machine has ${cpus().length} cores, shared)`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/formula.json', import.meta.url), `${JSON.stringify({ benchmark: 'formula', node: process.version, rows }, null, 2)}\n`);
