/** Runs the conformance cases through an engine and tallies agreement with the expected values. */
import { readFileSync } from 'node:fs';
import type { SheetInput } from '../../src/domain/bank/item.js';
import { resultsEqual } from '../../src/domain/grading/formula/compare.js';
import type { EvaluationResult, FormulaEngine, SpillCell } from '../../src/domain/grading/formula/engine.js';
import { evaluateFormula } from '../../src/domain/grading/formula/engine.js';

type Scalar = number | string | boolean | null;
export type Expected = { value: Scalar } | { error: string } | { value: (Scalar | { error: string })[][] };

export interface ConformanceCase {
  readonly id: string;
  readonly category: string;
  readonly formula: string;
  readonly expected: Expected;
  readonly source: 'libreoffice-25.2' | 'excel-correction' | 'hand-checked';
  readonly note?: string;
}

export interface ConformanceFile {
  readonly sheets: readonly SheetInput[];
  readonly cases: readonly ConformanceCase[];
}

/** Where the formulas are written: on the data sheet, clear of the data. */
export const CONFORMANCE_TARGET = 'Data!AN1';

export function loadConformanceCases(): ConformanceFile {
  return JSON.parse(readFileSync(new URL('./cases.json', import.meta.url), 'utf8')) as ConformanceFile;
}

export function expectedResult(expected: Expected): EvaluationResult {
  if ('error' in expected) return { kind: 'error', error: expected.error };
  if (Array.isArray(expected.value)) return { kind: 'spill', rows: expected.value as SpillCell[][] };
  return { kind: 'value', value: expected.value };
}

export interface CategoryAgreement {
  readonly category: string;
  readonly total: number;
  readonly agreed: number;
  readonly misses: readonly { id: string; formula: string; expected: string; actual: string }[];
}

/** Per-category agreement of an engine with the expected values (numbers to 1e-9 relative). */
export function measureAgreement(engine: FormulaEngine, file: ConformanceFile): CategoryAgreement[] {
  const byCategory = new Map<string, { total: number; agreed: number; misses: { id: string; formula: string; expected: string; actual: string }[] }>();
  for (const c of file.cases) {
    const actual = evaluateFormula(engine, { sheets: file.sheets, target: CONFORMANCE_TARGET, formula: c.formula });
    const expected = expectedResult(c.expected);
    const tolerance = 1e-9 * Math.max(1, Math.abs(expected.kind === 'value' && typeof expected.value === 'number' ? expected.value : 0));
    const ok = resultsEqual(expected, actual, { tolerance, caseSensitive: true });
    const entry = byCategory.get(c.category) ?? { total: 0, agreed: 0, misses: [] };
    entry.total++;
    if (ok) entry.agreed++;
    else entry.misses.push({ id: c.id, formula: c.formula, expected: JSON.stringify(c.expected), actual: JSON.stringify(actual) });
    byCategory.set(c.category, entry);
  }
  return [...byCategory.entries()].map(([category, e]) => ({ category, ...e }));
}

/** A plain-text table: category, cases, agreement per engine. */
export function formatAgreementTable(rows: readonly { category: string; total: number; results: readonly number[] }[], engines: readonly string[]): string {
  const header = ['category', 'cases', ...engines];
  const lines = rows.map((r) => [r.category, String(r.total), ...r.results.map((a) => `${((100 * a) / r.total).toFixed(1)}%`)]);
  const total = rows.reduce((n, r) => n + r.total, 0);
  lines.push(['overall', String(total), ...engines.map((_, k) => `${((100 * rows.reduce((n, r) => n + (r.results[k] ?? 0), 0)) / total).toFixed(1)}%`)]);
  const widths = header.map((h, k) => Math.max(h.length, ...lines.map((l) => (l[k] ?? '').length)));
  const fmt = (l: readonly string[]): string => l.map((x, k) => x.padEnd(widths[k] ?? 0)).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}
