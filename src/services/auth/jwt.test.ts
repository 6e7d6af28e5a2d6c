import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from './jwt.js';

const key = Buffer.alloc(32, 7);
const expect_ = { nowSec: 1000, issuer: 'https://xi.example', audience: 'excel-interviewer', type: 'access' };
const claims = { iss: 'https://xi.example', aud: 'excel-interviewer', typ: 'access', sub: 'u1', exp: 2000 };

describe('HS256 JWT', () => {
  it('verifies what it signed', () => {
    expect(verifyJwt(signJwt(claims, key), key, expect_)).toEqual({ kind: 'valid', claims });
  });

  it.each([
    ['another key', signJwt(claims, Buffer.alloc(32, 8)), 'signature'],
    ['expiry passed', signJwt({ ...claims, exp: 1000 }, key), 'expired'],
    ['another issuer', signJwt({ ...claims, iss: 'x' }, key), 'issuer'],
    ['another audience', signJwt({ ...claims, aud: 'x' }, key), 'audience'],
    ['another type', signJwt({ ...claims, typ: 'refresh' }, key), 'type'],
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`, 'malformed'],
    ['garbage', 'a.b', 'malformed'],
  ])('refuses %s', (_label, token, reason) => {
    expect(verifyJwt(token, key, expect_)).toEqual({ kind: 'invalid', reason });
  });
});
