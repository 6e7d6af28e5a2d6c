import type { Command } from 'commander';
import { AuditService } from '../services/audit/audit-service.js';
import { loadKeyRing } from '../store/crypto/key-ring-file.js';
import { openStore } from '../store/open-store.js';
import { AuditRepository } from '../store/repositories/audit-repository.js';
import { CommandError, requireConfig, runCommand } from './run-command.js';

/** `excel-interviewer audit verify`: walks the hash chain; exit code 1 when a row was changed or deleted. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The append-only audit log');
  audit
    .command('verify')
    .description('Check the audit hash chain: detects a changed or deleted row (exit code 1)')
    .action(() =>
      runCommand(async () => {
        const config = requireConfig();
        const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
        try {
          const keys = loadKeyRing({ dataDir: config.dataDir, keysSpec: config.ENCRYPTION_KEYS, indexKey: config.ENCRYPTION_INDEX_KEY });
          const verdict = await new AuditService(new AuditRepository(store.db), keys.ring.indexKey).verifyAuditChain();
          if (verdict.kind === 'broken') {
            throw new CommandError(`audit chain BROKEN at event ${verdict.eventId} (${verdict.reason === 'changed' ? 'the row was changed' : 'a row before it was deleted, or it was changed'}); ${verdict.count} events verified before it`);
          }
          process.stdout.write(`audit chain intact: ${verdict.count} events, head ${verdict.headHash}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
