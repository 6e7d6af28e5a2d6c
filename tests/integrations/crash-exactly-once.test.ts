import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createPlatform } from '../../src/main.js';
import { openStore } from '../../src/store/open-store.js';
import { REPO_ROOT } from '../../src/main.js';
import { inviteCandidate, until } from './support/fixture.js';
import { startSmtpSink } from './support/smtp-sink.js';

/**
 * The acceptance test for exactly-once effects: a worker process is killed (SIGKILL) while it is
 * sending an invitation email (the SMTP server holds the message), a new worker starts, and the
 * candidate receives exactly one email. Runs on the in-process runner (database queue) for each
 * database, and on BullMQ with real Redis when TEST_REDIS_URL is set.
 */
interface Case {
  readonly name: string;
  readonly database: 'pglite' | 'postgres';
  readonly redis: boolean;
}

const cases: Case[] = [{ name: 'in-process runner on PGlite', database: 'pglite', redis: false }];
if (process.env.TEST_DATABASE_URL) cases.push({ name: 'in-process runner on Postgres', database: 'postgres', redis: false });
if (process.env.TEST_REDIS_URL) cases.push({ name: 'BullMQ on Redis', database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite', redis: true });

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function freshPostgres(url: string): Promise<string> {
  const name = `xi_crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function startWorker(env: Record<string, string>): { child: ChildProcess; output: string[]; exited: Promise<number | null> } {
  const output: string[] = [];
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'excel-interviewer.js'), 'worker'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

for (const testCase of cases) {
  describe(`${testCase.name}: a job retried after a crash mid-run has one effect`, () => {
    it('kills the worker while it sends the invitation; the restarted worker sends exactly one email', async () => {
      const smtp = await startSmtpSink({ hold: (n) => n === 1 });
      cleanups.push(() => smtp.close());
      const dataDir = mkdtempSync(path.join(tmpdir(), 'xi-crash-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = {
        DATA_DIR: dataDir,
        DEMO_SEED: 'false',
        LOG_LEVEL: 'info',
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Hiring <hiring@example.com>',
        PUBLIC_URL: 'https://interviews.example.com',
        JOB_LEASE_MS: '1500',
        JOB_QUEUE: `crash-${process.pid}-${randomBytes(4).toString('hex')}`,
      };
      if (testCase.database === 'postgres') env.DATABASE_URL = await freshPostgres(process.env.TEST_DATABASE_URL ?? '');
      if (testCase.redis) env.REDIS_URL = process.env.TEST_REDIS_URL ?? '';

      // An API instance (no job processing) invites a candidate: the job is persisted, not run.
      const config = loadConfig(env);
      if (!config.ok) throw new Error(config.problems.join('; '));
      const api = await createPlatform(config.config, createLogger('silent'), { processJobs: false, webRoot: undefined });
      const invited = await inviteCandidate(api, { name: 'Zoë Kowalski', email: 'zoe@example.com' });
      await api.close();

      const first = startWorker(env);
      cleanups.push(async () => void first.child.kill('SIGKILL'));
      await until(() => smtp.held() === 1, 50);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(smtp.received).toHaveLength(0);

      const second = startWorker(env);
      cleanups.push(async () => void second.child.kill('SIGKILL'));
      await until(() => smtp.received.length === 1, 50);
      // Give a duplicate every chance to arrive before stopping the worker.
      await until(() => second.output.join('').includes('invitation processed'), 50);
      second.child.kill('SIGTERM');
      await second.exited;

      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.to).toEqual(['zoe@example.com']);
      expect(smtp.received[0]?.message.headers['message-id']).toBe(`<email.invitation.${invited.interviewId}@interviews.example.com>`);
      expect(second.output.join('')).not.toContain('zoe@example.com');

      const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir });
      try {
        const effect = await store.db.selectFrom('effects').selectAll().where('key', '=', `email.invitation.${invited.interviewId}`).executeTakeFirstOrThrow();
        expect(effect.state).toBe('done');
        expect(effect.attempts).toBe(2);
      } finally {
        await store.close();
      }
    }, 300_000);
  });
}
