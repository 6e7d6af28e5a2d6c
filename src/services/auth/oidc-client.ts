import { createHash, createPublicKey, randomBytes, randomUUID, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import type { AuthTokenRepository } from '../../store/repositories/auth-token-repository.js';
import type { UserRepository } from '../../store/repositories/user-repository.js';
import { AppError, unavailable } from '../errors.js';
import type { AuthService, SignedIn } from './auth-service.js';
import { hashSecret } from './secret-token.js';

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  /** Where the provider sends the browser back: `<public url>/api/v1/auth/oidc/callback`. */
  readonly redirectUri: string;
}

interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
}

interface IdTokenClaims {
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly aud?: unknown;
  readonly azp?: unknown;
  readonly exp?: unknown;
  readonly iat?: unknown;
  readonly nonce?: unknown;
  readonly email?: unknown;
  readonly email_verified?: unknown;
}

const LOGIN_TTL_MS = 10 * 60_000;
const CLOCK_SKEW_SEC = 60;
const ALGORITHMS: Record<string, { hash: string; dsaEncoding?: 'ieee-p1363' }> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' },
  ES384: { hash: 'sha384', dsaEncoding: 'ieee-p1363' },
};

const failed = (why: string) => new AppError('unauthorized', `Single sign-on failed: ${why}.`);

/**
 * OpenID Connect sign-in for staff (Google, Microsoft Entra, any OIDC issuer): discovery, the
 * authorization-code flow with PKCE (S256), state and nonce, the token exchange, and the ID token's
 * signature checked against the issuer's JWKS with node:crypto. Accounts are not created by SSO:
 * the ID token must name an existing user, by a linked subject or a verified email (then linked).
 */
export class OidcClient {
  private discovery: Promise<Discovery> | undefined;
  private jwks: Map<string, JsonWebKey & { kid?: string; alg?: string }> | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => Date;

  constructor(
    private readonly deps: { settings: OidcSettings; authTokens: AuthTokenRepository; users: UserRepository; auth: AuthService; fetch?: typeof fetch; now?: () => Date },
  ) {
    this.fetchFn = deps.fetch ?? fetch;
    this.now = deps.now ?? (() => new Date());
  }

  /** Starts a login: stores state, nonce and the PKCE verifier for ten minutes, returns the provider URL. */
  async authorizationUrl(): Promise<string> {
    const provider = await this.discover();
    const state = randomBytes(32).toString('base64url');
    const nonce = randomBytes(32).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.deps.authTokens.create({ id: randomUUID(), purpose: 'oidc-login', userId: null, tokenHash: hashSecret(state), data: { nonce, verifier }, expiresAt: new Date(now.getTime() + LOGIN_TTL_MS), now });
    const url = new URL(provider.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.deps.settings.clientId,
      redirect_uri: this.deps.settings.redirectUri,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  /** Finishes a login from the callback's `code` and `state`: exchange, verify, find the account, sign in. */
  async complete(code: string, state: string): Promise<SignedIn> {
    const login = await this.deps.authTokens.consume(hashSecret(state), 'oidc-login', this.now());
    if (!login) throw failed('the login expired or was already used; start again');
    const { nonce, verifier } = login.data as { nonce?: string; verifier?: string };
    const provider = await this.discover();
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.deps.settings.redirectUri, client_id: this.deps.settings.clientId, code_verifier: verifier ?? '' });
    if (this.deps.settings.clientSecret) form.set('client_secret', this.deps.settings.clientSecret);
    const response = await this.fetchFn(provider.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form, signal: AbortSignal.timeout(10_000) }).catch(() => {
      throw unavailable('The identity provider cannot be reached.');
    });
    if (!response.ok) throw failed(`the identity provider refused the code (${response.status})`);
    const body = (await response.json().catch(() => ({}))) as { id_token?: unknown };
    if (typeof body.id_token !== 'string') throw failed('no ID token in the answer');
    const claims = await this.verifyIdToken(body.id_token, provider, nonce ?? '');
    const issuer = String(claims.iss);
    const subject = String(claims.sub);
    let user = await this.deps.users.findByOidc(issuer, subject);
    if (!user && typeof claims.email === 'string' && claims.email_verified === true) {
      user = await this.deps.users.findByEmail(claims.email);
      if (user) await this.deps.users.linkOidc(user.id, issuer, subject);
    }
    if (!user || user.disabledAt) throw failed('there is no active account for this identity; ask an admin to add you');
    return this.deps.auth.completeSignIn(user, 'oidc');
  }

  /** Checks signature (JWKS, by kid), issuer, audience, authorised party, expiry and nonce. */
  async verifyIdToken(token: string, provider: Discovery, expectedNonce: string): Promise<IdTokenClaims> {
    const parts = token.split('.');
    if (parts.length !== 3) throw failed('malformed ID token');
    const [headerText, payloadText, signatureText] = parts as [string, string, string];
    let header: { alg?: unknown; kid?: unknown };
    let claims: IdTokenClaims;
    try {
      header = JSON.parse(Buffer.from(headerText, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(payloadText, 'base64url').toString('utf8')) as IdTokenClaims;
    } catch {
      throw failed('malformed ID token');
    }
    const algorithm = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
    if (!algorithm) throw failed('unsupported ID token algorithm');
    const jwk = await this.key(provider, typeof header.kid === 'string' ? header.kid : undefined);
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    const ok = verifySignature(algorithm.hash, Buffer.from(`${headerText}.${payloadText}`), algorithm.dsaEncoding ? { key: publicKey, dsaEncoding: algorithm.dsaEncoding } : publicKey, Buffer.from(signatureText, 'base64url'));
    if (!ok) throw failed('the ID token signature is wrong');
    const nowSec = Math.floor(this.now().getTime() / 1000);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== provider.issuer) throw failed('the ID token is from another issuer');
    if (!audiences.includes(this.deps.settings.clientId)) throw failed('the ID token is for another client');
    if (audiences.length > 1 && claims.azp !== this.deps.settings.clientId) throw failed('the ID token names another authorised party');
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SEC < nowSec) throw failed('the ID token has expired');
    if (typeof claims.iat === 'number' && claims.iat - CLOCK_SKEW_SEC > nowSec) throw failed('the ID token is from the future');
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw failed('the ID token has no subject');
    if (claims.nonce !== expectedNonce) throw failed('the ID token nonce does not match this login');
    return claims;
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const url = `${this.deps.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await this.fetchFn(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const document = (await response.json()) as Partial<Discovery>;
      if (document.issuer !== this.deps.settings.issuer.replace(/\/$/, '') && document.issuer !== this.deps.settings.issuer) throw new Error('discovery issuer does not match OIDC_ISSUER');
      if (!document.authorization_endpoint || !document.token_endpoint || !document.jwks_uri) throw new Error('discovery document is incomplete');
      return document as Discovery;
    })().catch((error: unknown) => {
      this.discovery = undefined;
      throw unavailable(`The identity provider cannot be reached: ${(error as Error).message}`);
    });
    return this.discovery;
  }

  /** The signing key by kid; an unknown kid refetches the JWKS once (the issuer rotated keys). */
  private async key(provider: Discovery, kid: string | undefined): Promise<JsonWebKey> {
    const pick = () => (kid ? this.jwks?.get(kid) : this.jwks?.size === 1 ? [...this.jwks.values()][0] : undefined);
    let jwk = pick();
    if (!jwk) {
      const response = await this.fetchFn(provider.jwks_uri, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      if (!response?.ok) throw unavailable('The identity provider keys cannot be fetched.');
      const { keys } = (await response.json()) as { keys?: (JsonWebKey & { kid?: string; use?: string })[] };
      this.jwks = new Map((keys ?? []).filter((k) => k.use === undefined || k.use === 'sig').map((k, index) => [k.kid ?? `#${index}`, k]));
      jwk = pick();
    }
    if (!jwk) throw failed('the ID token was signed with an unknown key');
    return jwk;
  }
}
