import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import type { Platform } from '../../src/main.js';
import { TwilioSmsClient } from '../../src/services/notifications/sms-provider.js';
import { NotificationRepository } from '../../src/store/repositories/notification-repository.js';
import type { Store } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';
import { startHttpSink } from './support/http-sink.js';
import { partOfType } from './support/mime.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { ADMIN_ENV, inviteCandidate, signInAdmin, until } from './support/fixture.js';

for (const backend of testBackends()) {
  describe(`${backend.name}: email, SMS and team channels against local protocol servers`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    let organisationId = '';
    const smtp = startSmtpSink();
    const twilio = startHttpSink((request) => (request.headers.authorization === `Basic ${Buffer.from('AC123:secret-token').toString('base64')}` ? { status: 201, body: { sid: 'SM0001', status: 'queued' } } : { status: 401, body: { code: 20003, message: 'Authenticate' } }));
    const chat = startHttpSink(() => ({ status: 200 }));
    beforeAll(async () => {
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { ...ADMIN_ENV, SMTP_URL: (await smtp).url, SMTP_FROM: 'Hiring Co <hiring@example.com>', PUBLIC_URL: 'https://hire.example.com', SMS_BASE_URL: (await twilio).url, SMS_ACCOUNT_SID: 'AC123', SMS_AUTH_TOKEN: 'secret-token', SMS_FROM: '+15005550006' }));
      await app.ready();
      ({ organisationId } = await signInAdmin(platform));
      const repo = new NotificationRepository(store.db, undefined as never);
      await repo.saveSettings({ organisationId, locale: 'fr', recruiterEmails: ['recruteur@example.com'], slackWebhookUrl: `${(await chat).url}/slack`, teamsWebhookUrl: `${(await chat).url}/teams`, smsInvitations: true, candidateFeedback: true, reminderHoursBefore: 48 }, new Date());
    });
    afterAll(async () => {
      await platform.close();
      await (await smtp).close();
      await (await twilio).close();
      await (await chat).close();
    });

    let interviewId = '';

    it('emails the invitation in the organisation locale, with text, HTML and an .ics for the deadline, and texts it', async () => {
      const server = await smtp;
      ({ interviewId } = await inviteCandidate(platform, { name: 'Élodie Martin', email: 'elodie@example.com', phone: '+33612345678' }, organisationId));
      await until(() => server.received.length === 1);
      const mail = server.received[0];
      expect(mail?.to).toEqual(['elodie@example.com']);
      expect(mail?.message.headers.subject).toContain('vous invite');
      const text = partOfType(mail!.message, 'text/plain')?.body ?? '';
      const html = partOfType(mail!.message, 'text/html')?.body ?? '';
      const ics = partOfType(mail!.message, 'text/calendar')?.body ?? '';
      expect(text).toContain('Bonjour Élodie Martin');
      expect(text).toMatch(/https:\/\/hire\.example\.com\/i\/[\w-]+/);
      expect(html).toContain('<a href="https://hire.example.com/i/');
      expect(ics).toContain('BEGIN:VCALENDAR');
      expect(ics).toContain(`UID:interview-${interviewId}@hire.example.com`);
      expect(ics).toMatch(/DTEND:\d{8}T\d{6}Z/);

      const sms = await twilio;
      await until(() => sms.received.length === 1);
      expect(sms.received[0]?.path).toBe('/2010-04-01/Accounts/AC123/Messages.json');
      const form = new URLSearchParams(sms.received[0]?.body);
      expect(form.get('To')).toBe('+33612345678');
      expect(form.get('From')).toBe('+15005550006');
      expect(form.get('Body')).toContain('https://hire.example.com/i/');
    });

    it('sends a reminder once when the deadline is inside the reminder window', async () => {
      const server = await smtp;
      await store.db.updateTable('interviews').set({ invite_expires_at: new Date(Date.now() + 24 * 3_600_000) }).where('id', '=', interviewId).execute();
      await platform.jobs.enqueue('scan-reminders', {});
      await until(() => server.received.length === 2);
      await platform.jobs.enqueue('scan-reminders', {});
      await platform.jobs.enqueue('send-reminder', { interviewId });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const reminders = server.received.filter((m) => (m.message.headers.subject ?? '').startsWith('Rappel'));
      expect(reminders).toHaveLength(1);
    });

    it('on completion: recruiter notice, candidate thank-you with feedback, Slack and Teams — each once', async () => {
      const server = await smtp;
      const hooks = await chat;
      const summary = { theta: 0.4, se: 0.3, score: 612, band: [580, 644], level: 3, label: 'Confirmé', skills: { lookups: { theta: 0.6, se: 0.4, n: 3, score: 640, band: [600, 680] } }, itemsScored: 8, stopReason: 'precision' };
      await store.db.updateTable('interviews').set({ state: 'completed', summary: JSON.stringify(summary), completed_at: new Date() }).where('id', '=', interviewId).execute();
      const event = { type: 'interview.completed' as const, organisationId, interviewId, summary: summary as never, pendingReviewCount: 1 };
      await platform.services.integrations.dispatch(event);
      await platform.services.integrations.dispatch(event);
      await until(() => server.received.length === 4 && hooks.received.length === 2);
      await platform.jobs.enqueue('notify-completion', { interviewId, pendingReviewCount: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const recruiter = server.received.find((m) => m.to.includes('recruteur@example.com'));
      expect(recruiter?.message.headers.subject).toContain('612');
      expect(partOfType(recruiter!.message, 'text/plain')?.body).toContain(`https://hire.example.com/recruiter/interviews/${interviewId}`);
      const thanks = server.received.find((m) => m.to.includes('elodie@example.com') && (m.message.headers.subject ?? '').startsWith('Merci'));
      expect(partOfType(thanks!.message, 'text/plain')?.body).toContain('Votre résumé: Confirmé');
      expect(server.received).toHaveLength(4);
      const slack = hooks.received.find((r) => r.path === '/slack');
      const teams = hooks.received.find((r) => r.path === '/teams');
      expect(JSON.parse(slack?.body ?? '{}')).toMatchObject({ text: expect.stringContaining('Score 612') });
      expect(JSON.parse(teams?.body ?? '{}')).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
      expect(hooks.received).toHaveLength(2);
    });

    it('posts review-needed messages to Slack and Teams', async () => {
      const hooks = await chat;
      await platform.services.integrations.dispatch({ type: 'review.required', organisationId, interviewId, responseId: '00000000-0000-4000-8000-000000000001', itemId: 'lookups.xlookup-basic', reason: 'low-confidence' });
      await until(() => hooks.received.length === 4);
      expect(hooks.received.slice(2).map((r) => r.path).sort()).toEqual(['/slack', '/teams']);
      expect(hooks.received[2]?.body).toContain('low-confidence');
    });

    it('the SMS client reports a provider error with its code', async () => {
      const client = new TwilioSmsClient({ baseUrl: (await twilio).url, accountSid: 'AC123', authToken: 'wrong', from: '+15005550006' });
      await expect(client.send({ to: '+33600000000', body: 'x', idempotencyKey: 'k' })).rejects.toThrow(/401 \(code 20003\)/);
    });
  });
}
