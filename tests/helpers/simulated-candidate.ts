import { randomUUID } from 'node:crypto';
import type { App } from '../../src/api/app.js';
import type { Item } from '../../src/domain/bank/item.js';
import { buildSolutionWorkbook } from '../../src/domain/grading/workbook/validate-workbook-item.js';
import { buildStartingWorkbook } from '../../src/domain/grading/workbook/build-starting-workbook.js';
import type { SessionViewData, TurnReplyData } from '../../src/services/interview-service.js';

export type Skill = 'strong' | 'weak' | 'mixed';

/** Drives the candidate API through app.inject with an invite token. */
export class CandidateClient {
  constructor(
    private readonly app: App,
    readonly token: string,
  ) {}

  async request<T>(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await this.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${this.token}`, ...headers },
      ...(body === undefined ? {} : Buffer.isBuffer(body) ? { payload: body } : { payload: body as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : undefined) as T };
  }

  async ok<T>(method: 'GET' | 'POST', url: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const res = await this.request<T>(method, url, body, headers);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  view(): Promise<SessionViewData> {
    return this.ok('GET', '/session');
  }
}

export async function startDemo(app: App): Promise<CandidateClient> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/demo' });
  if (res.statusCode !== 201) throw new Error(`demo → ${res.statusCode} ${res.body}`);
  return new CandidateClient(app, (res.json() as { token: string }).token);
}

const WEAK_TEXT = 'I would probably just do it by hand and check it visually, I am not sure about the details.';

/** Whether a simulated candidate answers item number `position` well. */
function answersWell(skill: Skill, position: number): boolean {
  return skill === 'strong' || (skill === 'mixed' && position % 2 === 1);
}

/**
 * Answers the current question the way a candidate of the given skill would: correct answers from
 * the item's key (choice key, reference formula, model answer, solution workbook) or typical wrong
 * ones (a distractor, a hard-coded number, a vague sentence, the untouched starting workbook).
 */
export async function answerCurrent(client: CandidateClient, session: SessionViewData, items: ReadonlyMap<string, Item>, skill: Skill): Promise<TurnReplyData> {
  const current = session.current;
  if (!current) throw new Error('no current question');
  const item = items.get(current.item.id);
  if (!item) throw new Error(`unknown item ${current.item.id}`);
  const good = answersWell(skill, current.position);
  const key = randomUUID();
  if (current.followUp) {
    const text = good && item.kind === 'concept' ? item.modelAnswer : "I don't know";
    return client.ok('POST', '/session/messages', { idempotencyKey: key, text });
  }
  switch (item.kind) {
    case 'choice': {
      const selected = good ? item.options.filter((o) => o.correct).map((o) => o.id) : [item.options.find((o) => !o.correct)?.id ?? 'a'];
      return client.ok('POST', '/session/answers', { idempotencyKey: key, itemId: item.id, answer: { kind: 'choice', selected } });
    }
    case 'formula': {
      const formula = good ? item.reference : (item.wrongAnswers[0]?.formula ?? '=0');
      return client.ok('POST', '/session/answers', { idempotencyKey: key, itemId: item.id, answer: { kind: 'formula', formula } });
    }
    case 'concept':
      return client.ok('POST', '/session/answers', { idempotencyKey: key, itemId: item.id, answer: { kind: 'concept', text: good ? item.modelAnswer : WEAK_TEXT } });
    case 'workbook': {
      const bytes = Buffer.from(good ? await buildSolutionWorkbook(item) : await buildStartingWorkbook(item));
      return client.ok('POST', `/session/items/${encodeURIComponent(item.id)}/upload?idempotencyKey=${key}&fileName=answer.xlsx`, bytes, { 'content-type': 'application/octet-stream' });
    }
    default: {
      const unreachable: never = item;
      throw new Error(String(unreachable));
    }
  }
}

/** Consents, starts, answers the warm-up, then answers until the interview completes (bounded). */
export async function takeInterview(client: CandidateClient, items: ReadonlyMap<string, Item>, skill: Skill, stopAfter?: number): Promise<SessionViewData> {
  let session = await client.ok<SessionViewData>('POST', '/session/consent', { accepted: true });
  if (session.state === 'consented') session = await client.ok<SessionViewData>('POST', '/session/start');
  if (session.awaitingWarmUp) session = (await client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'I build monthly sales reports and reconcile invoices.' })).session;
  for (let turn = 0; turn < 80 && session.state === 'in-progress'; turn++) {
    if (stopAfter !== undefined && session.progress.asked > stopAfter) break;
    session = (await answerCurrent(client, session, items, skill)).session;
  }
  return session;
}
