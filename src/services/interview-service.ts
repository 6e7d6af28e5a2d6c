import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { exposureUpdate, scaleScore, skillScores } from '../domain/adaptive/index.js';
import type { Item } from '../domain/bank/item.js';
import { evaluationToJson } from '../domain/grading/formula/engine.js';
import type { Answer, Grade } from '../domain/grading/grade.js';
import {
  answerWarmUp,
  applyGrade,
  begin,
  close,
  complete,
  consent,
  createItemPool,
  handleRequest,
  interpretMessage,
  isItemTimedOut,
  pause,
  pendingFollowUp,
  resume,
  timeOutCurrent,
  type ItemPool,
  type OutgoingMessage,
  type PolicyContext,
  type PolicyResult,
} from '../domain/interview/interview-policy.js';
import { toItemView } from '../domain/interview/item-view.js';
import { createSession, isOpen, type Session } from '../domain/interview/session.js';
import type { CandidateRepository } from '../store/repositories/candidate-repository.js';
import type { InterviewRecord, InterviewRepository, StoredMessage, StoredResponse, TurnRecord } from '../store/repositories/interview-repository.js';
import type { ItemRepository } from '../store/repositories/item-repository.js';
import type { Profile, ProfileRepository } from '../store/repositories/profile-repository.js';
import { AppError, conflict, invalidInput, invalidState, notFound } from './errors.js';
import type { EventBus } from './event-bus.js';
import type { InterviewerVoice } from '../llm/interviewer-voice.js';
import type { GradingService } from './grading-service.js';
import { TranscriptCache } from './transcript-cache.js';

/** Flags that always send an answer to a human, whatever the confidence. */
const REVIEW_FLAGS = new Set(['engine-disagreement', 'engine-error', 'grader-disagreement', 'llm-fallback', 'possible-injection', 'low-confidence']);

export interface SessionMessageView {
  readonly sequence: number;
  readonly role: 'interviewer' | 'candidate' | 'system';
  readonly text: string;
  readonly meta: Record<string, unknown>;
  readonly at: string;
}

export interface SessionViewData {
  readonly interviewId: string;
  /** Increases with every stored change; clients keep the view with the highest revision. */
  readonly revision: number;
  readonly state: Session['state'];
  readonly profileName: string;
  readonly candidateName: string;
  readonly inviteExpiresAt: string;
  readonly timeFactor: number;
  readonly startedAt?: string;
  readonly deadline?: string;
  readonly paused: boolean;
  readonly current?: { item: ReturnType<typeof toItemView>; position: number; deadline: string; followUp?: { pointId: string; probe: string } };
  readonly awaitingWarmUp: boolean;
  readonly progress: { asked: number; minItems: number; maxItems: number };
  readonly messages: SessionMessageView[];
  readonly completedAt?: string;
  readonly feedbackGiven: boolean;
  readonly capabilities: { transcription: boolean };
}

export interface TurnReplyData {
  readonly messages: SessionMessageView[];
  readonly session: SessionViewData;
}

/** The summary stored when an interview completes; reports build on it. */
export interface InterviewSummary {
  readonly theta: number;
  readonly se: number;
  readonly score: number;
  readonly band: readonly [number, number];
  readonly level: number;
  readonly label: string;
  readonly skills: Record<string, { theta: number; se: number; n: number; score: number; band: readonly [number, number] }>;
  readonly itemsScored: number;
  readonly stopReason: string;
}

/**
 * A business event other systems care about (webhooks, emails, ATS callbacks). Emitted after the
 * change is stored; handlers must be idempotent (the same event may be emitted again on a retry).
 */
export type InterviewEvent =
  | { readonly type: 'interview.invited'; readonly organisationId: string; readonly interviewId: string; readonly candidateId: string | null; readonly inviteUrl: string; readonly expiresAt: string }
  | { readonly type: 'interview.started'; readonly organisationId: string; readonly interviewId: string }
  | { readonly type: 'interview.completed'; readonly organisationId: string; readonly interviewId: string; readonly summary: InterviewSummary; readonly pendingReviewCount: number }
  | { readonly type: 'review.required'; readonly organisationId: string; readonly interviewId: string; readonly responseId: string; readonly itemId: string; readonly reason: string };

export interface InterviewServiceDeps {
  readonly interviews: InterviewRepository;
  readonly profiles: ProfileRepository;
  readonly candidates: CandidateRepository;
  readonly items: ItemRepository;
  readonly grading: GradingService;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly publicUrl: string;
  /** Injected clock, so tests control time. */
  readonly now?: () => Date;
  /** Receives business events after they are stored (the jobs layer turns them into webhooks and emails). */
  readonly onEvent?: (event: InterviewEvent) => Promise<void>;
  /** Rephrases follow-ups and clarifications with an LLM (checked, template fallback); absent = templates. */
  readonly voice?: InterviewerVoice;
}

const DAY_MS = 86_400_000;

/** Invite tokens are 32 random bytes; only their SHA-256 is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

const toView = (m: StoredMessage): SessionMessageView => ({ sequence: m.sequence, role: m.role, text: m.text, meta: m.meta, at: m.at.toISOString() });

/**
 * The interview use cases: invitations, and every candidate action on an interview. Each action
 * loads the interview, asks the domain policy what happens, grades when needed, and writes the
 * turn atomically (optimistic revision check, idempotency key), then publishes the new messages.
 */
export class InterviewService {
  private poolCache: { pool: ItemPool; loadedAt: number } | undefined;
  private exposureCache: { counts: Awaited<ReturnType<InterviewRepository['exposureCounts']>>; at: number } | undefined;
  private readonly profileCache = new Map<string, { profile: Profile | undefined; at: number }>();
  private readonly transcripts = new TranscriptCache();
  private readonly now: () => Date;

  constructor(private readonly deps: InterviewServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  // ------------------------------------------------------------------------------------------
  // recruiter side

  /** Creates an interview for a candidate and returns its invite link (the token is shown once). */
  async invite(input: {
    organisationId: string;
    profileId: string;
    candidate: { name: string; email: string; phone?: string | undefined; externalId?: string | undefined };
    expiresInDays?: number | undefined;
    timeFactor?: number | undefined;
  }): Promise<{ interview: InterviewRecord; token: string; url: string }> {
    const profile = await this.deps.profiles.find(input.profileId, input.organisationId);
    if (!profile) throw notFound('profile', input.profileId);
    const existing = await this.deps.candidates.findByEmail(input.organisationId, input.candidate.email);
    const candidate =
      existing ??
      (await this.deps.candidates.create({
        id: randomUUID(),
        organisationId: input.organisationId,
        name: input.candidate.name,
        email: input.candidate.email,
        phone: input.candidate.phone ?? null,
        externalId: input.candidate.externalId ?? null,
      }));
    return this.createInterview(profile, candidate.id, input.expiresInDays ?? 14, input.timeFactor ?? 1);
  }

  /** A demo interview anyone can take from the home page. */
  async createDemo(): Promise<{ token: string; interviewId: string; url: string }> {
    const profile = await this.deps.profiles.findDemo();
    if (!profile) throw new AppError('unavailable', 'The demo is not set up on this server');
    const { interview, token, url } = await this.createInterview(profile, null, 1, 1);
    return { token, interviewId: interview.id, url };
  }

  private async createInterview(profile: Profile, candidateId: string | null, expiresInDays: number, timeFactor: number): Promise<{ interview: InterviewRecord; token: string; url: string }> {
    if (!(timeFactor >= 1 && timeFactor <= 3)) throw invalidInput('timeFactor must be between 1 and 3');
    const token = randomBytes(32).toString('base64url');
    const seed = randomInt(0, 2 ** 31);
    const id = randomUUID();
    const session = createSession({ seed, plan: profile.plan, timeFactor });
    const now = this.now();
    await this.deps.interviews.create({
      id,
      organisationId: profile.organisationId,
      profileId: profile.id,
      candidateId,
      inviteTokenHash: hashToken(token),
      inviteExpiresAt: new Date(now.getTime() + expiresInDays * DAY_MS),
      seed,
      session,
      timeFactor,
    });
    const interview = await this.deps.interviews.findById(id);
    if (!interview) throw new Error('interview vanished after creation');
    await this.deps.events.publish(`org:${profile.organisationId}`, { type: 'interview', data: { id, state: 'invited' } });
    const url = `${this.deps.publicUrl}/i/${token}`;
    if (!profile.isDemo) await this.emit({ type: 'interview.invited', organisationId: profile.organisationId, interviewId: id, candidateId, inviteUrl: url, expiresAt: interview.inviteExpiresAt.toISOString() });
    return { interview, token, url };
  }

  // ------------------------------------------------------------------------------------------
  // candidate side

  /** The interview as the candidate sees it, with the clock applied first (an expired invitation answers 410). */
  async view(token: string): Promise<SessionViewData> {
    let { record, candidateName } = await this.locate(token);
    const pool = await this.pool();
    const clock = this.applyClock(record, { now: this.now(), pool });
    if (clock && (await this.write(record, clock, undefined, pool, candidateName)) !== 'conflict') ({ record, candidateName } = await this.locate(token));
    if (record.state === 'expired') throw new AppError('expired', 'This invitation has expired. Ask the recruiter for a new link.');
    return this.buildView(record, pool, undefined, candidateName);
  }

  async consent(token: string, input: { accommodationRequest?: string | undefined }): Promise<SessionViewData> {
    const { record, candidateName } = await this.locate(token);
    this.refuseExpired(record);
    if (record.state !== 'invited') return this.buildView(record, await this.pool(), undefined, candidateName);
    if (input.accommodationRequest?.trim()) await this.deps.interviews.setAccommodationRequest(record.id, input.accommodationRequest.trim());
    return (await this.runTurn(token, undefined, async (current) => consent(current.session, this.now(), candidateName))).session;
  }

  async start(token: string): Promise<SessionViewData> {
    const { record, candidateName } = await this.locate(token);
    if (record.state === 'in-progress') return this.buildView(record, await this.pool(), undefined, candidateName);
    return (await this.runTurn(token, undefined, async (current, context) => begin(current.session, context))).session;
  }

  /** A chat message: an answer to the warm-up or a concept question, or a request (repeat, clarify, skip, I don't know). */
  async message(token: string, key: string, text: string): Promise<TurnReplyData> {
    return this.runTurn(token, key, async (record, context) => {
      const interpretation = interpretMessage(record.session, text, context.pool);
      const said: OutgoingMessage = { role: 'candidate', text, meta: { type: 'answer' } };
      switch (interpretation.kind) {
        case 'rejected':
          return { kind: 'rejected', reason: interpretation.reason };
        case 'warm-up-answer':
          return withCandidateMessage(answerWarmUp(record.session, context), said);
        case 'request':
          return withCandidateMessage(handleRequest(record.session, interpretation.intent, context), { ...said, meta: { type: 'request', intent: interpretation.intent } });
        case 'use-answer-box':
          return {
            kind: 'ok',
            session: record.session,
            messages: [said, { role: 'interviewer', text: 'Please use the answer area under the question for this one; you can still ask me to repeat or clarify it here.', meta: { type: 'clarification' } }],
            responses: [],
          };
        case 'answer': {
          const grade = await this.deps.grading.grade(interpretation.item, interpretation.answer);
          return withCandidateMessage(applyGrade(record.session, interpretation.item, interpretation.answer, grade, context), said);
        }
        default: {
          const unreachable: never = interpretation;
          return unreachable;
        }
      }
    });
  }

  /** A structured answer to the current item (choice, formula, concept text, or skip). */
  async answer(token: string, key: string, itemId: string, answer: Answer): Promise<TurnReplyData> {
    return this.runTurn(token, key, async (record, context) => {
      const session = record.session;
      if (!isOpen(session)) return { kind: 'rejected', reason: 'closed' };
      if (session.state !== 'in-progress') return { kind: 'rejected', reason: 'not-started' };
      if (session.current?.itemId !== itemId) return { kind: 'rejected', reason: 'wrong-item' };
      const item = context.pool.byId.get(itemId);
      if (!item) return { kind: 'rejected', reason: 'no-current-item' };
      if (answer.kind === 'skip') return withCandidateMessage(handleRequest(session, answer.reason === 'dont-know' ? 'dont-know' : 'skip', context), { role: 'candidate', text: answer.reason === 'dont-know' ? "I don't know." : 'Skip.', meta: { type: 'request' } });
      const effective = answer.kind === 'concept' ? conceptAnswerFor(session, answer.text) : answer;
      const grade = await this.deps.grading.grade(item, effective);
      return withCandidateMessage(applyGrade(session, item, effective, grade, context), { role: 'candidate', text: describeAnswer(item, answer), meta: { type: 'answer', itemId } });
    });
  }

  /** An uploaded .xlsx for the current workbook item. */
  async upload(token: string, key: string, itemId: string, fileName: string, file: Uint8Array): Promise<TurnReplyData> {
    return this.runTurn(token, key, async (record, context) => {
      const session = record.session;
      if (session.state !== 'in-progress') return { kind: 'rejected', reason: 'not-started' };
      if (session.current?.itemId !== itemId) return { kind: 'rejected', reason: 'wrong-item' };
      const item = context.pool.byId.get(itemId);
      if (!item || item.kind !== 'workbook') return { kind: 'rejected', reason: 'wrong-kind' };
      const answer: Answer = { kind: 'workbook', file, fileName };
      const grade = await this.deps.grading.grade(item, answer);
      // The stored answer keeps the file's name and size, not its bytes.
      const stored = { kind: 'workbook', fileName, file: new Uint8Array(0), size: file.byteLength } as unknown as Answer;
      return withCandidateMessage(applyGrade(session, item, stored, grade, context), { role: 'candidate', text: `Uploaded ${fileName}`, meta: { type: 'upload', itemId, bytes: file.byteLength } });
    });
  }

  async startingWorkbook(token: string, itemId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
    const record = await this.load(token);
    const item = (await this.pool()).byId.get(itemId);
    if (!item || item.kind !== 'workbook' || record.session.current?.itemId !== itemId) throw notFound('workbook for item', itemId);
    return { fileName: `${itemId.replace(/[^a-z0-9.-]/gi, '-')}.xlsx`, bytes: await this.deps.grading.startingWorkbook(item) };
  }

  async preview(token: string, formula: string): Promise<{ value?: unknown; error?: string; failure?: string }> {
    const record = await this.load(token);
    const itemId = record.session.current?.itemId;
    const item = itemId ? (await this.pool()).byId.get(itemId) : undefined;
    if (!item || item.kind !== 'formula') throw invalidState('the current question is not a formula task');
    return evaluationToJson(this.deps.grading.preview(item, formula));
  }

  async pause(token: string): Promise<SessionViewData> {
    return (await this.runTurn(token, undefined, async (record) => pause(record.session, this.now()))).session;
  }

  async resume(token: string): Promise<SessionViewData> {
    return (await this.runTurn(token, undefined, async (record) => resume(record.session, this.now()))).session;
  }

  async recordIntegrityEvents(token: string, events: readonly { kind: string; itemId?: string | undefined; at: string; data?: Record<string, unknown> | undefined }[]): Promise<void> {
    const record = await this.load(token);
    await this.deps.interviews.addIntegrityEvents(record.id, events);
  }

  async feedback(token: string, rating: number, comment: string): Promise<void> {
    await this.runTurn(token, undefined, async (record) => {
      if (record.session.state !== 'completed') return { kind: 'rejected', reason: 'not-started' };
      return { kind: 'ok', session: { ...record.session, feedback: { rating, comment } }, messages: [], responses: [] };
    });
  }

  async transcribe(token: string, audio: Uint8Array, mimeType: string): Promise<string> {
    await this.load(token);
    const provider = this.deps.grading.transcriber;
    if (!provider) throw new AppError('unavailable', 'Transcription is not configured on this server; type your answer or use your browser’s dictation.');
    return provider.transcribe({ data: audio, mimeType, fileName: mimeType.includes('webm') ? 'answer.webm' : 'answer.wav' });
  }

  /** Subscribes to an interview's new messages and state changes (for SSE). */
  subscribe(interviewId: string, listener: (event: { type: string; data: unknown }) => void): () => void {
    return this.deps.events.subscribe(`interview:${interviewId}`, listener);
  }

  async interviewIdFor(token: string): Promise<string> {
    return (await this.load(token)).id;
  }

  list(organisationId: string, filter: { state?: InterviewRecord['state'] | undefined; profileId?: string | undefined; limit?: number | undefined; offset?: number | undefined }): Promise<InterviewRecord[]> {
    return this.deps.interviews.list(organisationId, {
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.profileId ? { profileId: filter.profileId } : {}),
      limit: filter.limit ?? 50,
      offset: filter.offset ?? 0,
    });
  }

  /** Everything stored about one interview, for reports and reviews. */
  async detail(organisationId: string, interviewId: string): Promise<{ record: InterviewRecord; messages: StoredMessage[]; responses: StoredResponse[]; integrity: Awaited<ReturnType<InterviewRepository['listIntegrityEvents']>> }> {
    const record = await this.deps.interviews.findById(interviewId, organisationId);
    if (!record) throw notFound('interview', interviewId);
    const [messages, responses, integrity] = await Promise.all([
      this.deps.interviews.listMessages(interviewId),
      this.deps.interviews.listResponses(interviewId),
      this.deps.interviews.listIntegrityEvents(interviewId),
    ]);
    return { record, messages, responses, integrity };
  }

  // ------------------------------------------------------------------------------------------
  // internals

  private async load(token: string): Promise<InterviewRecord> {
    return (await this.locate(token)).record;
  }

  /** The interview of an invite token, its candidate's name, and the turn already written under `key` (a retried request). */
  private async locate(token: string, key?: string): Promise<NonNullable<Awaited<ReturnType<InterviewRepository['findForTurn']>>>> {
    if (!token) throw new AppError('unauthorized', 'This page needs the invitation link you were sent.');
    const found = await this.deps.interviews.findForTurn(hashToken(token), key);
    if (!found) throw new AppError('unauthorized', 'This invitation link is not valid.');
    return found;
  }

  /** The reply to a retried request: the messages its first run wrote, and the session as it is now. */
  private async replayTurn(record: InterviewRecord, turn: TurnRecord, candidateName: string): Promise<TurnReplyData> {
    const pool = await this.pool();
    const transcript = await this.deps.interviews.listMessages(record.id);
    const messages = transcript.filter((m) => m.sequence >= turn.firstSequence && m.sequence <= turn.lastSequence);
    return { messages: messages.map(toView), session: await this.buildView(record, pool, transcript, candidateName) };
  }

  private refuseExpired(record: InterviewRecord): void {
    if (record.state === 'expired') throw new AppError('expired', 'This invitation has expired. Ask the recruiter for a new link.');
    if (record.state === 'completed') throw invalidState('This interview is already complete.');
  }

  /** The bank's current items, reloaded at most every 30 s. */
  private async pool(): Promise<ItemPool> {
    const nowMs = this.now().getTime();
    if (this.poolCache && nowMs - this.poolCache.loadedAt < 30_000) return this.poolCache.pool;
    const { items } = await this.deps.items.listCurrent({ limit: 100_000 });
    const pool = createItemPool(items.filter((s) => s.item.status !== 'retired'));
    this.poolCache = { pool, loadedAt: nowMs };
    return pool;
  }

  /** What a completed interview adds to the items' exposure counts and shadow prices. */
  private async exposureOf(session: Session, pool: ItemPool): Promise<{ eligible: string[]; administered: string[]; priceDeltas: Map<string, number> }> {
    const counts = await this.deps.interviews.exposureCounts();
    const areas = Object.entries(session.plan.areaWeights).filter(([, weight]) => (weight ?? 0) > 0).map(([area]) => area);
    const candidates = pool.items.filter((i) => (!session.plan.kinds || session.plan.kinds.includes(i.kind)) && (areas.length === 0 || areas.includes(i.area)));
    const update = exposureUpdate(candidates, session.adaptive, counts);
    const priceDeltas = new Map([...update.prices].map(([id, after]) => [id, after - (counts.items.get(id)?.price ?? 0)]));
    return { eligible: update.eligible, administered: update.administered, priceDeltas };
  }

  /** Follow-ups and clarifications in the LLM's words when a voice is configured; the template otherwise. */
  private async voiced(messages: readonly OutgoingMessage[], pool: ItemPool): Promise<readonly OutgoingMessage[]> {
    const voice = this.deps.voice;
    if (!voice) return messages;
    const candidateText = messages.find((m) => m.role === 'candidate')?.text;
    return Promise.all(
      messages.map(async (message) => {
        const type = message.meta?.type;
        const item = typeof message.meta?.itemId === 'string' ? pool.byId.get(message.meta.itemId) : undefined;
        if ((type !== 'follow-up' && type !== 'clarification') || !item) return message;
        const pointId = typeof message.meta?.pointId === 'string' ? message.meta.pointId : undefined;
        const result = await voice.rephrase({ kind: type, template: message.text, item, ...(pointId ? { pointId } : {}), ...(candidateText ? { candidateText } : {}) });
        return { ...message, text: result.text, meta: { ...message.meta, voice: result.source, ...(result.problem ? { voiceProblem: result.problem } : {}) } };
      }),
    );
  }

  /** Business events must not fail the candidate's request: a failed hand-off is logged (handlers are retried by the jobs layer). */
  private async emit(event: InterviewEvent): Promise<void> {
    if (!this.deps.onEvent) return;
    try {
      await this.deps.onEvent(event);
    } catch (error) {
      this.deps.logger.error({ err: error, event: event.type, interviewId: event.interviewId }, 'could not hand off an interview event');
    }
  }

  /**
   * Exposure counts for selection, at most a few seconds old: they steer item choice across
   * thousands of interviews, so reading them on every answer buys nothing. Completion reads fresh
   * counts (`exposureOf`), so the stored counts stay exact.
   */
  private async recentExposure(): Promise<Awaited<ReturnType<InterviewRepository['exposureCounts']>>> {
    const nowMs = this.now().getTime();
    if (this.exposureCache && nowMs - this.exposureCache.at < 5_000) return this.exposureCache.counts;
    const counts = await this.deps.interviews.exposureCounts();
    this.exposureCache = { counts, at: nowMs };
    return counts;
  }

  /** Profiles change rarely; their review threshold is read once a minute per profile. */
  private async profileOf(id: string): Promise<Profile | undefined> {
    const nowMs = this.now().getTime();
    const cached = this.profileCache.get(id);
    if (cached && nowMs - cached.at < 60_000) return cached.profile;
    const profile = await this.deps.profiles.find(id);
    this.profileCache.set(id, { profile, at: nowMs });
    return profile;
  }

  /** Drops the cached pool (after a bank import). */
  invalidatePool(): void {
    this.poolCache = undefined;
  }

  /**
   * Runs one turn: a retried key returns the first reply; the clock is applied first (an expired
   * invitation closes, a timed-out item is recorded as unanswered); then `decide` produces the
   * policy result, which is written atomically. A concurrent write makes it re-read and retry.
   */
  private async runTurn(token: string, key: string | undefined, decide: (record: InterviewRecord, context: PolicyContext) => Promise<PolicyResult>): Promise<TurnReplyData> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const { record, candidateName, turn } = await this.locate(token, key);
      if (turn) return this.replayTurn(record, turn, candidateName);
      const now = this.now();
      const pool = await this.pool();
      const context: PolicyContext = { now, pool, exposure: await this.recentExposure() };

      const clock = this.applyClock(record, context);
      if (clock) {
        const written = await this.write(record, clock, undefined, pool, candidateName);
        if (written === 'conflict') continue;
        if (clock.session.state === 'expired') throw new AppError('expired', 'This invitation has expired. Ask the recruiter for a new link.');
        continue;
      }
      const result = await decide(record, context);
      if (result.kind === 'rejected') throw rejection(result.reason);
      const written = await this.write(record, result, key, pool, candidateName);
      if (written === 'conflict') continue;
      return written;
    }
    throw conflict('The interview changed while this request was handled; please retry.');
  }

  /** What time alone changes: an invitation past its expiry, an item past its limit, an interview past its deadline. */
  private applyClock(record: InterviewRecord, context: PolicyContext): Extract<PolicyResult, { kind: 'ok' }> | undefined {
    const session = record.session;
    if ((session.state === 'invited' || session.state === 'consented') && context.now > record.inviteExpiresAt) {
      const result = close(session, context.now, 'expired');
      return result.kind === 'ok' ? result : undefined;
    }
    if (session.state !== 'in-progress' || session.pausedAt) return undefined;
    if (session.deadline && context.now > new Date(session.deadline)) {
      const result = complete(session, context.now, 'max-time');
      return result.kind === 'ok' ? result : undefined;
    }
    if (isItemTimedOut(session, context.now)) {
      const result = timeOutCurrent(session, context);
      return result.kind === 'ok' ? result : undefined;
    }
    return undefined;
  }

  private async write(record: InterviewRecord, result: Extract<PolicyResult, { kind: 'ok' }>, key: string | undefined, pool: ItemPool, candidateName: string): Promise<TurnReplyData | 'conflict'> {
    const profile = await this.profileOf(record.profileId);
    const threshold = profile?.reviewThreshold ?? 0.6;
    const responses = result.responses.map((r) => ({
      id: randomUUID(),
      itemId: r.itemId,
      itemVersion: r.version,
      answer: r.answer,
      grade: r.grade,
      isPretest: r.isPretest,
      presentedAt: r.presentedAt,
      review: reviewReason(r.grade, threshold),
    }));
    const completedNow = result.session.state === 'completed' && record.state !== 'completed';
    const summary = completedNow ? summarise(result.session, pool) : undefined;
    const exposure = completedNow ? await this.exposureOf(result.session, pool) : undefined;
    const outcome = await this.deps.interviews.writeTurn({
      interviewId: record.id,
      organisationId: record.organisationId,
      expectedRevision: record.revision,
      session: result.session,
      messages: await this.voiced(result.messages, pool),
      responses,
      ...(key ? { turnKey: key } : {}),
      ...(summary ? { summary } : {}),
      ...(exposure ? { exposure } : {}),
      now: this.now(),
    });
    if (outcome.kind === 'conflict') return 'conflict';
    const fresh = { ...record, session: result.session, state: result.session.state, revision: outcome.revision };
    const transcript = this.transcripts.extend(record.id, outcome.priorSequence, outcome.messages);
    const reply: TurnReplyData = { messages: outcome.messages.map(toView), session: await this.buildView(fresh, pool, transcript, candidateName) };
    for (const message of reply.messages) await this.deps.events.publish(`interview:${record.id}`, { type: 'message', data: message });
    if (record.state !== result.session.state || result.messages.length > 0) {
      await this.deps.events.publish(`interview:${record.id}`, { type: 'session', data: reply.session });
      await this.deps.events.publish(`org:${record.organisationId}`, {
        type: 'interview',
        data: { id: record.id, state: result.session.state, itemsAsked: result.session.itemsAsked, currentItemId: result.session.current?.itemId ?? null },
      });
    }
    if (completedNow) this.deps.logger.info({ interviewId: record.id, stopReason: result.session.stopReason }, 'interview completed');
    const base = { organisationId: record.organisationId, interviewId: record.id };
    if (record.state !== 'in-progress' && result.session.state === 'in-progress') await this.emit({ type: 'interview.started', ...base });
    for (const response of responses) {
      if (response.review) await this.emit({ type: 'review.required', ...base, responseId: response.id, itemId: response.itemId, reason: response.review.reason });
    }
    if (completedNow && summary) await this.emit({ type: 'interview.completed', ...base, summary, pendingReviewCount: await this.deps.interviews.countOpenReviews(record.id) });
    return reply;
  }

  /** The candidate's view; the transcript is read unless the caller has it. */
  private async buildView(record: InterviewRecord, pool: ItemPool, transcript: readonly StoredMessage[] | undefined, candidateName: string): Promise<SessionViewData> {
    const session = record.session;
    let stored = transcript;
    if (!stored) {
      stored = await this.deps.interviews.listMessages(record.id);
      this.transcripts.remember(record.id, stored);
    }
    const currentItem = session.current ? pool.byId.get(session.current.itemId) : undefined;
    const followUp = pendingFollowUp(session);
    return {
      interviewId: record.id,
      revision: record.revision,
      state: session.state,
      profileName: session.plan.profileName,
      candidateName,
      inviteExpiresAt: record.inviteExpiresAt.toISOString(),
      timeFactor: session.timeFactor,
      ...(session.startedAt ? { startedAt: session.startedAt } : {}),
      ...(session.deadline ? { deadline: session.deadline } : {}),
      paused: session.pausedAt !== undefined,
      ...(session.current && currentItem
        ? {
            current: {
              item: toItemView(currentItem, session.timeFactor),
              position: session.current.position,
              deadline: session.current.deadline,
              ...(followUp ? { followUp: { pointId: followUp.pointId, probe: followUp.probe } } : {}),
            },
          }
        : {}),
      awaitingWarmUp: session.warmUp === 'asked',
      progress: { asked: session.itemsAsked, minItems: session.plan.minItems, maxItems: session.plan.maxItems },
      messages: stored.map(toView),
      ...(session.completedAt ? { completedAt: session.completedAt } : {}),
      feedbackGiven: session.feedback !== undefined,
      capabilities: { transcription: this.deps.grading.transcriber !== undefined },
    };
  }
}

function withCandidateMessage(result: PolicyResult, message: OutgoingMessage): PolicyResult {
  return result.kind === 'ok' ? { ...result, messages: [message, ...result.messages] } : result;
}

/** A concept answer typed into the answer box continues any follow-up in progress. */
function conceptAnswerFor(session: Session, text: string): Answer {
  const current = session.current;
  if (!current || current.firstAnswer === undefined) return { kind: 'concept', text };
  const pending = current.followUps.findIndex((f) => f.answer === undefined);
  const followUps = current.followUps.map((f, i) => (i === pending ? { pointId: f.pointId, text } : f.answer !== undefined ? { pointId: f.pointId, text: f.answer } : undefined)).filter((f): f is { pointId: string; text: string } => f !== undefined);
  return { kind: 'concept', text: current.firstAnswer, followUps };
}

function describeAnswer(item: Item, answer: Answer): string {
  switch (answer.kind) {
    case 'choice': {
      if (item.kind !== 'choice') return answer.selected.join(', ');
      const texts = answer.selected.map((id) => item.options.find((o) => o.id === id)?.text ?? id);
      return texts.length > 0 ? `My answer: ${texts.join('; ')}` : 'No option selected.';
    }
    case 'formula':
      return answer.formula;
    case 'concept':
      return answer.text;
    case 'workbook':
      return `Uploaded ${answer.fileName}`;
    case 'skip':
      return 'Skip.';
    default:
      return '';
  }
}

function reviewReason(grade: Grade, threshold: number): { reason: string; priority: number } | undefined {
  const flagged = grade.flags.filter((f) => REVIEW_FLAGS.has(f));
  if (flagged.length > 0) return { reason: flagged.join(','), priority: 1 - grade.confidence + 0.5 };
  if (grade.confidence < threshold) return { reason: 'low-confidence', priority: 1 - grade.confidence };
  return undefined;
}

function rejection(reason: Extract<PolicyResult, { kind: 'rejected' }>['reason']): AppError {
  switch (reason) {
    case 'closed':
      return invalidState('This interview is closed.', { reason });
    case 'not-started':
      return invalidState('The interview has not started yet.', { reason });
    case 'already-started':
      return invalidState('The interview has already started.', { reason });
    case 'no-current-item':
      return invalidState('There is no open question right now.', { reason });
    case 'wrong-item':
      return conflict('That answer is for a question that is no longer open.', { reason });
    case 'wrong-kind':
      return invalidInput('That kind of answer does not fit this question.', { reason });
    case 'paused':
      return invalidState('The interview is paused; resume it first.', { reason });
    default: {
      const unreachable: never = reason;
      return invalidState(String(unreachable));
    }
  }
}

/** The ability estimate and per-skill scores, on the reported 0-100 scale. */
export function summarise(session: Session, pool: ItemPool): InterviewSummary {
  const adaptive = session.adaptive;
  const overall = scaleScore(adaptive.theta, adaptive.se);
  const skills: InterviewSummary['skills'] = {};
  for (const [area, skill] of Object.entries(skillScores(adaptive, pool.byId))) {
    if (!skill) continue;
    const scaled = scaleScore(skill.theta, skill.se);
    skills[area] = { theta: skill.theta, se: skill.se, n: skill.n, score: scaled.score, band: scaled.band };
  }
  return {
    theta: adaptive.theta,
    se: adaptive.se,
    score: overall.score,
    band: overall.band,
    level: overall.level,
    label: overall.label,
    skills,
    itemsScored: adaptive.scoredCount,
    stopReason: session.stopReason ?? '',
  };
}
