/**
 * Hostile input through the candidate API: a zip-bomb .xlsx, a workbook with 1,000,000 cells,
 * circular and exponential formulas, a 10 MB answer, deeply nested JSON. Each is refused with a
 * clear error code (or, for formulas, graded as a failure with the reason) within bounded time,
 * and the interview goes on. Timings are generous bounds for a busy 2-core machine, not benchmarks.
 */
import { randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/api/app.js';
import type { Platform } from '../../src/main.js';
import type { Item } from '../../src/domain/bank/item.js';
import { loadBankDir } from '../../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../../src/services/bank/repo-bank-dir.js';
import type { SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';
import type { Store } from '../../src/store/open-store.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { CandidateClient } from '../helpers/simulated-candidate.js';
import { testBackends } from '../helpers/test-backends.js';

type ErrorReply = { error: { code: string; message: string; details?: { reason?: string } } };

const XLSX_PARTS = {
  '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};

/** A structurally valid .xlsx whose only sheet is the given XML part. */
function crafted(sheet: Uint8Array): Uint8Array {
  return zipSync({ ...Object.fromEntries(Object.entries(XLSX_PARTS).map(([name, text]) => [name, strToU8(text)])), 'xl/worksheets/sheet1.xml': sheet }, { level: 9 });
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A sheet of `rows` × `columns` numeric cells (1,000,000 cells ≈ 28 MB of XML, ≈ 5 MB zipped). */
function denseSheet(rows: number, columns: number): Uint8Array {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  const names = Array.from({ length: columns }, (_, c) => columnName(c));
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < columns; c++) row += `<c r="${names[c]}${r}"><v>${(r * 31 + c) % 997}</v></c>`;
    parts.push(`${row}</row>`);
  }
  parts.push('</sheetData></worksheet>');
  return strToU8(parts.join(''));
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

for (const backend of testBackends()) {
  describe(`${backend.name}: hostile input is refused with a clear code in bounded time`, () => {
    let store: Store;
    let app: App;
    let close: () => Promise<void>;
    let platform: Platform;
    let items: Map<string, Item>;

    beforeAll(async () => {
      items = new Map((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
      store = await backend.open();
      const built = await buildTestApp(store, { DEMO_SEED: 'true' });
      app = built.app;
      platform = built.platform;
      close = () => built.platform.close();
      await app.ready();
    });
    afterAll(async () => {
      await close();
      await store.close();
    });

    /** A fresh interview whose first question is a bank item of the given kind (a one-item fixed form). */
    async function interviewAt(kind: Item['kind']): Promise<{ client: CandidateClient; session: SessionViewData }> {
      const item = [...items.values()].find((candidate) => candidate.kind === kind && candidate.status === 'approved');
      if (!item) throw new Error(`the bank has no ${kind} item`);
      const demo = await platform.services.seed.ensureDemo();
      const profile = await platform.services.profiles.create(demo.organisationId, {
        name: `hostile ${kind}`,
        role: '',
        level: item.level,
        areaWeights: { [item.area]: 1 },
        targetSe: 0.3,
        minItems: 1,
        maxItems: 1,
        maxTimeMinutes: 60,
        mode: 'fixed-form',
        fixedForm: [item.id],
        maxFollowUps: 0,
        warmUp: false,
        reviewThreshold: 0.6,
      });
      const invited = await platform.services.interviews.invite({ organisationId: demo.organisationId, profileId: profile.id, candidate: { name: 'Hostile Tester', email: `hostile-${randomUUID()}@example.com` } });
      const client = new CandidateClient(app, invited.token);
      await client.ok('POST', '/session/consent', { accepted: true });
      const session = await client.ok<SessionViewData>('POST', '/session/start');
      if (session.current?.item.id !== item.id) throw new Error(`expected ${item.id} first, got ${session.current?.item.id ?? 'nothing'}`);
      return { client, session };
    }

    it('refuses a zip-bomb .xlsx without inflating it', async () => {
      const { client, session } = await interviewAt('workbook');
      const itemId = session.current?.item.id ?? '';
      const bomb = zipSync({ ...Object.fromEntries(Object.entries(XLSX_PARTS).map(([name, text]) => [name, strToU8(text)])), 'xl/worksheets/sheet1.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
      expect(bomb.byteLength).toBeLessThan(1024 * 1024);
      const { value: res } = await timed(() => client.request<ErrorReply>('POST', `/session/items/${encodeURIComponent(itemId)}/upload?idempotencyKey=${randomUUID()}&fileName=bomb.xlsx`, Buffer.from(bomb), { 'content-type': 'application/octet-stream' }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid-input');
      expect(res.body.error.details?.reason).toBe('zip-bomb');
      expect((await client.view()).current?.item.id).toBe(itemId);
    });

    // The inspector bounds each worksheet part's declared size, so such a file is refused before ExcelJS parses it.
    it('refuses a workbook with 1,000,000 cells before parsing it', async () => {
      const { client, session } = await interviewAt('workbook');
      const itemId = session.current?.item.id ?? '';
      const file = crafted(denseSheet(10_000, 100));
      const rssBefore = process.memoryUsage().rss;
      const { value: res } = await timed(() => client.request<ErrorReply>('POST', `/session/items/${encodeURIComponent(itemId)}/upload?idempotencyKey=${randomUUID()}&fileName=million.xlsx`, Buffer.from(file), { 'content-type': 'application/octet-stream' }));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(['invalid-input', 'payload-too-large']).toContain(res.body.error.code);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
    }, 120_000);

    it('grades circular and exponential formulas as failures with the reason, quickly', async () => {
      const { client, session } = await interviewAt('formula');
      const item = items.get(session.current?.item.id ?? '');
      if (!item || item.kind !== 'formula') throw new Error('expected a formula item');
      const self = item.answerCell.includes('!') ? item.answerCell.split('!')[1] ?? 'A1' : item.answerCell;
      const exponential = `=LET(${Array.from({ length: 30 }, (_, i) => `x${i},${i === 0 ? '1' : `x${i - 1}+x${i - 1}`}`).join(',')},x29)`;
      for (const formula of [`=${self}+1`, exponential]) {
        const { value: res } = await timed(() => client.request<{ value?: unknown; error?: string; failure?: string } | ErrorReply>('POST', '/session/preview', { formula }));
        expect(res.status).toBe(200);
      }
      const { value: turn } = await timed(() => client.ok<TurnReplyData>('POST', '/session/answers', { idempotencyKey: randomUUID(), itemId: item.id, answer: { kind: 'formula', formula: `=${self}+1` } }));
      // The one-item form closes with the circular answer graded as a failure, not a crash.
      expect(turn.session.state).toBe('completed');
      const graded = await store.db.selectFrom('responses').select(['score', 'grader_version']).where('interview_id', '=', turn.session.interviewId).execute();
      expect(graded).toEqual([{ score: 0, grader_version: expect.stringMatching(/^formula@/) }]);
    });

    // The engine refuses rectangular ranges larger than its cell limit before evaluating.
    it('answers a whole-sheet range formula with a failure, without exhausting memory', async () => {
      const { client } = await interviewAt('formula');
      const { value: res } = await timed(() => client.request<{ failure?: string }>('POST', '/session/preview', { formula: '=SUMPRODUCT((A1:XFD1048576>0)*(A1:XFD1048576<10))' }));
      expect(res.status).toBe(200);
      expect(res.body.failure).toBeDefined();
    });

    it('refuses a 10 MB answer with invalid-input, and a body over the limit with payload-too-large', async () => {
      const { client, session } = await interviewAt('concept');
      const itemId = session.current?.item.id ?? '';
      const tenMb = 'x'.repeat(10 * 1024 * 1024);
      const big = await timed(() => client.request<ErrorReply>('POST', '/session/answers', { idempotencyKey: randomUUID(), itemId, answer: { kind: 'concept', text: tenMb } }));
      expect(big.value.status).toBe(400);
      expect(big.value.body.error.code).toBe('invalid-input');
      const over = await client.request<ErrorReply>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'y'.repeat(13 * 1024 * 1024) });
      expect(over.status).toBe(413);
      expect(over.body.error.code).toBe('payload-too-large');
      expect((await client.view()).current?.item.id).toBe(itemId);
    });

    it('refuses deeply nested JSON with invalid-input', async () => {
      const { client, session } = await interviewAt('choice');
      const depth = 100_000;
      const nested = `{"idempotencyKey":"${randomUUID()}","itemId":"${session.current?.item.id ?? ''}","answer":{"kind":"choice","selected":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
      const { value: res } = await timed(() => app.inject({ method: 'POST', url: '/api/v1/session/answers', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' }, payload: nested }));
      expect(res.statusCode).toBe(400);
      expect((res.json() as ErrorReply).error.code).toBe('invalid-input');
      const garbage = await app.inject({ method: 'POST', url: '/api/v1/session/messages', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' }, payload: `{"text":${'['.repeat(depth)}` });
      expect(garbage.statusCode).toBe(400);
    });
  });
}
