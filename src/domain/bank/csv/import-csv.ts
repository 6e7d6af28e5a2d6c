/**
 * Reads CSV written by `exportCsv` (or by an author in a spreadsheet) back into items, through
 * the same schema check and normalisation as a bank file. Columns may come in any order; empty
 * optional cells (exposureCap, irt, variantGroup) take their defaults.
 */
import type { BankProblem } from '../bank-problem.js';
import type { Item, SkillArea } from '../item.js';
import { parseItemObject } from '../parse-bank-file.js';
import { CSV_COLUMNS } from './export-csv.js';
import { readCsv } from './rfc4180.js';

export interface CsvImportResult {
  readonly ok: boolean;
  readonly items: readonly Item[];
  readonly problems: readonly BankProblem[];
}

const JSON_COLUMNS = new Set(['irt', 'options', 'keyPoints', 'misconceptions', 'gradingGuide', 'spec']);

function numberOrText(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Imports every data row; problems are located as `<fileName>:<id>` with the row number. */
export function importCsv(text: string, fileName = 'bank.csv'): CsvImportResult {
  let rows: string[][];
  try {
    rows = readCsv(text);
  } catch (error) {
    return { ok: false, items: [], problems: [{ file: fileName, message: error instanceof Error ? error.message : String(error) }] };
  }
  const [header, ...data] = rows;
  if (!header) return { ok: false, items: [], problems: [{ file: fileName, message: 'empty file' }] };
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const problems: BankProblem[] = unknown.map((h) => ({ file: fileName, field: h, message: `is not a known column (columns: ${CSV_COLUMNS.join(', ')})` }));
  const items: Item[] = [];
  data.forEach((cells, index) => {
    if (cells.every((c) => c.trim() === '')) return;
    const record = new Map(header.map((h, i) => [h, cells[i] ?? '']));
    const id = record.get('id') || `row ${index + 2}`;
    const raw: Record<string, unknown> = {};
    let column = '';
    const json = (cell: string): unknown => {
      try {
        return JSON.parse(cell) as unknown;
      } catch (error) {
        throw new Error(`${column}: is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
    };
    try {
      for (const [name, cell] of record) {
        column = name;
        if (cell === '' || unknown.includes(column)) continue;
        if (column === 'spec') Object.assign(raw, json(cell) as Record<string, unknown>);
        else if (JSON_COLUMNS.has(column)) raw[column] = json(cell);
        else if (column === 'tags') raw[column] = cell.trim().startsWith('[') ? json(cell) : parseTags(cell);
        else if (column === 'level' || column === 'timeLimitSec' || column === 'exposureCap') raw[column] = numberOrText(cell);
        else if (column === 'multiple') raw[column] = cell.trim().toLowerCase() === 'true' ? true : cell.trim().toLowerCase() === 'false' ? false : cell;
        else raw[column] = cell;
      }
      if (!record.has('tags') || record.get('tags') === '') raw['tags'] = [];
    } catch (error) {
      problems.push({ file: fileName, itemId: id, message: `row ${index + 2}: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const parsed = parseItemObject(raw, { file: fileName, area: raw['area'] as SkillArea | undefined, index });
    problems.push(...parsed.problems);
    if (parsed.item) items.push(parsed.item);
  });
  return { ok: problems.length === 0, items, problems };
}
