import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import type { InProcessRunner } from '../../src/jobs/in-process-runner.js';
import type { Platform } from '../../src/main.js';
import { verifySignature, SIGNATURE_HEADER } from '../../src/services/webhooks/webhook-signature.js';
import type { Store } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';
import { startHttpSink } from './support/http-sink.js';
import { ADMIN_ENV, inviteCandidate, signInAdmin, until } from './support/fixture.js';

const nowSec = () => Math.floor(Date.now() / 1000);

for (const backend of testBackends()) {
  describe(`${backend.name}: outgoing webhooks`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    let admin: Awaited<ReturnType<typeof signInAdmin>>;
    const sink = startHttpSink((_request, n) => ({ status: n === 1 ? 500 : 200, body: { ok: n !== 1 } }));
    const failing = startHttpSink(() => ({ status: 503 }));
    beforeAll(async () => {
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { ...ADMIN_ENV, WEBHOOK_BACKOFF_MS: '20', WEBHOOK_ATTEMPTS: '3', PUBLIC_URL: 'https://hire.example.com' }));
      await app.ready();
      admin = await signInAdmin(platform);
    });
    afterAll(async () => {
      await platform.close();
      await (await sink).close();
      await (await failing).close();
    });

    let secret = '';
    let webhookId = '';
    let interviewId = '';

    it('signs each delivery, retries a failure with backoff, and logs every attempt with its response code', async () => {
      const receiver = await sink;
      const created = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: `${receiver.url}/hooks`, events: ['interview.invited', 'interview.completed'] } });
      expect(created.statusCode).toBe(201);
      ({ secret } = created.json() as { secret: string });
      webhookId = (created.json() as { webhook: { id: string } }).webhook.id;
      expect(secret).toMatch(/^whsec_/);

      ({ interviewId } = await inviteCandidate(platform, { name: 'Ana Lima', email: 'ana@example.com', externalId: 'gh-app-77' }, admin.organisationId));
      await until(() => receiver.received.length === 2);
      const [failed, delivered] = receiver.received;
      expect(failed?.headers['idempotency-key']).toBe(`interview.invited.${interviewId}`);
      expect(delivered?.headers['idempotency-key']).toBe(failed?.headers['idempotency-key']);
      const body = delivered?.body ?? '';
      expect(verifySignature({ header: delivered?.headers[SIGNATURE_HEADER] as string, body, secrets: [secret], nowSec: nowSec() })).toMatchObject({ ok: true });
      const payload = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      expect(payload.type).toBe('interview.invited');
      expect(payload.data).toMatchObject({ interview_id: interviewId, candidate_external_id: 'gh-app-77', report_url: `https://hire.example.com/recruiter/interviews/${interviewId}` });
      expect(body).not.toContain('ana@example.com');
      expect(body).not.toContain('Ana Lima');

      await until(async () => {
        const log = await app.inject({ method: 'GET', url: `/api/v1/webhooks/${webhookId}/deliveries`, headers: admin.headers });
        return (log.json() as { deliveries: { status: string }[] }).deliveries[0]?.status === 'delivered';
      });
      const log = (await app.inject({ method: 'GET', url: `/api/v1/webhooks/${webhookId}/deliveries`, headers: admin.headers })).json() as { deliveries: { status: string; attempts: number; attemptLog: { statusCode: number }[] }[] };
      expect(log.deliveries).toHaveLength(1);
      expect(log.deliveries[0]?.attemptLog.map((a) => a.statusCode)).toEqual([500, 200]);
    });

    it('delivers a repeated event once', async () => {
      const receiver = await sink;
      const event = { type: 'interview.invited' as const, organisationId: admin.organisationId, interviewId, candidateId: null, inviteUrl: 'https://hire.example.com/i/x', expiresAt: new Date().toISOString() };
      await platform.services.integrations.dispatch(event);
      await platform.services.integrations.dispatch(event);
      await (platform.jobs as InProcessRunner).drain();
      const log = (await app.inject({ method: 'GET', url: `/api/v1/webhooks/${webhookId}/deliveries`, headers: admin.headers })).json() as { deliveries: unknown[] };
      expect(log.deliveries).toHaveLength(1);
      expect(receiver.received).toHaveLength(2);
    });

    it('carries per-skill scores, pending_review_count and the report link on completion', async () => {
      const receiver = await sink;
      const summary = { theta: 0.4, se: 0.3, score: 612, band: [580, 644] as const, level: 3, label: 'Proficient', skills: { lookups: { theta: 0.6, se: 0.4, n: 3, score: 640, band: [600, 680] as const } }, itemsScored: 8, stopReason: 'precision' };
      await platform.services.integrations.dispatch({ type: 'interview.completed', organisationId: admin.organisationId, interviewId, summary, pendingReviewCount: 2 });
      await until(() => receiver.received.length === 3);
      const payload = JSON.parse(receiver.received[2]?.body ?? '{}') as { type: string; data: Record<string, unknown> };
      expect(payload.type).toBe('interview.completed');
      expect(payload.data).toMatchObject({ score: 612, level: 3, pending_review_count: 2, status: 'pending_review', skills: [{ skill: 'lookups', score: 640, band: [600, 680], items: 3 }], report_url: `https://hire.example.com/recruiter/interviews/${interviewId}` });
    });

    it('rejects a signature outside the replay window, a tampered body and a wrong secret', async () => {
      const receiver = await sink;
      const request = receiver.received[1];
      const header = request?.headers[SIGNATURE_HEADER] as string;
      const body = request?.body ?? '';
      expect(verifySignature({ header, body, secrets: [secret], nowSec: nowSec() + 301 })).toEqual({ ok: false, reason: 'outside-window' });
      expect(verifySignature({ header, body: body.replace('interview', 'xnterview'), secrets: [secret], nowSec: nowSec() })).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySignature({ header, body, secrets: ['whsec_other'], nowSec: nowSec() })).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifySignature({ header: 'v1=abc', body, secrets: [secret], nowSec: nowSec() })).toEqual({ ok: false, reason: 'malformed' });
    });

    it('rotates the secret with an overlap (both signatures sent) and redelivers by hand', async () => {
      const receiver = await sink;
      const rotated = await app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhookId}/rotate-secret`, headers: admin.headers, payload: { overlapHours: 1 } });
      expect(rotated.statusCode).toBe(201);
      const newSecret = (rotated.json() as { secret: string }).secret;
      const log = (await app.inject({ method: 'GET', url: `/api/v1/webhooks/${webhookId}/deliveries`, headers: admin.headers })).json() as { deliveries: { id: string; eventType: string }[] };
      const invited = log.deliveries.find((d) => d.eventType === 'interview.invited');
      const before = receiver.received.length;
      const redeliver = await app.inject({ method: 'POST', url: `/api/v1/webhooks/${webhookId}/deliveries/${invited?.id}/redeliver`, headers: admin.headers });
      expect(redeliver.statusCode).toBe(202);
      await until(() => receiver.received.length === before + 1);
      const again = receiver.received[before];
      expect(again?.headers['idempotency-key']).toBe(`interview.invited.${interviewId}`);
      const header = again?.headers[SIGNATURE_HEADER] as string;
      expect(header.match(/v1=/g)).toHaveLength(2);
      expect(verifySignature({ header, body: again?.body ?? '', secrets: [newSecret], nowSec: nowSec() }).ok).toBe(true);
      expect(verifySignature({ header, body: again?.body ?? '', secrets: [secret], nowSec: nowSec() }).ok).toBe(true);
    });

    it('dead-letters a delivery that keeps failing, with the reason visible in the log', async () => {
      const receiver = await failing;
      const created = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: receiver.url, events: ['interview.started'] } });
      const id = (created.json() as { webhook: { id: string } }).webhook.id;
      await platform.services.integrations.dispatch({ type: 'interview.started', organisationId: admin.organisationId, interviewId });
      await until(async () => (await platform.jobs.deadLetters()).some((d) => d.name === 'deliver-webhook'));
      const dead = (await platform.jobs.deadLetters()).find((d) => d.name === 'deliver-webhook');
      expect(dead?.reason).toContain('HTTP 503');
      expect(dead?.attempts).toBe(3);
      const log = (await app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries`, headers: admin.headers })).json() as { deliveries: { status: string; lastStatusCode: number; attempts: number }[] };
      expect(log.deliveries[0]).toMatchObject({ status: 'failed', lastStatusCode: 503, attempts: 3 });
      expect(receiver.received).toHaveLength(3);
    });

    it('refuses webhook management to non-admins and unknown event types', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/v1/webhooks' })).statusCode).toBe(401);
      const bad = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: 'https://x.example/h', events: ['interview.deleted'] } });
      expect(bad.statusCode).toBe(400);
      const ftp = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: 'ftp://x.example/h', events: ['interview.started'] } });
      expect(ftp.statusCode).toBe(400);
    });
  });
}
