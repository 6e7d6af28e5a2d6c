import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AuthService, SignedIn } from '../../services/auth/auth-service.js';
import type { OidcClient } from '../../services/auth/oidc-client.js';
import { AppError } from '../../services/errors.js';
import type { User } from '../../store/repositories/user-repository.js';
import { principalOf, requireRole } from '../auth.js';
import {
  ChangePasswordBody,
  OidcCallbackQuery,
  RefreshBody,
  ResetConfirmBody,
  ResetRequestBody,
  SessionReply,
  SetupBody,
  SignInBody,
  TotpDisableBody,
  TotpEnableBody,
  TotpEnableReply,
  TotpSetupReply,
  UserView,
} from '../schemas/auth.js';
import { errorResponses } from '../schemas/common.js';

const REFRESH_COOKIE = 'xi_refresh';
const CSRF_COOKIE = 'xi_csrf';
const CSRF_HEADER = 'x-csrf-token';
const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const anyStaff = requireRole('admin', 'recruiter', 'reviewer', 'analyst');

/** Browsers refresh with the cookie and no body at all; that is an empty request, not an invalid one. */
const emptyBodyIsObject = async (request: FastifyRequest): Promise<void> => {
  request.body ??= {};
};

export function userView(user: User) {
  return {
    id: user.id,
    organisationId: user.organisationId,
    email: user.email,
    name: user.name,
    role: user.role,
    mfaEnabled: user.totpSecretSealed !== null,
    disabled: user.disabledAt !== null,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** Reads one cookie from the Cookie header (no dependency: the refresh and CSRF cookies are the only ones). */
function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

export interface AuthRouteOptions {
  readonly auth: AuthService;
  readonly oidc?: OidcClient | undefined;
  /** https public URLs get `Secure` cookies. */
  readonly secureCookies: boolean;
  readonly authRateLimitPerMinute: number;
  /** Where single sign-on lands the browser (the app, which then refreshes with its cookie). */
  readonly afterSignInUrl: string;
}

/** Staff sign-in, sessions (refresh rotation), password change and reset, TOTP, first-admin setup, OIDC. */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, { auth, oidc, secureCookies, authRateLimitPerMinute, afterSignInUrl }) => {
  const strict = { rateLimit: { max: authRateLimitPerMinute, timeWindow: 60_000 } };
  const secure = secureCookies ? '; Secure' : '';

  const sendSession = (reply: FastifyReply, signedIn: SignedIn, mode: 'body' | 'cookie') => {
    const { tokens, user } = signedIn;
    reply.header('cache-control', 'no-store');
    const base = { accessToken: tokens.accessToken, tokenType: tokens.tokenType, expiresIn: tokens.expiresIn, refreshExpiresAt: tokens.refreshExpiresAt.toISOString(), user: userView(user) };
    if (mode === 'body') return { ...base, refreshToken: tokens.refreshToken };
    return { ...base, csrfToken: setSessionCookies(reply, signedIn) };
  };

  /** Browser sessions: the refresh token in an httpOnly cookie scoped to the auth routes, and a readable CSRF cookie. */
  const setSessionCookies = (reply: FastifyReply, { tokens }: SignedIn): string => {
    const csrfToken = randomBytes(24).toString('base64url');
    const maxAge = Math.max(0, Math.floor((tokens.refreshExpiresAt.getTime() - Date.now()) / 1000));
    reply.header('set-cookie', [
      `${REFRESH_COOKIE}=${tokens.refreshToken}; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
      `${CSRF_COOKIE}=${csrfToken}; Path=/; SameSite=Strict; Max-Age=${maxAge}${secure}`,
    ]);
    return csrfToken;
  };

  /** The refresh token from the body (API clients) or the cookie (browsers: then the CSRF header must match its cookie). */
  const refreshTokenOf = (request: FastifyRequest, body: { refreshToken?: string | undefined } | undefined): { token: string; mode: 'body' | 'cookie' } => {
    if (body?.refreshToken) return { token: body.refreshToken, mode: 'body' };
    const cookie = readCookie(request, REFRESH_COOKIE);
    if (!cookie) throw new AppError('unauthorized', 'No session to refresh; sign in.');
    const expected = readCookie(request, CSRF_COOKIE) ?? '';
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || given.length === 0 || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      throw new AppError('forbidden', `Cookie sessions need the ${CSRF_HEADER} header matching the ${CSRF_COOKIE} cookie.`);
    }
    return { token: cookie, mode: 'cookie' };
  };

  app.post('/auth/sign-in', { config: strict, schema: { tags: ['auth'], summary: 'Sign in with email and password (and a second factor when enabled)', body: SignInBody, response: { 200: SessionReply, ...errorResponses(400, 401, 429) } } }, async (request, reply) =>
    sendSession(reply, await auth.signIn(request.body), request.body.session ?? 'body'),
  );

  app.post('/auth/refresh', { config: strict, preValidation: emptyBodyIsObject, schema: { tags: ['auth'], summary: 'Exchange a refresh token for a new pair (the old one stops working)', body: RefreshBody, response: { 200: SessionReply, ...errorResponses(400, 401, 403, 429) } } }, async (request, reply) => {
    const { token, mode } = refreshTokenOf(request, request.body);
    return sendSession(reply, await auth.refresh(token), mode);
  });

  app.post('/auth/sign-out', { config: strict, preValidation: emptyBodyIsObject, schema: { tags: ['auth'], summary: 'End this session (its refresh token family)', body: RefreshBody, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 429) } } }, async (request, reply) => {
    const { token } = refreshTokenOf(request, request.body);
    await auth.signOut(token);
    reply.header('set-cookie', [`${REFRESH_COOKIE}=; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Max-Age=0${secure}`, `${CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0${secure}`]);
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { preHandler: anyStaff, schema: { tags: ['auth'], summary: 'The signed-in account', security, response: { 200: UserView, ...errorResponses(401, 403) } } }, async (request) =>
    userView(await auth.me(principalOf(request))),
  );

  app.post('/auth/password', { preHandler: anyStaff, config: strict, schema: { tags: ['auth'], summary: 'Change the password (ends other sessions)', security, body: ChangePasswordBody, response: { 200: SessionReply, ...errorResponses(400, 401, 403, 429) } } }, async (request, reply) =>
    sendSession(reply, await auth.changePassword(principalOf(request), request.body.currentPassword, request.body.newPassword), 'body'),
  );

  app.post('/auth/password-reset/request', { config: strict, schema: { tags: ['auth'], summary: 'Email a one-time reset link (the answer is the same whether or not the account exists)', body: ResetRequestBody, response: { 202: Type.Null(), ...errorResponses(400, 429) } } }, async (request, reply) => {
    await auth.requestPasswordReset(request.body.email);
    return reply.status(202).send(null);
  });

  app.post('/auth/password-reset/confirm', { config: strict, schema: { tags: ['auth'], summary: 'Set a new password with a reset link token', body: ResetConfirmBody, response: { 204: Type.Null(), ...errorResponses(400, 401, 429) } } }, async (request, reply) => {
    await auth.resetPassword(request.body.token, request.body.newPassword);
    return reply.status(204).send(null);
  });

  app.post('/auth/mfa/totp/setup', { preHandler: anyStaff, schema: { tags: ['auth'], summary: 'Start authenticator-app enrolment', security, response: { 200: TotpSetupReply, ...errorResponses(401, 403, 409) } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return auth.beginTotp(principalOf(request));
  });

  app.post('/auth/mfa/totp/enable', { preHandler: anyStaff, schema: { tags: ['auth'], summary: 'Confirm enrolment with a code; returns recovery codes once', security, body: TotpEnableBody, response: { 200: TotpEnableReply, ...errorResponses(400, 401, 403, 409) } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return auth.enableTotp(principalOf(request), request.body.code);
  });

  app.post('/auth/mfa/totp/disable', { preHandler: anyStaff, config: strict, schema: { tags: ['auth'], summary: 'Turn two-step sign-in off (needs the password)', security, body: TotpDisableBody, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 429) } } }, async (request, reply) => {
    await auth.disableTotp(principalOf(request), request.body.password);
    return reply.status(204).send(null);
  });

  app.post('/auth/setup', { config: strict, schema: { tags: ['auth'], summary: 'First start: create the organisation and first admin with the one-time setup link', body: SetupBody, response: { 200: SessionReply, ...errorResponses(400, 401, 409, 429) } } }, async (request, reply) => {
    const { token, ...input } = request.body;
    return sendSession(reply, await auth.completeSetup(token, { ...input, name: input.name ?? '' }), 'body');
  });

  if (oidc) {
    app.get('/auth/oidc/start', { config: strict, schema: { tags: ['auth'], summary: 'Single sign-on: redirect to the identity provider', response: { 302: Type.Null(), ...errorResponses(429, 503) } } }, async (_request, reply) =>
      reply.redirect(await oidc.authorizationUrl(), 302),
    );
    app.get(
      '/auth/oidc/callback',
      { config: strict, schema: { tags: ['auth'], summary: 'Single sign-on: the identity provider returns here; sets the session cookies and goes to the app', querystring: OidcCallbackQuery, response: { 302: Type.Null(), ...errorResponses(400, 401, 429, 503) } } },
      async (request, reply) => {
        const { code, state, error } = request.query;
        if (error || !code || !state) throw new AppError('unauthorized', 'Single sign-on was cancelled or failed at the identity provider.');
        setSessionCookies(reply, await oidc.complete(code, state));
        return reply.header('cache-control', 'no-store').redirect(afterSignInUrl, 302);
      },
    );
  }
};
