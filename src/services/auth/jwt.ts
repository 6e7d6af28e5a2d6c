import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims this platform puts in its own HS256 tokens. */
export interface JwtClaims {
  readonly [claim: string]: unknown;
  readonly iss?: string;
  readonly aud?: string;
  readonly sub?: string;
  readonly exp?: number;
  readonly iat?: number;
}

export type JwtVerification<T> = { kind: 'valid'; claims: T } | { kind: 'invalid'; reason: 'malformed' | 'signature' | 'expired' | 'audience' | 'issuer' | 'type' };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const mac = (secret: Buffer, input: string) => createHmac('sha256', secret).update(input).digest();

/** Signs claims as a compact HS256 JWT (RFC 7519). */
export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/**
 * Checks an HS256 JWT: exactly the HS256 header (no `alg: none`, no key confusion), a valid MAC
 * compared in constant time, `exp` in the future at `nowSec`, and the expected `typ`, `iss`, `aud`.
 */
export function verifyJwt<T extends JwtClaims>(token: string, secret: Buffer, expect: { nowSec: number; issuer: string; audience: string; type: string }): JwtVerification<T> {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 4096) return { kind: 'invalid', reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  let decodedHeader: unknown;
  let claims: T;
  try {
    decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
  } catch {
    return { kind: 'invalid', reason: 'malformed' };
  }
  if (typeof decodedHeader !== 'object' || decodedHeader === null || (decodedHeader as { alg?: unknown }).alg !== 'HS256') return { kind: 'invalid', reason: 'malformed' };
  if (typeof claims !== 'object' || claims === null) return { kind: 'invalid', reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const wanted = mac(secret, `${header}.${payload}`);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { kind: 'invalid', reason: 'signature' };
  if (typeof claims.exp !== 'number' || claims.exp <= expect.nowSec) return { kind: 'invalid', reason: 'expired' };
  if (claims.iss !== expect.issuer) return { kind: 'invalid', reason: 'issuer' };
  if (claims.aud !== expect.audience) return { kind: 'invalid', reason: 'audience' };
  if (claims.typ !== expect.type) return { kind: 'invalid', reason: 'type' };
  return { kind: 'valid', claims };
}
