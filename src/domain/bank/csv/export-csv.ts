/**
 * One row per item for spreadsheet-minded authors. Scalars get their own columns; nested
 * structures (options, rubric, sheets…) are JSON in one cell. Tags are comma-separated unless
 * a tag itself has a comma, then JSON.
 */
import type { Item } from '../item.js';
import { writeCsv } from './rfc4180.js';

/** The columns, in order; `spec` holds every formula/workbook field as one JSON object. */
export const CSV_COLUMNS = [
  'id',
  'kind',
  'area',
  'level',
  'status',
  'author',
  'tags',
  'timeLimitSec',
  'exposureCap',
  'variantGroup',
  'prompt',
  'explanation',
  'irt',
  'multiple',
  'options',
  'modelAnswer',
  'keyPoints',
  'misconceptions',
  'gradingGuide',
  'spec',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Fields written in their own column; whatever else a formula/workbook item has goes to `spec`. */
const OWN_COLUMNS = new Set<string>(CSV_COLUMNS);

function tagsCell(tags: readonly string[]): string {
  return tags.some((t) => t.includes(',') || t !== t.trim() || t.startsWith('[')) ? JSON.stringify(tags) : tags.join(', ');
}

function row(item: Item): string[] {
  const cells: Partial<Record<CsvColumn, string>> = {
    id: item.id,
    kind: item.kind,
    area: item.area,
    level: String(item.level),
    status: item.status,
    author: item.author,
    tags: tagsCell(item.tags),
    timeLimitSec: String(item.timeLimitSec),
    exposureCap: String(item.exposureCap),
    variantGroup: item.variantGroup ?? '',
    prompt: item.prompt,
    explanation: item.explanation,
    irt: JSON.stringify(item.irt),
  };
  switch (item.kind) {
    case 'choice':
      cells.multiple = String(item.multiple);
      cells.options = JSON.stringify(item.options);
      break;
    case 'concept':
      cells.modelAnswer = item.modelAnswer;
      cells.keyPoints = JSON.stringify(item.keyPoints);
      cells.misconceptions = JSON.stringify(item.misconceptions);
      cells.gradingGuide = JSON.stringify(item.gradingGuide);
      break;
    case 'formula':
    case 'workbook':
      cells.spec = JSON.stringify(Object.fromEntries(Object.entries(item).filter(([k]) => !OWN_COLUMNS.has(k))));
      break;
    default: {
      const unreachable: never = item;
      throw new Error(`unknown item ${String(unreachable)}`);
    }
  }
  return CSV_COLUMNS.map((c) => cells[c] ?? '');
}

/** The bank as CSV text (header row first, CRLF line ends). */
export function exportCsv(items: readonly Item[]): string {
  return writeCsv([[...CSV_COLUMNS], ...items.map(row)]);
}
