import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Backend = 'pglite' | 'postgres';

/** An open database: the Kysely handle plus what the platform needs to report and close it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly backend: Backend;
  /** Where the data lives, with any password removed (safe to log). */
  readonly location: string;
  /** The Postgres schema the connection works in, when not the default. */
  readonly schema?: string | undefined;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Connection pool use (Postgres only), for the `xi_db_pool_connections` gauge. */
  poolCounts?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Postgres URL; when absent, embedded PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's folder is `<dataDir>/pgdata`; `memory://` keeps it in memory (tests). */
  readonly dataDir: string;
  readonly poolMax?: number;
  readonly connectTimeoutMs?: number;
  /** Work in this Postgres schema (its search_path), e.g. one schema per test file. */
  readonly schema?: string | undefined;
}

/** Thrown when the database cannot be reached or opened; the message is safe to show. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * True for a write refused because the disk (or the process's file-size limit) is full:
 * PostgreSQL's and PGlite's `disk_full` (SQLSTATE 53100) or a Node file-system ENOSPC / EFBIG /
 * EDQUOT. The statement failed as a whole, so its transaction wrote nothing.
 */
export function isStorageFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '53100' || code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT';
}

/** Removes the password from a connection string so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** Opens PGlite (default) or Postgres, and proves the connection works before returning. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Store> {
  const inMemory = dataDir === 'memory://';
  const folder = inMemory ? 'memory://' : path.join(dataDir, 'pgdata');
  let pglite: PGlite;
  try {
    if (!inMemory) mkdirSync(folder, { recursive: true });
    pglite = new PGlite(folder);
    await pglite.waitReady;
  } catch (cause) {
    throw new StoreUnavailableError(`cannot open the embedded database in ${folder}: ${(cause as Error).message}`, { cause });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    backend: 'pglite',
    location: folder,
    ping: async () => {
      if (pglite.closed) throw new StoreUnavailableError('the embedded database is closed');
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    throw new StoreUnavailableError(`cannot reach PostgreSQL at ${location}: ${(cause as Error).message}`, { cause });
  }
  return {
    db,
    backend: 'postgres',
    location,
    schema: options.schema,
    poolCounts: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await db.destroy();
    },
  };
}
