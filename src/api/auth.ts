import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../services/errors.js';

export const STAFF_ROLES = ['admin', 'recruiter', 'reviewer', 'analyst'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling: a signed-in staff member or an API key, always within one organisation. */
export interface Principal {
  readonly kind: 'user' | 'api-key';
  readonly id: string;
  readonly organisationId: string;
  readonly role: StaffRole;
  readonly scopes?: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Resolves the caller from a request's credentials; undefined when there are none or they are invalid. */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | undefined>;

/** A role guard made by `requireRole`; it carries its roles so the app can run it before body validation. */
export interface RoleGuard {
  (request: FastifyRequest, reply: FastifyReply): Promise<void>;
  readonly requiredRoles: readonly StaffRole[];
}

/**
 * A preHandler that admits only principals with one of `roles` (401 without credentials, 403
 * otherwise). app.ts moves it to `onRequest`, so a caller without the role learns nothing from
 * validation errors and the status never depends on the body.
 */
export function requireRole(...roles: readonly StaffRole[]): RoleGuard {
  const guard = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = request.principal;
    if (!principal) throw new AppError('unauthorized', 'Sign in or send an API key to use this route.');
    if (!roles.includes(principal.role)) throw new AppError('forbidden', `This route needs one of the roles: ${roles.join(', ')}.`);
  };
  return Object.assign(guard, { requiredRoles: roles });
}

export function isRoleGuard(value: unknown): value is RoleGuard {
  return typeof value === 'function' && Array.isArray((value as { requiredRoles?: unknown }).requiredRoles);
}

/** Principals only: the route answers staff, never candidates (their invite token is not a principal). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Sign in or send an API key to use this route.');
  return request.principal;
}

/** The candidate's invite token: `Authorization: Bearer <token>`, or `?token=` where headers cannot be set (SSE, downloads). */
export function inviteToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const query = (request.query as { token?: unknown } | undefined)?.token;
  if (typeof query === 'string') return query;
  throw new AppError('unauthorized', 'This page needs the invitation link you were sent.');
}
