/**
 * The interview's state machine and dialogue policy, without I/O: given the session, the bank and
 * what just happened (consent, a chat message, a graded answer, the clock), it returns the next
 * session, what the interviewer says, and the effects to store (responses). Grading happens in the
 * service between `interpretMessage` and `applyGrade`, because graders may be asynchronous.
 */
import { nextStep, recordResponse, type ExposureCounts } from '../adaptive/index.js';
import type { ConceptItem, Item } from '../bank/item.js';
import type { Answer, Grade } from '../grading/grade.js';
import { createRng, seedFromText, type Rng } from '../rng.js';
import { classifyMessage, type MessageIntent } from './classify-message.js';
import { clarification, say } from './dialogue.js';
import { toItemView } from './item-view.js';
import { isOpen, type CurrentItem, type FollowUp, type Session } from './session.js';

export interface OutgoingMessage {
  readonly role: 'interviewer' | 'candidate' | 'system';
  readonly text: string;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A response to append to the store: one per item, when the item closes. */
export interface ResponseEffect {
  readonly itemId: string;
  readonly version: string;
  readonly answer: Answer;
  readonly grade: Grade;
  readonly presentedAt: string;
  readonly isPretest: boolean;
}

export type PolicyResult =
  | { readonly kind: 'ok'; readonly session: Session; readonly messages: readonly OutgoingMessage[]; readonly responses: readonly ResponseEffect[] }
  | { readonly kind: 'rejected'; readonly reason: 'closed' | 'not-started' | 'already-started' | 'no-current-item' | 'wrong-item' | 'wrong-kind' | 'paused' };

/** The bank as the policy sees it: current versions, by id. */
export interface ItemPool {
  readonly items: readonly Item[];
  readonly versions: ReadonlyMap<string, string>;
  readonly byId: ReadonlyMap<string, Item>;
}

export function createItemPool(entries: readonly { item: Item; version: string }[]): ItemPool {
  return {
    items: entries.map((e) => e.item),
    versions: new Map(entries.map((e) => [e.item.id, e.version])),
    byId: new Map(entries.map((e) => [e.item.id, e.item])),
  };
}

export interface PolicyContext {
  readonly now: Date;
  readonly pool: ItemPool;
  /** Exposure counts across interviews, for exposure control. */
  readonly exposure?: ExposureCounts;
}

/** Seconds of grace after an item's time limit before an answer counts as late. */
export const ITEM_GRACE_SEC = 15;

const rngFor = (session: Session, label: string): Rng => createRng(seedFromText(`${session.seed}:${session.itemsAsked}:${label}`));
const iso = (date: Date) => date.toISOString();
const addSec = (date: Date, sec: number) => new Date(date.getTime() + sec * 1000);

function ok(session: Session, messages: OutgoingMessage[], responses: ResponseEffect[] = []): PolicyResult {
  return { kind: 'ok', session, messages, responses };
}

/** The candidate agrees to the terms: greeting and how the interview works. */
export function consent(session: Session, now: Date, candidateName?: string): PolicyResult {
  if (!isOpen(session)) return { kind: 'rejected', reason: 'closed' };
  if (session.state !== 'invited') return { kind: 'rejected', reason: 'already-started' };
  const rng = rngFor(session, 'consent');
  const name = candidateName?.trim() ? ` ${candidateName.trim().split(/\s+/)[0]}` : '';
  const count = session.plan.mode === 'fixed-form' ? (session.plan.fixedForm?.length ?? session.plan.maxItems) : undefined;
  const items = count === undefined ? `${session.plan.minItems}-${session.plan.maxItems} questions` : `${count} question${count === 1 ? '' : 's'}`;
  return ok({ ...session, state: 'consented' }, [
    { role: 'interviewer', text: say('greeting', rng, { name }) },
    { role: 'interviewer', text: say('howItWorks', rng, { items }), meta: { type: 'how-it-works', totalMinutes: Math.round((session.plan.maxTimeSec * session.timeFactor) / 60) } },
  ]);
}

/** Starts the clock: the warm-up question, or the first item. */
export function begin(session: Session, context: PolicyContext): PolicyResult {
  if (!isOpen(session)) return { kind: 'rejected', reason: 'closed' };
  if (session.state === 'invited') return { kind: 'rejected', reason: 'not-started' };
  if (session.state === 'in-progress') return { kind: 'rejected', reason: 'already-started' };
  const started: Session = {
    ...session,
    state: 'in-progress',
    startedAt: iso(context.now),
    deadline: iso(addSec(context.now, session.plan.maxTimeSec * session.timeFactor)),
  };
  if (started.warmUp === 'pending') {
    return ok({ ...started, warmUp: 'asked' }, [{ role: 'interviewer', text: say('warmUp', rngFor(started, 'warm-up')), meta: { type: 'warm-up' } }]);
  }
  return presentNext(started, context, [say('firstQuestion', rngFor(started, 'first'))]);
}

/** What a chat message means in the current state. */
export type Interpretation =
  | { readonly kind: 'warm-up-answer' }
  | { readonly kind: 'request'; readonly intent: Exclude<MessageIntent, 'answer'> }
  | { readonly kind: 'answer'; readonly item: Item; readonly answer: Answer }
  | { readonly kind: 'use-answer-box'; readonly item: Item }
  | { readonly kind: 'rejected'; readonly reason: 'closed' | 'not-started' | 'no-current-item' | 'paused' };

export function interpretMessage(session: Session, text: string, pool: ItemPool): Interpretation {
  if (!isOpen(session)) return { kind: 'rejected', reason: 'closed' };
  if (session.state !== 'in-progress') return { kind: 'rejected', reason: 'not-started' };
  if (session.pausedAt) return { kind: 'rejected', reason: 'paused' };
  const intent = classifyMessage(text);
  if (session.warmUp === 'asked') return intent === 'answer' || intent === 'dont-know' || intent === 'skip' ? { kind: 'warm-up-answer' } : { kind: 'request', intent };
  const current = session.current;
  const item = current ? pool.byId.get(current.itemId) : undefined;
  if (!current || !item) return { kind: 'rejected', reason: 'no-current-item' };
  if (intent !== 'answer') return { kind: 'request', intent };
  if (item.kind === 'concept') return { kind: 'answer', item, answer: conceptAnswerWith(current, text) };
  if (item.kind === 'formula' && text.trim().startsWith('=')) return { kind: 'answer', item, answer: { kind: 'formula', formula: text.trim() } };
  return { kind: 'use-answer-box', item };
}

/** The concept answer so far: the first answer plus follow-up answers, with `text` as the newest. */
function conceptAnswerWith(current: CurrentItem, text: string): Answer {
  const pending = current.followUps.findIndex((f) => f.answer === undefined);
  if (current.firstAnswer === undefined || pending < 0) return { kind: 'concept', text };
  const followUps = current.followUps.map((f, i) => (i === pending ? { ...f, answer: text } : f)).filter((f): f is FollowUp & { answer: string } => f.answer !== undefined);
  return { kind: 'concept', text: current.firstAnswer, followUps: followUps.map((f) => ({ pointId: f.pointId, text: f.answer })) };
}

/** Answers the warm-up (not scored) and presents the first item. */
export function answerWarmUp(session: Session, context: PolicyContext): PolicyResult {
  if (session.warmUp !== 'asked') return { kind: 'rejected', reason: 'no-current-item' };
  const next = { ...session, warmUp: 'done' as const };
  return presentNext(next, context, [say('warmUpThanks', rngFor(next, 'warm-up-thanks'))]);
}

/** Repeat, clarify, skip or "I don't know". */
export function handleRequest(session: Session, intent: Exclude<MessageIntent, 'answer'>, context: PolicyContext): PolicyResult {
  const rng = rngFor(session, `request:${intent}:${session.current?.clarifications ?? 0}`);
  if (session.warmUp === 'asked') {
    return ok(session, [{ role: 'interviewer', text: intent === 'repeat' ? say('warmUp', rng) : say('clarifyGeneric', rng), meta: { type: 'warm-up' } }]);
  }
  const current = session.current;
  const item = current ? context.pool.byId.get(current.itemId) : undefined;
  if (!current || !item) return { kind: 'rejected', reason: 'no-current-item' };
  switch (intent) {
    case 'repeat':
      return ok({ ...session, current: { ...current, clarifications: current.clarifications + 1 } }, [questionMessage(session, item, current, say('repeat', rng))]);
    case 'clarify': {
      const details = item.kind === 'formula' ? { cell: item.answerCell.split('!').pop() ?? item.answerCell } : item.kind === 'choice' ? { multiple: item.multiple } : {};
      const probe = pendingFollowUp(session);
      const text = probe ? `${say('clarifyGeneric', rng)} The follow-up was: ${probe.probe}` : clarification(item.kind, rng, details);
      return ok({ ...session, current: { ...current, clarifications: current.clarifications + 1 } }, [{ role: 'interviewer', text, meta: { type: 'clarification', itemId: item.id } }]);
    }
    case 'skip':
    case 'dont-know':
      return skipCurrent(session, item, current, intent === 'skip' ? 'skipped' : 'dont-know', context);
    default: {
      const unreachable: never = intent;
      return unreachable;
    }
  }
}

/** The follow-up probe awaiting an answer, if any. */
export function pendingFollowUp(session: Session): FollowUp | undefined {
  return session.current?.followUps.find((f) => f.answer === undefined);
}

/** True when the current item's time (with grace and accommodation) has run out. */
export function isItemTimedOut(session: Session, now: Date): boolean {
  return session.current !== undefined && now.getTime() > new Date(session.current.deadline).getTime() + ITEM_GRACE_SEC * 1000;
}

/** Records a timed-out item as unanswered and moves on (or closes when the interview is out of time). */
export function timeOutCurrent(session: Session, context: PolicyContext): PolicyResult {
  const current = session.current;
  const item = current ? context.pool.byId.get(current.itemId) : undefined;
  if (!current || !item) return { kind: 'rejected', reason: 'no-current-item' };
  return skipCurrent(session, item, current, 'timeout', context);
}

function skipCurrent(session: Session, item: Item, current: CurrentItem, reason: 'skipped' | 'dont-know' | 'timeout', context: PolicyContext): PolicyResult {
  const grade: Grade = {
    score: 0,
    maxScore: item.kind === 'concept' || item.kind === 'workbook' ? 4 : 1,
    confidence: 1,
    graderVersion: 'skip@1.0.0',
    flags: [],
    evidence: [],
    feedback: reason === 'timeout' ? 'No answer within the time limit.' : 'No answer given.',
  };
  // A concept item skipped during a follow-up keeps the credit its first answer earned.
  if (item.kind === 'concept' && current.firstAnswer !== undefined && current.lastGrade) {
    const answered = current.followUps.filter((f): f is FollowUp & { answer: string } => f.answer !== undefined).map((f) => ({ pointId: f.pointId, text: f.answer }));
    const answer: Answer = { kind: 'concept', text: current.firstAnswer, ...(answered.length > 0 ? { followUps: answered } : {}) };
    return applyGrade(session, item, answer, current.lastGrade, context, { finalise: true });
  }
  const rng = rngFor(session, `skip:${reason}`);
  const intro = reason === 'timeout' ? say('timeout', rng) : reason === 'dont-know' ? say('dontKnow', rng) : say('acknowledgeSkip', rng);
  return closeItem(session, item, current, { kind: 'skip', reason }, grade, context, intro);
}

/**
 * Applies a graded answer to the current item: a concept answer missing a key point may get a
 * follow-up probe (at most `maxFollowUps`); otherwise the response is recorded, the ability
 * updated and the next item presented (or the interview closed).
 */
export function applyGrade(session: Session, item: Item, answer: Answer, grade: Grade, context: PolicyContext, options: { finalise?: boolean } = {}): PolicyResult {
  if (!isOpen(session)) return { kind: 'rejected', reason: 'closed' };
  const current = session.current;
  if (!current) return { kind: 'rejected', reason: 'no-current-item' };
  if (current.itemId !== item.id) return { kind: 'rejected', reason: 'wrong-item' };
  if (answer.kind !== 'skip' && answer.kind !== item.kind) return { kind: 'rejected', reason: 'wrong-kind' };

  if (!options.finalise && item.kind === 'concept' && answer.kind === 'concept') {
    const probe = nextProbe(item, grade, current, session.plan.maxFollowUps);
    if (probe) {
      const rng = rngFor(session, `follow-up:${current.followUps.length}`);
      const updated: CurrentItem = {
        ...current,
        firstAnswer: answer.text,
        followUps: [...answeredFollowUps(current, answer), probe],
        lastGrade: grade,
      };
      return ok({ ...session, current: updated }, [
        { role: 'interviewer', text: `${say('followUpIntro', rng)} ${probe.probe}`, meta: { type: 'follow-up', itemId: item.id, pointId: probe.pointId } },
      ]);
    }
  }
  return closeItem(session, item, current, answer, grade, context, say('acknowledge', rngFor(session, 'ack')));
}

function answeredFollowUps(current: CurrentItem, answer: Extract<Answer, { kind: 'concept' }>): FollowUp[] {
  return current.followUps.map((f) => {
    const given = answer.followUps?.find((a) => a.pointId === f.pointId);
    return given ? { ...f, answer: given.text } : f;
  });
}

const NO_PROBE_FLAGS = new Set(['gibberish', 'possible-injection', 'off-topic', 'non-english', 'keyword-stuffing']);

/** The probe for the heaviest missing key point, if a follow-up is worth asking. */
function nextProbe(item: ConceptItem, grade: Grade, current: CurrentItem, maxFollowUps: number): FollowUp | undefined {
  if (current.followUps.length >= maxFollowUps || grade.score >= grade.maxScore) return undefined;
  if (grade.flags.some((f) => NO_PROBE_FLAGS.has(f))) return undefined;
  const hasHits = grade.evidence.some((e) => e.kind === 'rubric-hit');
  if (!hasHits && current.followUps.length === 0 && grade.score === 0) return undefined;
  const asked = new Set(current.followUps.map((f) => f.pointId));
  const missing = new Set(grade.evidence.filter((e) => e.kind === 'rubric-miss').map((e) => e.pointId));
  const point = [...item.keyPoints].filter((p) => missing.has(p.id) && !asked.has(p.id)).sort((a, b) => b.weight - a.weight)[0];
  return point ? { pointId: point.id, probe: point.probe } : undefined;
}

function closeItem(session: Session, item: Item, current: CurrentItem, answer: Answer, grade: Grade, context: PolicyContext, intro: string): PolicyResult {
  const version = context.pool.versions.get(item.id) ?? current.version;
  const response: ResponseEffect = { itemId: item.id, version, answer, grade, presentedAt: current.presentedAt, isPretest: item.status === 'draft' };
  const adaptive = recordResponse(session.adaptive, item, grade, current.reason as never);
  const { current: _closed, ...rest } = session;
  const next: Session = { ...rest, adaptive };
  const result = presentNext(next, context, [intro]);
  if (result.kind !== 'ok') return result;
  return { ...result, responses: [response, ...result.responses] };
}

function elapsedSec(session: Session, now: Date): number {
  if (!session.startedAt) return 0;
  return Math.max(0, (now.getTime() - new Date(session.startedAt).getTime()) / 1000 - session.pausedSec);
}

function questionMessage(session: Session, item: Item, current: CurrentItem, intro: string): OutgoingMessage {
  return {
    role: 'interviewer',
    text: `${intro}\n\n${item.prompt}`.trim(),
    meta: { type: 'question', item: toItemView(item, session.timeFactor), position: current.position, deadline: current.deadline },
  };
}

/** Asks the adaptive engine for the next item and presents it, or closes the interview. */
export function presentNext(session: Session, context: PolicyContext, intros: readonly string[]): PolicyResult {
  const elapsed = elapsedSec(session, context.now);
  const outOfTime = elapsed >= session.plan.maxTimeSec * session.timeFactor;
  const pool = session.plan.kinds ? context.pool.items.filter((i) => session.plan.kinds?.includes(i.kind)) : context.pool.items;
  const step = outOfTime
    ? ({ kind: 'stop', reason: 'max-time' } as const)
    : nextStep(pool, session.adaptive, { rng: rngFor(session, 'select'), ...(context.exposure ? { exposure: context.exposure } : {}) }, elapsed);
  if (step.kind === 'stop') return complete(session, context.now, step.reason, intros);
  const item = step.item;
  const rng = rngFor(session, 'next');
  const position = session.itemsAsked + 1;
  const current: CurrentItem = {
    itemId: item.id,
    version: context.pool.versions.get(item.id) ?? '',
    position,
    presentedAt: iso(context.now),
    deadline: iso(addSec(context.now, item.timeLimitSec * session.timeFactor)),
    followUps: [],
    clarifications: 0,
    reason: step.reason,
  };
  const lead = [...intros, position === 1 ? '' : say('nextQuestion', rng)].filter(Boolean).join(' ');
  const next: Session = { ...session, current, itemsAsked: position };
  return ok(next, [questionMessage(next, item, current, lead)]);
}

/** Closes the interview with the closing message. */
export function complete(session: Session, now: Date, reason: string, intros: readonly string[] = []): PolicyResult {
  const { current: _dropped, ...rest } = session;
  const rng = rngFor(session, 'closing');
  const closing = reason === 'max-time' ? say('closingTime', rng) : say('closing', rng);
  return ok({ ...rest, state: 'completed', completedAt: now.toISOString(), stopReason: reason }, [
    { role: 'interviewer', text: [...intros, closing].join(' '), meta: { type: 'closing', reason } },
  ]);
}

/** Pauses the clocks (a disconnect or a break); resuming moves the deadlines by the pause. */
export function pause(session: Session, now: Date): PolicyResult {
  if (session.state !== 'in-progress') return { kind: 'rejected', reason: 'not-started' };
  if (session.pausedAt) return ok(session, []);
  return ok({ ...session, pausedAt: now.toISOString() }, []);
}

export function resume(session: Session, now: Date): PolicyResult {
  if (session.state !== 'in-progress') return { kind: 'rejected', reason: 'not-started' };
  if (!session.pausedAt) return ok(session, []);
  const pausedFor = Math.max(0, (now.getTime() - new Date(session.pausedAt).getTime()) / 1000);
  const shift = (at: string | undefined) => (at ? iso(addSec(new Date(at), pausedFor)) : undefined);
  const { pausedAt: _p, ...rest } = session;
  return ok(
    {
      ...rest,
      pausedSec: session.pausedSec + pausedFor,
      ...(session.deadline ? { deadline: shift(session.deadline) } : {}),
      ...(session.current ? { current: { ...session.current, deadline: shift(session.current.deadline) ?? session.current.deadline } } : {}),
    },
    [],
  );
}

/** Ends an interview that was never finished (expired invitation or abandoned). */
export function close(session: Session, now: Date, state: 'expired' | 'abandoned'): PolicyResult {
  if (!isOpen(session)) return { kind: 'rejected', reason: 'closed' };
  const { current: _dropped, ...rest } = session;
  return ok({ ...rest, state, completedAt: now.toISOString(), stopReason: state }, [{ role: 'system', text: state === 'expired' ? 'The invitation expired.' : 'The interview was abandoned.' }]);
}
