import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, isSealed } from './field-cipher.js';

const key = (id: string) => [id, randomBytes(32)] as const;

describe('field cipher', () => {
  const k1 = key('k1');
  const k2 = key('k2');
  const indexKey = randomBytes(32);
  const old = createFieldCipher({ keys: new Map([k1]), currentKeyId: 'k1', indexKey });
  const rotated = createFieldCipher({ keys: new Map([k1, k2]), currentKeyId: 'k2', indexKey });

  it('round-trips text and never stores it in clear', () => {
    const sealed = old.seal('ana.lima@example.com');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('ana');
    expect(old.open(sealed)).toBe('ana.lima@example.com');
    expect(old.seal('same')).not.toBe(old.seal('same'));
  });

  it('opens old values after a key rotation and seals new ones with the new key', () => {
    const before = old.seal('answer text');
    expect(rotated.open(before)).toBe('answer text');
    expect(rotated.seal('x').split(':')[1]).toBe('k2');
  });

  it('detects tampering', () => {
    const sealed = old.seal('payroll');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!.split('.')[1]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = `${parts[3]!.split('.')[0]}.${body.toString('base64url')}`;
    expect(() => old.open(parts.join(':'))).toThrow();
  });

  it('hashes emails for search, ignoring case and spaces, stable across rotation', () => {
    expect(old.searchHash(' Ana@Example.com ')).toBe(rotated.searchHash('ana@example.com'));
    expect(old.searchHash('ana@example.com')).not.toBe(old.searchHash('bob@example.com'));
  });
});
