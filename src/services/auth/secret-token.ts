import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random bearer secret with a readable prefix: 32 bytes (256 bits), base64url. */
export function generateSecretToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of a high-entropy secret, as stored. A fast hash is right here (unlike passwords): the
 * secrets are 256-bit random, so there is nothing to guess.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
