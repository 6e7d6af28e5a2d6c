import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, totpCode } from './totp.js';

// RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), truncated to 6 digits.
const SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s the code is %s (RFC 6238)', (seconds, code) => {
    expect(totpCode(SECRET, seconds * 1000)).toBe(code);
  });

  it('HOTP matches RFC 4226 appendix D', () => {
    expect([0, 1, 2].map((c) => hotp(Buffer.from('12345678901234567890'), c))).toEqual(['755224', '287082', '359152']);
  });

  it('base32 round-trips', () => {
    expect(base32Decode(base32Encode(Buffer.from('any bytes at all')))).toEqual(Buffer.from('any bytes at all'));
  });

  it('accepts one step of drift, refuses replays and wrong codes', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotp(SECRET, totpCode(SECRET, now - 30_000), now, undefined)).toBe(step - 1);
    expect(matchTotp(SECRET, totpCode(SECRET, now), now, step)).toBeUndefined();
    expect(matchTotp(SECRET, totpCode(SECRET, now - 90_000), now, undefined)).toBeUndefined();
    expect(matchTotp(SECRET, 'abcdef', now, undefined)).toBeUndefined();
  });
});
