/**
 * Real processes for the scale and fault tests: API instances and workers started with the
 * product's own CLI, a private redis-server, a throwaway PostgreSQL cluster, and a fresh database on
 * the machine's shared PostgreSQL. Everything started here is stopped by the returned handle, and
 * every wait is bounded.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(REPO_ROOT, 'bin', 'excel-interviewer.js');

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Thrown by a `waitFor` check to stop waiting at once (e.g. the process exited). */
export class GiveUp extends Error {}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Secrets every instance of one deployment must share (keys for personal data, token signing). */
export function sharedSecrets(): Record<string, string> {
  return {
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    ENCRYPTION_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64'),
  };
}

export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Everything the process wrote (stdout + stderr), for failure messages. */
  output(): string;
  /** SIGKILL: no graceful shutdown (a crash). */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function manage(child: ChildProcess, port: number): ManagedProcess {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => text,
    kill: () => signal('SIGKILL', 0),
    stop: (graceMs = 10_000) => signal('SIGTERM', graceMs),
  };
}

/**
 * Starts `excel-interviewer serve` (or `worker`) as a child process and, for `serve`, waits until
 * `/ready` answers 200. Start the first instance of a fresh database alone: it migrates and seeds.
 */
export async function startInstance(mode: 'serve' | 'worker', env: Record<string, string>, timeoutMs = 120_000): Promise<ManagedProcess> {
  const port = mode === 'serve' ? Number(env.PORT ?? (await freePort())) : 0;
  const child = spawn(process.execPath, [CLI, mode], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, ...(mode === 'serve' ? { PORT: String(port) } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const managed = manage(child, port);
  try {
    if (mode === 'serve') {
      await waitFor(
        `instance on port ${port} to be ready`,
        async () => {
          if (child.exitCode !== null) throw new GiveUp(`exited with ${child.exitCode}: ${managed.output().slice(-2000)}`);
          const res = await fetch(`${managed.url}/ready`);
          return res.status === 200 ? true : undefined;
        },
        timeoutMs,
        250,
      );
    } else {
      await waitFor(
        'worker to start',
        async () => {
          if (child.exitCode !== null) throw new GiveUp(`exited with ${child.exitCode}: ${managed.output().slice(-2000)}`);
          return managed.output().includes('worker started') ? true : undefined;
        },
        timeoutMs,
        250,
      );
    }
  } catch (error) {
    await managed.kill();
    throw error;
  }
  return managed;
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>;
}

/** A private redis-server (no persistence) on a free port, so jobs and counters of other suites never mix with ours. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let current: ManagedProcess | undefined;
  const start = async () => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    current = manage(child, port);
    await waitFor('redis-server to accept connections', async () => {
      if (child.exitCode !== null) throw new GiveUp(current?.output());
      return (await redisPing(port)) ? true : undefined;
    }, 15_000, 100);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop: async () => current?.stop(5000) };
}

async function redisPing(port: number): Promise<boolean> {
  const { Socket } = await import('node:net');
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** The shared PostgreSQL the machine's test suites use (never restarted by us). */
export const SHARED_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export { postgresReachable } from '../../helpers/postgres-reachable.js';

export function redisServerInstalled(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A new, empty database on an existing server, dropped by `drop()`. */
export async function createFreshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `xi_scale_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface ThrowawayPostgres {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** Fast shutdown: open connections are terminated (like a crash or a failover, from the app's view). */
  stop(): Promise<void>;
  /** Stops and deletes the cluster. */
  destroy(): Promise<void>;
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return version ? path.join(root, version, 'bin') : undefined;
}

export function throwawayPostgresAvailable(): boolean {
  const bin = postgresBin();
  return bin !== undefined && existsSync(path.join(bin, 'initdb'));
}

/**
 * A private PostgreSQL cluster in a temp folder on a free port, which a fault test may stop and
 * start at will. Runs as the `postgres` user when we are root (initdb refuses root).
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'xi-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, tool), asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args, { stdio: 'pipe', timeout: 60_000 });
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = async () => {
    run('pg_ctl', ['-D', dataDir, '-o', `-p ${port} -k ${dir} -c fsync=off -c listen_addresses=127.0.0.1`, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  const stop = async () => {
    run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: async () => {
      try {
        await stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
