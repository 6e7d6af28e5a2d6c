import type { Kysely } from 'kysely';
import { type MigrationResultSet, Migrator } from 'kysely/migration';
import { MIGRATIONS } from './migrations/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types apply
function migratorFor(db: Kysely<any>, schema: string | undefined): Migrator {
  // Migration numbers were reserved per subsystem, so a lower number may arrive after a higher one
  // has run; each migration only adds its own tables, so applying it late is safe.
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS }, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/**
 * Applies every pending migration (`schema`: where the migration bookkeeping lives when the
 * connection's search_path is not `public`); Kysely's lock table keeps concurrent instances from racing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<{ applied: string[] }> {
  const result: MigrationResultSet = await migratorFor(db, schema).migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** The migrations this code knows that the database has not applied yet. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function pendingMigrations(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrations = await migratorFor(db, schema).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
