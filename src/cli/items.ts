import type { Command } from 'commander';
import { createLogger } from '../logger.js';
import { CalibrationService } from '../services/calibration-service.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open-store.js';
import { ItemRepository } from '../store/repositories/item-repository.js';
import { requireConfig, runCommand } from './run-command.js';

const fmt = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? '' : n.toFixed(digits));

/** Registers `items calibrate`: refit IRT parameters from stored responses. */
export function registerItemsCommands(program: Command): void {
  const items = program.command('items').description('Item parameters: calibration from real responses');
  items
    .command('calibrate')
    .description('Fit item parameters from stored responses (MML-EM); report SEs, fit and drift; write new versions only with --apply')
    .option('--apply', 'write the new parameters as new item versions')
    .option('--min-responses <n>', 'items with fewer responses keep their parameters', '100')
    .option('--drift-threshold <x>', 'flag items whose parameters moved more than this', '0.05')
    .option('--json', 'print the report as JSON')
    .action((options: { apply?: boolean; minResponses: string; driftThreshold: string; json?: boolean }) =>
      runCommand(async () => {
        const config = requireConfig();
        createLogger(config.LOG_LEVEL);
        const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
        try {
          await migrateToLatest(store.db, store.schema);
          const report = await new CalibrationService(store.db, new ItemRepository(store.db)).calibrate({
            apply: options.apply ?? false,
            minResponses: Number(options.minResponses),
            driftThreshold: Number(options.driftThreshold),
          });
          if (options.json) {
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
            return;
          }
          const { result } = report;
          process.stdout.write(`${report.responses} responses from ${report.people} interviews; ${result.iterations} EM cycles, ${result.converged ? 'converged' : 'NOT converged'}\n`);
          process.stdout.write('item                                              status      n      a    se(a)      b    se(b)  fit p\n');
          for (const item of result.items.filter((i) => i.status === 'calibrated')) {
            const p = item.params;
            const b = p.model === 'grm' ? undefined : p.b;
            process.stdout.write(
              `${item.itemId.padEnd(50)}${item.status.padEnd(10)}${String(item.responses).padStart(5)}  ${fmt(p.a).padStart(5)}  ${fmt(item.se?.a).padStart(6)}  ${fmt(b).padStart(5)}  ${fmt(item.se?.b).padStart(6)}  ${fmt(item.fit?.p, 3).padStart(5)}\n`,
            );
          }
          process.stdout.write(`${result.keptPrior.length} items kept their parameters (fewer than ${options.minResponses} responses)\n`);
          for (const drift of report.drift) process.stdout.write(`DRIFT ${JSON.stringify(drift)}\n`);
          process.stdout.write(options.apply ? `applied new versions for ${report.applied.length} items\n` : 'dry run: pass --apply to write new parameter versions\n');
        } finally {
          await store.close();
        }
      }),
    );
}
