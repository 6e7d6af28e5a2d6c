/**
 * Reports through the real platform: a recruiter signs in, invites a candidate who takes the
 * interview, then reads the report as JSON, HTML and PDF, shares it, compares and exports, and
 * overrides a grade in the review queue.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../api/app.js';
import { SKILL_AREAS, type Item } from '../domain/bank/item.js';
import type { Platform } from '../main.js';
import type { Store } from '../store/open-store.js';
import { loadBankDir } from './bank/load-bank-dir.js';
import { repoBankDir } from './bank/repo-bank-dir.js';
import { buildTestApp } from '../../tests/helpers/build-test-app.js';
import { CandidateClient, takeInterview } from '../../tests/helpers/simulated-candidate.js';
import { testBackends } from '../../tests/helpers/test-backends.js';

const ADMIN = { email: 'owner@example.com', password: 'a long enough password 42' };

for (const backend of testBackends()) {
  describe(`${backend.name}: candidate reports`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    let items: Map<string, Item>;
    let clock = new Date('2026-03-02T09:00:00Z');
    let auth: Record<string, string>;
    let interviewId: string;
    let profileId: string;

    const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => app.inject({ method, url: `/api/v1${url}`, headers: auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

    beforeAll(async () => {
      items = new Map((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { DEMO_SEED: 'true', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, { now: () => clock }));
      await app.ready();
      const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: ADMIN.email, password: ADMIN.password } });
      expect(signIn.statusCode).toBe(200);
      auth = { authorization: `Bearer ${signIn.json().accessToken}` };
      const profile = await api('POST', '/profiles', { name: 'Financial analyst, intermediate', role: 'Financial analyst', level: 3, areaWeights: { ...Object.fromEntries(SKILL_AREAS.map((a) => [a, 0])), lookups: 3, 'conditional-aggregation': 2, 'financial-functions': 1 }, minItems: 5, maxItems: 8, passScore: 50 });
      expect(profile.statusCode, profile.body).toBe(201);
      profileId = profile.json().id;
      const invite = await api('POST', '/interviews', { profileId, candidate: { name: 'Ada Lovelace', email: 'ada@example.com' } });
      expect(invite.statusCode, invite.body).toBe(201);
      interviewId = invite.json().interview.id;
      const session = await takeInterview(new CandidateClient(app, invite.json().token), items, 'mixed');
      expect(session.state).toBe('completed');
    });
    afterAll(() => platform?.close());

    it('returns the report with overall score, band, level, skills, answers with evidence, and the transcript', async () => {
      const res = await api('GET', `/interviews/${interviewId}/report`);
      expect(res.statusCode).toBe(200);
      const report = res.json();
      expect(report.candidate).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
      expect(report.overall.score).toBeGreaterThanOrEqual(0);
      expect(report.overall.band[0]).toBeLessThanOrEqual(report.overall.score);
      expect(report.overall.band[1]).toBeGreaterThanOrEqual(report.overall.score);
      expect(typeof report.overall.label).toBe('string');
      expect(typeof report.overall.passed).toBe('boolean');
      expect(report.skills.length).toBeGreaterThan(0);
      expect(report.strengths.length + report.gaps.length).toBeGreaterThan(0);
      expect(report.answers.length).toBeGreaterThanOrEqual(5);
      expect(report.answers.every((a: { evidence: unknown[]; answerText: string }) => Array.isArray(a.evidence) && typeof a.answerText === 'string')).toBe(true);
      expect(report.transcript.length).toBeGreaterThan(5);
    });

    it('renders printable HTML and a PDF', async () => {
      const html = await api('GET', `/interviews/${interviewId}/report.html`);
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain('Ada Lovelace');
      const pdf = await api('GET', `/interviews/${interviewId}/report.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.rawPayload.subarray(-6).toString()).toContain('%%EOF');
    });

    it('shares the report without contact details until the link expires or is revoked', async () => {
      const created = await api('POST', `/interviews/${interviewId}/report/shares`, { expiresInDays: 7 });
      expect(created.statusCode).toBe(201);
      const { token, url, id } = created.json();
      expect(url).toContain(`/recruiter/shared/${token}`);
      const shared = await app.inject({ method: 'GET', url: `/api/v1/shared-reports/${token}` });
      expect(shared.statusCode).toBe(200);
      expect(shared.json().candidate).toBeUndefined();
      expect(shared.body).not.toContain('ada@example.com');
      expect(shared.body).not.toContain('Ada Lovelace');
      expect((await app.inject({ method: 'GET', url: `/api/v1/shared-reports/${token}/pdf` })).rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const stored = await store.db.selectFrom('report_shares').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toBe(token);
      const saved = clock;
      clock = new Date(saved.getTime() + 8 * 86_400_000);
      expect((await app.inject({ method: 'GET', url: `/api/v1/shared-reports/${token}` })).statusCode).toBe(404);
      clock = saved;
      expect((await api('DELETE', `/report-shares/${id}`)).statusCode).toBe(204);
      expect((await app.inject({ method: 'GET', url: `/api/v1/shared-reports/${token}` })).statusCode).toBe(404);
    });

    it('compares the profile and exports CSV, .xlsx (that opens), JSON and NDJSON', async () => {
      const json = await api('GET', `/comparison?profileId=${profileId}`);
      expect(json.statusCode).toBe(200);
      expect(json.json().rows).toHaveLength(1);
      const csv = await api('GET', `/comparison?profileId=${profileId}&format=csv`);
      expect(csv.headers['content-disposition']).toContain('.csv');
      expect(csv.body).toContain('Ada Lovelace');
      const ndjson = await api('GET', `/comparison?profileId=${profileId}&format=ndjson`);
      expect(ndjson.body.trim().split('\n').map((l) => JSON.parse(l).candidate)).toEqual(['Ada Lovelace']);
      const xlsx = await api('GET', `/comparison?profileId=${profileId}&format=xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Comparison')!;
      expect(sheet.getRow(1).getCell(2).value).toBe('Candidate');
      expect(sheet.getRow(2).getCell(2).value).toBe('Ada Lovelace');
      expect(typeof sheet.getRow(2).getCell(6).value).toBe('number');
    });

    it('an override in the review queue becomes the grade of record, with the machine grade kept', async () => {
      const response = await store.db.selectFrom('responses').select(['id', 'score', 'max_score']).where('interview_id', '=', interviewId).orderBy('sequence').executeTakeFirstOrThrow();
      const organisationId = (await store.db.selectFrom('interviews').select('organisation_id').where('id', '=', interviewId).executeTakeFirstOrThrow()).organisation_id;
      await store.db.deleteFrom('review_tasks').where('response_id', '=', response.id).execute();
      const taskId = randomUUID();
      await store.db.insertInto('review_tasks').values({ id: taskId, organisation_id: organisationId, response_id: response.id, reason: 'low-confidence', priority: 1 }).execute();
      const queue = (await api('GET', '/reviews')).json();
      expect(queue.entries.map((e: { id: string }) => e.id)).toContain(taskId);
      const newScore = response.score >= response.max_score ? 0 : Math.round(response.max_score);
      const decided = await api('POST', `/reviews/${taskId}/decision`, { decision: 'override', score: newScore, reason: 'Checked by hand' });
      expect(decided.statusCode).toBe(200);
      const report = (await api('GET', `/interviews/${interviewId}/report`)).json();
      const answer = report.answers.find((a: { responseId: string }) => a.responseId === response.id);
      expect(answer).toMatchObject({ score: newScore, reviewStatus: 'overridden', machine: { score: response.score }, human: { score: newScore, reason: 'Checked by hand' } });
      expect(report.afterReview).toMatchObject({ score: expect.any(Number) });
      const audit = await store.db.selectFrom('audit_events').select(['action', 'subject']).where('action', '=', 'review.override').execute();
      expect(audit).toEqual([{ action: 'review.override', subject: `response:${response.id}` }]);
      // The decision is announced to the hiring stack (review.completed → an ATS status refresh).
      const announced = await store.db.selectFrom('job_queue').select('id').where('id', '=', `notify-greenhouse.${interviewId}.after-${response.id}`).execute();
      expect(announced).toHaveLength(1);
    });

    it('lists candidates with live status and imports a CSV, reporting bad lines', async () => {
      const list = (await api('GET', '/candidates')).json();
      expect(list.candidates[0]).toMatchObject({ name: 'Ada Lovelace', state: 'completed' });
      const imported = await api('POST', '/candidates/import', { profileId, csv: 'name,email\r\nGrace Hopper,grace@example.com\r\nNo Email,not-an-email\r\n' });
      expect(imported.statusCode).toBe(200);
      expect(imported.json().invited).toHaveLength(1);
      expect(imported.json().problems).toEqual([{ line: 3, message: '"not-an-email" is not an email address' }]);
    });

    it('stores demographics a candidate volunteers apart and sealed, keeping only known questions', async () => {
      const invite = await api('POST', '/interviews', { profileId, candidate: { name: 'Vol Unteer', email: 'vol@example.com' } });
      const token = invite.json().token as string;
      const res = await app.inject({ method: 'POST', url: '/api/v1/candidate/demographics', headers: { authorization: `Bearer ${token}` }, payload: { answers: { sex: 'female', 'age-band': '40-plus', shoeSize: '42' } } });
      expect(res.statusCode).toBe(204);
      const row = await store.db.selectFrom('candidate_demographics').selectAll().where('candidate_id', '=', invite.json().interview.candidateId).executeTakeFirstOrThrow();
      expect(row.data_sealed).not.toContain('female');
      expect((await app.inject({ method: 'POST', url: '/api/v1/candidate/demographics', payload: { answers: {} } })).statusCode).toBe(401);
    });

    it('keeps other organisations and unauthenticated callers out', async () => {
      expect((await app.inject({ method: 'GET', url: `/api/v1/interviews/${interviewId}/report` })).statusCode).toBe(401);
      const demo = await platform.services.seed.ensureDemo();
      const foreign = await platform.services.workspace.reports.report(demo.organisationId, interviewId, { contact: true }).catch((e: { code?: string }) => e.code);
      expect(foreign).toBe('not-found');
    });
  });
}
