/**
 * Blends the offline and LLM grades of one answer into the grade of record. Each grade weighs by
 * its confidence (the LLM's a little more: it reads paraphrase better); when they disagree by
 * more than one point the confidence drops and `grader-disagreement` sends the answer to review.
 */
import type { Evidence, Grade, GradeFlag } from '../domain/grading/grade.js';

export const CONCEPT_COMBINED_GRADER_VERSION = 'concept-combined@1.0.0';

const LLM_WEIGHT = 0.6;
const OFFLINE_WEIGHT = 0.4;

/** Combines an offline grade with an LLM grade of the same answer. */
export function gradeCombined(offline: Grade, llm: Grade): Grade {
  if (llm.flags.includes('llm-fallback')) {
    return { ...offline, flags: [...new Set<GradeFlag>([...offline.flags, 'llm-fallback'])], graderVersion: CONCEPT_COMBINED_GRADER_VERSION };
  }
  const wOffline = OFFLINE_WEIGHT * Math.max(offline.confidence, 0.05);
  const wLlm = LLM_WEIGHT * Math.max(llm.confidence, 0.05);
  const blended = (offline.score * wOffline + llm.score * wLlm) / (wOffline + wLlm);
  const score = Math.min(4, Math.max(0, Math.round(blended)));
  const gap = Math.abs(offline.score - llm.score);
  const flags = new Set<GradeFlag>([...offline.flags, ...llm.flags]);
  // Offline structural flags hold only when the LLM did not find real content.
  if (llm.score >= 2) for (const f of ['off-topic', 'too-short'] as const) flags.delete(f);
  let confidence = (offline.confidence * wOffline + llm.confidence * wLlm) / (wOffline + wLlm);
  if (gap > 1) {
    flags.add('grader-disagreement');
    confidence *= 0.5;
  } else if (gap === 0) {
    confidence = Math.min(1, confidence + 0.1);
  }
  const hitIds = new Set(llm.evidence.flatMap((e) => (e.kind === 'rubric-hit' ? [e.pointId] : [])));
  const evidence: Evidence[] = [
    ...llm.evidence.filter((e) => e.kind !== 'misconception'),
    ...offline.evidence.filter((e) => e.kind === 'rubric-hit' && !hitIds.has(e.pointId)),
    ...llm.evidence.filter((e) => e.kind === 'misconception'),
    ...offline.evidence.filter((e) => e.kind === 'misconception' && !llm.evidence.some((l) => l.kind === 'misconception' && l.misconceptionId === e.misconceptionId)),
  ];
  // A point either of the graders credited is not also a miss.
  const credited = new Set(evidence.flatMap((e) => (e.kind === 'rubric-hit' ? [e.pointId] : [])));
  return {
    score,
    maxScore: 4,
    confidence: Math.round(confidence * 1000) / 1000,
    graderVersion: CONCEPT_COMBINED_GRADER_VERSION,
    flags: [...flags],
    evidence: evidence.filter((e) => e.kind !== 'rubric-miss' || !credited.has(e.pointId)),
    feedback: llm.feedback,
  };
}
