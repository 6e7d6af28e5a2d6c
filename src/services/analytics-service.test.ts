/**
 * Analytics over small fixtures written straight into the store, checked against values worked
 * by hand (alpha, point-biserial, Mantel-Haenszel DIF, impact ratio, agreement), through the
 * service and through the HTTP routes (with a stub authenticator standing in for sign-in).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authoriseBeforeValidation } from '../api/authenticate.js';
import type { Principal } from '../api/auth.js';
import { registerErrorHandler } from '../api/error-handler.js';
import { analyticsRoutes } from '../api/routes/analytics.js';
import { reviewRoutes } from '../api/routes/reviews.js';
import { ErrorBody } from '../api/schemas/common.js';
import type { ChoiceItem } from '../domain/bank/item.js';
import { createFieldCipher, type FieldCipher } from '../store/crypto/field-cipher.js';
import type { Store } from '../store/open-store.js';
import { AnalyticsRepository } from '../store/repositories/analytics-repository.js';
import { ItemRepository } from '../store/repositories/item-repository.js';
import { ProfileRepository } from '../store/repositories/profile-repository.js';
import { ReviewRepository } from '../store/repositories/review-repository.js';
import { buildChoiceItem } from '../../tests/helpers/builders.js';
import { testBackends } from '../../tests/helpers/test-backends.js';
import { AnalyticsService } from './analytics-service.js';
import { ReviewService } from './review-service.js';

const ORG = randomUUID();
const OTHER_ORG = randomUUID();
const FORM_PROFILE = randomUUID();
const FAIR_PROFILE = randomUUID();
const NOW = new Date('2026-03-10T12:00:00Z');

const choice = (id: string): ChoiceItem => buildChoiceItem({ id, area: 'lookups' });
const plan = { profileName: 'Form', areaWeights: { lookups: 1 }, targetSe: 0.3, minItems: 3, maxItems: 3, maxTimeSec: 3600, mode: 'fixed-form', maxFollowUps: 0, warmUp: false };

async function insertProfile(store: Store, id: string, organisationId: string, passScore: number) {
  await store.db.insertInto('interview_profiles').values({ id, organisation_id: organisationId, name: `Profile ${id.slice(0, 4)}`, level: 3, skill_areas: '{}', settings: JSON.stringify({ plan, passScore }) }).execute();
}

/** One completed interview with its responses (score per item, max 1) and optional candidate demographics. */
async function insertInterview(
  store: Store,
  cipher: FieldCipher,
  input: { organisationId: string; profileId: string; score: number; scores: Record<string, number>; demographics?: Record<string, string> },
): Promise<{ interviewId: string; responseIds: string[] }> {
  const interviewId = randomUUID();
  let candidateId: string | null = null;
  if (input.demographics) {
    candidateId = randomUUID();
    await store.db.insertInto('candidates').values({ id: candidateId, organisation_id: input.organisationId, email_sealed: cipher.seal('x@example.com'), email_hash: randomUUID(), name_sealed: cipher.seal('X') }).execute();
    await store.db.insertInto('candidate_demographics').values({ candidate_id: candidateId, organisation_id: input.organisationId, data_sealed: cipher.sealJson(input.demographics), created_at: NOW, updated_at: NOW }).execute();
  }
  const theta = (input.score - 50) / 15;
  await store.db
    .insertInto('interviews')
    .values({
      id: interviewId,
      organisation_id: input.organisationId,
      profile_id: input.profileId,
      candidate_id: candidateId,
      state: 'completed',
      invite_token_hash: randomUUID(),
      invite_expires_at: NOW,
      seed: 1,
      session_sealed: cipher.sealJson({}),
      summary: JSON.stringify({ theta, se: 0.3, score: input.score, band: [input.score - 9, input.score + 9], level: 3, label: 'intermediate', skills: {}, itemsScored: 3, stopReason: 'max-items' }),
      started_at: new Date('2026-03-02T10:00:00Z'),
      completed_at: new Date('2026-03-02T10:20:00Z'),
    })
    .execute();
  const responseIds: string[] = [];
  let sequence = 0;
  for (const [itemId, score] of Object.entries(input.scores)) {
    const id = randomUUID();
    responseIds.push(id);
    sequence++;
    const grade = { score, maxScore: 1, confidence: 0.9, graderVersion: 'choice@1.0.0', flags: [], evidence: [], feedback: '' };
    await store.db
      .insertInto('responses')
      .values({
        id, interview_id: interviewId, item_id: itemId, item_version: 'v1', sequence, idempotency_key: id,
        answer_sealed: cipher.sealJson({ kind: 'choice', selected: [score ? 'a' : 'b'] }), grade_sealed: cipher.sealJson(grade),
        flags: '[]', score, max_score: 1, confidence: 0.9, grader_version: 'choice@1.0.0',
        presented_at: new Date('2026-03-02T10:00:00Z'), answered_at: new Date('2026-03-02T10:00:30Z'),
      })
      .execute();
  }
  return { interviewId, responseIds };
}

// The hand-worked 4 × 3 matrix of src/domain/analytics/analytics.test.ts: α = 0.75.
const MATRIX = [
  [1, 1, 1],
  [1, 1, 0],
  [1, 0, 0],
  [0, 0, 0],
];
// DIF tables [A, B, C, D] per stratum (score 15 → stratum 1, 45 → stratum 4): α_MH = 3.2727, D = −2.786, class C.
const TABLES: [number, number, number, number][] = [
  [32, 8, 20, 20],
  [16, 24, 8, 32],
];

function stubAuth(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const org = request.headers['x-test-org'];
    const role = request.headers['x-test-role'];
    if (typeof org === 'string' && typeof role === 'string') request.principal = { kind: 'user', id: randomUUID(), organisationId: org, role: role as Principal['role'] };
  });
}

for (const backend of testBackends()) {
  describe(`${backend.name}: analytics on hand-computed fixtures`, () => {
    let store: Store;
    let service: AnalyticsService;
    let app: FastifyInstance;
    const audited: unknown[] = [];
    const formResponses: string[][] = [];
    beforeAll(async () => {
      store = await backend.open();
      const cipher = createFieldCipher({ keys: new Map([['k1', randomBytes(32)]]), currentKeyId: 'k1', indexKey: randomBytes(32) });
      for (const id of [ORG, OTHER_ORG]) await store.db.insertInto('organisations').values({ id, name: id, slug: id, settings: '{}' }).execute();
      await new ItemRepository(store.db).saveVersions(['t.i1', 't.i2', 't.i3'].map((id) => ({ item: choice(id), version: 'v1' })));
      await insertProfile(store, FORM_PROFILE, ORG, 60);
      await insertProfile(store, FAIR_PROFILE, ORG, 40);
      for (const [index, row] of MATRIX.entries()) {
        const { responseIds } = await insertInterview(store, cipher, { organisationId: ORG, profileId: FORM_PROFILE, score: 80 - 20 * index, scores: { 't.i1': row[0]!, 't.i2': row[1]!, 't.i3': row[2]! } });
        formResponses.push(responseIds);
      }
      // 160 candidates for fairness: 'sex' splits the DIF tables; 'age-band' splits pass rates 50/80 vs 30/80.
      for (const [s, [a, b, c, d]] of TABLES.entries()) {
        const score = s === 0 ? 15 : 45;
        const people = [
          ...Array.from({ length: a }, () => ({ group: 'group-a', correct: 1 })),
          ...Array.from({ length: b }, () => ({ group: 'group-a', correct: 0 })),
          ...Array.from({ length: c }, () => ({ group: 'group-b', correct: 1 })),
          ...Array.from({ length: d }, () => ({ group: 'group-b', correct: 0 })),
        ];
        const under40 = s === 0 ? 30 : 50;
        for (const [i, p] of people.entries()) {
          await insertInterview(store, cipher, { organisationId: ORG, profileId: FAIR_PROFILE, score, scores: { 't.i1': p.correct }, demographics: { sex: p.group, 'age-band': i < under40 ? 'under-40' : '40-plus' } });
        }
      }
      // Another organisation's interview must never show up.
      await insertProfile(store, randomUUID(), OTHER_ORG, 50);
      const otherProfile = (await store.db.selectFrom('interview_profiles').select('id').where('organisation_id', '=', OTHER_ORG).executeTakeFirstOrThrow()).id;
      await insertInterview(store, cipher, { organisationId: OTHER_ORG, profileId: otherProfile, score: 99, scores: { 't.i1': 1 } });
      // Reviews on the form's item t.i2 answers: machine/human (1,1), (1,1) confirmed, (0→1) override, and one open.
      const reviews = new ReviewRepository(store.db, cipher);
      const tasks: string[] = [];
      for (const [person, responseId] of formResponses.map((r) => r[1]!).entries()) {
        const id = randomUUID();
        tasks.push(id);
        await store.db.insertInto('review_tasks').values({ id, organisation_id: ORG, response_id: responseId, reason: 'low-confidence', priority: 0.5 + person / 10 }).execute();
      }
      const reviewService = new ReviewService({ reviews, items: new ItemRepository(store.db), audit: { record: async (e) => audited.push(e) }, now: () => NOW });
      const reviewer = { kind: 'user' as const, id: randomUUID(), organisationId: ORG };
      await reviewService.decide(reviewer, tasks[0]!, { decision: 'confirm' });
      await reviewService.decide(reviewer, tasks[1]!, { decision: 'confirm' });
      await reviewService.decide(reviewer, tasks[2]!, { decision: 'override', score: 1, reason: 'Equivalent answer' });

      const analyticsRepository = new AnalyticsRepository(store.db, cipher);
      service = new AnalyticsService({ analytics: analyticsRepository, reviews, items: new ItemRepository(store.db), profiles: new ProfileRepository(store.db), now: () => NOW });
      app = Fastify().withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
      registerErrorHandler(app);
      app.addSchema(ErrorBody);
      stubAuth(app);
      app.addHook('onRoute', authoriseBeforeValidation);
      await app.register(
        async (api) => {
          await api.register(analyticsRoutes, { analytics: service });
          await api.register(reviewRoutes, { reviews: reviewService });
        },
        { prefix: '/api/v1' },
      );
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
    });

    const get = async (url: string, role = 'analyst', org = ORG) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { 'x-test-org': org, 'x-test-role': role } });

    it("item analysis: Cronbach's alpha 0.75, point-biserial 1/√2, facility and upper-lower index", async () => {
      const res = await get(`/analytics/items?profileId=${FORM_PROFILE}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.form).toMatchObject({ criterion: 'raw-total', alphaPersons: 4, alphaItems: 3 });
      expect(body.form.alpha).toBeCloseTo(0.75, 10);
      expect(body.form.semRaw).toBeCloseTo(Math.sqrt(5 / 3) * 0.5, 6);
      const i2 = body.items.find((r: { itemId: string }) => r.itemId === 't.i2');
      expect(i2.facility).toBeCloseTo(0.5);
      expect(i2.pointBiserial).toBeCloseTo(Math.SQRT1_2, 6);
      expect(i2.upperLower).toBeCloseTo(1);
      expect(i2.medianTimeSec).toBe(30);
      expect(i2.routedToReview).toBe(1);
      expect(i2.distractors.map((d: { optionId: string; count: number }) => [d.optionId, d.count])).toEqual([['a', 2], ['b', 2]]);
      expect(body.form.informationCurve.length).toBeGreaterThan(10);
    });

    it('fairness: Mantel-Haenszel D = −2.786 (class C, favouring the reference group) and impact ratio 0.6 under the four-fifths rule', async () => {
      const res = await get(`/analytics/fairness?profileId=${FAIR_PROFILE}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.passScore).toBe(40);
      expect(body.candidatesWithData).toBe(160);
      const sex = body.attributes.find((a: { attribute: string }) => a.attribute === 'sex');
      const dif = sex.dif.find((d: { itemId: string }) => d.itemId === 't.i1');
      expect(dif).toMatchObject({ reference: 'group-a', focal: 'group-b', result: { etsClass: 'C', favours: 'reference' } });
      expect(dif.result.alpha).toBeCloseTo(3.272727, 5);
      expect(dif.result.deltaMh).toBeCloseTo(-2.786217, 4);
      expect(sex.impact.map((r: { impactRatio: number }) => r.impactRatio)).toEqual([1, 1]);
      const age = body.attributes.find((a: { attribute: string }) => a.attribute === 'age-band');
      expect(age.impact).toEqual([
        expect.objectContaining({ group: '40-plus', selected: 30, total: 80, rate: 0.375, impactRatio: 0.6, flagged: true }),
        expect.objectContaining({ group: 'under-40', selected: 50, total: 80, rate: 0.625, impactRatio: 1, flagged: false }),
      ]);
    });

    it('grader quality: exact agreement 2/3 on the reviewed answers; all of t.i2 routed to review', async () => {
      const body = (await get(`/analytics/grader-quality?profileId=${FORM_PROFILE}`)).json();
      expect(body.reviewed).toBe(3);
      expect(body.overall.exact).toBeCloseTo(2 / 3);
      expect(body.byItem).toEqual([{ itemId: 't.i2', agreement: expect.objectContaining({ n: 3 }) }]);
      expect(body.routedShare).toBeCloseTo(4 / 12);
      expect(audited).toHaveLength(1);
    });

    it('funnel, distributions and pass rates stay within the organisation', async () => {
      const overview = (await get('/analytics/overview', 'recruiter')).json();
      expect(overview.funnel).toMatchObject({ invited: 164, started: 164, completed: 164, medianDurationMin: 20 });
      const distributions = (await get(`/analytics/distributions?profileId=${FORM_PROFILE}`)).json();
      expect(distributions.overall).toMatchObject({ n: 4, median: 50 });
      const rates = (await get(`/analytics/pass-rates?profileId=${FORM_PROFILE}`)).json();
      expect(rates).toEqual({ passScore: 60, points: [{ period: '2026-03-02', completed: 4, passed: 2, rate: 0.5 }] });
      const other = (await get('/analytics/overview', 'analyst', OTHER_ORG)).json();
      expect(other.funnel.invited).toBe(1);
      expect((await get(`/analytics/items?profileId=${FORM_PROFILE}`, 'analyst', OTHER_ORG)).statusCode).toBe(404);
    });

    it('roles: recruiters may not read item analysis or fairness; reviewers see no analytics', async () => {
      expect((await get('/analytics/items', 'recruiter')).statusCode).toBe(403);
      expect((await get('/analytics/fairness', 'recruiter')).statusCode).toBe(403);
      expect((await get('/analytics/overview', 'reviewer')).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/v1/analytics/overview' })).statusCode).toBe(401);
    });

    it('review queue: open tasks without candidate details; a decided task cannot be decided again', async () => {
      const res = await get('/reviews', 'reviewer');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.strategy).toBe('hybrid');
      expect(body.entries).toHaveLength(1);
      expect(JSON.stringify(body)).not.toMatch(/example\.com|candidateId|"name"/);
      const id = body.entries[0].id;
      const bad = await app.inject({ method: 'POST', url: `/api/v1/reviews/${id}/decision`, headers: { 'x-test-org': ORG, 'x-test-role': 'reviewer' }, payload: { decision: 'override', score: 1 } });
      expect(bad.statusCode).toBe(400);
      const ok = await app.inject({ method: 'POST', url: `/api/v1/reviews/${id}/decision`, headers: { 'x-test-org': ORG, 'x-test-role': 'reviewer' }, payload: { decision: 'confirm' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'done', decision: { kind: 'confirm' } });
      const again = await app.inject({ method: 'POST', url: `/api/v1/reviews/${id}/decision`, headers: { 'x-test-org': ORG, 'x-test-role': 'reviewer' }, payload: { decision: 'confirm' } });
      expect(again.statusCode).toBe(409);
      const foreign = await app.inject({ method: 'POST', url: `/api/v1/reviews/${id}/decision`, headers: { 'x-test-org': OTHER_ORG, 'x-test-role': 'admin' }, payload: { decision: 'confirm' } });
      expect(foreign.statusCode).toBe(404);
    });
  });
}
