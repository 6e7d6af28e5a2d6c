import type { Kysely } from 'kysely';
import type { IrtParams } from '../../domain/bank/item.js';
import type { Answer } from '../../domain/grading/grade.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Database, InterviewState } from '../schema.js';

export interface InterviewFactRow {
  readonly id: string;
  readonly profileId: string;
  readonly candidateId: string | null;
  readonly state: InterviewState;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly currentItemId: string | null;
  readonly itemsAsked: number;
  readonly summary: unknown;
}

export interface ResponseFactRow {
  readonly interviewId: string;
  readonly itemId: string;
  readonly itemVersion: string;
  readonly score: number;
  readonly maxScore: number;
  readonly confidence: number;
  readonly isPretest: boolean;
  readonly presentedAt: Date | null;
  readonly answeredAt: Date;
}

/**
 * Read models for analytics: the clear columns (states, timings, scores) of an organisation's
 * interviews and responses. Sealed content is opened only where a statistic needs it (the options
 * chosen on choice items, volunteered demographics).
 */
export class AnalyticsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  async interviewFacts(organisationId: string, profileId?: string): Promise<InterviewFactRow[]> {
    let query = this.db
      .selectFrom('interviews')
      .select(['id', 'profile_id', 'candidate_id', 'state', 'created_at', 'started_at', 'completed_at', 'current_item_id', 'items_asked', 'summary'])
      .where('organisation_id', '=', organisationId);
    if (profileId) query = query.where('profile_id', '=', profileId);
    const rows = await query.orderBy('created_at').execute();
    return rows.map((r) => ({
      id: r.id,
      profileId: r.profile_id,
      candidateId: r.candidate_id,
      state: r.state,
      createdAt: r.created_at,
      startedAt: r.started_at,
      completedAt: r.completed_at,
      currentItemId: r.current_item_id,
      itemsAsked: r.items_asked,
      summary: r.summary,
    }));
  }

  /** One interview's clear columns (no sealed session): what a report needs, cheaply. */
  async interviewHeader(id: string, organisationId: string): Promise<(InterviewFactRow & { organisationId: string; timeFactor: number }) | undefined> {
    const r = await this.db
      .selectFrom('interviews')
      .select(['id', 'organisation_id', 'profile_id', 'candidate_id', 'state', 'created_at', 'started_at', 'completed_at', 'current_item_id', 'items_asked', 'summary', 'time_factor'])
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return r
      ? { id: r.id, organisationId: r.organisation_id, profileId: r.profile_id, candidateId: r.candidate_id, state: r.state, createdAt: r.created_at, startedAt: r.started_at, completedAt: r.completed_at, currentItemId: r.current_item_id, itemsAsked: r.items_asked, summary: r.summary, timeFactor: r.time_factor }
      : undefined;
  }

  async responseFacts(organisationId: string, profileId?: string): Promise<ResponseFactRow[]> {
    let query = this.db
      .selectFrom('responses')
      .innerJoin('interviews', 'interviews.id', 'responses.interview_id')
      .select(['responses.interview_id', 'responses.item_id', 'responses.item_version', 'responses.score', 'responses.max_score', 'responses.confidence', 'responses.is_pretest', 'responses.presented_at', 'responses.answered_at'])
      .where('interviews.organisation_id', '=', organisationId);
    if (profileId) query = query.where('interviews.profile_id', '=', profileId);
    const rows = await query.orderBy('responses.interview_id').orderBy('responses.sequence').execute();
    return rows.map((r) => ({
      interviewId: r.interview_id,
      itemId: r.item_id,
      itemVersion: r.item_version,
      score: r.score,
      maxScore: r.max_score,
      confidence: r.confidence,
      isPretest: r.is_pretest,
      presentedAt: r.presented_at,
      answeredAt: r.answered_at,
    }));
  }

  /** The options each interview chose on one choice item. */
  async choiceSelections(organisationId: string, itemId: string, profileId?: string): Promise<{ interviewId: string; selected: string[] }[]> {
    let query = this.db
      .selectFrom('responses')
      .innerJoin('interviews', 'interviews.id', 'responses.interview_id')
      .select(['responses.interview_id', 'responses.answer_sealed'])
      .where('interviews.organisation_id', '=', organisationId)
      .where('responses.item_id', '=', itemId);
    if (profileId) query = query.where('interviews.profile_id', '=', profileId);
    const rows = await query.execute();
    return rows.map((r) => {
      const answer = this.cipher.openJson<Answer>(r.answer_sealed);
      return { interviewId: r.interview_id, selected: answer.kind === 'choice' ? [...answer.selected] : [] };
    });
  }

  /** Every stored version's parameters of the given items, oldest first. */
  async irtHistory(itemIds: readonly string[]): Promise<Map<string, { version: string; irt: IrtParams; isCurrent: boolean; createdAt: Date }[]>> {
    const out = new Map<string, { version: string; irt: IrtParams; isCurrent: boolean; createdAt: Date }[]>();
    if (itemIds.length === 0) return out;
    const rows = await this.db.selectFrom('items').select(['id', 'version', 'irt', 'is_current', 'created_at']).where('id', 'in', [...itemIds]).orderBy('created_at').execute();
    for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), { version: r.version, irt: r.irt as IrtParams, isCurrent: r.is_current, createdAt: r.created_at }]);
    return out;
  }

  async saveDemographics(organisationId: string, candidateId: string, data: Readonly<Record<string, string>>, now: Date): Promise<void> {
    const sealed = this.cipher.sealJson(data);
    await this.db
      .insertInto('candidate_demographics')
      .values({ candidate_id: candidateId, organisation_id: organisationId, data_sealed: sealed, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('candidate_id').doUpdateSet({ data_sealed: sealed, updated_at: now }))
      .execute();
  }

  async demographics(organisationId: string): Promise<Map<string, Record<string, string>>> {
    const rows = await this.db.selectFrom('candidate_demographics').select(['candidate_id', 'data_sealed']).where('organisation_id', '=', organisationId).execute();
    return new Map(rows.map((r) => [r.candidate_id, this.cipher.openJson<Record<string, string>>(r.data_sealed)]));
  }
}
