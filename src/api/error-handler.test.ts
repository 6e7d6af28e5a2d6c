import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandler } from './error-handler.js';

/** An error as the database driver or the file system raises it: a plain Error with a `code`. */
const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('error handler: a full disk', () => {
  it.each([
    ['PostgreSQL / PGlite disk_full', failure('could not extend file "base/5/16385": No space left on device', '53100')],
    ['a file write with no space left', failure('ENOSPC: no space left on device, write', 'ENOSPC')],
    ['a file write past the size limit', failure('EFBIG: file too large, write', 'EFBIG')],
  ])('%s answers 503 storage-full and says nothing internal', async (_name, error) => {
    const app = Fastify({ logger: false });
    registerErrorHandler(app);
    app.post('/write', async () => {
      throw error;
    });
    const res = await app.inject({ method: 'POST', url: '/write' });
    expect(res.statusCode).toBe(503);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('storage-full');
    expect(body.error.message).toMatch(/out of disk space; nothing was saved/);
    expect(body.error.message).not.toMatch(/base\/5|ENOSPC|EFBIG/);
    await app.close();
  });
});
