import { Readable } from 'node:stream';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ExportFilter, ExportRepository } from '../../store/repositories/export-repository.js';
import { type Cell, type Column, COLUMNS, type ExportDataset, interviewRecord, responseRecord, scoreRecords } from './export-columns.js';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson', parquet: 'application/vnd.apache.parquet' };

const PAGE = 1000;
/** Rows per Parquet row group: the most the Parquet encoder holds at once. */
const ROW_GROUP = 10_000;

/**
 * Bulk export for data teams: interviews, responses or per-skill scores, as CSV, NDJSON or
 * Parquet. Rows are read a page at a time and encoded as they come (Parquet one row group at a
 * time), and the stream is pulled by its consumer, so memory stays flat whatever the size.
 */
export class ExportService {
  constructor(private readonly repository: ExportRepository) {}

  /** The records of a dataset, a page at a time. */
  async *records(dataset: ExportDataset, filter: ExportFilter): AsyncGenerator<Cell[][]> {
    if (dataset === 'responses') {
      let after: { at: Date; id: string } | undefined;
      while (true) {
        const page = await this.repository.responsePage(filter, after, PAGE);
        if (page.length > 0) yield page.map(responseRecord);
        if (page.length < PAGE) return;
        const last = page[page.length - 1];
        if (!last) return;
        after = { at: last.createdAt, id: last.id };
      }
    }
    let after: { at: Date; id: string } | undefined;
    while (true) {
      const page = await this.repository.interviewPage(filter, after, PAGE);
      const rows = dataset === 'interviews' ? page.map(interviewRecord) : page.flatMap(scoreRecords);
      if (rows.length > 0) yield rows;
      if (page.length < PAGE) return;
      const last = page[page.length - 1];
      if (!last) return;
      after = { at: last.createdAt, id: last.id };
    }
  }

  /** The export as a byte stream in `format`. */
  stream(dataset: ExportDataset, format: ExportFormat, filter: ExportFilter): Readable {
    const columns = COLUMNS[dataset];
    const pages = this.records(dataset, filter);
    switch (format) {
      case 'csv':
        return Readable.from(encodeCsv(columns, pages));
      case 'ndjson':
        return Readable.from(encodeNdjson(columns, pages));
      case 'parquet':
        return Readable.from(encodeParquet(columns, pages));
    }
  }
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  const text = cell instanceof Date ? cell.toISOString() : String(cell);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quote and prefix it.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof cell === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function* encodeCsv(columns: readonly Column[], pages: AsyncIterable<Cell[][]>): AsyncGenerator<string> {
  yield `${columns.map((c) => c.name).join(',')}\r\n`;
  for await (const rows of pages) yield rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

async function* encodeNdjson(columns: readonly Column[], pages: AsyncIterable<Cell[][]>): AsyncGenerator<string> {
  for await (const rows of pages) {
    yield rows.map((row) => `${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, row[i] instanceof Date ? (row[i] as Date).toISOString() : (row[i] ?? null)])))}\n`).join('');
  }
}

const PARQUET_TYPE = { string: 'STRING', double: 'DOUBLE', int: 'INT32', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP' } as const;
const SCHEMA_ELEMENT = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  double: { type: 'DOUBLE' },
  int: { type: 'INT32' },
  boolean: { type: 'BOOLEAN' },
  timestamp: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
} as const;

async function* encodeParquet(columns: readonly Column[], pages: AsyncIterable<Cell[][]>): AsyncGenerator<Uint8Array> {
  const bytes = new ByteWriter();
  const schema = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => ({ name: c.name, repetition_type: 'OPTIONAL' as const, ...SCHEMA_ELEMENT[c.type] }))];
  const writer = new ParquetWriter({ writer: bytes, schema, createdBy: 'excel-interviewer export' });
  const take = (): Uint8Array => {
    const chunk = bytes.getBytes().slice();
    bytes.index = 0;
    return chunk;
  };
  let buffered: Cell[][] = [];
  const writeGroup = (rows: Cell[][]) => {
    writer.write({ columnData: columns.map((c, i) => ({ name: c.name, type: PARQUET_TYPE[c.type], data: rows.map((r) => r[i] ?? null) as never })), rowGroupSize: rows.length });
  };
  for await (const rows of pages) {
    buffered = buffered.concat(rows);
    while (buffered.length >= ROW_GROUP) {
      writeGroup(buffered.slice(0, ROW_GROUP));
      buffered = buffered.slice(ROW_GROUP);
      yield take();
    }
  }
  if (buffered.length > 0) writeGroup(buffered);
  await writer.finish();
  yield take();
}
