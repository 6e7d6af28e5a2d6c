/** Candidates of one profile side by side: one flat row per interview, ready for CSV, .xlsx, JSON. */
import type { CandidateReport } from './candidate-report.js';

export interface ComparisonRow {
  readonly interviewId: string;
  readonly candidate: string;
  readonly email: string;
  readonly state: string;
  readonly completedAt: string;
  readonly score: number | null;
  readonly bandLow: number | null;
  readonly bandHigh: number | null;
  readonly level: string;
  readonly passed: string;
  readonly pendingReviews: number;
  readonly integrityEvents: number;
  readonly skills: Readonly<Record<string, number | null>>;
}

export const COMPARISON_COLUMNS = ['interviewId', 'candidate', 'email', 'state', 'completedAt', 'score', 'bandLow', 'bandHigh', 'level', 'passed', 'pendingReviews', 'integrityEvents'] as const;

/** Flattens reports; `skillAreas` fixes the skill columns (every report gets every column). */
export function comparisonRows(reports: readonly CandidateReport[]): { rows: ComparisonRow[]; skillAreas: string[] } {
  const skillAreas = [...new Set(reports.flatMap((r) => r.skills.map((s) => s.area)))].sort();
  const rows = reports.map((r) => ({
    interviewId: r.interviewId,
    candidate: r.candidate?.name ?? r.pseudonym,
    email: r.candidate?.email ?? '',
    state: r.state,
    completedAt: r.completedAt ?? '',
    score: r.overall?.score ?? null,
    bandLow: r.overall?.band[0] ?? null,
    bandHigh: r.overall?.band[1] ?? null,
    level: r.overall?.label ?? '',
    passed: r.overall?.passed === null || !r.overall ? '' : r.overall.passed ? 'yes' : 'no',
    pendingReviews: r.review.pending,
    integrityEvents: r.integrity.length,
    skills: Object.fromEntries(skillAreas.map((area) => [area, r.skills.find((s) => s.area === area)?.score ?? null])),
  }));
  return { rows, skillAreas };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would run as a formula when opened in Excel: prefix a quote.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with CRLF line ends and formula-injection guarding. */
export function toCsv(rows: readonly ComparisonRow[], skillAreas: readonly string[]): string {
  const header = [...COMPARISON_COLUMNS, ...skillAreas.map((a) => `skill:${a}`)];
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push([...COMPARISON_COLUMNS.map((c) => row[c]), ...skillAreas.map((a) => row.skills[a])].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
