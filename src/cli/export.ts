import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { createLogger } from '../logger.js';
import { EXPORT_DATASETS, type ExportDataset } from '../services/export/export-columns.js';
import { EXPORT_FORMATS, type ExportFormat, ExportService } from '../services/export/export-service.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open-store.js';
import { ExportRepository } from '../store/repositories/export-repository.js';
import { CommandError, requireConfig, runCommand } from './run-command.js';

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new CommandError(`--${name} must be an ISO 8601 date, got "${value}"`, 2);
  return date;
}

/** `excel-interviewer export`: streams a dataset to a file or stdout, page by page. */
export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description('Export interviews, responses or per-skill scores as CSV, NDJSON or Parquet (streamed; no personal data)')
    .option('--dataset <dataset>', `one of ${EXPORT_DATASETS.join(', ')}`, 'interviews')
    .option('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, 'csv')
    .option('--from <date>', 'interviews created at or after (ISO 8601)')
    .option('--to <date>', 'interviews created before (ISO 8601)')
    .option('--organisation <id>', 'one organisation (default: all)')
    .option('--out <file>', 'write here (default: stdout)')
    .action((options: { dataset: string; format: string; from?: string; to?: string; organisation?: string; out?: string }) =>
      runCommand(async () => {
        if (!(EXPORT_DATASETS as readonly string[]).includes(options.dataset)) throw new CommandError(`--dataset must be one of ${EXPORT_DATASETS.join(', ')}`, 2);
        if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) throw new CommandError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`, 2);
        if (options.format === 'parquet' && !options.out) throw new CommandError('Parquet is binary: give --out <file>', 2);
        const from = parseDate(options.from, 'from');
        const to = parseDate(options.to, 'to');
        const config = requireConfig();
        createLogger(config.LOG_LEVEL);
        const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
        try {
          await migrateToLatest(store.db);
          const stream = new ExportService(new ExportRepository(store.db)).stream(options.dataset as ExportDataset, options.format as ExportFormat, { from, to, organisationId: options.organisation });
          await pipeline(stream, options.out ? createWriteStream(options.out) : process.stdout);
        } finally {
          await store.close();
        }
      }),
    );
}
