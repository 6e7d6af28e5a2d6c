import type { App } from '../../src/api/app.js';
import { SKILL_AREAS } from '../../src/domain/bank/item.js';
import type { Platform } from '../../src/main.js';
import type { Store } from '../../src/store/open-store.js';
import type { UserRole } from '../../src/store/schema.js';
import { buildTestApp, type LogSink } from '../helpers/build-test-app.js';

export const PASSWORD = 'correct horse battery staple';

/** A clock the tests move by hand. */
export class TestClock {
  constructor(public ms: number = Date.now()) {}
  readonly now = () => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Org {
  readonly id: string;
  readonly tokens: Record<UserRole, string>;
  readonly userIds: Record<UserRole, string>;
  readonly refresh: Record<UserRole, string>;
}

export interface SecurityFixture {
  readonly app: App;
  readonly platform: Platform;
  readonly logs: LogSink;
  readonly clock: TestClock;
  readonly orgA: Org;
  readonly orgB: Org;
  /** Signs in over HTTP. */
  signIn(email: string, password?: string, extra?: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  /** An organisation's admin token as an `authorization` header. */
  bearer(token: string): { authorization: string };
  /** A profile and an interview invitation in org A; returns the ids and the invite token. */
  invite(org?: Org, email?: string): Promise<{ profileId: string; interviewId: string; candidateId: string; token: string }>;
  close(): Promise<void>;
}

const ROLES: readonly UserRole[] = ['admin', 'recruiter', 'reviewer', 'analyst'];

/** One platform per test file with two organisations, each with a user per role, signed in. */
export async function buildSecurityFixture(store: Store, env: Record<string, string> = {}): Promise<SecurityFixture> {
  const clock = new TestClock();
  const { app, logs, platform } = await buildTestApp(store, { ADMIN_EMAIL: 'root@a.example', ADMIN_PASSWORD: PASSWORD, ADMIN_ORGANISATION: 'Org A', AUTH_RATE_LIMIT_PER_MINUTE: '100000', ...env }, { now: clock.now });
  await app.ready();
  const security = platform.services.security;

  const signIn = async (email: string, password = PASSWORD, extra: Record<string, unknown> = {}) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password, ...extra } });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  const makeOrg = async (label: string): Promise<Org> => {
    const rootEmail = label === 'a' ? 'root@a.example' : `root@${label}.example`;
    let root = await security.auth.signIn({ email: rootEmail, password: PASSWORD }).catch(() => undefined);
    if (!root) {
      await security.auth.createFirstAdmin({ email: rootEmail, password: PASSWORD, name: 'Root', organisationName: `Org ${label.toUpperCase()}` }, 'cli');
      root = await security.auth.signIn({ email: rootEmail, password: PASSWORD });
    }
    const organisationId = root.user.organisationId;
    const tokens = {} as Record<UserRole, string>;
    const userIds = {} as Record<UserRole, string>;
    const refresh = {} as Record<UserRole, string>;
    for (const role of ROLES) {
      const email = `${role}@${label}.example`;
      const user = await security.users.create(`user:${root.user.id}`, organisationId, { email, name: role, role, password: PASSWORD });
      const signed = await security.auth.signIn({ email, password: PASSWORD });
      tokens[role] = signed.tokens.accessToken;
      refresh[role] = signed.tokens.refreshToken;
      userIds[role] = user.id;
    }
    return { id: organisationId, tokens, userIds, refresh };
  };

  const orgA = await makeOrg('a');
  const orgB = await makeOrg('b');
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  let counter = 0;

  const invite = async (org: Org = orgA, email?: string) => {
    const profile = await app.inject({ method: 'POST', url: '/api/v1/profiles', headers: bearer(org.tokens.recruiter), payload: { name: 'Analyst profile', areaWeights: Object.fromEntries(SKILL_AREAS.map((a) => [a, 1])) } });
    if (profile.statusCode !== 201) throw new Error(`profile: ${profile.statusCode} ${profile.body}`);
    const profileId = (profile.json() as { id: string }).id;
    counter += 1;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/interviews',
      headers: bearer(org.tokens.recruiter),
      payload: { profileId, candidate: { name: 'Ana Candidate', email: email ?? `ana.${counter}@candidate.example`, phone: '+44 20 7946 0000' }, expiresInDays: 7 },
    });
    if (created.statusCode !== 201) throw new Error(`invite: ${created.statusCode} ${created.body}`);
    const body = created.json() as { interview: { id: string; candidateId: string }; token: string };
    return { profileId, interviewId: body.interview.id, candidateId: body.interview.candidateId, token: body.token };
  };

  return { app, platform, logs, clock, orgA, orgB, signIn, bearer, invite, close: () => platform.close() };
}
