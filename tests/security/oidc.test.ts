import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.js';
import { testBackends } from '../helpers/test-backends.js';
import { buildSecurityFixture, type SecurityFixture } from './security-fixture.js';

/** A small OpenID provider: discovery, JWKS, and a token endpoint that checks PKCE and returns an RS256 ID token. */
class LocalOidcProvider {
  readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly rogue = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly codes = new Map<string, { challenge: string; claims: Record<string, unknown>; signWith?: 'rogue' }>();
  private server: Server | undefined;
  issuer = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.issuer);
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/.well-known/openid-configuration') return json(200, { issuer: this.issuer, authorization_endpoint: `${this.issuer}/authorize`, token_endpoint: `${this.issuer}/token`, jwks_uri: `${this.issuer}/jwks` });
      if (url.pathname === '/jwks') return json(200, { keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] });
      if (url.pathname === '/token' && req.method === 'POST') {
        let text = '';
        req.on('data', (chunk: Buffer) => (text += chunk.toString()));
        req.on('end', () => {
          const form = new URLSearchParams(text);
          const grant = this.codes.get(form.get('code') ?? '');
          this.codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          if (!grant || form.get('client_id') !== 'xi-client' || form.get('client_secret') !== 'xi-secret' || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return json(400, { error: 'invalid_grant' });
          return json(200, { access_token: 'at', token_type: 'Bearer', id_token: this.sign(grant.claims, grant.signWith) });
        });
        return undefined;
      }
      return json(404, {});
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  sign(claims: Record<string, unknown>, signWith?: 'rogue'): string {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createSign('sha256').update(`${header}.${payload}`).sign(signWith === 'rogue' ? this.rogue.privateKey : this.keys.privateKey).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /** What the browser would do at the provider: the user signs in, the provider redirects back with a code. */
  authorise(authorizeUrl: string, claims: (nonce: string) => Record<string, unknown>, signWith?: 'rogue'): { code: string; state: string } {
    const url = new URL(authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { challenge: url.searchParams.get('code_challenge') ?? '', claims: claims(url.searchParams.get('nonce') ?? ''), ...(signWith ? { signWith } : {}) });
    return { code, state: url.searchParams.get('state') ?? '' };
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

for (const backend of testBackends()) {
  describe(`${backend.name}: OpenID Connect sign-in against a local provider`, () => {
    const provider = new LocalOidcProvider();
    let store: Store;
    let f: SecurityFixture;
    beforeAll(async () => {
      await provider.start();
      store = await backend.open();
      f = await buildSecurityFixture(store, { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'xi-client', OIDC_CLIENT_SECRET: 'xi-secret' });
    });
    afterAll(async () => {
      await f.close();
      await store.close().catch(() => undefined);
      await provider.stop();
    });

    const claimsFor = (email: string, overrides: Record<string, unknown> = {}) => (nonce: string) => ({
      iss: provider.issuer,
      aud: 'xi-client',
      sub: `sub-${email}`,
      email,
      email_verified: true,
      nonce,
      iat: Math.floor(f.clock.ms / 1000),
      exp: Math.floor(f.clock.ms / 1000) + 300,
      ...overrides,
    });

    const start = async () => {
      const res = await f.app.inject({ url: '/api/v1/auth/oidc/start' });
      expect(res.statusCode).toBe(302);
      return res.headers.location as string;
    };

    it('code + PKCE → verified ID token → session cookies for the existing account; the cookie session refreshes', async () => {
      const { code, state } = provider.authorise(await start(), claimsFor('recruiter@a.example'));
      const callback = await f.app.inject({ url: `/api/v1/auth/oidc/callback?code=${code}&state=${state}` });
      expect(callback.statusCode).toBe(302);
      const cookies = callback.cookies as { name: string; value: string }[];
      const refresh = cookies.find((c) => c.name === 'xi_refresh')?.value;
      const csrf = cookies.find((c) => c.name === 'xi_csrf')?.value as string;
      const session = await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `xi_refresh=${refresh}; xi_csrf=${csrf}`, 'x-csrf-token': csrf } });
      expect(session.statusCode).toBe(200);
      expect(session.json()).toMatchObject({ user: { email: 'recruiter@a.example', role: 'recruiter' } });
      // The state works once.
      expect((await f.app.inject({ url: `/api/v1/auth/oidc/callback?code=${code}&state=${state}` })).statusCode).toBe(401);
    });

    it.each([
      ['a token signed by another key', claimsFor('reviewer@a.example'), 'rogue' as const],
      ['the wrong nonce', (nonce: string) => ({ ...claimsFor('reviewer@a.example')(nonce), nonce: 'replayed' }), undefined],
      ['another audience', claimsFor('reviewer@a.example', { aud: 'someone-else' }), undefined],
      ['another issuer', claimsFor('reviewer@a.example', { iss: 'https://evil.example' }), undefined],
      ['an expired token', claimsFor('reviewer@a.example', { exp: 1 }), undefined],
      ['an unverified email', claimsFor('reviewer@a.example', { email_verified: false }), undefined],
      ['no account for the identity', claimsFor('stranger@a.example'), undefined],
    ])('refuses %s', async (_label, claims, signWith) => {
      const { code, state } = provider.authorise(await start(), claims, signWith);
      const res = await f.app.inject({ url: `/api/v1/auth/oidc/callback?code=${code}&state=${state}` });
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a forged state', async () => {
      const { code } = provider.authorise(await start(), claimsFor('recruiter@a.example'));
      expect((await f.app.inject({ url: `/api/v1/auth/oidc/callback?code=${code}&state=forged-state-value` })).statusCode).toBe(401);
    });
  });
}
