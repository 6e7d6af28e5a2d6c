import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import type { Item } from '../../src/domain/bank/item.js';
import { createLogger } from '../../src/logger.js';
import { createPlatform, type Platform } from '../../src/main.js';
import type { InterviewSummary, SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';
import { loadBankDir } from '../../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../../src/services/bank/repo-bank-dir.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { buildTestApp, testConfig } from '../helpers/build-test-app.js';
import { answerCurrent, CandidateClient, startDemo, takeInterview } from '../helpers/simulated-candidate.js';
import { testBackends } from '../helpers/test-backends.js';

let items: Map<string, Item>;
beforeAll(async () => {
  const bank = await loadBankDir(repoBankDir());
  items = new Map(bank.items.map((item) => [item.id, item]));
});

async function summaryOf(platform: Platform, interviewId: string): Promise<InterviewSummary> {
  const row = await platform.store.db.selectFrom('interviews').select('summary').where('id', '=', interviewId).executeTakeFirstOrThrow();
  return row.summary as InterviewSummary;
}

for (const backend of testBackends()) {
  describe(`${backend.name}: interviews through the API`, () => {
    let store: Store;
    let app: App;
    let platform: Platform;
    let clock = new Date('2026-03-02T09:00:00Z');
    beforeAll(async () => {
      store = await backend.open();
      ({ app, platform } = await buildTestApp(store, { DEMO_SEED: 'true' }, { now: () => clock }));
      await app.ready();
    });
    afterAll(() => platform.close());

    const scores: Record<string, number> = {};
    it.each(['strong', 'weak', 'mixed'] as const)('a %s candidate completes the interview with a stored transcript', async (skill) => {
      const client = await startDemo(app);
      const session = await takeInterview(client, items, skill);
      expect(session.state).toBe('completed');
      expect(session.messages.at(-1)?.meta.type).toBe('closing');
      expect(session.messages.filter((m) => m.role === 'candidate').length).toBeGreaterThanOrEqual(5);

      const responses = await store.db.selectFrom('responses').select(['item_id', 'score', 'max_score', 'grader_version']).where('interview_id', '=', session.interviewId).execute();
      expect(responses.length).toBeGreaterThanOrEqual(5);
      expect(responses.every((r) => /@\d+\.\d+\.\d+$/.test(r.grader_version))).toBe(true);
      const summary = await summaryOf(platform, session.interviewId);
      expect(summary.itemsScored).toBe(responses.length);
      expect(summary.score).toBeGreaterThanOrEqual(0);
      scores[skill] = summary.score;
    });

    it('counts each completed interview once in the items\' exposure', async () => {
      const totals = await store.db.selectFrom('exposure_totals').select('interviews').executeTakeFirstOrThrow();
      expect(totals.interviews).toBe(3);
      const administered = await store.db.selectFrom('item_exposure').select((eb) => eb.fn.sum<string>('administered').as('n')).executeTakeFirstOrThrow();
      const scored = await store.db.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('n')).where('is_pretest', '=', false).executeTakeFirstOrThrow();
      expect(Number(administered.n)).toBe(Number(scored.n));
    });

    it('scores the strong candidate above the mixed one, and the mixed one above the weak one', () => {
      expect(scores.strong).toBeGreaterThan(scores.mixed ?? 0);
      expect(scores.mixed).toBeGreaterThan(scores.weak ?? 0);
    });

    it('counts a retried answer once and replays the first reply', async () => {
      const client = await startDemo(app);
      let session = await client.ok<SessionViewData>('POST', '/session/consent', { accepted: true });
      session = await client.ok<SessionViewData>('POST', '/session/start');
      session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'Budgets and payroll.' })).session;
      const item = items.get(session.current!.item.id)!;
      const answer =
        item.kind === 'choice'
          ? { kind: 'choice', selected: [item.options[0]!.id] }
          : item.kind === 'formula'
            ? { kind: 'formula', formula: item.reference }
            : { kind: 'concept', text: 'An answer' };
      const body = { idempotencyKey: 'retry-key-0001', itemId: item.id, answer };
      const first = await client.request<TurnReplyData>('POST', '/session/answers', body);
      const second = await client.request<TurnReplyData>('POST', '/session/answers', body);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body.messages.map((m) => m.sequence)).toEqual(first.body.messages.map((m) => m.sequence));
      const rows = await store.db.selectFrom('responses').select('id').where('interview_id', '=', session.interviewId).execute();
      expect(rows.length).toBeLessThanOrEqual(1);
      const messages = await store.db.selectFrom('messages').select('sequence').where('interview_id', '=', session.interviewId).execute();
      expect(messages.length).toBe(first.body.session.messages.length);
    });

    it('refuses answers to an expired invitation with a clear code', async () => {
      const client = await startDemo(app);
      expect((await client.view()).revision).toBe(0);
      clock = new Date(clock.getTime() + 3 * 86_400_000);
      const res = await client.request<{ error: { code: string; message: string } }>('POST', '/session/consent', { accepted: true });
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('expired');
      expect(res.body.error.message).toMatch(/expired/);
      const view = await client.request<{ error: { code: string } }>('GET', '/session');
      expect(view.status).toBe(410);
      expect(view.body.error.code).toBe('expired');
    });

    it('handles repeat, clarify and skip requests in the chat', async () => {
      const client = await startDemo(app);
      await client.ok('POST', '/session/consent', { accepted: true });
      let session = await client.ok<SessionViewData>('POST', '/session/start');
      session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'Mostly lookups.' })).session;
      const first = session.current!.item.id;
      const repeat = await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'Could you repeat the question?' });
      expect(repeat.messages.at(-1)?.meta.type).toBe('question');
      expect(repeat.session.current?.item.id).toBe(first);
      const clarify = await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'What do you mean?' });
      expect(clarify.messages.at(-1)?.meta.type).toBe('clarification');
      const skip = await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'skip' });
      expect(skip.session.current?.item.id).not.toBe(first);
      const skipped = await store.db.selectFrom('responses').select(['score', 'grader_version']).where('interview_id', '=', session.interviewId).execute();
      expect(skipped).toEqual([{ score: 0, grader_version: 'skip@1.0.0' }]);
    });

    it('never shows the answer key to the candidate', async () => {
      const client = await startDemo(app);
      await client.ok('POST', '/session/consent', { accepted: true });
      await client.ok('POST', '/session/start');
      const { session } = await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'Reporting.' });
      const item = items.get(session.current!.item.id)!;
      const text = JSON.stringify(session);
      if (item.kind === 'formula') expect(text).not.toContain(item.reference);
      if (item.kind === 'concept') expect(text).not.toContain(item.modelAnswer.slice(0, 40));
      if (item.kind === 'choice') expect(text).not.toContain('"correct"');
    });
  });
}

describe('pglite: an interview survives a restart', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xi-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes at the same point after the server restarts mid-interview', async () => {
    const bank = await loadBankDir(repoBankDir());
    const byId = new Map(bank.items.map((item) => [item.id, item]));
    const config = { ...testConfig({ DEMO_SEED: 'true' }), dataDir: dir };
    const logger = createLogger('silent');

    const first = await createPlatform(config, logger, { webRoot: undefined });
    const client = await startDemo(first.app);
    const before = await takeInterview(client, byId, 'strong', 2);
    expect(before.state).toBe('in-progress');
    await first.close();

    const second = await createPlatform(config, logger, { webRoot: undefined, store: await openStore({ dataDir: dir }) });
    const resumed = new CandidateClient(second.app, client.token);
    const after = await resumed.view();
    expect(after.state).toBe('in-progress');
    expect(after.current?.item.id).toBe(before.current?.item.id);
    expect(after.messages.length).toBe(before.messages.length);
    let session = after;
    for (let turn = 0; turn < 40 && session.state === 'in-progress'; turn++) session = (await answerCurrent(resumed, session, byId, 'strong')).session;
    expect(session.state).toBe('completed');
    await second.close();
  });
});
