import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/services/auth/totp.js';
import type { Store } from '../../src/store/open-store.js';
import { testBackends } from '../helpers/test-backends.js';
import { buildSecurityFixture, PASSWORD, type SecurityFixture } from './security-fixture.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: sign-in, sessions and second factor`, () => {
    let store: Store;
    let f: SecurityFixture;
    beforeAll(async () => {
      store = await backend.open();
      f = await buildSecurityFixture(store, { SIGN_IN_MAX_FAILURES: '3', LOCKOUT_BASE_SEC: '60' });
    });
    afterAll(async () => {
      await f.close();
      await store.close().catch(() => undefined);
    });

    it('the first admin comes from ADMIN_EMAIL/ADMIN_PASSWORD and signs in; /auth/me shows the account', async () => {
      const { status, body } = await f.signIn('ROOT@a.example');
      expect(status).toBe(200);
      expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: 'root@a.example', role: 'admin', organisationId: f.orgA.id } });
      const me = await f.app.inject({ url: '/api/v1/auth/me', headers: f.bearer(body.accessToken as string) });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ email: 'root@a.example', role: 'admin' });
    });

    it('a wrong password and an unknown email get the same 401', async () => {
      const wrong = await f.signIn('recruiter@b.example', 'not the password at all');
      const unknown = await f.signIn('nobody@nowhere.example', 'not the password at all');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual({ error: { ...(unknown.body.error as object), requestId: (wrong.body.error as { requestId: string }).requestId } });
    });

    it('refresh rotates: the new token works once, and reusing an old one revokes the whole family', async () => {
      const first = await f.signIn('reviewer@a.example');
      const r1 = first.body.refreshToken as string;
      const rotated = await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: r1 } });
      expect(rotated.statusCode).toBe(200);
      const r2 = (rotated.json() as { refreshToken: string }).refreshToken;
      expect(r2).not.toBe(r1);
      const reuse = await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: r1 } });
      expect(reuse.statusCode).toBe(401);
      // The thief's reuse ended the family: the legitimate newest token is dead too.
      const afterReuse = await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: r2 } });
      expect(afterReuse.statusCode).toBe(401);
      const audit = await f.platform.services.security.audit.list(f.orgA.id, { limit: 20, action: 'auth.refresh-reuse' });
      expect(audit.length).toBeGreaterThan(0);
    });

    it('an access token expires after its lifetime', async () => {
      const { body } = await f.signIn('analyst@a.example');
      const token = body.accessToken as string;
      expect((await f.app.inject({ url: '/api/v1/auth/me', headers: f.bearer(token) })).statusCode).toBe(200);
      f.clock.advance(901_000);
      try {
        expect((await f.app.inject({ url: '/api/v1/auth/me', headers: f.bearer(token) })).statusCode).toBe(401);
      } finally {
        f.clock.advance(-901_000);
      }
    });

    it('a tampered token or alg=none is refused', async () => {
      const { body } = await f.signIn('analyst@a.example');
      const [h, p] = (body.accessToken as string).split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      for (const token of [`${h}.${forged}.${(body.accessToken as string).split('.')[2]}`, `${none}.${p}.`, `${none}.${p}.x`]) {
        expect((await f.app.inject({ url: '/api/v1/users', headers: f.bearer(token) })).statusCode).toBe(401);
      }
    });

    it('cookie sessions: refresh needs the CSRF header that matches the CSRF cookie', async () => {
      const res = await f.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'recruiter@a.example', password: PASSWORD, session: 'cookie' } });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { refreshToken?: string; csrfToken: string };
      expect(body.refreshToken).toBeUndefined();
      const cookies = res.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string }[];
      const refresh = cookies.find((c) => c.name === 'xi_refresh');
      expect(refresh?.httpOnly).toBe(true);
      expect(refresh?.sameSite).toBe('Strict');
      const cookie = `xi_refresh=${refresh?.value}; xi_csrf=${body.csrfToken}`;
      const noHeader = await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie } });
      expect(noHeader.statusCode).toBe(403);
      const wrongHeader = await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, 'x-csrf-token': 'guess' } });
      expect(wrongHeader.statusCode).toBe(403);
      const ok = await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, 'x-csrf-token': body.csrfToken } });
      expect(ok.statusCode).toBe(200);
    });

    it('locks after repeated failures with a growing backoff, answering 429 with Retry-After even for the right password', async () => {
      for (let i = 0; i < 2; i++) expect((await f.signIn('analyst@b.example', 'wrong password here')).status).toBe(401);
      const third = await f.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'analyst@b.example', password: 'wrong password here' } });
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toBe('60');
      const locked = await f.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'analyst@b.example', password: PASSWORD } });
      expect(locked.statusCode).toBe(429);
      f.clock.advance(61_000);
      const fourth = await f.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'analyst@b.example', password: 'wrong password here' } });
      expect(fourth.statusCode).toBe(429);
      expect(fourth.headers['retry-after']).toBe('120');
      f.clock.advance(121_000);
      expect((await f.signIn('analyst@b.example')).status).toBe(200);
      expect((await f.platform.services.security.audit.list(f.orgB.id, { limit: 50, action: 'auth.locked' })).length).toBe(2);
    });

    it('TOTP: enrol, then sign-in needs a code; a code works once; a recovery code works once', async () => {
      const email = 'totp@a.example';
      await f.platform.services.security.users.create('test', f.orgA.id, { email, name: 'T', role: 'recruiter', password: PASSWORD });
      const token = (await f.signIn(email)).body.accessToken as string;
      const setup = await f.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/totp/setup', headers: f.bearer(token) });
      expect(setup.statusCode).toBe(200);
      const { secret, otpauthUri } = setup.json() as { secret: string; otpauthUri: string };
      expect(otpauthUri).toContain(`secret=${secret}`);
      const bad = await f.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/totp/enable', headers: f.bearer(token), payload: { code: '000000' === totpCode(secret, f.clock.ms) ? '111111' : '000000' } });
      expect(bad.statusCode).toBe(400);
      const enable = await f.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/totp/enable', headers: f.bearer(token), payload: { code: totpCode(secret, f.clock.ms) } });
      expect(enable.statusCode).toBe(200);
      const { recoveryCodes } = enable.json() as { recoveryCodes: string[] };
      expect(recoveryCodes).toHaveLength(10);

      const noCode = await f.signIn(email);
      expect(noCode.status).toBe(401);
      expect(noCode.body).toMatchObject({ error: { details: { mfaRequired: true } } });
      // The enrolment code's step is spent; the next step's code works once.
      f.clock.advance(30_000);
      const code = totpCode(secret, f.clock.ms);
      expect((await f.signIn(email, PASSWORD, { code })).status).toBe(200);
      expect((await f.signIn(email, PASSWORD, { code })).status).toBe(401);
      const recovery = recoveryCodes[0] as string;
      expect((await f.signIn(email, PASSWORD, { code: recovery.toLowerCase() })).status).toBe(200);
      expect((await f.signIn(email, PASSWORD, { code: recovery })).status).toBe(401);
    });

    it('password reset: a one-time token from the mailer sets a new password and ends old sessions', async () => {
      const email = 'forgetful@a.example';
      await f.platform.services.security.users.create('test', f.orgA.id, { email, name: 'F', role: 'reviewer', password: PASSWORD });
      const before = (await f.signIn(email)).body;
      const request = await f.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email } });
      expect(request.statusCode).toBe(202);
      const unknown = await f.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: 'ghost@a.example' } });
      expect(unknown.statusCode).toBe(202);
      const line = f.logs.lines.map((l) => String(l.msg)).reverse().find((m) => m.includes('/reset-password#token='));
      const token = line?.split('#token=')[1] as string;
      expect(token).toMatch(/^xp_/);
      expect(JSON.stringify(f.logs.lines)).not.toContain(email);
      const reset = await f.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword: 'a brand new passphrase' } });
      expect(reset.statusCode).toBe(204);
      expect((await f.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword: 'another new passphrase' } })).statusCode).toBe(401);
      expect((await f.signIn(email)).status).toBe(401);
      expect((await f.signIn(email, 'a brand new passphrase')).status).toBe(200);
      expect((await f.app.inject({ url: '/api/v1/auth/me', headers: f.bearer(before.accessToken as string) })).statusCode).toBe(401);
      expect((await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: before.refreshToken } })).statusCode).toBe(401);
    });

    it('a role change takes effect at once and is audited; the last admin cannot demote themselves', async () => {
      const admin = f.orgB.tokens.admin;
      const target = f.orgB.userIds.reviewer;
      const token = f.orgB.tokens.reviewer;
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: f.bearer(token) })).statusCode).toBe(403);
      const change = await f.app.inject({ method: 'PATCH', url: `/api/v1/users/${target}`, headers: f.bearer(admin), payload: { role: 'analyst' } });
      expect(change.statusCode).toBe(200);
      // The old token (role reviewer) is ended by the role change.
      expect((await f.app.inject({ url: '/api/v1/interviews', headers: f.bearer(token) })).statusCode).toBe(401);
      const events = await f.platform.services.security.audit.list(f.orgB.id, { limit: 10, action: 'user.role-changed' });
      expect(events[0]).toMatchObject({ subject: `user:${target}`, data: { from: 'reviewer', to: 'analyst' } });
      const self = await f.app.inject({ method: 'PATCH', url: `/api/v1/users/${f.orgB.userIds.admin}`, headers: f.bearer(admin), payload: { role: 'recruiter' } });
      // orgB has two admins (root and admin@b): demoting one is allowed, the last one is not.
      expect(self.statusCode).toBe(200);
      const rootId = (await f.platform.services.security.users.list(f.orgB.id)).find((u) => u.email === 'root@b.example')?.id as string;
      const rootToken = (await f.signIn('root@b.example')).body.accessToken as string;
      expect((await f.app.inject({ method: 'PATCH', url: `/api/v1/users/${rootId}`, headers: f.bearer(rootToken), payload: { disabled: true } })).statusCode).toBe(409);
    });

    it('a disabled user cannot sign in, and their sessions end', async () => {
      const email = 'leaver@a.example';
      const user = await f.platform.services.security.users.create('test', f.orgA.id, { email, name: 'L', role: 'recruiter', password: PASSWORD });
      const session = (await f.signIn(email)).body;
      const root = (await f.signIn('root@a.example')).body.accessToken as string;
      expect((await f.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: f.bearer(root), payload: { disabled: true } })).statusCode).toBe(200);
      expect((await f.signIn(email)).status).toBe(401);
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: f.bearer(session.accessToken as string) })).statusCode).toBe(401);
      expect((await f.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode).toBe(401);
    });

    it('no password ever reaches the logs', () => {
      const text = JSON.stringify(f.logs.lines);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('wrong password here');
    });
  });
}
