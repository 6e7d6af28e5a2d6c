/**
 * Encryption at rest for personal fields (candidate name, email, phone, free-text answers):
 * envelope encryption with AES-256-GCM. Each value gets a fresh data key, wrapped by the current
 * key-encryption key (KEK) and tagged with its id, so KEKs rotate without re-encrypting at once:
 * old values open with the KEK their id names. Emails are found through a keyed hash (HMAC-SHA256
 * under a separate index key), never by decrypting.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface KeyRing {
  /** Key-encryption keys by id; each 32 bytes. */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** The id new values are sealed with. */
  readonly currentKeyId: string;
  /** 32-byte key for the searchable keyed hash; never rotated silently (hashes would change). */
  readonly indexKey: Buffer;
}

export interface FieldCipher {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** Deterministic keyed hash for equality search (emails are lower-cased and trimmed first). */
  searchHash(value: string): string;
  /** Seals JSON-serialisable data (answers). */
  sealJson(value: unknown): string;
  openJson<T>(sealed: string): T;
}

const VERSION = 'x1';

function gcmSeal(key: Buffer, plaintext: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString('base64url')}.${body.toString('base64url')}`;
}

function gcmOpen(key: Buffer, sealed: string): Buffer {
  const [ivText, bodyText] = sealed.split('.');
  if (!ivText || !bodyText) throw new Error('malformed sealed value');
  const body = Buffer.from(bodyText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
}

export function createFieldCipher(ring: KeyRing): FieldCipher {
  const kek = (id: string) => {
    const key = ring.keys.get(id);
    if (!key) throw new Error(`no encryption key with id ${id}: it was removed from the key ring`);
    return key;
  };
  const seal = (plaintext: string) => {
    const dataKey = randomBytes(32);
    const wrapped = gcmSeal(kek(ring.currentKeyId), dataKey);
    return `${VERSION}:${ring.currentKeyId}:${wrapped}:${gcmSeal(dataKey, Buffer.from(plaintext, 'utf8'))}`;
  };
  const open = (sealed: string) => {
    const [version, keyId, wrapped, body] = sealed.split(':');
    if (version !== VERSION || !keyId || !wrapped || !body) throw new Error('not a sealed value');
    const dataKey = gcmOpen(kek(keyId), wrapped);
    return gcmOpen(dataKey, body).toString('utf8');
  };
  return {
    seal,
    open,
    searchHash: (value) => createHmac('sha256', ring.indexKey).update(value.trim().toLowerCase()).digest('base64url'),
    sealJson: (value) => seal(JSON.stringify(value)),
    openJson: <T>(sealed: string) => JSON.parse(open(sealed)) as T,
  };
}

/** True when a stored value is sealed (so a reader can tell legacy plaintext apart). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`);
}
