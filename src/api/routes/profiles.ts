import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { ProfileService } from '../../services/profile-service.js';
import type { Profile } from '../../store/repositories/profile-repository.js';
import { requireRole, type Principal } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { ProfileBody, ProfileParams, ProfileView } from '../schemas/interviews.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];
const principalOf = (request: { principal?: Principal }): Principal => request.principal as Principal;

function toView(profile: Profile) {
  return {
    id: profile.id,
    name: profile.name,
    role: profile.role,
    level: profile.level,
    plan: profile.plan,
    ...(profile.passScore !== undefined ? { passScore: profile.passScore } : {}),
    reviewThreshold: profile.reviewThreshold,
    isDemo: profile.isDemo,
    createdAt: profile.createdAt.toISOString(),
  };
}

/** Interview profiles: what an interview covers, how long it runs, how precise it must be. */
export const profileRoutes: FastifyPluginAsyncTypebox<{ profiles: ProfileService; now: () => Date }> = async (app, { profiles, now }) => {
  app.get('/profiles', { preHandler: requireRole('admin', 'recruiter', 'analyst'), schema: { tags: ['profiles'], summary: 'List profiles', security, response: { 200: Type.Object({ profiles: Type.Array(ProfileView) }), ...errorResponses(401, 403) } } }, async (request) => ({
    profiles: (await profiles.list(principalOf(request).organisationId)).map(toView),
  }));

  app.post('/profiles', { preHandler: requireRole('admin', 'recruiter'), schema: { tags: ['profiles'], summary: 'Create a profile', security, body: ProfileBody, response: { 201: ProfileView, ...errorResponses(400, 401, 403) } } }, async (request, reply) =>
    reply.status(201).send(toView(await profiles.create(principalOf(request).organisationId, request.body))),
  );

  app.get('/profiles/:id', { preHandler: requireRole('admin', 'recruiter', 'analyst'), schema: { tags: ['profiles'], summary: 'One profile', security, params: ProfileParams, response: { 200: ProfileView, ...errorResponses(401, 403, 404) } } }, async (request) =>
    toView(await profiles.get(principalOf(request).organisationId, request.params.id)),
  );

  app.put('/profiles/:id', { preHandler: requireRole('admin', 'recruiter'), schema: { tags: ['profiles'], summary: 'Change a profile', security, params: ProfileParams, body: ProfileBody, response: { 200: ProfileView, ...errorResponses(400, 401, 403, 404) } } }, async (request) =>
    toView(await profiles.update(principalOf(request).organisationId, request.params.id, request.body, now())),
  );
};
