/**
 * The `excel-interviewer` command line. Every command has --help; configuration comes from the
 * environment through src/config.ts, and a bad configuration lists every problem and exits.
 */
import { Command } from 'commander';
import { registerAuditCommands } from './cli/audit.js';
import { registerBankCommands } from './cli/bank.js';
import { registerExportCommands } from './cli/export.js';
import { bankCommandDeps } from './cli/bank-deps.js';
import { registerFormulaCommands } from './cli/formula.js';
import { registerGradeCommands } from './cli/grade.js';
import { registerInterviewCommands } from './cli/interview.js';
import { registerItemsCommands } from './cli/items.js';
import { requireConfig, runCommand } from './cli/run-command.js';
import { registerUsersCommands } from './cli/users.js';
import { describeConfig } from './config.js';
import { createLogger } from './logger.js';
import { createPlatform, serve } from './main.js';
import { migrateToLatest } from './store/migrate.js';
import { openStore } from './store/open-store.js';

const program = new Command()
  .name('excel-interviewer')
  .description('Interviews job candidates on Microsoft Excel: runs their formulas, adapts with IRT, grades explanations with evidence.')
  .showHelpAfterError()
  .addHelpText('after', `\nConfiguration (environment variables):\n${describeConfig().map((c) => `  ${c.name.padEnd(22)} ${c.description}${c.default !== undefined ? ` [default: ${String(c.default)}]` : ''}`).join('\n')}`);

program
  .command('serve')
  .description('Start the API and the web apps (embedded PGlite unless DATABASE_URL is set)')
  .option('-p, --port <port>', 'port to listen on (overrides PORT)')
  .action((options: { port?: string }) =>
    runCommand(async () => {
      const config = requireConfig(options.port ? { PORT: options.port } : {});
      await serve(config, createLogger(config.LOG_LEVEL));
    }),
  );

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(() =>
    runCommand(async () => {
      const config = requireConfig();
      const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
      try {
        const { applied } = await migrateToLatest(store.db);
        process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await store.close();
      }
    }),
  );

program
  .command('worker')
  .description('Process background jobs without serving HTTP (scale workers apart from API instances)')
  .action(() =>
    runCommand(async () => {
      const config = requireConfig();
      const logger = createLogger(config.LOG_LEVEL);
      const platform = await createPlatform(config, logger, { webRoot: undefined, processJobs: true });
      logger.info({ jobs: platform.jobs.kind }, 'worker started');
      const stop = () => void platform.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    }),
  );

registerBankCommands(program, bankCommandDeps());
registerFormulaCommands(program);
registerGradeCommands(program);
registerItemsCommands(program);
registerUsersCommands(program);
registerAuditCommands(program);
registerInterviewCommands(program);
registerExportCommands(program);

await program.parseAsync(process.argv);
