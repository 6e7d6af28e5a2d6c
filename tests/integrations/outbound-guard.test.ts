import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import type { Platform } from '../../src/main.js';
import { isAppError } from '../../src/services/errors.js';
import { OutboundRefusedError } from '../../src/services/webhooks/outbound-policy.js';
import { NotificationRepository } from '../../src/store/repositories/notification-repository.js';
import type { Store } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';
import { startHttpSink } from './support/http-sink.js';
import { ADMIN_ENV, inviteCandidate, signInAdmin, until } from './support/fixture.js';

/** The targets an organisation admin must not be able to make the server call (OUTBOUND_ALLOW_PRIVATE_NETWORKS off). */
function forbiddenTargets(sinkUrl: string): { name: string; url: string; reason: string }[] {
  const port = new URL(sinkUrl).port;
  return [
    { name: 'loopback', url: `http://127.0.0.1:${port}/hook`, reason: 'blocked-address' },
    { name: 'RFC 1918', url: 'http://10.0.0.1/hook', reason: 'blocked-address' },
    { name: 'cloud metadata', url: 'http://169.254.169.254/latest/meta-data/', reason: 'blocked-address' },
    { name: 'IPv6 loopback', url: `http://[::1]:${port}/hook`, reason: 'blocked-address' },
    { name: 'a name resolving to loopback', url: `http://localhost:${port}/hook`, reason: 'blocked-address' },
    { name: 'ftp', url: `ftp://127.0.0.1:${port}/hook`, reason: 'unsupported-scheme' },
  ];
}

for (const backend of testBackends()) {
  describe(`${backend.name}: outgoing URLs are refused on private networks (SSRF guard)`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    let admin: Awaited<ReturnType<typeof signInAdmin>>;
    const sink = startHttpSink(() => ({ status: 200 }));

    beforeAll(async () => {
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { ...ADMIN_ENV, OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false', WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '20', WEBHOOK_TIMEOUT_MS: '2000' }));
      await app.ready();
      admin = await signInAdmin(platform);
    });
    afterAll(async () => {
      await platform.close();
      await (await sink).close();
    });

    it('refuses each forbidden webhook URL at creation and on update, with invalid-input and the reason', async () => {
      const targets = forbiddenTargets((await sink).url);
      for (const target of targets) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: target.url, events: ['interview.invited'] } });
        expect(res.statusCode, target.name).toBe(400);
        expect((res.json() as { error: { code: string; details: { field: string; reason: string } } }).error, target.name).toMatchObject({ code: 'invalid-input', details: { field: 'url', reason: target.reason } });
      }
      const metadata = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: 'http://169.254.169.254/latest/meta-data/', events: ['interview.invited'] } });
      expect((metadata.json() as { error: { details: unknown } }).error.details).toEqual({ field: 'url', reason: 'blocked-address', host: '169.254.169.254', address: '169.254.169.254', category: 'metadata' });

      // A public address (no DNS needed) is accepted; changing it to a forbidden one is not.
      const created = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: 'https://93.184.216.34/hook', events: ['interview.invited'] } });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { webhook: { id: string } }).webhook.id;
      for (const target of targets) {
        const res = await app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, headers: admin.headers, payload: { url: target.url } });
        expect(res.statusCode, target.name).toBe(400);
      }
      expect((await app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, headers: admin.headers, payload: { disabled: true } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${id}`, headers: admin.headers })).statusCode).toBe(204);
    });

    it('checks again at delivery: endpoints whose URL now points at a forbidden target are refused, marked failed at once, and nothing is sent', async () => {
      const receiver = await sink;
      const targets = forbiddenTargets(receiver.url);
      const ids: string[] = [];
      for (const target of targets) {
        const created = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: 'https://93.184.216.34/hook', events: ['interview.invited'], description: target.name } });
        const id = (created.json() as { webhook: { id: string } }).webhook.id;
        // What a DNS change, or a row saved before the guard existed, would leave behind.
        await store.db.updateTable('webhook_endpoints').set({ url: target.url }).where('id', '=', id).execute();
        ids.push(id);
      }
      await inviteCandidate(platform, { name: 'Ada Byron', email: 'ada@example.com' }, admin.organisationId);
      const logs = async () =>
        Promise.all(ids.map(async (id) => ((await app.inject({ url: `/api/v1/webhooks/${id}/deliveries`, headers: admin.headers })).json() as { deliveries: { status: string; attempts: number; lastError: string | null }[] }).deliveries));
      await until(async () => (await logs()).every((deliveries) => deliveries[0]?.status === 'failed'));
      const results = await logs();
      results.forEach((deliveries, i) => {
        const name = targets[i]?.name ?? '';
        expect(deliveries, name).toHaveLength(1);
        expect(deliveries[0], name).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/^refused: /) });
      });
      expect(results[2]?.[0]?.lastError).toContain('metadata');
      expect(results[5]?.[0]?.lastError).toContain('only http and https');
      expect(receiver.received).toEqual([]);
    });

    it('refuses forbidden Slack and Teams URLs when settings are saved, and again when a message is posted', async () => {
      const receiver = await sink;
      const notifications = platform.services.integrations.notifications;
      const settings = await notifications.settings(admin.organisationId);
      for (const target of forbiddenTargets(receiver.url)) {
        for (const field of ['slackWebhookUrl', 'teamsWebhookUrl'] as const) {
          const error = await notifications.saveSettings({ ...settings, [field]: target.url }).catch((e: unknown) => e);
          expect(isAppError(error) && error.code, `${field} ${target.name}`).toBe('invalid-input');
          expect(isAppError(error) && error.details, `${field} ${target.name}`).toMatchObject({ field, reason: target.reason });
        }
      }
      expect((await notifications.settings(admin.organisationId)).slackWebhookUrl).toBeNull();

      // Saved around the service (as a row from before the guard): posting refuses before connecting.
      await new NotificationRepository(store.db, undefined as never).saveSettings({ ...settings, slackWebhookUrl: `${receiver.url}/slack`, teamsWebhookUrl: null }, new Date());
      const { interviewId } = await inviteCandidate(platform, { name: 'Grace Hopper', email: 'grace@example.com' }, admin.organisationId);
      const refused = await notifications.notifyReviewRequired({ interviewId, responseId: '00000000-0000-4000-8000-0000000000aa', itemId: 'lookups.xlookup-basic', reason: 'low-confidence' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OutboundRefusedError);
      expect((refused as OutboundRefusedError).refusal).toMatchObject({ reason: 'blocked-address', category: 'loopback' });

      await new NotificationRepository(store.db, undefined as never).saveSettings({ ...settings, slackWebhookUrl: null, teamsWebhookUrl: `http://localhost:${new URL(receiver.url).port}/teams` }, new Date());
      const byName = await notifications.notifyReviewRequired({ interviewId, responseId: '00000000-0000-4000-8000-0000000000bb', itemId: 'lookups.xlookup-basic', reason: 'low-confidence' }).catch((e: unknown) => e);
      expect(byName).toBeInstanceOf(OutboundRefusedError);
      expect(receiver.received).toEqual([]);
    });
    it('refuses a Greenhouse send_test whose callback url points at a private network', async () => {
      const key = await platform.services.security.apiKeys.create('test', admin.organisationId, { name: 'Greenhouse', scopes: ['interviews:write', 'interviews:read'] });
      const { profileId } = await inviteCandidate(platform, { name: 'Alan Turing', email: 'alan@example.com' }, admin.organisationId);
      const receiver = await sink;
      for (const target of forbiddenTargets(receiver.url)) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/integrations/greenhouse/send_test',
          headers: { authorization: `Basic ${Buffer.from(`${key.secret}:`).toString('base64')}` },
          payload: { partner_test_id: profileId, candidate: { first_name: 'Alan', last_name: 'Turing', email: 'alan.t@example.com' }, url: target.url },
        });
        expect(res.statusCode, target.name).toBe(400);
        expect((res.json() as { error: { code: string; details: { field: string; reason: string } } }).error, target.name).toMatchObject({ code: 'invalid-input', details: { field: 'url', reason: target.reason } });
      }
      expect(receiver.received).toEqual([]);
    });
  });
}
