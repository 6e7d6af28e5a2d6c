/** Comparison of two evaluation results the way a grader reads a sheet. */
import type { EvaluationResult, SpillCell } from './engine.js';

export interface CompareOptions {
  /** Absolute tolerance for numbers (a relative 1e-12 is always allowed on top). */
  readonly tolerance: number;
  readonly caseSensitive: boolean;
}

/** Equal cells: numbers within tolerance, text exactly (or ignoring case), booleans, errors by type. */
export function cellsEqual(a: SpillCell, b: SpillCell, options: CompareOptions): boolean {
  const x = a === null ? 0 : a;
  const y = b === null ? 0 : b;
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= options.tolerance + 1e-12 * Math.max(Math.abs(x), Math.abs(y));
  if (typeof x === 'string' && typeof y === 'string') return options.caseSensitive ? x === y : x.toLowerCase() === y.toLowerCase();
  if (typeof x === 'object' && typeof y === 'object') return x.error === y.error;
  return x === y;
}

/** Equal results: same kind and content; spills by shape and content; failures never match. */
export function resultsEqual(a: EvaluationResult, b: EvaluationResult, options: CompareOptions): boolean {
  if (a.kind === 'failure' || b.kind === 'failure') return false;
  if (a.kind === 'value' && b.kind === 'value') return cellsEqual(a.value, b.value, options);
  if (a.kind === 'error' && b.kind === 'error') return a.error === b.error;
  if (a.kind === 'spill' && b.kind === 'spill') {
    if (a.rows.length !== b.rows.length) return false;
    return a.rows.every((row, r) => {
      const other = b.rows[r] ?? [];
      return row.length === other.length && row.every((cell, c) => cellsEqual(cell, other[c] ?? null, options));
    });
  }
  return false;
}

/** A short reviewer-facing rendering of a result. */
export function describeResult(r: EvaluationResult): string {
  switch (r.kind) {
    case 'value':
      return JSON.stringify(r.value);
    case 'error':
      return r.error;
    case 'spill':
      return `${r.rows.length}x${r.rows[0]?.length ?? 0} array ${JSON.stringify(r.rows).slice(0, 120)}`;
    case 'failure':
      return `failure (${r.reason})`;
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}
