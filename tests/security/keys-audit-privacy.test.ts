import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.js';
import { testBackends } from '../helpers/test-backends.js';
import { buildSecurityFixture, type SecurityFixture } from './security-fixture.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: API keys, invitations, audit chain, encryption, export and erasure`, () => {
    let store: Store;
    let f: SecurityFixture;
    beforeAll(async () => {
      store = await backend.open();
      f = await buildSecurityFixture(store);
    });
    afterAll(async () => {
      await f.close();
      await store.close().catch(() => undefined);
    });

    const createKey = async (scopes: string[], token = f.orgA.tokens.admin) => {
      const res = await f.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: f.bearer(token), payload: { name: 'HR system', scopes } });
      expect(res.statusCode).toBe(201);
      return res.json() as { key: { id: string; prefix: string; role: string }; secret: string };
    };

    it('a key is shown once, stored hashed behind its prefix, and acts with the role its scopes map to', async () => {
      const { key, secret } = await createKey(['interviews:write', 'profiles:read']);
      expect(secret).toMatch(new RegExp(`^xi_${key.prefix}_[A-Za-z0-9_-]{43}$`));
      expect(key.role).toBe('recruiter');
      const row = await store.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(secret.split('_').slice(2).join('_'));
      const list = await f.app.inject({ url: '/api/v1/api-keys', headers: f.bearer(f.orgA.tokens.admin) });
      expect(list.body).not.toContain(secret);
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': secret } })).statusCode).toBe(200);
      expect((await f.app.inject({ url: '/api/v1/users', headers: { 'x-api-key': secret } })).statusCode).toBe(403);
      const used = await f.app.inject({ url: '/api/v1/api-keys', headers: f.bearer(f.orgA.tokens.admin) });
      expect((used.json() as { keys: { id: string; lastUsedAt: string | null }[] }).keys.find((k) => k.id === key.id)?.lastUsedAt).not.toBeNull();
      const analyst = await createKey(['analytics:read']);
      expect(analyst.key.role).toBe('analyst');
    });

    it('rotation: both keys work during the overlap, then only the new one; revocation is immediate', async () => {
      const old = await createKey(['profiles:read']);
      const rotated = await f.app.inject({ method: 'POST', url: `/api/v1/api-keys/${old.key.id}/rotate`, headers: f.bearer(f.orgA.tokens.admin), payload: { overlapHours: 1 } });
      expect(rotated.statusCode).toBe(201);
      const next = rotated.json() as { key: { id: string }; secret: string };
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': old.secret } })).statusCode).toBe(200);
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': next.secret } })).statusCode).toBe(200);
      f.clock.advance(3_601_000);
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': old.secret } })).statusCode).toBe(401);
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': next.secret } })).statusCode).toBe(200);
      // Back to the fixture's time, so its staff access tokens are valid again; the old key expired at the overlap's end regardless.
      f.clock.advance(-3_601_000);
      await store.db.updateTable('api_keys').set({ expires_at: new Date(f.clock.ms - 1000) }).where('id', '=', old.key.id).execute();
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': old.secret } })).statusCode).toBe(401);
      const revoke = await f.app.inject({ method: 'POST', url: `/api/v1/api-keys/${next.key.id}/revoke`, headers: f.bearer(f.orgA.tokens.admin) });
      expect(revoke.statusCode).toBe(204);
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': next.secret } })).statusCode).toBe(401);
      expect((await f.app.inject({ url: '/api/v1/profiles', headers: { 'x-api-key': `${next.secret.slice(0, -1)}A` } })).statusCode).toBe(401);
      // Another organisation's admin cannot see or touch the key.
      expect((await f.app.inject({ method: 'POST', url: `/api/v1/api-keys/${old.key.id}/revoke`, headers: f.bearer(f.orgB.tokens.admin) })).statusCode).toBe(404);
      const actions = (await f.platform.services.security.audit.list(f.orgA.id, { limit: 100 })).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['api-key.created', 'api-key.rotated', 'api-key.revoked']));
    });

    it('invitations: a revoked link stops working at once; an expired one is refused', async () => {
      const first = await f.invite();
      expect((await f.app.inject({ url: '/api/v1/session', headers: f.bearer(first.token) })).statusCode).toBe(200);
      expect((await f.app.inject({ method: 'POST', url: `/api/v1/interviews/${first.interviewId}/revoke`, headers: f.bearer(f.orgB.tokens.recruiter) })).statusCode).toBe(404);
      expect((await f.app.inject({ method: 'POST', url: `/api/v1/interviews/${first.interviewId}/revoke`, headers: f.bearer(f.orgA.tokens.reviewer) })).statusCode).toBe(403);
      const revoke = await f.app.inject({ method: 'POST', url: `/api/v1/interviews/${first.interviewId}/revoke`, headers: f.bearer(f.orgA.tokens.recruiter) });
      expect(revoke.statusCode).toBe(200);
      expect((await f.app.inject({ url: '/api/v1/session', headers: f.bearer(first.token) })).statusCode).toBe(401);
      expect((await f.app.inject({ method: 'POST', url: '/api/v1/session/start', headers: f.bearer(first.token) })).statusCode).toBe(401);

      const second = await f.invite();
      f.clock.advance(8 * 86_400_000);
      try {
        const start = await f.app.inject({ method: 'POST', url: '/api/v1/session/consent', headers: f.bearer(second.token), payload: { accepted: true } });
        expect(start.statusCode).toBe(410);
      } finally {
        f.clock.advance(-8 * 86_400_000);
      }
    });

    it('encryption at rest: the raw rows hold no plaintext email, name, phone or answer', async () => {
      const email = 'secret.person@candidate.example';
      const { token, candidateId, interviewId } = await f.invite(f.orgA, email);
      // Free text the candidate writes (here: the accommodation request; answers go through the same cipher).
      expect((await f.app.inject({ method: 'POST', url: '/api/v1/session/consent', headers: f.bearer(token), payload: { accepted: true, accommodationRequest: 'My unmistakable answer about XLOOKUP' } })).statusCode).toBe(200);
      const dump = async (table: string, column: string, id: string) => JSON.stringify((await sql.raw(`select * from ${table} where ${column} = '${id}'`).execute(store.db)).rows);
      const raw = (await dump('candidates', 'id', candidateId)) + (await dump('messages', 'interview_id', interviewId)) + (await dump('interviews', 'id', interviewId)) + (await dump('responses', 'interview_id', interviewId));
      // The phone in every form it could be stored in (a 4-digit fragment alone also turns up in random ids, seeds and ciphertext).
      for (const secret of [email, 'Ana Candidate', '+44 20 7946 0000', '+442079460000', '2079460000', '7946 0000', 'unmistakable answer']) expect(raw).not.toContain(secret);
      // …while the service still reads them.
      const exported = await f.app.inject({ url: `/api/v1/candidates/${candidateId}/export`, headers: f.bearer(f.orgA.tokens.recruiter) });
      expect(exported.statusCode).toBe(200);
      expect(exported.body).toContain(email);
      expect(exported.body).toContain('unmistakable answer');
    });

    it('export and erasure: complete, organisation-bound, audited, and erasure leaves nothing readable', async () => {
      const { token, candidateId, interviewId } = await f.invite(f.orgA, 'erase.me@candidate.example');
      await f.app.inject({ method: 'POST', url: '/api/v1/session/consent', headers: f.bearer(token), payload: { accepted: true, accommodationRequest: 'large print please' } });
      expect((await f.app.inject({ url: `/api/v1/candidates/${candidateId}/export`, headers: f.bearer(f.orgB.tokens.admin) })).statusCode).toBe(404);
      expect((await f.app.inject({ url: `/api/v1/candidates/${candidateId}/export`, headers: f.bearer(f.orgA.tokens.analyst) })).statusCode).toBe(403);
      const exported = (await f.app.inject({ url: `/api/v1/candidates/${candidateId}/export`, headers: f.bearer(f.orgA.tokens.admin) })).json() as { candidate: { email: string; phone: string }; interviews: { id: string; messages: { text: string }[]; accommodationRequest: string }[] };
      expect(exported.candidate).toMatchObject({ email: 'erase.me@candidate.example', phone: '+44 20 7946 0000' });
      expect(exported.interviews[0]?.id).toBe(interviewId);
      expect(exported.interviews[0]?.accommodationRequest).toBe('large print please');
      expect(exported.interviews[0]?.messages.length).toBeGreaterThan(0);

      expect((await f.app.inject({ method: 'POST', url: `/api/v1/candidates/${candidateId}/erasure`, headers: f.bearer(f.orgA.tokens.recruiter) })).statusCode).toBe(403);
      const erased = await f.app.inject({ method: 'POST', url: `/api/v1/candidates/${candidateId}/erasure`, headers: f.bearer(f.orgA.tokens.admin) });
      expect(erased.statusCode).toBe(200);
      expect(erased.json()).toMatchObject({ interviews: 1, alreadyErased: false });
      expect((await f.app.inject({ method: 'POST', url: `/api/v1/candidates/${candidateId}/erasure`, headers: f.bearer(f.orgA.tokens.admin) })).json()).toMatchObject({ alreadyErased: true });
      const after = (await f.app.inject({ url: `/api/v1/candidates/${candidateId}/export`, headers: f.bearer(f.orgA.tokens.admin) })).json() as { candidate: { email: string; name: string; erasedAt: string }; interviews: { messages: unknown[]; accommodationRequest: unknown }[] };
      expect(after.candidate).toMatchObject({ email: '', name: '' });
      expect(after.candidate.erasedAt).toBeTruthy();
      expect(after.interviews[0]).toMatchObject({ messages: [], accommodationRequest: null });
      expect((await f.app.inject({ url: '/api/v1/session', headers: f.bearer(token) })).statusCode).toBe(401);
      // The recruiter's view of the interview still works (scores stay, pseudonymous).
      expect((await f.app.inject({ url: `/api/v1/interviews/${interviewId}`, headers: f.bearer(f.orgA.tokens.recruiter) })).statusCode).toBe(200);
      const actions = (await f.platform.services.security.audit.list(f.orgA.id, { limit: 200 })).filter((e) => e.subject === `candidate:${candidateId}`).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['privacy.export', 'privacy.erasure']));
    });

    it('retention: the daily job erases candidates idle longer than the organisation keeps data', async () => {
      const put = await f.app.inject({ method: 'PUT', url: '/api/v1/privacy/retention', headers: f.bearer(f.orgB.tokens.admin), payload: { retentionDays: 30 } });
      expect(put.statusCode).toBe(200);
      const old = await f.invite(f.orgB, 'old@candidate.example');
      const longAgo = new Date(f.clock.ms - 31 * 86_400_000);
      await store.db.updateTable('candidates').set({ created_at: longAgo }).where('id', '=', old.candidateId).execute();
      await store.db.updateTable('interviews').set({ created_at: longAgo, updated_at: longAgo }).where('id', '=', old.interviewId).execute();
      const fresh = await f.invite(f.orgB, 'fresh@candidate.example');
      const result = await f.platform.services.security.privacy.applyRetention();
      expect(result.erased).toBeGreaterThanOrEqual(1);
      const rows = await store.db.selectFrom('candidates').select(['id', 'erased_at']).where('id', 'in', [old.candidateId, fresh.candidateId]).execute();
      expect(rows.find((r) => r.id === old.candidateId)?.erased_at).not.toBeNull();
      expect(rows.find((r) => r.id === fresh.candidateId)?.erased_at).toBeNull();
    });

    it('the audit chain verifies, and a changed or deleted row is detected', async () => {
      const audit = f.platform.services.security.audit;
      const intact = await audit.verifyAuditChain();
      expect(intact.kind).toBe('intact');
      expect(intact.count).toBeGreaterThan(10);
      const rows = await store.db.selectFrom('audit_events').select(['id', 'data']).orderBy('id').execute();
      const victim = rows[3] as { id: string };
      await sql`update audit_events set action = 'auth.sign-out' where id = ${victim.id}`.execute(store.db);
      expect(await audit.verifyAuditChain()).toMatchObject({ kind: 'broken', eventId: String(victim.id), reason: 'changed' });
      await sql`delete from audit_events where id = ${victim.id}`.execute(store.db);
      expect(await audit.verifyAuditChain()).toMatchObject({ kind: 'broken', eventId: String((rows[4] as { id: string }).id), reason: 'unlinked' });
    });

    it('concurrent appends never fork the chain', async () => {
      await sql`delete from audit_events`.execute(store.db);
      const audit = f.platform.services.security.audit;
      await Promise.all(Array.from({ length: 25 }, (_, i) => audit.record({ organisationId: f.orgA.id, actor: 'system', action: 'privacy.retention-run', data: { i } })));
      expect(await audit.verifyAuditChain()).toMatchObject({ kind: 'intact', count: 25 });
    });
  });
}
