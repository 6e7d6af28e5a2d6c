/**
 * A full disk under embedded PGlite, with real processes: the server's DATA_DIR is a small private
 * tmpfs, which another file then fills. Writes answer 503 `storage-full` (never a 500, never a
 * partial turn), reads of the stored interview go on, and after space is freed and the server
 * restarted the transcript is exactly what it was and the interview continues.
 *
 * Mounting a tmpfs needs root (this machine's CI runs as root); the suite is skipped where
 * `mount -t tmpfs` is refused. Every wait is bounded; the mount is removed at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/bank/item.js';
import { loadBankDir } from '../../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../../src/services/bank/repo-bank-dir.js';
import type { SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';
import { answerCurrent } from '../helpers/simulated-candidate.js';
import { HttpCandidate, startDemoOver } from './support/http-candidate.js';
import { type ManagedProcess, sharedSecrets, startInstance } from './support/processes.js';

/** Room for the database the server creates and seeds (about 41 MB) and a little more. */
const TMPFS_SIZE = '96m';

function tmpfsMountable(): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'xi-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a file until the file system refuses (ENOSPC), so that no other write finds room. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 4096]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

type ErrorReply = { error: { code: string; message: string } };

describe.skipIf(!tmpfsMountable())('a full disk under embedded PGlite', () => {
  let mountDir: string;
  let mounted = false;
  let env: Record<string, string>;
  let server: ManagedProcess | undefined;
  let items: Map<string, Item>;

  beforeAll(async () => {
    items = new Map((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
    mountDir = mkdtempSync(path.join(tmpdir(), 'xi-disk-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', mountDir]);
    mounted = true;
    env = { DATA_DIR: path.join(mountDir, 'data'), DEMO_SEED: 'true', RATE_LIMIT_PER_MINUTE: '100000', ...sharedSecrets() };
    server = await startInstance('serve', env);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (mounted) execFileSync('umount', [mountDir]);
    if (mountDir) rmSync(mountDir, { recursive: true, force: true });
  }, 60_000);

  it('writes answer 503 storage-full and store nothing; reads go on; after freeing space and a restart the transcript is intact and the interview continues', async () => {
    if (!server) throw new Error('no server');
    const token = await startDemoOver(server.url);
    const client = new HttpCandidate([server.url], token);
    await client.ok('POST', '/session/consent', { accepted: true });
    let session = await client.ok<SessionViewData>('POST', '/session/start');
    if (session.awaitingWarmUp) session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'I build reports.' })).session;
    session = (await answerCurrent(client, session, items, 'strong')).session;

    const filler = path.join(mountDir, 'filler');
    fillDisk(filler);
    // A turn may still fit in a page the database already holds; within a few turns one needs new space.
    const refusals: { status: number; body: ErrorReply }[] = [];
    for (let turn = 0; turn < 20 && refusals.length === 0; turn++) {
      const reply = await client.request<ErrorReply | TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: `Could you repeat the question? ${'please '.repeat(40)}` });
      if (reply.status !== 200) refusals.push(reply as { status: number; body: ErrorReply });
    }
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.status).toBe(503);
    expect(refusals[0]?.body.error.code).toBe('storage-full');
    expect(refusals[0]?.body.error.message).toMatch(/disk space/);

    // Reads of what is stored go on while the disk is full.
    const whileFull = await client.view();
    expect(whileFull.interviewId).toBe(session.interviewId);

    await server.stop();
    rmSync(filler);
    server = await startInstance('serve', env);
    const restarted = new HttpCandidate([server.url], token);
    const after = await restarted.view();
    // Nothing half-written and nothing lost: exactly the transcript that was readable while full.
    expect(after.messages).toEqual(whileFull.messages);
    const next = await answerCurrent(restarted, after, items, 'strong');
    expect(next.session.messages.length).toBeGreaterThan(after.messages.length);
  }, 240_000);
});
