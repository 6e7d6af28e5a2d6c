import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (one v1 per valid secret during a rotation). */
export const SIGNATURE_HEADER = 'x-excel-interviewer-signature';
/** Receivers reject a signature older (or newer) than this, so a captured request cannot be replayed later. */
export const DEFAULT_TOLERANCE_SEC = 300;

export function signPayload(secret: string, timestampSec: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
}

/** Builds the header value, signing with every secret given (current first, then one being rotated out). */
export function signatureHeader(secrets: readonly string[], timestampSec: number, body: string): string {
  return [`t=${timestampSec}`, ...secrets.map((secret) => `v1=${signPayload(secret, timestampSec, body)}`)].join(',');
}

export type SignatureCheck = { readonly ok: true; readonly timestampSec: number } | { readonly ok: false; readonly reason: 'malformed' | 'outside-window' | 'mismatch' };

/**
 * Verifies a webhook as a receiver should: parse `t` and the `v1` values, reject a timestamp
 * outside the replay window, then compare in constant time against the HMAC of `<t>.<raw body>`
 * with any of the receiver's secrets (two during a rotation).
 */
export function verifySignature(input: { header: string | undefined; body: string; secrets: readonly string[]; nowSec: number; toleranceSec?: number }): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'malformed' };
  let timestampSec: number | undefined;
  const signatures: string[] = [];
  for (const part of input.header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestampSec = Number(value);
    if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestampSec === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(input.nowSec - timestampSec) > (input.toleranceSec ?? DEFAULT_TOLERANCE_SEC)) return { ok: false, reason: 'outside-window' };
  for (const secret of input.secrets) {
    const expected = Buffer.from(signPayload(secret, timestampSec, input.body), 'hex');
    if (signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) return { ok: true, timestampSec };
  }
  return { ok: false, reason: 'mismatch' };
}
