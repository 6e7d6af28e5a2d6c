import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import { type Platform, REPO_ROOT } from '../../src/main.js';
import type { Store } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';
import { startHttpSink } from './support/http-sink.js';
import { ADMIN_ENV, inviteCandidate, signInAdmin, until } from './support/fixture.js';

const run = promisify(execFile);
const blocks = [...readFileSync(path.join(REPO_ROOT, 'docs', 'INTEGRATIONS.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

/** The documented block containing `needle` (by content, so a new section does not renumber the others). */
function block(needle: string): string {
  const found = blocks.filter((b) => b.includes(needle));
  if (found.length !== 1) throw new Error(`expected one sh block with ${needle} in docs/INTEGRATIONS.md, found ${found.length}`);
  return found[0] ?? '';
}

/** Runs one documented block with bash and the variables it uses; returns stdout, one string per curl. */
async function runBlock(block: string, env: Record<string, string>): Promise<string[]> {
  const outputs: string[] = [];
  for (const command of block.split(/\n(?=curl )/)) {
    const { stdout } = await run('bash', ['-c', `set -euo pipefail\n${command}`], { env: { PATH: process.env.PATH ?? '', ...env } });
    outputs.push(stdout);
  }
  return outputs;
}

for (const backend of testBackends().slice(0, 1)) {
  describe(`${backend.name}: docs/INTEGRATIONS.md curl examples, Greenhouse and export`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    const env: Record<string, string> = {};
    const receiver = startHttpSink(() => ({ status: 204 }));
    const greenhouseCallback = startHttpSink(() => ({ status: 200, body: {} }));
    beforeAll(async () => {
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { ...ADMIN_ENV, PUBLIC_URL: 'https://hire.example.com', WEBHOOK_BACKOFF_MS: '20' }));
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const admin = await signInAdmin(platform);
      const keys = platform.services.security.apiKeys;
      const greenhouseKey = await keys.create('test', admin.organisationId, { name: 'Greenhouse', scopes: ['interviews:write', 'interviews:read'] });
      const exportKey = await keys.create('test', admin.organisationId, { name: 'Data team', scopes: ['analytics:read'] });
      const invited = await inviteCandidate(platform, { name: 'Sam Reyes', email: 'sam@example.com' }, admin.organisationId);
      Object.assign(env, {
        XI_URL: address,
        XI_TOKEN: admin.headers.authorization.slice(7),
        XI_API_KEY: greenhouseKey.secret,
        XI_EXPORT_KEY: exportKey.secret,
        XI_RECEIVER_URL: `${(await receiver).url}/hook`,
        XI_CALLBACK_URL: `${(await greenhouseCallback).url}/v1/partner/callback/abc`,
        XI_PROFILE_ID: invited.profileId,
      });
    });
    afterAll(async () => {
      await platform.close();
      await (await receiver).close();
      await (await greenhouseCallback).close();
    });

    it('documents and runs the webhook calls: create, delivery log, redeliver, rotate', async () => {
      const [created] = await runBlock(block('-X POST "$XI_URL/api/v1/webhooks"'), env);
      const webhook = JSON.parse(created ?? '{}') as { webhook: { id: string }; secret: string };
      expect(webhook.secret).toMatch(/^whsec_/);
      env.XI_WEBHOOK_ID = webhook.webhook.id;
      await inviteCandidate(platform, { name: 'Lee Chan', email: 'lee@example.com' }, (await signInAdmin(platform)).organisationId);
      await until(async () => (await receiver).received.length === 1);
      const [log] = await runBlock(block('/deliveries" -H'), env);
      const deliveries = (JSON.parse(log ?? '{}') as { deliveries: { id: string; status: string; attemptLog: { statusCode: number }[] }[] }).deliveries;
      expect(deliveries).toHaveLength(1);
      env.XI_DELIVERY_ID = deliveries[0]?.id ?? '';
      const [redelivered, rotated] = await runBlock(block('/rotate-secret'), env);
      expect(JSON.parse(redelivered ?? '{}')).toEqual({ queued: true });
      expect(JSON.parse(rotated ?? '{}')).toMatchObject({ secret: expect.stringMatching(/^whsec_/) });
      await until(async () => (await receiver).received.length === 2);
    });

    it('runs the Greenhouse calls as Greenhouse documents them: list_tests, send_test (idempotent per application), test_status', async () => {
      const [tests] = await runBlock(block('/list_tests'), env);
      expect(JSON.parse(tests ?? '[]')).toEqual([{ partner_test_id: env.XI_PROFILE_ID, partner_test_name: 'Financial analyst' }]);
      const [sent] = await runBlock(block('/send_test'), env);
      const { partner_interview_id } = JSON.parse(sent ?? '{}') as { partner_interview_id: string };
      expect(partner_interview_id).toMatch(/^[0-9a-f-]{36}$/);
      const [again] = await runBlock(block('/send_test'), env);
      expect(JSON.parse(again ?? '{}')).toEqual({ partner_interview_id });
      env.XI_INTERVIEW_ID = partner_interview_id;
      const [status] = await runBlock(block('/test_status'), env);
      expect(JSON.parse(status ?? '{}')).toEqual({ partner_status: 'sent', partner_profile_url: `https://hire.example.com/recruiter/interviews/${partner_interview_id}` });
    });

    it('PATCHes the Greenhouse callback once on completion and reports the score in test_status', async () => {
      const summary = { theta: 0.2, se: 0.3, score: 588, band: [560, 616], level: 3, label: 'Proficient', skills: { lookups: { theta: 0.3, se: 0.4, n: 4, score: 601, band: [570, 632] } }, itemsScored: 9, stopReason: 'precision' };
      const id = env.XI_INTERVIEW_ID ?? '';
      await store.db.updateTable('interviews').set({ state: 'completed', summary: JSON.stringify(summary), completed_at: new Date() }).where('id', '=', id).execute();
      const organisationId = (await signInAdmin(platform)).organisationId;
      const event = { type: 'interview.completed' as const, organisationId, interviewId: id, summary: summary as never, pendingReviewCount: 0 };
      await platform.services.integrations.dispatch(event);
      await platform.services.integrations.dispatch(event);
      const callback = await greenhouseCallback;
      await until(() => callback.received.length === 1);
      expect(callback.received[0]).toMatchObject({ method: 'PATCH', path: '/v1/partner/callback/abc' });
      expect(JSON.parse(callback.received[0]?.body ?? '{}')).toMatchObject({ partner_interview_id: id, partner_status: 'complete', partner_score: 588, metadata: { lookups: '601' } });
      const status = await app.inject({ method: 'GET', url: `/api/v1/integrations/greenhouse/test_status?partner_interview_id=${id}`, headers: { authorization: `Basic ${Buffer.from(`${env.XI_API_KEY}:`).toString('base64')}` } });
      expect(status.json()).toMatchObject({ partner_status: 'complete', partner_score: 588 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(callback.received).toHaveLength(1);
    });

    it('refuses Greenhouse calls without a key, with a wrong key or a key without interviews:write', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/v1/integrations/greenhouse/list_tests' })).statusCode).toBe(401);
      const wrong = await app.inject({ method: 'GET', url: '/api/v1/integrations/greenhouse/list_tests', headers: { authorization: `Basic ${Buffer.from('xi_0000000000_nope:').toString('base64')}` } });
      expect(wrong.statusCode).toBe(401);
      const readOnly = await app.inject({ method: 'GET', url: '/api/v1/integrations/greenhouse/list_tests', headers: { authorization: `Basic ${Buffer.from(`${env.XI_EXPORT_KEY}:`).toString('base64')}` } });
      expect(readOnly.statusCode).toBe(403);
    });

    it('runs the export call and streams CSV, NDJSON and Parquet with the same rows and no personal data', async () => {
      const [csv] = await runBlock(block('/exports/interviews'), env);
      const lines = (csv ?? '').trim().split('\r\n');
      expect(lines[0]).toMatch(/^interview_id,organisation_id,profile_id,profile_name,candidate_id,/);
      expect(lines).toHaveLength(4);
      expect(csv).not.toContain('@example.com');
      const key = { 'x-api-key': env.XI_EXPORT_KEY ?? '' };
      const ndjson = await app.inject({ method: 'GET', url: '/api/v1/exports/interviews?format=ndjson', headers: key });
      expect(ndjson.headers['content-type']).toContain('application/x-ndjson');
      const records = ndjson.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records).toHaveLength(3);
      expect(records.find((r) => r.state === 'completed')).toMatchObject({ score: 588, level: 3 });
      const parquet = await app.inject({ method: 'GET', url: '/api/v1/exports/scores?format=parquet', headers: key });
      const buffer = parquet.rawPayload;
      const rows = await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer });
      expect(rows).toEqual([expect.objectContaining({ interview_id: env.XI_INTERVIEW_ID, skill: 'lookups', score: 601, items: 4 })]);
      const none = await app.inject({ method: 'GET', url: '/api/v1/exports/interviews?format=csv&from=2099-01-01T00:00:00Z', headers: key });
      expect(none.body.trim().split('\r\n')).toHaveLength(1);
      expect((await app.inject({ method: 'GET', url: '/api/v1/exports/interviews', headers: { 'x-api-key': env.XI_API_KEY ?? '' } })).statusCode).toBe(403);
    });

    it('runs the notification template calls: list, save, preview, read back, delete', async () => {
      const [listed, saved] = await runBlock(block('/api/v1/notification-templates" -H'), env);
      expect((JSON.parse(listed ?? '{}') as { kinds: { kind: string }[] }).kinds.map((k) => k.kind)).toEqual(['invitation', 'reminder', 'completion', 'thank-you']);
      expect(JSON.parse(saved ?? '{}')).toMatchObject({ kind: 'invitation', locale: 'fr', source: 'custom', text: 'Bonjour {{candidateName}},\n\nVotre lien : {{inviteUrl}} (avant le {{deadline}})' });
      const [preview, current, deleted] = await runBlock(block('/preview'), env);
      expect(JSON.parse(preview ?? '{}')).toMatchObject({ source: 'custom', subject: 'Hiring Co : votre entretien Excel', html: expect.stringContaining('<a href="https://interviews.example.com/i/sample-invitation-token">Commencer</a>') });
      expect(JSON.parse(current ?? '{}')).toMatchObject({ source: 'custom' });
      expect(deleted?.trim()).toBe('204');
      const after = await app.inject({ url: '/api/v1/notification-templates/invitation/fr', headers: { authorization: `Bearer ${env.XI_TOKEN ?? ''}` } });
      expect(after.json()).toMatchObject({ source: 'default' });
    });

    it('runs the notification settings call', async () => {
      const [saved] = await runBlock(block('/api/v1/notification-settings"'), env);
      expect(JSON.parse(saved ?? '{}')).toMatchObject({ locale: 'fr', recruiterEmails: ['recrutement@example.com'], candidateFeedback: true, reminderHoursBefore: 48, slackWebhook: null });
    });
  });
}
