import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../services/audit/audit-service.js';
import type { UserService } from '../../services/auth/user-service.js';
import { principalOf, requireRole } from '../auth.js';
import { UserView } from '../schemas/auth.js';
import { errorResponses } from '../schemas/common.js';
import { CreateUserBody, UpdateUserBody, UserParams } from '../schemas/users.js';
import { userView } from './auth.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const adminOnly = requireRole('admin');

/** Staff accounts of the caller's organisation, for admins. */
export const userRoutes: FastifyPluginAsyncTypebox<{ users: UserService }> = async (app, { users }) => {
  app.get('/users', { preHandler: adminOnly, schema: { tags: ['users'], summary: 'List staff accounts', security, response: { 200: Type.Object({ users: Type.Array(UserView) }), ...errorResponses(401, 403) } } }, async (request) => ({
    users: (await users.list(principalOf(request).organisationId)).map(userView),
  }));

  app.post('/users', { preHandler: adminOnly, schema: { tags: ['users'], summary: 'Add a staff member (without a password they get a one-time link)', security, body: CreateUserBody, response: { 201: UserView, ...errorResponses(400, 401, 403, 409) } } }, async (request, reply) => {
    const principal = principalOf(request);
    return reply.status(201).send(userView(await users.create(actorOf(principal), principal.organisationId, request.body)));
  });

  app.get('/users/:id', { preHandler: adminOnly, schema: { tags: ['users'], summary: 'One staff account', security, params: UserParams, response: { 200: UserView, ...errorResponses(400, 401, 403, 404) } } }, async (request) =>
    userView(await users.get(principalOf(request).organisationId, request.params.id)),
  );

  app.patch('/users/:id', { preHandler: adminOnly, schema: { tags: ['users'], summary: 'Change role, name, or disable/enable', security, params: UserParams, body: UpdateUserBody, response: { 200: UserView, ...errorResponses(400, 401, 403, 404, 409) } } }, async (request) => {
    const principal = principalOf(request);
    return userView(await users.update(actorOf(principal), principal.organisationId, request.params.id, request.body));
  });
};
