import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/excel-interviewer.js');

describe('excel-interviewer interview (terminal demo)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xi-terminal-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the demo interview in a terminal to the closing message', async () => {
    const child = spawn(process.execPath, [BIN, 'interview'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin.write('I reconcile invoices and build pivot reports.\n');
    for (let i = 0; i < 20; i++) child.stdin.write("I don't know\n");
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Interviewer:');
    expect(stdout).toMatch(/end of the interview|We are done/);
    expect(stdout).toContain('Interview completed.');
  });
});
