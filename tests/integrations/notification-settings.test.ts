import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import type { Platform } from '../../src/main.js';
import type { Store } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';
import { ADMIN_ENV, signInAdmin } from './support/fixture.js';

type Settings = { locale: string; recruiterEmails: string[]; slackWebhook: { origin: string } | null; teamsWebhook: { origin: string } | null; smsInvitations: boolean; candidateFeedback: boolean; reminderHoursBefore: number };
type ErrorReply = { error: { code: string; details?: Record<string, unknown> } };

for (const backend of testBackends()) {
  describe(`${backend.name}: notification settings API`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    let admin: Awaited<ReturnType<typeof signInAdmin>>;

    beforeAll(async () => {
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { ...ADMIN_ENV, OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false' }));
      await app.ready();
      admin = await signInAdmin(platform);
    });
    afterAll(async () => {
      await platform.close();
    });

    const get = async () => (await app.inject({ url: '/api/v1/notification-settings', headers: admin.headers })).json() as Settings;
    const put = (payload: Record<string, unknown>) => app.inject({ method: 'PUT', url: '/api/v1/notification-settings', headers: admin.headers, payload });

    it('starts from the defaults, saves what is sent, keeps what is left out, and shows chat addresses by origin only', async () => {
      expect(await get()).toEqual({ locale: 'en', recruiterEmails: [], slackWebhook: null, teamsWebhook: null, smsInvitations: false, candidateFeedback: false, reminderHoursBefore: expect.any(Number) });
      const saved = await put({ locale: 'fr', recruiterEmails: ['Recrutement@Example.com'], teamsWebhookUrl: 'https://93.184.216.34/webhookb2/secret-part', candidateFeedback: true, reminderHoursBefore: 48 });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toEqual({ locale: 'fr', recruiterEmails: ['recrutement@example.com'], slackWebhook: null, teamsWebhook: { origin: 'https://93.184.216.34' }, smsInvitations: false, candidateFeedback: true, reminderHoursBefore: 48 });
      expect(saved.body).not.toContain('secret-part');

      expect((await put({ smsInvitations: true })).statusCode).toBe(200);
      expect(await get()).toMatchObject({ locale: 'fr', smsInvitations: true, teamsWebhook: { origin: 'https://93.184.216.34' } });
      // What the notification jobs read is the full address.
      expect((await platform.services.integrations.notifications.settings(admin.organisationId)).teamsWebhookUrl).toBe('https://93.184.216.34/webhookb2/secret-part');

      expect((await put({ teamsWebhookUrl: null })).json()).toMatchObject({ teamsWebhook: null });
    });

    it('refuses chat addresses on private networks and malformed values, changing nothing', async () => {
      const before = await get();
      for (const [field, url] of [['slackWebhookUrl', 'http://127.0.0.1:9/hook'], ['teamsWebhookUrl', 'http://169.254.169.254/latest/'], ['slackWebhookUrl', 'ftp://93.184.216.34/x']] as const) {
        const res = await put({ [field]: url });
        expect(res.statusCode, url).toBe(400);
        expect((res.json() as ErrorReply).error).toMatchObject({ code: 'invalid-input', details: { field } });
      }
      expect((await put({ recruiterEmails: ['not an email'] })).statusCode).toBe(400);
      expect((await put({ reminderHoursBefore: -1 })).statusCode).toBe(400);
      expect((await put({ locale: 'de' })).statusCode).toBe(400);
      expect(await get()).toEqual(before);
    });

    it('records each change in the audit log without the addresses or emails', async () => {
      const events = await platform.services.security.audit.list(admin.organisationId, { limit: 20, action: 'notification-settings.saved' });
      expect(events.length).toBeGreaterThanOrEqual(3);
      const serialised = JSON.stringify(events);
      expect(serialised).not.toContain('secret-part');
      expect(serialised).not.toContain('recrutement@example.com');
    });
  });
}
