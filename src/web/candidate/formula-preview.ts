/**
 * Live preview of a candidate's formula on the visible sheet. The grader's own HyperFormula engine
 * (pure domain code) is loaded lazily in the browser, so the preview computes what the server will
 * compute; if it cannot load, `POST /session/preview` evaluates on the server instead. The grade
 * itself always happens on the server, on hidden variants too.
 */
import type { EvaluationResult, FormulaEngine } from '../../domain/grading/formula/engine.js';
import type { ApiClient } from '../shared/api-client.js';
import type { CellValue, ItemView, PreviewReply } from './types.js';

export type { EvaluationResult };

/** One previewed cell: its address on the answer sheet and what it shows. */
export interface PreviewCell {
  readonly address: string;
  readonly result: EvaluationResult;
}

export interface FormulaPreview {
  /** Where the preview came from, for the status line. */
  readonly source: 'browser' | 'server';
  /** The answer cell's result (for fill items, the first cell). */
  readonly result: EvaluationResult;
  /** Every cell the formula writes: filled cells, or a spilled array's cells. */
  readonly cells: readonly PreviewCell[];
}

interface EngineModules {
  readonly engine: FormulaEngine;
  readonly shiftFormula: (formula: string, dRow: number, dCol: number) => string;
  readonly parseCell: (text: string) => { row: number; col: number } | undefined;
  readonly formatCell: (p: { row: number; col: number }) => string;
}

let modules: Promise<EngineModules | undefined> | undefined;

/** Loads HyperFormula and the grading engine once; undefined when the browser cannot run it. */
function loadEngine(): Promise<EngineModules | undefined> {
  modules ??= Promise.all([import('../../domain/grading/formula/engine.js'), import('../../domain/grading/formula/tokenize.js'), import('../../domain/grading/formula/a1.js')])
    .then(([engine, tokenize, a1]) => ({ engine: engine.createFormulaEngine(), shiftFormula: tokenize.shiftFormula, parseCell: a1.parseCell, formatCell: a1.formatCell }))
    .catch(() => undefined);
  return modules;
}

/** Starts loading the engine early (when a formula item appears), so the first preview is quick. */
export function preloadFormulaEngine(): void {
  void loadEngine();
}

function splitAddress(address: string): { sheet: string; cell: string } {
  const bang = address.lastIndexOf('!');
  const sheet = address.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  return { sheet, cell: address.slice(bang + 1) };
}

function workbookOf(item: ItemView) {
  return { sheets: (item.sheets ?? []) as never, namedRanges: (item.namedRanges ?? []) as never };
}

/** The addresses a fill writes, from the answer cell down/right to `fillTo`. */
function fillCells(m: EngineModules, answerCell: string, fillTo: string | undefined): { address: string; dRow: number; dCol: number }[] {
  const start = m.parseCell(answerCell);
  const end = fillTo ? m.parseCell(splitAddress(fillTo.includes('!') ? fillTo : `x!${fillTo}`).cell) : undefined;
  if (!start) return [];
  if (!end) return [{ address: answerCell, dRow: 0, dCol: 0 }];
  const cells = [];
  for (let r = start.row; r <= Math.max(start.row, end.row); r++) {
    for (let c = start.col; c <= Math.max(start.col, end.col); c++) cells.push({ address: m.formatCell({ row: r, col: c }), dRow: r - start.row, dCol: c - start.col });
  }
  return cells.slice(0, 500);
}

function fromServer(reply: PreviewReply): EvaluationResult {
  if (reply.failure !== undefined) return { kind: 'failure', reason: reply.failure };
  if (reply.error !== undefined) return { kind: 'error', error: reply.error };
  const value = reply.value;
  if (Array.isArray(value)) return { kind: 'spill', rows: value as never };
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return { kind: 'value', value: value ?? null };
  return { kind: 'failure', reason: 'unexpected preview value' };
}

/** Evaluates the formula in the item's answer cell (and its fill range), in the browser if possible. */
export async function previewFormula(item: ItemView, formula: string, api: ApiClient): Promise<FormulaPreview> {
  const answerCell = item.answerCell ?? '';
  const { sheet, cell } = splitAddress(answerCell);
  const m = await loadEngine();
  if (!m) {
    const result = fromServer(await api.request<PreviewReply>('/session/preview', { body: { formula }, retries: 0 }));
    return { source: 'server', result, cells: [{ address: cell, result }] };
  }
  const targets = fillCells(m, cell, item.fillTo);
  const placements = targets.map((t) => ({ target: `${sheet}!${t.address}`, formula: m.shiftFormula(formula, t.dRow, t.dCol) }));
  const results = m.engine.evaluate(workbookOf(item), placements.length > 0 ? placements : [{ target: answerCell, formula }]);
  const cells = targets.map((t, i) => ({ address: t.address, result: results[i] ?? { kind: 'failure' as const, reason: 'no result' } }));
  const result = results[0] ?? { kind: 'failure', reason: 'no result' };
  return { source: 'browser', result, cells };
}

/** Values of the formula cells the item's sheets already contain (`{ formula }` cells), keyed `Sheet!A1`. */
export async function computeFormulaCells(item: ItemView): Promise<Map<string, EvaluationResult>> {
  const targets: string[] = [];
  for (const sheet of item.sheets ?? []) {
    for (const [address, value] of Object.entries(sheet.cells ?? {})) if (isFormulaCell(value)) targets.push(`${sheet.name}!${address}`);
    sheet.table?.rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (isFormulaCell(value)) targets.push(`${sheet.name}!${tableAddress(sheet.table?.origin, r + 1, c)}`);
      }),
    );
  }
  const computed = new Map<string, EvaluationResult>();
  if (targets.length === 0) return computed;
  const m = await loadEngine();
  if (!m) return computed;
  const results = m.engine.evaluate(workbookOf(item), targets.map((target) => ({ target })));
  targets.forEach((t, i) => {
    const r = results[i];
    if (r) computed.set(t, r);
  });
  return computed;
}

export function isFormulaCell(value: unknown): value is { formula: string } {
  return typeof value === 'object' && value !== null && 'formula' in value;
}

/** The A1 address of a table cell `rowOffset` rows below and `col` columns right of the origin. */
export function tableAddress(origin: string | undefined, rowOffset: number, col: number): string {
  const start = parseA1(origin ?? 'A1') ?? { row: 0, col: 0 };
  return toA1(start.row + rowOffset, start.col + col);
}

export function columnLetters(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function toA1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

export function parseA1(text: string): { row: number; col: number } | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(text.trim());
  if (!match) return undefined;
  const col = [...match[1]!.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, col };
}

/** How a cell value reads in the grid. */
export function displayCell(value: CellValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if ('date' in value) return value.date;
  if ('error' in value) return value.error.toUpperCase();
  return value.formula.startsWith('=') ? value.formula : `=${value.formula}`;
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(10)));
}

/** A result as one line of text (the value, the Excel error, or why it could not be evaluated). */
export function describeResult(result: EvaluationResult): string {
  switch (result.kind) {
    case 'value':
      return result.value === null ? '(empty)' : typeof result.value === 'number' ? formatNumber(result.value) : typeof result.value === 'boolean' ? (result.value ? 'TRUE' : 'FALSE') : result.value;
    case 'error':
      return result.error;
    case 'spill':
      return `${result.rows.length} × ${result.rows[0]?.length ?? 0} array`;
    case 'failure':
      return result.reason;
    default: {
      const unreachable: never = result;
      return String(unreachable);
    }
  }
}
