/**
 * A reviewer's decision on a machine grade: confirm it, or override the score with a reason. The
 * override becomes the grade of record, the machine grade is kept beside it, and every decision
 * yields an audit entry. Confirmed answers can then lend their evidence to the item as exemplars.
 */
import type { ConceptItem } from '../../bank/item.js';
import type { Grade } from '../grade.js';

export type ReviewDecision =
  | { readonly kind: 'confirm'; readonly reviewerId: string; readonly note?: string }
  | { readonly kind: 'override'; readonly reviewerId: string; readonly score: number; readonly reason: string };

export interface ReviewedGrade {
  readonly machineGrade: Grade;
  readonly gradeOfRecord: Grade;
  readonly decision: ReviewDecision;
}

export interface ReviewAuditEntry {
  readonly at: string;
  readonly answerId: string;
  readonly reviewerId: string;
  readonly action: 'confirm' | 'override';
  readonly machineScore: number;
  readonly finalScore: number;
  readonly reason: string;
  readonly graderVersion: string;
}

export type ApplyReviewOutcome =
  | { readonly kind: 'applied'; readonly reviewed: ReviewedGrade; readonly audit: ReviewAuditEntry }
  | { readonly kind: 'rejected'; readonly reason: 'missing-reason' | 'score-out-of-range' };

/** Applies a decision at `now` (passed in, never read from a clock). */
export function applyReviewDecision(answerId: string, machineGrade: Grade, decision: ReviewDecision, now: Date): ApplyReviewOutcome {
  if (decision.kind === 'override') {
    if (decision.reason.trim() === '') return { kind: 'rejected', reason: 'missing-reason' };
    if (!Number.isInteger(decision.score) || decision.score < 0 || decision.score > machineGrade.maxScore) return { kind: 'rejected', reason: 'score-out-of-range' };
  }
  const finalScore = decision.kind === 'override' ? decision.score : machineGrade.score;
  const gradeOfRecord: Grade = decision.kind === 'override' ? { ...machineGrade, score: finalScore, confidence: 1, graderVersion: `human-review@1.0.0` } : { ...machineGrade, confidence: 1 };
  return {
    kind: 'applied',
    reviewed: { machineGrade, gradeOfRecord, decision },
    audit: {
      at: now.toISOString(),
      answerId,
      reviewerId: decision.reviewerId,
      action: decision.kind,
      machineScore: machineGrade.score,
      finalScore,
      reason: decision.kind === 'override' ? decision.reason : (decision.note ?? ''),
      graderVersion: machineGrade.graderVersion,
    },
  };
}

/**
 * Adds the evidence quotes of human-confirmed grades to their key points' example phrasings
 * (deduplicated, at most `limit` new ones per point), so the item's rubric learns how candidates
 * actually say things.
 */
export function addConfirmedExemplars(item: ConceptItem, confirmed: readonly Grade[], limit = 5): ConceptItem {
  const keyPoints = item.keyPoints.map((point) => {
    const known = new Set(point.examples.map((e) => e.toLowerCase()));
    const added: string[] = [];
    for (const grade of confirmed) {
      for (const e of grade.evidence) {
        if (e.kind !== 'rubric-hit' || e.pointId !== point.id || added.length >= limit) continue;
        const quote = e.quote.trim();
        if (quote.split(/\s+/).length < 3 || known.has(quote.toLowerCase())) continue;
        known.add(quote.toLowerCase());
        added.push(quote);
      }
    }
    return added.length > 0 ? { ...point, examples: [...point.examples, ...added] } : point;
  });
  return { ...item, keyPoints };
}
