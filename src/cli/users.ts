import type { Command } from 'commander';
import { createLogger } from '../logger.js';
import { createSecurity } from '../main.js';
import { slugify } from '../services/auth/auth-service.js';
import { isAppError } from '../services/errors.js';
import { createFieldCipher } from '../store/crypto/field-cipher.js';
import { loadKeyRing } from '../store/crypto/key-ring-file.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open-store.js';
import { OrganisationRepository } from '../store/repositories/organisation-repository.js';
import type { UserRole } from '../store/schema.js';
import { CommandError, requireConfig, runCommand } from './run-command.js';

const ROLES: readonly UserRole[] = ['admin', 'recruiter', 'reviewer', 'analyst'];

/** `excel-interviewer users create`: staff accounts from the command line (the first admin, or a recovery path). */
export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('Staff accounts');
  users
    .command('create')
    .description('Create a staff account; without --password a one-time link to choose one is printed')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'admin')
    .option('--name <name>', 'display name', '')
    .option('--password <password>', 'initial password (≥ 12 characters; prefer the printed link: a password here stays in shell history)')
    .option('--organisation <name>', 'organisation name (an admin creates it when it does not exist)')
    .action((options: { email: string; role: string; name: string; password?: string; organisation?: string }) =>
      runCommand(async () => {
        if (!(ROLES as readonly string[]).includes(options.role)) throw new CommandError(`--role must be one of ${ROLES.join(', ')}`, 2);
        const role = options.role as UserRole;
        const config = requireConfig();
        const logger = createLogger('warn');
        const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
        try {
          await migrateToLatest(store.db, store.schema);
          const keys = loadKeyRing({ dataDir: config.dataDir, keysSpec: config.ENCRYPTION_KEYS, indexKey: config.ENCRYPTION_INDEX_KEY });
          const printed: string[] = [];
          const security = await createSecurity(config, logger, store, { cipher: createFieldCipher(keys.ring), indexKey: keys.ring.indexKey, now: () => new Date() }, {
            bootstrap: false,
            mailer: { sendPasswordLink: async ({ url, expiresAt }) => void printed.push(`One-time link to set the password (until ${expiresAt.toISOString()}):\n  ${url}`) },
          });
          const organisationName = options.organisation ?? config.ADMIN_ORGANISATION;
          const organisations = new OrganisationRepository(store.db);
          const existing = await organisations.findBySlug(slugify(organisationName));
          let userId: string;
          if (!existing) {
            if (role !== 'admin') throw new CommandError(`No organisation "${organisationName}"; create its admin first (--role admin).`);
            if (!options.password) throw new CommandError('A new organisation needs its admin created with --password (or start the server for a setup link).', 2);
            userId = (await security.auth.createFirstAdmin({ email: options.email, password: options.password, name: options.name, organisationName }, 'cli')).id;
          } else {
            userId = (await security.users.create('cli', existing.id, { email: options.email, name: options.name, role, password: options.password })).id;
          }
          process.stdout.write(`created ${role} ${userId} in "${organisationName}"\n${printed.join('\n')}${printed.length ? '\n' : ''}`);
        } catch (error) {
          if (isAppError(error)) throw new CommandError(error.message);
          throw error;
        } finally {
          await store.close();
        }
      }),
    );
}
