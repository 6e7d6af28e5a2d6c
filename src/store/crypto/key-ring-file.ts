import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyRing } from './field-cipher.js';

interface KeyRingFile {
  readonly currentKeyId: string;
  readonly keys: Record<string, string>;
  readonly indexKey: string;
}

/**
 * Loads the key ring from `ENCRYPTION_KEYS` (`id:base64key,…`, the first is current) plus the
 * index key, or from `<dataDir>/keys.json`, generating that file on first start. Returns whether
 * it was generated so the caller can log a reminder to back it up.
 */
export function loadKeyRing(options: { dataDir: string; keysSpec?: string | undefined; indexKey?: string | undefined }): { ring: KeyRing; generated: boolean; source: string } {
  if (options.keysSpec) {
    const entries = options.keysSpec.split(',').map((pair) => {
      const [id, key] = pair.split(':');
      const bytes = Buffer.from(key ?? '', 'base64');
      if (!id || bytes.length !== 32) throw new Error(`ENCRYPTION_KEYS: entry "${id ?? ''}" must be id:<32 bytes in base64>`);
      return [id, bytes] as const;
    });
    const indexKey = Buffer.from(options.indexKey ?? '', 'base64');
    if (indexKey.length !== 32) throw new Error('ENCRYPTION_INDEX_KEY must be 32 bytes in base64 when ENCRYPTION_KEYS is set');
    return { ring: { keys: new Map(entries), currentKeyId: entries[0]?.[0] ?? '', indexKey }, generated: false, source: 'environment' };
  }
  if (options.dataDir === 'memory://') {
    // An in-memory database (tests) gets keys that live exactly as long as it does.
    return { ring: { keys: new Map([['ephemeral', randomBytes(32)]]), currentKeyId: 'ephemeral', indexKey: randomBytes(32) }, generated: false, source: 'memory' };
  }
  const file = path.join(options.dataDir, 'keys.json');
  let generated = false;
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    const id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
    const content: KeyRingFile = { currentKeyId: id, keys: { [id]: randomBytes(32).toString('base64') }, indexKey: randomBytes(32).toString('base64') };
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    generated = true;
  }
  const content = JSON.parse(readFileSync(file, 'utf8')) as KeyRingFile;
  return {
    ring: {
      keys: new Map(Object.entries(content.keys).map(([id, key]) => [id, Buffer.from(key, 'base64')])),
      currentKeyId: content.currentKeyId,
      indexKey: Buffer.from(content.indexKey, 'base64'),
    },
    generated,
    source: file,
  };
}
