import { type Kysely, sql } from 'kysely';
import type { Answer, Grade } from '../../domain/grading/grade.js';
import type { Session } from '../../domain/interview/session.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Database, InterviewRow, InterviewState } from '../schema.js';

/** An interview as the services see it: row fields plus the opened session. */
export interface InterviewRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly profileId: string;
  readonly candidateId: string | null;
  readonly state: InterviewState;
  readonly inviteExpiresAt: Date;
  readonly seed: number;
  readonly session: Session;
  readonly revision: number;
  readonly timeFactor: number;
  readonly summary: unknown;
  readonly feedbackRating: number | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
}

export interface StoredMessage {
  readonly sequence: number;
  readonly role: 'interviewer' | 'candidate' | 'system';
  readonly text: string;
  readonly meta: Record<string, unknown>;
  readonly at: Date;
}

export interface StoredResponse {
  readonly id: string;
  readonly itemId: string;
  readonly itemVersion: string;
  readonly sequence: number;
  readonly answer: Answer;
  readonly grade: Grade;
  readonly isPretest: boolean;
  readonly presentedAt: Date | null;
  readonly answeredAt: Date;
}

export interface NewInterview {
  readonly id: string;
  readonly organisationId: string;
  readonly profileId: string;
  readonly candidateId: string | null;
  readonly inviteTokenHash: string;
  readonly inviteExpiresAt: Date;
  readonly seed: number;
  readonly session: Session;
  readonly timeFactor: number;
}

/** Everything one turn writes, in one transaction, guarded by the revision it read. */
export interface TurnWrite {
  readonly interviewId: string;
  readonly organisationId: string;
  readonly expectedRevision: number;
  readonly session: Session;
  readonly messages: readonly { role: StoredMessage['role']; text: string; meta?: Readonly<Record<string, unknown>> }[];
  readonly responses: readonly {
    id: string;
    itemId: string;
    itemVersion: string;
    answer: Answer;
    grade: Grade;
    isPretest: boolean;
    presentedAt: string;
    /** Set when the answer needs a human: it opens a review task. */
    review?: { reason: string; priority: number } | undefined;
  }[];
  /** The idempotency key of the request; a retry with it finds the messages this turn wrote. */
  readonly turnKey?: string;
  readonly summary?: unknown;
  /** When the interview completes: what it adds to the exposure counts (written in the same transaction). */
  readonly exposure?: { readonly eligible: readonly string[]; readonly administered: readonly string[]; readonly priceDeltas: ReadonlyMap<string, number> };
  readonly now: Date;
}

/** unique_violation, deadlock_detected, serialization_failure. */
const RETRYABLE_SQLSTATES = new Set(['23505', '40P01', '40001']);

/** The messages a turn wrote, by sequence (inclusive; empty when last < first). */
export interface TurnRecord {
  readonly firstSequence: number;
  readonly lastSequence: number;
}

export type TurnWriteResult =
  /** `priorSequence`: the last message sequence stored before this turn's messages. */
  | { readonly kind: 'written'; readonly revision: number; readonly messages: readonly StoredMessage[]; readonly priorSequence: number }
  | { readonly kind: 'conflict' };

/**
 * Interviews with their transcript and responses. Personal content (the session, messages the
 * candidate wrote, answers, grades with their quotes) is sealed with the field cipher; scores,
 * states and timings stay clear for analytics.
 */
export class InterviewRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  async create(interview: NewInterview): Promise<void> {
    await this.db
      .insertInto('interviews')
      .values({
        id: interview.id,
        organisation_id: interview.organisationId,
        profile_id: interview.profileId,
        candidate_id: interview.candidateId,
        state: interview.session.state,
        invite_token_hash: interview.inviteTokenHash,
        invite_expires_at: interview.inviteExpiresAt,
        seed: interview.seed,
        session_sealed: this.cipher.sealJson(interview.session),
        time_factor: interview.timeFactor,
      })
      .execute();
  }

  async findByTokenHash(tokenHash: string): Promise<InterviewRecord | undefined> {
    const row = await this.db.selectFrom('interviews').selectAll().where('invite_token_hash', '=', tokenHash).executeTakeFirst();
    return row ? this.toRecord(row) : undefined;
  }

  async findById(id: string, organisationId?: string): Promise<InterviewRecord | undefined> {
    let query = this.db.selectFrom('interviews').selectAll().where('id', '=', id);
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    const row = await query.executeTakeFirst();
    return row ? this.toRecord(row) : undefined;
  }

  async list(organisationId: string, filter: { state?: InterviewState; profileId?: string; limit?: number; offset?: number } = {}): Promise<InterviewRecord[]> {
    let query = this.db.selectFrom('interviews').selectAll().where('organisation_id', '=', organisationId);
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.profileId) query = query.where('profile_id', '=', filter.profileId);
    const rows = await query.orderBy('created_at', 'desc').limit(filter.limit ?? 50).offset(filter.offset ?? 0).execute();
    return rows.map((row) => this.toRecord(row));
  }

  /**
   * What a candidate's request needs, in one statement: the interview, its candidate's name, and
   * the turn already written under `turnKey` (a retried request), if any.
   */
  async findForTurn(tokenHash: string, turnKey?: string): Promise<{ record: InterviewRecord; candidateName: string; turn: TurnRecord | undefined } | undefined> {
    const row = await this.db
      .selectFrom('interviews')
      .selectAll('interviews')
      .leftJoin('candidates', 'candidates.id', 'interviews.candidate_id')
      .select(['candidates.name_sealed as candidate_name_sealed', 'candidates.erased_at as candidate_erased_at'])
      .leftJoin('interview_turns', (join) => join.onRef('interview_turns.interview_id', '=', 'interviews.id').on('interview_turns.idempotency_key', '=', turnKey ?? ''))
      .select('interview_turns.reply_sealed as turn_sealed')
      .where('interviews.invite_token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const { candidate_name_sealed: nameSealed, candidate_erased_at: erasedAt, turn_sealed: turnSealed, ...interview } = row;
    return {
      record: this.toRecord(interview),
      candidateName: nameSealed && !erasedAt ? this.cipher.open(nameSealed) : '',
      turn: turnKey && turnSealed ? this.cipher.openJson<TurnRecord>(turnSealed) : undefined,
    };
  }

  /**
   * Writes a turn atomically: the session (only if nobody else wrote since `expectedRevision`),
   * its messages and responses, and the idempotency record. A concurrent retry with the same key
   * finds the first reply instead of a second effect.
   */
  async writeTurn(write: TurnWrite): Promise<TurnWriteResult> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        // A retried key needs no check here: the revision guard below turns the second writer into
        // a conflict, and the caller's re-read then finds the first turn (the key is also unique).
        const session = write.session;
        const updated = await trx
          .updateTable('interviews')
          .set({
            session_sealed: this.cipher.sealJson(session),
            state: session.state,
            current_item_id: session.current?.itemId ?? null,
            items_asked: session.itemsAsked,
            revision: write.expectedRevision + 1,
            updated_at: write.now,
            ...(session.startedAt ? { started_at: session.startedAt } : {}),
            ...(session.completedAt ? { completed_at: session.completedAt } : {}),
            ...(write.summary !== undefined ? { summary: JSON.stringify(write.summary) } : {}),
            ...(session.feedback ? { feedback_rating: session.feedback.rating, feedback_comment_sealed: this.cipher.seal(session.feedback.comment) } : {}),
          })
          .where('id', '=', write.interviewId)
          .where('revision', '=', write.expectedRevision)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return { kind: 'conflict' } as const;

        const last = await trx
          .selectNoFrom((eb) => [
            eb.selectFrom('messages').select((m) => m.fn.max('sequence').as('s')).where('interview_id', '=', write.interviewId).as('message'),
            eb.selectFrom('responses').select((r) => r.fn.max('sequence').as('s')).where('interview_id', '=', write.interviewId).as('response'),
          ])
          .executeTakeFirstOrThrow();
        const firstSequence = Number(last.message ?? 0) + 1;
        const messages: StoredMessage[] = write.messages.map((message, i) => ({ sequence: firstSequence + i, role: message.role, text: message.text, meta: { ...(message.meta ?? {}) }, at: write.now }));
        if (messages.length > 0) {
          await trx
            .insertInto('messages')
            .values(
              messages.map((stored) => ({
                id: crypto.randomUUID(),
                interview_id: write.interviewId,
                sequence: stored.sequence,
                role: stored.role,
                text_sealed: stored.role === 'candidate' ? this.cipher.seal(stored.text) : stored.text,
                meta: JSON.stringify(stored.meta),
                created_at: write.now,
              })),
            )
            .execute();
        }
        if (write.responses.length > 0) {
          const rows = write.responses.map((response, i) => {
            const sequence = Number(last.response ?? 0) + 1 + i;
            return {
              id: response.id,
              interview_id: write.interviewId,
              item_id: response.itemId,
              item_version: response.itemVersion,
              sequence,
              idempotency_key: write.turnKey ? `${write.turnKey}#${sequence}` : `auto-${response.id}`,
              answer_sealed: this.cipher.sealJson(response.answer),
              grade_sealed: this.cipher.sealJson(response.grade),
              flags: JSON.stringify(response.grade.flags),
              score: response.grade.score,
              max_score: response.grade.maxScore,
              confidence: response.grade.confidence,
              grader_version: response.grade.graderVersion,
              is_pretest: response.isPretest,
              presented_at: response.presentedAt,
              answered_at: write.now,
            };
          });
          await trx.insertInto('responses').values(rows).execute();
          const reviews = write.responses.flatMap((response) =>
            response.review ? [{ id: crypto.randomUUID(), organisation_id: write.organisationId, response_id: response.id, reason: response.review.reason, priority: response.review.priority }] : [],
          );
          if (reviews.length > 0) await trx.insertInto('review_tasks').values(reviews).execute();
        }
        if (write.exposure) await this.addExposure(trx, write.exposure, write.now);
        if (write.turnKey) {
          const turn: TurnRecord = { firstSequence, lastSequence: firstSequence + write.messages.length - 1 };
          await trx.insertInto('interview_turns').values({ interview_id: write.interviewId, idempotency_key: write.turnKey, reply_sealed: this.cipher.sealJson(turn) }).execute();
        }
        return { kind: 'written', revision: write.expectedRevision + 1, messages, priorSequence: firstSequence - 1 } as const;
      });
    } catch (error) {
      // Two instances racing on the same key (a unique violation), or a deadlock or serialization
      // failure Postgres resolved by aborting this transaction: report a conflict, so the caller re-reads and retries.
      if (RETRYABLE_SQLSTATES.has((error as { code?: string }).code ?? '')) return { kind: 'conflict' };
      throw error;
    }
  }

  /**
   * Adds a completed interview's exposure. Interviews completing at the same moment share these
   * counters, so the rows are locked first, in item-id order (`for update`): every transaction
   * takes them in the same order and none can deadlock. Prices move by deltas, so both count.
   */
  private async addExposure(trx: Kysely<Database>, exposure: NonNullable<TurnWrite['exposure']>, now: Date): Promise<void> {
    const ids = [...new Set([...exposure.eligible, ...exposure.administered, ...exposure.priceDeltas.keys()])].sort();
    if (ids.length === 0) return;
    await trx.insertInto('item_exposure').values(ids.map((item_id) => ({ item_id }))).onConflict((oc) => oc.column('item_id').doNothing()).execute();
    await trx.selectFrom('item_exposure').select('item_id').where('item_id', 'in', ids).orderBy('item_id').forUpdate().execute();
    if (exposure.eligible.length > 0) await trx.updateTable('item_exposure').set((eb) => ({ eligible: eb('eligible', '+', 1), updated_at: now })).where('item_id', 'in', exposure.eligible).execute();
    if (exposure.administered.length > 0) await trx.updateTable('item_exposure').set((eb) => ({ administered: eb('administered', '+', 1), updated_at: now })).where('item_id', 'in', exposure.administered).execute();
    for (const [itemId, delta] of [...exposure.priceDeltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      await trx.updateTable('item_exposure').set({ price: sql`greatest(0, price + ${delta})` }).where('item_id', '=', itemId).execute();
    }
    await trx.updateTable('exposure_totals').set((eb) => ({ interviews: eb('interviews', '+', 1) })).where('id', '=', 1).execute();
  }

  async listMessages(interviewId: string, range: { after?: number; upTo?: number } = {}): Promise<StoredMessage[]> {
    let query = this.db.selectFrom('messages').selectAll().where('interview_id', '=', interviewId).where('sequence', '>', range.after ?? 0);
    if (range.upTo !== undefined) query = query.where('sequence', '<=', range.upTo);
    const rows = await query.orderBy('sequence').execute();
    return rows.map((row) => ({
      sequence: row.sequence,
      role: row.role,
      text: row.role === 'candidate' ? this.cipher.open(row.text_sealed) : row.text_sealed,
      meta: row.meta as Record<string, unknown>,
      at: row.created_at,
    }));
  }

  async listResponses(interviewId: string): Promise<StoredResponse[]> {
    const rows = await this.db.selectFrom('responses').selectAll().where('interview_id', '=', interviewId).orderBy('sequence').execute();
    return rows.map((row) => ({
      id: row.id,
      itemId: row.item_id,
      itemVersion: row.item_version,
      sequence: row.sequence,
      answer: this.cipher.openJson<Answer>(row.answer_sealed),
      grade: this.cipher.openJson<Grade>(row.grade_sealed),
      isPretest: row.is_pretest,
      presentedAt: row.presented_at,
      answeredAt: row.answered_at,
    }));
  }

  async addIntegrityEvents(interviewId: string, events: readonly { kind: string; itemId?: string | undefined; at: string; data?: Record<string, unknown> | undefined }[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('integrity_events')
      .values(events.map((e) => ({ id: crypto.randomUUID(), interview_id: interviewId, kind: e.kind, item_id: e.itemId ?? null, data: JSON.stringify(e.data ?? {}), occurred_at: e.at })))
      .execute();
  }

  async listIntegrityEvents(interviewId: string): Promise<{ kind: string; itemId: string | null; at: Date; data: Record<string, unknown> }[]> {
    const rows = await this.db.selectFrom('integrity_events').selectAll().where('interview_id', '=', interviewId).orderBy('occurred_at').execute();
    return rows.map((row) => ({ kind: row.kind, itemId: row.item_id, at: row.occurred_at, data: row.data as Record<string, unknown> }));
  }

  async countOpenReviews(interviewId: string): Promise<number> {
    const row = await this.db
      .selectFrom('review_tasks')
      .innerJoin('responses', 'responses.id', 'review_tasks.response_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('responses.interview_id', '=', interviewId)
      .where('review_tasks.status', '=', 'open')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async setAccommodationRequest(interviewId: string, text: string): Promise<void> {
    await this.db.updateTable('interviews').set({ accommodation_request_sealed: this.cipher.seal(text) }).where('id', '=', interviewId).execute();
  }

  /** Exposure counts and shadow prices per item across completed interviews (for exposure control). */
  async exposureCounts(): Promise<{ interviews: number; items: Map<string, { eligible: number; administered: number; price: number }> }> {
    const [totals, rows] = await Promise.all([
      this.db.selectFrom('exposure_totals').select('interviews').where('id', '=', 1).executeTakeFirst(),
      this.db.selectFrom('item_exposure').select(['item_id', 'eligible', 'administered', 'price']).execute(),
    ]);
    return { interviews: totals?.interviews ?? 0, items: new Map(rows.map((row) => [row.item_id, { eligible: row.eligible, administered: row.administered, price: row.price }])) };
  }

  private toRecord(row: InterviewRow): InterviewRecord {
    return {
      id: row.id,
      organisationId: row.organisation_id,
      profileId: row.profile_id,
      candidateId: row.candidate_id,
      state: row.state,
      inviteExpiresAt: row.invite_expires_at,
      seed: Number(row.seed),
      session: this.cipher.openJson<Session>(row.session_sealed),
      revision: row.revision,
      timeFactor: row.time_factor,
      summary: row.summary,
      feedbackRating: row.feedback_rating,
      createdAt: row.created_at,
      startedAt: row.started_at,
      completedAt: row.completed_at,
    };
  }
}
