import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import type { Platform } from '../../src/main.js';
import type { Store } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';
import { partOfType } from './support/mime.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { ADMIN_ENV, inviteCandidate, signInAdmin, until } from './support/fixture.js';

const FRENCH_INVITATION = {
  subject: '{{organisationName}} : votre entretien Excel ({{profileName}})',
  text: 'Bonjour {{candidateName}},\n\nVotre lien personnel : {{inviteUrl}}\nÀ passer avant le {{deadline}}.',
  html: '<p>Bonjour <b>{{candidateName}}</b>,</p><p><a href="{{inviteUrl}}" title="{{profileName}}">Commencer l’entretien</a> avant le {{deadline}}.</p>',
};

for (const backend of testBackends()) {
  describe(`${backend.name}: notification templates per organisation`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    let admin: Awaited<ReturnType<typeof signInAdmin>>;
    const smtp = startSmtpSink();
    const url = '/api/v1/notification-templates';

    beforeAll(async () => {
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { ...ADMIN_ENV, SMTP_URL: (await smtp).url, SMTP_FROM: 'Hiring Co <hiring@example.com>', PUBLIC_URL: 'https://hire.example.com' }));
      await app.ready();
      admin = await signInAdmin(platform);
      const notifications = platform.services.integrations.notifications;
      await notifications.saveSettings({ ...(await notifications.settings(admin.organisationId)), locale: 'fr-CA' });
    });
    afterAll(async () => {
      await platform.close();
      await (await smtp).close();
    });

    it('lists every kind with its placeholders, and nothing customised yet', async () => {
      const res = await app.inject({ url, headers: admin.headers });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { locales: string[]; kinds: { kind: string; placeholders: { name: string; isUrl: boolean }[] }[]; customised: unknown[] };
      expect(body.locales).toEqual(['en', 'fr']);
      expect(body.kinds.map((k) => k.kind)).toEqual(['invitation', 'reminder', 'completion', 'thank-you']);
      expect(body.kinds[0]?.placeholders.map((p) => p.name)).toEqual(['candidateName', 'organisationName', 'profileName', 'deadline', 'inviteUrl']);
      expect(body.kinds.find((k) => k.kind === 'completion')?.placeholders.find((p) => p.name === 'reportUrl')?.isUrl).toBe(true);
      expect(body.customised).toEqual([]);
      const builtIn = await app.inject({ url: `${url}/invitation/fr`, headers: admin.headers });
      expect(builtIn.json()).toMatchObject({ kind: 'invitation', locale: 'fr', source: 'default', subject: '{{organisationName}} vous invite à un entretien Excel', html: null, updatedAt: null });
    });

    it('refuses unknown placeholders with the allowed ones, unsafe HTML, and unsupported locales', async () => {
      const unknown = await app.inject({ method: 'PUT', url: `${url}/invitation/fr`, headers: admin.headers, payload: { ...FRENCH_INVITATION, text: 'Bonjour {{firstName}}, votre score : {{score}}' } });
      expect(unknown.statusCode).toBe(400);
      const error = (unknown.json() as { error: { code: string; message: string; details: { reason: string; allowedPlaceholders: string[]; problems: { reason: string; placeholder?: string }[] } } }).error;
      expect(error.code).toBe('invalid-input');
      expect(error.details.reason).toBe('unknown-placeholder');
      expect(error.details.allowedPlaceholders).toEqual(['candidateName', 'organisationName', 'profileName', 'deadline', 'inviteUrl']);
      expect(error.details.problems.map((p) => p.placeholder)).toEqual(['firstName', 'score']);
      expect(error.message).toContain('{{firstName}}');

      const script = await app.inject({ method: 'PUT', url: `${url}/invitation/fr`, headers: admin.headers, payload: { ...FRENCH_INVITATION, html: '<p>{{candidateName}}</p><img src="x" onerror="alert(1)">' } });
      expect(script.statusCode).toBe(400);
      expect((script.json() as { error: { details: { reason: string } } }).error.details.reason).toBe('unsafe-html');

      const href = await app.inject({ method: 'PUT', url: `${url}/invitation/fr`, headers: admin.headers, payload: { ...FRENCH_INVITATION, html: '<a href="{{candidateName}}">x</a>' } });
      expect((href.json() as { error: { details: { reason: string } } }).error.details.reason).toBe('unsafe-placeholder-position');

      expect((await app.inject({ method: 'PUT', url: `${url}/invitation/de`, headers: admin.headers, payload: FRENCH_INVITATION })).statusCode).toBe(400);
      expect((await app.inject({ method: 'PUT', url: `${url}/welcome/fr`, headers: admin.headers, payload: FRENCH_INVITATION })).statusCode).toBe(400);
      expect((await app.inject({ url, headers: admin.headers })).json()).toMatchObject({ customised: [] });
    });

    it('previews a draft with sample values, HTML-escaped in the HTML part', async () => {
      const res = await app.inject({ method: 'POST', url: `${url}/invitation/fr/preview`, headers: admin.headers, payload: FRENCH_INVITATION });
      expect(res.statusCode).toBe(200);
      const preview = res.json() as { source: string; subject: string; text: string; html: string };
      expect(preview.source).toBe('draft');
      expect(preview.subject).toBe('Hiring Co : votre entretien Excel (Financial analyst)');
      expect(preview.text).toContain('vendredi 13 mars 2026');
      expect(preview.html).toContain('<a href="https://interviews.example.com/i/sample-invitation-token" title="Financial analyst">');
      const current = await app.inject({ method: 'POST', url: `${url}/invitation/fr/preview`, headers: admin.headers, payload: {} });
      expect(current.json()).toMatchObject({ source: 'default', subject: 'Hiring Co vous invite à un entretien Excel' });
      const half = await app.inject({ method: 'POST', url: `${url}/invitation/fr/preview`, headers: admin.headers, payload: { subject: 'Hi' } });
      expect(half.statusCode).toBe(400);
      const unknown = await app.inject({ method: 'POST', url: `${url}/invitation/fr/preview`, headers: admin.headers, payload: { subject: 'Hi {{nope}}', text: 'x' } });
      expect((unknown.json() as { error: { details: { reason: string } } }).error.details.reason).toBe('unknown-placeholder');
    });

    it('saves a French template (audited) and the invitation email that arrives over SMTP uses it, values escaped in HTML', async () => {
      const saved = await app.inject({ method: 'PUT', url: `${url}/invitation/fr`, headers: admin.headers, payload: FRENCH_INVITATION });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ source: 'custom', subject: FRENCH_INVITATION.subject, html: FRENCH_INVITATION.html, updatedAt: expect.any(String) });
      expect((await app.inject({ url, headers: admin.headers })).json()).toMatchObject({ customised: [{ kind: 'invitation', locale: 'fr' }] });
      expect((await app.inject({ url: `${url}/invitation/en`, headers: admin.headers })).json()).toMatchObject({ source: 'default' });
      const audit = await app.inject({ url: '/api/v1/audit-events?action=notification-template.saved', headers: admin.headers });
      expect((audit.json() as { events: unknown[] }).events).toEqual([expect.objectContaining({ subject: 'notification-template:invitation:fr', data: { kind: 'invitation', locale: 'fr', html: 'custom' } })]);

      const server = await smtp;
      await inviteCandidate(platform, { name: 'Zoé <i>Ruiz</i> & "Co"', email: 'zoe@example.com' }, admin.organisationId);
      await until(() => server.received.length === 1);
      const mail = server.received[0]!;
      expect(mail.message.headers.subject).toBe('Hiring Co : votre entretien Excel (Financial analyst)');
      expect(mail.message.headers['content-language']).toBe('fr');
      const text = partOfType(mail.message, 'text/plain')?.body ?? '';
      const html = partOfType(mail.message, 'text/html')?.body ?? '';
      expect(text).toContain('Bonjour Zoé <i>Ruiz</i> & "Co",');
      expect(text).toMatch(/Votre lien personnel : https:\/\/hire\.example\.com\/i\/[\w-]+/);
      expect(html).toContain('<p>Bonjour <b>Zoé &lt;i&gt;Ruiz&lt;/i&gt; &amp; &quot;Co&quot;</b>,</p>');
      expect(html).toMatch(/<a href="https:\/\/hire\.example\.com\/i\/[\w-]+" title="Financial analyst">/);
    });

    it('deletes the template (audited): the built-in French one applies again', async () => {
      const deleted = await app.inject({ method: 'DELETE', url: `${url}/invitation/fr`, headers: admin.headers });
      expect(deleted.statusCode).toBe(204);
      expect((await app.inject({ method: 'DELETE', url: `${url}/invitation/fr`, headers: admin.headers })).statusCode).toBe(404);
      expect((await app.inject({ url: `${url}/invitation/fr`, headers: admin.headers })).json()).toMatchObject({ source: 'default' });
      const audit = await app.inject({ url: '/api/v1/audit-events?action=notification-template.deleted', headers: admin.headers });
      expect((audit.json() as { events: unknown[] }).events).toHaveLength(1);

      const server = await smtp;
      await inviteCandidate(platform, { name: 'Léa Petit', email: 'lea@example.com' }, admin.organisationId);
      await until(() => server.received.length === 2);
      const mail = server.received[1]!;
      expect(mail.to).toEqual(['lea@example.com']);
      expect(mail.message.headers.subject).toBe('Hiring Co vous invite à un entretien Excel');
      expect(partOfType(mail.message, 'text/plain')?.body).toContain('Bonjour Léa Petit');
    });
  });
}
