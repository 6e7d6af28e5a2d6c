import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/excel-interviewer.js');

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('excel-interviewer serve', () => {
  it('refuses to start on an unreachable database, saying where and why', async () => {
    const result = await cli(['serve'], { DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/xi', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot start: cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/xi/);
    expect(result.stderr).not.toContain(':pw@');
  });

  it('refuses a malformed configuration, listing every problem', async () => {
    const result = await cli(['serve'], { DATABASE_URL: 'mysql://db/xi', PORT: 'http', REDIS_URL: 'cache:6379' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Configuration problems:');
    expect(result.stderr).toMatch(/PORT: expected an integer/);
    expect(result.stderr).toMatch(/DATABASE_URL:/);
    expect(result.stderr).toMatch(/REDIS_URL:/);
  });

  it.each([[['--help']], [['serve', '--help']], [['migrate', '--help']], [['worker', '--help']]])('%j prints help', async (args) => {
    const result = await cli(args, {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: excel-interviewer/);
  });

  it('shuts down gracefully on SIGTERM: finishes, closes the database, exits 0', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'xi-shutdown-'));
    const port = 31_000 + (process.pid % 2000);
    const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_SEED: 'false', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let logs = '';
    child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!logs.includes('excel-interviewer is serving')) await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs).toContain('shutting down');
    rmSync(dataDir, { recursive: true, force: true });
  });
});
