import type { Kysely } from 'kysely';
import type { Answer, Grade } from '../../domain/grading/grade.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { Database } from '../schema.js';

/** What a reviewer decided, as stored on the task; the machine grade stays on the response. */
export interface StoredReviewDecision {
  readonly kind: 'confirm' | 'override';
  /** The grade of record's score (the machine score when confirmed). */
  readonly score: number;
  readonly machineScore: number;
  readonly reason: string;
  /** `user:<id>` or `api-key:<id>`. */
  readonly reviewer: string;
  readonly decidedAt: string;
}

export interface ReviewTask {
  readonly id: string;
  readonly organisationId: string;
  readonly responseId: string;
  readonly interviewId: string;
  readonly profileId: string;
  readonly itemId: string;
  readonly itemVersion: string;
  readonly reason: string;
  readonly priority: number;
  readonly status: 'open' | 'done';
  readonly createdAt: Date;
  readonly decidedAt: Date | null;
  readonly decision: StoredReviewDecision | null;
  readonly grade: Grade;
  readonly answer: Answer;
}

export interface DecidedReview {
  readonly itemId: string;
  readonly machineScore: number;
  readonly finalScore: number;
  readonly maxScore: number;
  readonly decidedAt: Date;
}

/** Review tasks (opened by the interview service) and the decisions reviewers make on them. */
export class ReviewRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  private base() {
    return this.db
      .selectFrom('review_tasks')
      .innerJoin('responses', 'responses.id', 'review_tasks.response_id')
      .innerJoin('interviews', 'interviews.id', 'responses.interview_id')
      .select([
        'review_tasks.id',
        'review_tasks.organisation_id',
        'review_tasks.response_id',
        'review_tasks.reason',
        'review_tasks.priority',
        'review_tasks.status',
        'review_tasks.created_at',
        'review_tasks.decided_at',
        'review_tasks.decision',
        'responses.interview_id',
        'responses.item_id',
        'responses.item_version',
        'responses.grade_sealed',
        'responses.answer_sealed',
        'interviews.profile_id',
      ]);
  }

  async list(organisationId: string, filter: { status: 'open' | 'done'; limit: number; profileId?: string | undefined }): Promise<ReviewTask[]> {
    let query = this.base().where('review_tasks.organisation_id', '=', organisationId).where('interviews.organisation_id', '=', organisationId).where('review_tasks.status', '=', filter.status);
    if (filter.profileId) query = query.where('interviews.profile_id', '=', filter.profileId);
    const rows = await query.orderBy('review_tasks.priority', 'desc').orderBy('review_tasks.created_at').limit(filter.limit).execute();
    return rows.map((row) => this.toTask(row));
  }

  async find(organisationId: string, id: string): Promise<ReviewTask | undefined> {
    const row = await this.base().where('review_tasks.organisation_id', '=', organisationId).where('review_tasks.id', '=', id).executeTakeFirst();
    return row ? this.toTask(row) : undefined;
  }

  /** Records a decision on an open task; false when the task was already decided (a concurrent reviewer won). */
  async decide(organisationId: string, id: string, decision: StoredReviewDecision, reviewerUserId: string | null, decidedAt: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('review_tasks')
      .set((eb) => ({
        status: 'done',
        decision: JSON.stringify(decision),
        // The reviewer column references users: API keys (and unknown ids) leave it empty; the decision names them.
        reviewer_id: reviewerUserId ? eb.selectFrom('users').select('id').where('id', '=', reviewerUserId) : null,
        decided_at: decidedAt,
      }))
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The organisation's review-queue strategy (`settings.reviewStrategy`), if it set one. */
  async strategyFor(organisationId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('organisations').select('settings').where('id', '=', organisationId).executeTakeFirst();
    const value = (row?.settings as { reviewStrategy?: unknown } | undefined)?.reviewStrategy;
    return typeof value === 'string' ? value : undefined;
  }

  /** Review state of each reviewed response of an interview. */
  async forInterview(interviewId: string): Promise<Map<string, { status: 'open' | 'done'; reason: string; decision: StoredReviewDecision | null }>> {
    const rows = await this.db
      .selectFrom('review_tasks')
      .innerJoin('responses', 'responses.id', 'review_tasks.response_id')
      .select(['review_tasks.response_id', 'review_tasks.status', 'review_tasks.reason', 'review_tasks.decision'])
      .where('responses.interview_id', '=', interviewId)
      .execute();
    return new Map(rows.map((r) => [r.response_id, { status: r.status, reason: r.reason, decision: (r.decision as StoredReviewDecision | null) ?? null }]));
  }

  /** Decided reviews with the machine and final scores (for grader-agreement analytics). */
  async decided(organisationId: string, profileId?: string): Promise<DecidedReview[]> {
    let query = this.db
      .selectFrom('review_tasks')
      .innerJoin('responses', 'responses.id', 'review_tasks.response_id')
      .innerJoin('interviews', 'interviews.id', 'responses.interview_id')
      .select(['responses.item_id', 'responses.score', 'responses.max_score', 'review_tasks.decision', 'review_tasks.decided_at'])
      .where('review_tasks.organisation_id', '=', organisationId)
      .where('review_tasks.status', '=', 'done');
    if (profileId) query = query.where('interviews.profile_id', '=', profileId);
    const rows = await query.execute();
    return rows.flatMap((r) => {
      const decision = r.decision as StoredReviewDecision | null;
      if (!decision || !r.decided_at) return [];
      return [{ itemId: r.item_id, machineScore: r.score, finalScore: decision.score, maxScore: r.max_score, decidedAt: r.decided_at }];
    });
  }

  /** Review tasks per item (open and done), to report the share routed to review. */
  async routedCounts(organisationId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('review_tasks')
      .innerJoin('responses', 'responses.id', 'review_tasks.response_id')
      .select(['responses.item_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('review_tasks.organisation_id', '=', organisationId)
      .groupBy('responses.item_id')
      .execute();
    return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
  }

  private toTask(row: {
    id: string; organisation_id: string; response_id: string; reason: string; priority: number; status: 'open' | 'done'; created_at: Date; decided_at: Date | null; decision: unknown;
    interview_id: string; item_id: string; item_version: string; grade_sealed: string; answer_sealed: string; profile_id: string;
  }): ReviewTask {
    return {
      id: row.id,
      organisationId: row.organisation_id,
      responseId: row.response_id,
      interviewId: row.interview_id,
      profileId: row.profile_id,
      itemId: row.item_id,
      itemVersion: row.item_version,
      reason: row.reason,
      priority: row.priority,
      status: row.status,
      createdAt: row.created_at,
      decidedAt: row.decided_at,
      decision: (row.decision as StoredReviewDecision | null) ?? null,
      grade: this.cipher.openJson<Grade>(row.grade_sealed),
      answer: this.cipher.openJson<Answer>(row.answer_sealed),
    };
  }
}
