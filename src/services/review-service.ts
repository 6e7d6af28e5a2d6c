import type { Item } from '../domain/bank/item.js';
import { applyReviewDecision, type ReviewDecision } from '../domain/grading/review/apply-review-decision.js';
import { orderReviewQueue, REVIEW_STRATEGIES, type ReviewStrategy } from '../domain/grading/review/order-review-queue.js';
import { buildCandidateReport, type EvidenceLine } from '../domain/report/index.js';
import type { ItemRepository } from '../store/repositories/item-repository.js';
import type { ReviewRepository, ReviewTask, StoredReviewDecision } from '../store/repositories/review-repository.js';
import { AppError, conflict, invalidInput, notFound } from './errors.js';

/** One entry of the queue: the answer and its evidence, never who the candidate is. */
export interface ReviewQueueEntry {
  readonly id: string;
  readonly interviewId: string;
  readonly itemId: string;
  readonly area: string;
  readonly kind: string;
  readonly prompt: string;
  readonly explanation: string;
  readonly reason: string;
  readonly priority: number;
  readonly createdAt: string;
  readonly answerText: string;
  readonly followUps: readonly { probe: string; answer: string }[];
  readonly machine: { readonly score: number; readonly maxScore: number; readonly confidence: number; readonly flags: readonly string[] };
  readonly evidence: readonly EvidenceLine[];
  readonly feedback: string;
  readonly status: 'open' | 'done';
  readonly decision: StoredReviewDecision | null;
}

/** The caller: who decides, for the audit trail. */
export interface Reviewer {
  readonly kind: 'user' | 'api-key';
  readonly id: string;
  readonly organisationId: string;
}

/** Where decisions are audited (the security engineer's AuditService fits). */
export interface ReviewAuditSink {
  record(event: { organisationId: string | null; actor: string; action: 'review.override'; subject?: string; data?: Record<string, unknown> }): Promise<unknown>;
}

/** What a decision announces to other systems (webhooks `review.completed`). */
export interface ReviewedEvent {
  readonly organisationId: string;
  readonly interviewId: string;
  readonly responseId: string;
}

export interface ReviewServiceDeps {
  readonly reviews: ReviewRepository;
  readonly items: ItemRepository;
  readonly audit?: ReviewAuditSink | undefined;
  readonly now?: () => Date;
  /** Called after a decision is stored; a failure is not the reviewer's problem (logged by the caller's jobs layer). */
  readonly onReviewed?: (event: ReviewedEvent) => Promise<void>;
}

/**
 * The human review queue: answers the graders were unsure of, ordered by the organisation's
 * strategy (`hybrid` unless `settings.reviewStrategy` says otherwise). A decision confirms the
 * machine grade or overrides it with a reason: the override becomes the grade of record, the
 * machine grade stays on the response, and overrides are written to the audit log.
 */
export class ReviewService {
  private readonly now: () => Date;

  constructor(private readonly deps: ReviewServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async queue(organisationId: string, filter: { status?: 'open' | 'done' | undefined; profileId?: string | undefined; limit?: number | undefined } = {}): Promise<{ strategy: ReviewStrategy; entries: ReviewQueueEntry[] }> {
    const status = filter.status ?? 'open';
    const tasks = await this.deps.reviews.list(organisationId, { status, limit: filter.limit ?? 200, profileId: filter.profileId });
    const configured = await this.deps.reviews.strategyFor(organisationId);
    const strategy: ReviewStrategy = REVIEW_STRATEGIES.includes(configured as ReviewStrategy) ? (configured as ReviewStrategy) : 'hybrid';
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const ordered = status === 'open' ? orderReviewQueue(tasks.map((t) => ({ id: t.id, itemId: t.itemId, grade: t.grade })), strategy).map((e) => byId.get(e.id) as ReviewTask) : tasks;
    const items = await this.items(ordered.map((t) => t.itemId));
    return { strategy, entries: ordered.map((t) => toEntry(t, items.get(t.itemId))) };
  }

  async get(organisationId: string, id: string): Promise<ReviewQueueEntry> {
    const task = await this.deps.reviews.find(organisationId, id);
    if (!task) throw notFound('review task', id);
    return toEntry(task, (await this.items([task.itemId])).get(task.itemId));
  }

  /** Confirms or overrides one open task; deciding a task twice is a `conflict`. */
  async decide(reviewer: Reviewer, id: string, input: { decision: 'confirm' | 'override'; score?: number | undefined; reason?: string | undefined }): Promise<ReviewQueueEntry> {
    const task = await this.deps.reviews.find(reviewer.organisationId, id);
    if (!task) throw notFound('review task', id);
    if (task.status !== 'open') throw conflict('This answer has already been reviewed.', { decision: task.decision });
    const actor = `${reviewer.kind}:${reviewer.id}`;
    const decision: ReviewDecision =
      input.decision === 'override'
        ? { kind: 'override', reviewerId: actor, score: input.score ?? Number.NaN, reason: input.reason ?? '' }
        : { kind: 'confirm', reviewerId: actor, ...(input.reason ? { note: input.reason } : {}) };
    const now = this.now();
    const outcome = applyReviewDecision(task.responseId, task.grade, decision, now);
    if (outcome.kind === 'rejected') {
      throw invalidInput(outcome.reason === 'missing-reason' ? 'An override needs a reason.' : `The score must be a whole number from 0 to ${task.grade.maxScore}.`, { reason: outcome.reason });
    }
    const stored: StoredReviewDecision = {
      kind: outcome.audit.action,
      score: outcome.audit.finalScore,
      machineScore: outcome.audit.machineScore,
      reason: outcome.audit.reason,
      reviewer: actor,
      decidedAt: outcome.audit.at,
    };
    const decided = await this.deps.reviews.decide(reviewer.organisationId, id, stored, reviewer.kind === 'user' ? reviewer.id : null, now);
    if (!decided) throw conflict('This answer has already been reviewed.');
    if (stored.kind === 'override' && this.deps.audit) {
      await this.deps.audit.record({
        organisationId: reviewer.organisationId,
        actor,
        action: 'review.override',
        subject: `response:${task.responseId}`,
        data: { taskId: id, interviewId: task.interviewId, itemId: task.itemId, machineScore: stored.machineScore, finalScore: stored.score, graderVersion: outcome.audit.graderVersion },
      });
    }
    await this.deps.onReviewed?.({ organisationId: reviewer.organisationId, interviewId: task.interviewId, responseId: task.responseId }).catch(() => undefined);
    const after = await this.deps.reviews.find(reviewer.organisationId, id);
    if (!after) throw new AppError('not-found', 'review task vanished');
    return toEntry(after, (await this.items([after.itemId])).get(after.itemId));
  }

  private async items(ids: readonly string[]): Promise<Map<string, Item>> {
    const out = new Map<string, Item>();
    for (const id of new Set(ids)) {
      const stored = await this.deps.items.findCurrent(id);
      if (stored) out.set(id, stored.item);
    }
    return out;
  }
}

function toEntry(task: ReviewTask, item: Item | undefined): ReviewQueueEntry {
  // Reuse the report's wording for the answer and its evidence, on a one-answer report.
  const report = buildCandidateReport({
    interview: { id: task.interviewId, state: 'completed', createdAt: task.createdAt, startedAt: null, completedAt: null, timeFactor: 1 },
    profile: { id: task.profileId, name: '', role: '', level: 3 },
    pseudonym: '',
    summary: null,
    responses: [{ id: task.responseId, itemId: task.itemId, sequence: 1, answer: task.answer, grade: task.grade, isPretest: false, presentedAt: null, answeredAt: task.createdAt }],
    items: item ? new Map([[item.id, item]]) : new Map(),
    messages: [],
    integrity: [],
    generatedAt: task.createdAt,
  });
  const answer = report.answers[0];
  return {
    id: task.id,
    interviewId: task.interviewId,
    itemId: task.itemId,
    area: answer?.areaTitle ?? '',
    kind: answer?.kind ?? '',
    prompt: answer?.prompt ?? task.itemId,
    explanation: answer?.explanation ?? '',
    reason: task.reason,
    priority: task.priority,
    createdAt: task.createdAt.toISOString(),
    answerText: answer?.answerText ?? '',
    followUps: answer?.followUps ?? [],
    machine: { score: task.grade.score, maxScore: task.grade.maxScore, confidence: task.grade.confidence, flags: task.grade.flags },
    evidence: answer?.evidence ?? [],
    feedback: task.grade.feedback,
    status: task.status,
    decision: task.decision,
  };
}
