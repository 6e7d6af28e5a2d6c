import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import { openStore, redactUrl, StoreUnavailableError } from './open-store.js';

describe('openStore on embedded PGlite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xi-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across a restart (write, close, reopen, read)', async () => {
    const first = await openStore({ dataDir: dir });
    await migrateToLatest(first.db);
    await first.db.insertInto('organisations').values({ id: '00000000-0000-4000-8000-000000000001', name: 'Acme', slug: 'acme', settings: '{}' }).execute();
    await first.close();

    const second = await openStore({ dataDir: dir });
    expect(await pendingMigrations(second.db)).toEqual([]);
    const row = await second.db.selectFrom('organisations').select(['name', 'slug']).executeTakeFirst();
    expect(row).toEqual({ name: 'Acme', slug: 'acme' });
    await second.close();
  });
});

describe('openStore on PostgreSQL', () => {
  it('refuses an unreachable database with a clear message and no password', async () => {
    const error = await openStore({ databaseUrl: 'postgres://app:s3cret@127.0.0.1:1/nowhere', dataDir: 'memory://', connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/^cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it.each([
    ['postgres://u:pw@h:5432/db', 'postgres://u:***@h:5432/db'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['not a url', '<unparseable url>'],
  ])('redacts %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
