import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The HS256 key for access tokens: from `JWT_SECRET` (base64, at least 32 bytes), else generated
 * once into `<dataDir>/auth-secret` (mode 0600) so that every start and every instance sharing the
 * folder sign alike; in-memory data dirs (tests) get a fresh key.
 */
export function loadSigningKey(options: { dataDir: string; secret?: string | undefined }): { key: Buffer; generated: boolean; source: string } {
  if (options.secret) {
    const key = Buffer.from(options.secret, 'base64');
    if (key.length < 32) throw new Error('JWT_SECRET must be at least 32 bytes in base64');
    return { key, generated: false, source: 'environment' };
  }
  if (options.dataDir === 'memory://') return { key: randomBytes(32), generated: false, source: 'memory' };
  const file = path.join(options.dataDir, 'auth-secret');
  let generated = false;
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    generated = true;
  }
  return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), generated, source: file };
}
