import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiKeyService } from '../services/auth/api-key-service.js';
import type { AuthService } from '../services/auth/auth-service.js';
import { AppError } from '../services/errors.js';
import { type Authenticator, isRoleGuard } from './auth.js';

/**
 * Builds the `Authenticator`: an `x-api-key` header is an API key; an `Authorization: Bearer`
 * value shaped like a JWT is a staff access token. Any other bearer value (a candidate's invite
 * token) is not a principal and is left to the candidate routes. Invalid credentials resolve to
 * undefined, which the role guards answer with 401.
 */
export function createAuthenticator(deps: { auth: AuthService; apiKeys: ApiKeyService }): Authenticator {
  return async (request: FastifyRequest) => {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string' && key.length > 0) return deps.apiKeys.authenticate(key);
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return deps.auth.verifyAccessToken(token);
    }
    return undefined;
  };
}

/** Runs `requireRole` guards at `onRequest` (after authentication, before validation). Register before the routes. */
export function authoriseBeforeValidation(route: RouteOptions): void {
  const handlers = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
  const guards = handlers.filter(isRoleGuard);
  if (guards.length === 0) return;
  route.preHandler = handlers.filter((h) => !isRoleGuard(h));
  const onRequest = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
  route.onRequest = [...onRequest, ...guards] as RouteOptions['onRequest'];
}

/**
 * A second limit keyed by the principal (user or API key) on top of the per-IP one, sharing the
 * Redis counters when configured so that every instance counts the same requests.
 */
export function addPrincipalRateLimit(app: FastifyInstance, maxPerMinute: number): void {
  const limit = app.createRateLimit({ max: maxPerMinute, timeWindow: 60_000, keyGenerator: (request) => `principal:${request.principal?.kind ?? ''}:${request.principal?.id ?? ''}` });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.principal) return;
    const result = await limit(request);
    if (result.isAllowed) return;
    reply.header('x-ratelimit-limit', String(result.max)).header('x-ratelimit-remaining', String(result.remaining));
    if (result.isExceeded) throw new AppError('rate-limited', `Too many requests for this account or key; retry in ${result.ttlInSeconds} s`, { retryAfterSec: Math.max(1, result.ttlInSeconds) });
  });
}
