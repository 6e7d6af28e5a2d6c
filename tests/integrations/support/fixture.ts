import type { Platform } from '../../../src/main.js';

/** Resolves when `check` holds; bounded by the test timeout. */
export async function until(check: () => boolean | Promise<boolean>, everyMs = 25): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}

/** A recruiter's profile in the demo organisation and an invitation for a named candidate. */
export async function inviteCandidate(platform: Platform, candidate: { name: string; email: string; phone?: string; externalId?: string }, organisationId?: string): Promise<{ organisationId: string; profileId: string; interviewId: string; token: string; url: string }> {
  const demo = organisationId ? { organisationId } : await platform.services.seed.ensureDemo();
  const existing = (await platform.services.profiles.list(demo.organisationId)).find((p) => !p.isDemo);
  const profile =
    existing ??
    (await platform.services.profiles.create(demo.organisationId, {
      name: 'Financial analyst',
      role: 'Analyst',
      level: 3,
      areaWeights: { lookups: 1, 'references-basics': 1 },
      targetSe: 0.3,
      minItems: 5,
      maxItems: 12,
      maxTimeMinutes: 45,
      mode: 'adaptive',
      maxFollowUps: 1,
      warmUp: false,
      reviewThreshold: 0.6,
    }));
  const invited = await platform.services.interviews.invite({ organisationId: demo.organisationId, profileId: profile.id, candidate });
  return { organisationId: demo.organisationId, profileId: profile.id, interviewId: invited.interview.id, token: invited.token, url: invited.url };
}

/** The first admin (from ADMIN_EMAIL/ADMIN_PASSWORD) signed in: their organisation and bearer header. */
export async function signInAdmin(platform: Platform, email = 'admin@hiring.example', password = 'correct horse battery staple'): Promise<{ organisationId: string; headers: { authorization: string } }> {
  const signed = await platform.services.security.auth.signIn({ email, password });
  return { organisationId: signed.user.organisationId, headers: { authorization: `Bearer ${signed.tokens.accessToken}` } };
}

export const ADMIN_ENV = { ADMIN_EMAIL: 'admin@hiring.example', ADMIN_PASSWORD: 'correct horse battery staple', ADMIN_ORGANISATION: 'Hiring Co' } as const;
