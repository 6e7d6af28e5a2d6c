import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openStore, type Store } from '../../src/store/open-store.js';

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated, isolated database (a new PGlite in memory, or a new Postgres schema). */
  open(): Promise<Store>;
}

/** PGlite always; Postgres too when TEST_DATABASE_URL is set. Suites run once per backend. */
export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', open: () => openMigrated({ dataDir: 'memory://' }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) backends.push({ name: 'postgres', open: () => openPostgresSchema(url) });
  return backends;
}

async function openMigrated(options: Parameters<typeof openStore>[0]): Promise<Store> {
  const store = await openStore(options);
  await migrateToLatest(store.db, store.schema);
  return store;
}

/** Each test file gets its own schema, dropped when the store closes. */
async function openPostgresSchema(url: string): Promise<Store> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = await openMigrated({ databaseUrl: url, dataDir: 'memory://', poolMax: 4, schema });
  return {
    ...store,
    close: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
