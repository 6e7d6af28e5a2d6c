import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (an ambient const enum, so its value is written here). */
const ARGON2ID = 2;

/**
 * Hashes and checks staff passwords. The issue asks for argon2id; Node has no built-in argon2, so
 * the default is scrypt (memory-hard too, RFC 7914) until `@node-rs/argon2` is installed and an
 * `Argon2idPasswordHasher` takes its place behind this interface. Stored hashes name their
 * algorithm and parameters, so a later hasher can verify old hashes and `needsRehash` upgrades them
 * on the next sign-in.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
  /** True when `stored` was made with weaker or other parameters than this hasher uses now. */
  needsRehash(stored: string): boolean;
}

export interface ScryptParameters {
  /** CPU/memory cost, a power of two (default 2^15: 32 MiB with r = 8). */
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

const DEFAULT_PARAMETERS: ScryptParameters = { cost: 2 ** 15, blockSize: 8, parallelization: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, p: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = { N: p.cost, r: p.blockSize, p: p.parallelization, maxmem: 256 * p.cost * p.blockSize + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`. */
export function createScryptPasswordHasher(parameters: Partial<ScryptParameters> = {}): PasswordHasher {
  const p: ScryptParameters = { ...DEFAULT_PARAMETERS, ...parameters };
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, p);
      return `scrypt$${p.cost}$${p.blockSize}$${p.parallelization}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    },
    async verify(stored, password) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [cost, blockSize, parallelization] = parts.slice(1, 4).map(Number) as [number, number, number];
      if (![cost, blockSize, parallelization].every((n) => Number.isInteger(n) && n > 0) || cost > 2 ** 20) return false;
      const expected = Buffer.from(parts[5] ?? '', 'base64url');
      if (expected.length !== KEY_LENGTH) return false;
      const key = await derive(password, Buffer.from(parts[4] ?? '', 'base64url'), { cost, blockSize, parallelization });
      return timingSafeEqual(key, expected);
    },
    needsRehash(stored) {
      const parts = stored.split('$');
      return parts[0] !== 'scrypt' || Number(parts[1]) < p.cost || Number(parts[2]) !== p.blockSize || Number(parts[3]) !== p.parallelization;
    },
  };
}

/**
 * argon2id (RFC 9106, OWASP's first choice for password storage) through `@node-rs/argon2`,
 * whose per-platform builds come from the registry (no compiler at install). Verifies earlier scrypt hashes too, and reports them as needing
 * a rehash, so accounts move to argon2id at their next sign-in.
 */
export function createArgon2PasswordHasher(options: { memoryCostKiB?: number; timeCost?: number; parallelism?: number } = {}): PasswordHasher {
  const memoryCost = options.memoryCostKiB ?? 19_456;
  const timeCost = options.timeCost ?? 2;
  const parallelism = options.parallelism ?? 1;
  const legacy = createScryptPasswordHasher();
  return {
    hash: (password) => argon2Hash(password.normalize('NFKC'), { algorithm: ARGON2ID, memoryCost, timeCost, parallelism }),
    async verify(stored, password) {
      if (stored.startsWith('scrypt$')) return legacy.verify(stored, password);
      if (!stored.startsWith('$argon2id$')) return false;
      try {
        return await argon2Verify(stored, password.normalize('NFKC'));
      } catch {
        return false;
      }
    },
    needsRehash(stored) {
      const params = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
      return !params || Number(params[1]) < memoryCost || Number(params[2]) < timeCost || Number(params[3]) !== parallelism;
    },
  };
}
