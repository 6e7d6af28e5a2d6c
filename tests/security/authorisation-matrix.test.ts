import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/api/auth.js';
import type { Store } from '../../src/store/open-store.js';
import { testBackends } from '../helpers/test-backends.js';
import { openApiRoutes } from './openapi-routes.js';
import { buildSecurityFixture, PASSWORD, type SecurityFixture } from './security-fixture.js';

/** `credential`: the request carries its own proof (password, refresh, reset or setup token); without it, 400/401 for everyone. */
type Access = { kind: 'public' } | { kind: 'credential' } | { kind: 'candidate' } | { kind: 'staff'; roles: readonly StaffRole[] };

const ALL: readonly StaffRole[] = ['admin', 'recruiter', 'reviewer', 'analyst'];
const pub: Access = { kind: 'public' };
const candidate: Access = { kind: 'candidate' };
const credential: Access = { kind: 'credential' };
const staff = (...roles: StaffRole[]): Access => ({ kind: 'staff', roles });

/**
 * Who may call what. Every route in the OpenAPI document must have an entry: a new route without
 * one fails this test, so access is decided when a route is added, not later.
 */
const MATRIX: Record<string, Access> = {
  'GET /health': pub,
  'GET /ready': pub,
  'GET /api/v1/items': pub,
  'GET /api/v1/items/{id}': pub,
  'POST /api/v1/demo': pub,
  'GET /api/v1/session': candidate,
  'POST /api/v1/session/consent': candidate,
  'POST /api/v1/session/start': candidate,
  'POST /api/v1/session/messages': candidate,
  'POST /api/v1/session/answers': candidate,
  'POST /api/v1/session/items/{itemId}/upload': candidate,
  'GET /api/v1/session/items/{itemId}/workbook': candidate,
  'POST /api/v1/session/preview': candidate,
  'POST /api/v1/session/pause': candidate,
  'POST /api/v1/session/resume': candidate,
  'POST /api/v1/session/integrity-events': candidate,
  'POST /api/v1/session/feedback': candidate,
  'POST /api/v1/session/transcribe': candidate,
  'GET /api/v1/session/stream': candidate,
  'POST /api/v1/interviews': staff('admin', 'recruiter'),
  // Reviewers work from the review queue only: no candidate lists or transcripts.
  'GET /api/v1/interviews': staff('admin', 'recruiter'),
  'GET /api/v1/interviews/{id}': staff('admin', 'recruiter'),
  'POST /api/v1/interviews/{id}/revoke': staff('admin', 'recruiter'),
  // Analysts see profiles (no personal data), never candidates.
  'GET /api/v1/profiles': staff('admin', 'recruiter', 'analyst'),
  'POST /api/v1/profiles': staff('admin', 'recruiter'),
  'GET /api/v1/profiles/{id}': staff('admin', 'recruiter', 'analyst'),
  'PUT /api/v1/profiles/{id}': staff('admin', 'recruiter'),
  'POST /api/v1/auth/sign-in': credential,
  'POST /api/v1/auth/refresh': credential,
  'POST /api/v1/auth/sign-out': credential,
  'POST /api/v1/auth/password-reset/request': pub,
  'POST /api/v1/auth/password-reset/confirm': credential,
  'POST /api/v1/auth/setup': credential,
  'GET /api/v1/auth/me': staff(...ALL),
  'POST /api/v1/auth/password': staff(...ALL),
  'POST /api/v1/auth/mfa/totp/setup': staff(...ALL),
  'POST /api/v1/auth/mfa/totp/enable': staff(...ALL),
  'POST /api/v1/auth/mfa/totp/disable': staff(...ALL),
  'GET /api/v1/users': staff('admin'),
  'POST /api/v1/users': staff('admin'),
  'GET /api/v1/users/{id}': staff('admin'),
  'PATCH /api/v1/users/{id}': staff('admin'),
  'GET /api/v1/api-keys': staff('admin'),
  'POST /api/v1/api-keys': staff('admin'),
  'POST /api/v1/api-keys/{id}/rotate': staff('admin'),
  'POST /api/v1/api-keys/{id}/revoke': staff('admin'),
  'GET /api/v1/candidates/{id}/export': staff('admin', 'recruiter'),
  'POST /api/v1/candidates/{id}/erasure': staff('admin'),
  'GET /api/v1/privacy/retention': staff('admin'),
  'PUT /api/v1/privacy/retention': staff('admin'),
  'GET /api/v1/audit-events': staff('admin'),
  // Recruiter workspace: reports, comparison and candidates carry personal data; analytics are pseudonymous.
  'GET /api/v1/interviews/{id}/report': staff('admin', 'recruiter'),
  'GET /api/v1/interviews/{id}/report.html': staff('admin', 'recruiter'),
  'GET /api/v1/interviews/{id}/report.pdf': staff('admin', 'recruiter'),
  'POST /api/v1/interviews/{id}/report/shares': staff('admin', 'recruiter'),
  'GET /api/v1/interviews/{id}/report/shares': staff('admin', 'recruiter'),
  'DELETE /api/v1/report-shares/{id}': staff('admin', 'recruiter'),
  // A share link's token is its own credential.
  'GET /api/v1/shared-reports/{token}': credential,
  'GET /api/v1/shared-reports/{token}/html': credential,
  'GET /api/v1/shared-reports/{token}/pdf': credential,
  'GET /api/v1/comparison': staff('admin', 'recruiter'),
  'GET /api/v1/candidates': staff('admin', 'recruiter'),
  'POST /api/v1/candidates/import': staff('admin', 'recruiter'),
  'GET /api/v1/interviews/stream': staff('admin', 'recruiter'),
  'POST /api/v1/candidate/demographics': candidate,
  'GET /api/v1/analytics/overview': staff('admin', 'analyst', 'recruiter'),
  'GET /api/v1/analytics/distributions': staff('admin', 'analyst', 'recruiter'),
  'GET /api/v1/analytics/pass-rates': staff('admin', 'analyst', 'recruiter'),
  'GET /api/v1/analytics/items': staff('admin', 'analyst'),
  'GET /api/v1/analytics/grader-quality': staff('admin', 'analyst'),
  'GET /api/v1/analytics/fairness': staff('admin', 'analyst'),
  'GET /api/v1/reviews': staff('admin', 'recruiter', 'reviewer'),
  'GET /api/v1/reviews/{id}': staff('admin', 'recruiter', 'reviewer'),
  'POST /api/v1/reviews/{id}/decision': staff('admin', 'recruiter', 'reviewer'),
  // Integrations (docs/INTEGRATIONS.md): webhooks are organisation settings; exports carry no contact details.
  'GET /api/v1/webhooks': staff('admin'),
  'POST /api/v1/webhooks': staff('admin'),
  'PATCH /api/v1/webhooks/{id}': staff('admin'),
  'DELETE /api/v1/webhooks/{id}': staff('admin'),
  'POST /api/v1/webhooks/{id}/rotate-secret': staff('admin'),
  'GET /api/v1/webhooks/{id}/deliveries': staff('admin'),
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': staff('admin'),
  'GET /api/v1/exports/{dataset}': staff('admin', 'analyst'),
  // Email templates are organisation settings, like webhooks.
  'GET /api/v1/notification-templates': staff('admin'),
  'GET /api/v1/notification-templates/{kind}/{locale}': staff('admin'),
  'PUT /api/v1/notification-templates/{kind}/{locale}': staff('admin'),
  'DELETE /api/v1/notification-templates/{kind}/{locale}': staff('admin'),
  'POST /api/v1/notification-templates/{kind}/{locale}/preview': staff('admin'),
  'GET /api/v1/notification-settings': staff('admin'),
  'PUT /api/v1/notification-settings': staff('admin'),
  // Greenhouse authenticates with HTTP Basic (an API key as the user name).
  'GET /api/v1/integrations/greenhouse/list_tests': credential,
  'POST /api/v1/integrations/greenhouse/send_test': credential,
  'GET /api/v1/integrations/greenhouse/test_status': credential,
  // Only when OIDC_ISSUER is configured (tests/security/oidc.test.ts covers them).
  'GET /api/v1/auth/oidc/start': pub,
  'GET /api/v1/auth/oidc/callback': credential,
};
const OPTIONAL_ROUTES = new Set(['GET /api/v1/auth/oidc/start', 'GET /api/v1/auth/oidc/callback']);

type Caller = StaffRole | 'none' | 'expired' | 'other-organisation' | 'revoked-key' | 'candidate';
const CALLERS: readonly Caller[] = ['admin', 'recruiter', 'reviewer', 'analyst', 'none', 'expired', 'other-organisation', 'revoked-key', 'candidate'];

for (const backend of testBackends()) {
  describe(`${backend.name}: authorisation matrix`, () => {
    let store: Store;
    let f: SecurityFixture;
    const headers = {} as Record<Caller, Record<string, string>>;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      store = await backend.open();
      f = await buildSecurityFixture(store);
      for (const role of ALL) headers[role] = f.bearer(f.orgA.tokens[role]);
      headers.none = {};
      headers['other-organisation'] = f.bearer(f.orgB.tokens.admin);
      f.clock.advance(-3_600_000);
      headers.expired = f.bearer((await f.platform.services.security.auth.signIn({ email: 'admin@a.example', password: PASSWORD })).tokens.accessToken);
      f.clock.advance(3_600_000);
      const security = f.platform.services.security;
      const revoked = await security.apiKeys.create('test', f.orgA.id, { name: 'old', scopes: ['interviews:write', 'profiles:write'] });
      await security.apiKeys.revoke('test', f.orgA.id, revoked.key.id);
      headers['revoked-key'] = { 'x-api-key': revoked.secret };
      const live = await security.apiKeys.create('test', f.orgA.id, { name: 'target', scopes: ['profiles:read'] });
      const target = await f.invite();
      const forCandidate = await f.invite();
      headers.candidate = f.bearer(forCandidate.token);
      Object.assign(ids, { profile: target.profileId, interview: target.interviewId, candidate: target.candidateId, user: f.orgA.userIds.reviewer, key: live.key.id });
    });
    afterAll(async () => {
      await f.close();
      await store.close().catch(() => undefined);
    });

    it('every route in the OpenAPI document has an entry, and every entry a route', () => {
      const documented = openApiRoutes(f.app).map((r) => r.key);
      expect(documented.filter((key) => !(key in MATRIX))).toEqual([]);
      expect(Object.keys(MATRIX).filter((key) => !documented.includes(key) && !OPTIONAL_ROUTES.has(key))).toEqual([]);
    });

    const urlFor = (path: string) => {
      const resource = path.startsWith('/api/v1/profiles') ? ids.profile : path.startsWith('/api/v1/interviews') ? ids.interview : path.startsWith('/api/v1/candidates') ? ids.candidate : path.startsWith('/api/v1/users') ? ids.user : path.startsWith('/api/v1/api-keys') ? ids.key : 'lookups.some-item';
      return path.replace('{id}', resource ?? '').replace('{itemId}', 'lookups.some-item').replace('{kind}', 'invitation').replace('{locale}', 'fr');
    };

    it('each caller gets the expected status on each route', async () => {
      const problems: string[] = [];
      for (const route of openApiRoutes(f.app)) {
        // Endless SSE streams: their credential checks are the same as GET /session and GET /interviews.
        if (route.key === 'GET /api/v1/session/stream' || route.key === 'GET /api/v1/interviews/stream') continue;
        const access = MATRIX[route.key];
        if (!access) continue;
        for (const caller of CALLERS) {
          const res = await f.app.inject({ method: route.method as 'GET', url: urlFor(route.path), headers: headers[caller], ...(route.method === 'GET' ? {} : { payload: {} }) });
          const status = res.statusCode;
          const fail = (expected: string) => problems.push(`${route.key} as ${caller}: got ${status}, expected ${expected}`);
          // The demo needs the seeded demo profile (DEMO_SEED is off in tests): 503 is its documented answer then.
          if (status >= 500 && !(route.key === 'POST /api/v1/demo' && status === 503)) fail('no 5xx');
          if (access.kind === 'credential') {
            if (status !== 400 && status !== 401) fail('400/401 without the credential');
          } else if (access.kind === 'public') {
            if (status === 401 || status === 403) fail('public');
          } else if (access.kind === 'candidate') {
            // The candidate routes check the invite token in the handler, after body validation: without a
            // valid token the answer is 401, or 400/415 for a body that fails validation first. Never 2xx.
            if (caller === 'candidate' ? status === 401 || status === 403 : status !== 401 && status !== 400 && status !== 415) fail(caller === 'candidate' ? 'allowed' : '401 (or 400/415 before the token check)');
          } else if (caller === 'none' || caller === 'expired' || caller === 'revoked-key' || caller === 'candidate') {
            if (status !== 401) fail('401');
          } else if (caller === 'other-organisation') {
            if (!access.roles.includes('admin')) {
              if (status !== 403) fail('403');
            } else if (route.path.includes('{id}')) {
              // Resources without a fixture row get a placeholder id that fails validation (400) before any lookup.
              const placeholder = urlFor(route.path).includes('lookups.some-item');
              if (route.method === 'GET' && !placeholder ? status !== 404 : status !== 404 && status !== 400) fail('404: another organisation’s row does not exist for it');
            } else if (ids.interview && res.body.includes(ids.interview)) fail('no rows of another organisation');
          } else if (access.roles.includes(caller)) {
            if (status === 401 || status === 403) fail('allowed');
          } else if (status !== 403) fail('403');
        }
      }
      expect(problems).toEqual([]);
    });

    it('lists never return another organisation’s rows', async () => {
      const asB = headers['other-organisation'];
      for (const url of ['/api/v1/interviews', '/api/v1/profiles', '/api/v1/users', '/api/v1/api-keys', '/api/v1/audit-events']) {
        const res = await f.app.inject({ url, headers: asB });
        expect(res.statusCode, url).toBe(200);
        for (const id of [f.orgA.id, ids.interview, ids.profile, ids.user, ids.key, 'admin@a.example']) expect(res.body, `${url} leaks ${id}`).not.toContain(id);
      }
    });
  });
}
