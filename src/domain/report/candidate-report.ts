/**
 * The candidate report: everything a recruiter needs to defend a decision, built from what the
 * interview stored. Pure: the caller loads the interview, its responses (with any human review),
 * the items and the profile, and passes `generatedAt`.
 */
import type { Item } from '../bank/item.js';
import type { Answer, Evidence, Grade } from '../grading/grade.js';
import { skillTitle } from './skill-titles.js';

/** The summary the interview service stores on completion (kept structurally, not imported). */
export interface ReportSummaryInput {
  readonly theta: number;
  readonly se: number;
  readonly score: number;
  readonly band: readonly [number, number];
  readonly level: number;
  readonly label: string;
  readonly skills: Readonly<Record<string, { theta: number; se: number; n: number; score: number; band: readonly [number, number] }>>;
  readonly itemsScored: number;
  readonly stopReason: string;
}

export interface ReviewInput {
  readonly status: 'open' | 'done';
  readonly reason: string;
  readonly decision?: { readonly kind: 'confirm' | 'override'; readonly score: number; readonly reason: string; readonly reviewer: string; readonly decidedAt: string } | undefined;
}

export interface ReportInput {
  readonly interview: {
    readonly id: string;
    readonly state: string;
    readonly createdAt: Date;
    readonly startedAt: Date | null;
    readonly completedAt: Date | null;
    readonly timeFactor: number;
  };
  readonly profile: { readonly id: string; readonly name: string; readonly role: string; readonly level: number; readonly passScore?: number | undefined };
  /** Omitted for shared links and for roles that may not see contact details. */
  readonly candidate?: { readonly id: string; readonly name: string; readonly email: string } | undefined;
  /** A stable pseudonym used whenever the candidate's name is not shown. */
  readonly pseudonym: string;
  readonly summary: ReportSummaryInput | null;
  readonly responses: readonly {
    readonly id: string;
    readonly itemId: string;
    readonly sequence: number;
    readonly answer: Answer;
    readonly grade: Grade;
    readonly isPretest: boolean;
    readonly presentedAt: Date | null;
    readonly answeredAt: Date;
    readonly review?: ReviewInput | undefined;
  }[];
  readonly items: ReadonlyMap<string, Item>;
  readonly messages: readonly { readonly sequence: number; readonly role: string; readonly text: string; readonly meta: Readonly<Record<string, unknown>>; readonly at: Date }[];
  readonly integrity: readonly { readonly kind: string; readonly itemId: string | null; readonly at: Date; readonly data: Readonly<Record<string, unknown>> }[];
  readonly generatedAt: Date;
}

export interface EvidenceLine {
  readonly kind: Evidence['kind'];
  readonly ok: boolean;
  readonly text: string;
}

export type ReviewStatus = 'not-needed' | 'pending' | 'confirmed' | 'overridden';

export interface ReportAnswer {
  readonly responseId: string;
  readonly sequence: number;
  readonly itemId: string;
  readonly area: string;
  readonly areaTitle: string;
  readonly kind: string;
  readonly prompt: string;
  readonly explanation: string;
  /** What the candidate answered, as text (the formula they wrote, the options they chose, …). */
  readonly answerText: string;
  readonly followUps: readonly { probe: string; answer: string }[];
  readonly machine: { readonly score: number; readonly maxScore: number; readonly confidence: number; readonly flags: readonly string[]; readonly graderVersion: string };
  readonly human?: { readonly score: number; readonly reason: string; readonly reviewer: string; readonly decidedAt: string };
  /** The grade of record: the human override when there is one, else the machine grade. */
  readonly score: number;
  readonly maxScore: number;
  readonly reviewStatus: ReviewStatus;
  readonly evidence: readonly EvidenceLine[];
  readonly feedback: string;
  readonly isPretest: boolean;
  readonly timeSpentSec: number | null;
}

export interface ReportSkill {
  readonly area: string;
  readonly title: string;
  readonly score: number;
  readonly band: readonly [number, number];
  readonly se: number;
  readonly items: number;
  readonly verdict: 'strength' | 'gap' | 'neutral';
}

export interface CandidateReport {
  readonly interviewId: string;
  readonly pseudonym: string;
  readonly candidate?: { readonly name: string; readonly email: string };
  readonly profile: { readonly id: string; readonly name: string; readonly role: string; readonly level: number; readonly passScore: number | null };
  readonly state: string;
  readonly invitedAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly durationMin: number | null;
  readonly timeFactor: number;
  readonly overall: {
    readonly score: number;
    readonly band: readonly [number, number];
    readonly level: number;
    readonly label: string;
    readonly theta: number;
    readonly se: number;
    readonly passed: boolean | null;
    readonly itemsScored: number;
    readonly stopReason: string;
  } | null;
  readonly skills: readonly ReportSkill[];
  readonly strengths: readonly string[];
  readonly gaps: readonly string[];
  readonly answers: readonly ReportAnswer[];
  readonly integrity: readonly { readonly kind: string; readonly itemId: string | null; readonly at: string; readonly description: string }[];
  readonly transcript: readonly { readonly sequence: number; readonly role: string; readonly text: string; readonly at: string }[];
  readonly review: { readonly pending: number; readonly confirmed: number; readonly overridden: number };
  readonly generatedAt: string;
}

const INTEGRITY_TEXT: Record<string, string> = {
  paste: 'pasted text into an answer',
  'focus-lost': 'switched to another window',
  'tab-hidden': 'left the interview tab',
  'fast-answer': 'answered much faster than expected',
  'length-jump': 'an answer grew by a large block at once',
};

function describeIntegrity(kind: string, data: Readonly<Record<string, unknown>>): string {
  const base = INTEGRITY_TEXT[kind] ?? `triggered the signal "${kind}"`;
  const chars = typeof data.chars === 'number' ? ` (${data.chars} characters)` : typeof data.length === 'number' ? ` (${data.length} characters)` : '';
  const secs = typeof data.durationMs === 'number' ? ` for ${Math.round(data.durationMs / 1000)} s` : '';
  return kind === 'length-jump' ? `${base[0]?.toUpperCase()}${base.slice(1)}${chars}.` : `The candidate ${base}${chars}${secs}.`;
}

function answerText(item: Item | undefined, answer: Answer): string {
  switch (answer.kind) {
    case 'choice': {
      if (!item || item.kind !== 'choice') return answer.selected.join(', ');
      return answer.selected.map((id) => `${id}) ${item.options.find((o) => o.id === id)?.text ?? ''}`.trim()).join('; ') || 'No option selected';
    }
    case 'formula':
      return answer.formula;
    case 'concept':
      return answer.text;
    case 'workbook':
      return `Uploaded workbook ${answer.fileName}`;
    case 'skip':
      return answer.reason === 'timeout' ? 'No answer: time ran out' : answer.reason === 'dont-know' ? "No answer: said they don't know" : 'No answer: skipped';
    default:
      return '';
  }
}

function evidenceLines(item: Item | undefined, grade: Grade): EvidenceLine[] {
  const point = (id: string) => (item?.kind === 'concept' ? (item.keyPoints.find((p) => p.id === id)?.text ?? id) : id);
  const misconception = (id: string) => (item?.kind === 'concept' ? item.misconceptions.find((m) => m.id === id)?.text ?? id : id);
  return grade.evidence.map((e): EvidenceLine => {
    switch (e.kind) {
      case 'choice':
        return { kind: e.kind, ok: e.selected.length === e.correct.length && e.selected.every((s) => e.correct.includes(s)), text: `Chose ${e.selected.join(', ') || 'nothing'}; the key is ${e.correct.join(', ')}.` };
      case 'rubric-hit':
        return { kind: e.kind, ok: true, text: `Made the point "${point(e.pointId)}": “${e.quote}”` };
      case 'rubric-miss':
        return { kind: e.kind, ok: false, text: `Did not make the point "${point(e.pointId)}".` };
      case 'misconception':
        return { kind: e.kind, ok: false, text: `Showed the misconception "${misconception(e.misconceptionId)}": “${e.quote}”` };
      case 'test':
        return { kind: e.kind, ok: e.passed, text: `${e.hidden ? 'Hidden test' : 'Visible test'} "${e.description || e.name}": ${e.passed ? 'passed' : 'failed'}${e.detail ? ` (${e.detail})` : ''}.` };
      case 'constraint':
        return { kind: e.kind, ok: e.passed, text: `Constraint ${e.name}: ${e.passed ? 'met' : 'not met'}${e.detail ? ` (${e.detail})` : ''}.` };
      case 'check':
        return { kind: e.kind, ok: e.passed, text: `Check ${e.name}: ${e.passed ? 'passed' : 'failed'}${e.detail ? ` (${e.detail})` : ''}.` };
      default:
        return { kind: (e as Evidence).kind, ok: false, text: '' };
    }
  });
}

function reviewStatusOf(review: ReviewInput | undefined): ReviewStatus {
  if (!review) return 'not-needed';
  if (review.status === 'open' || !review.decision) return 'pending';
  return review.decision.kind === 'override' ? 'overridden' : 'confirmed';
}

/**
 * Strengths and gaps in plain language. A skill is a strength when its score is at least 65 or
 * its whole band sits above the overall score; a gap when it is under 45 or its whole band sits
 * below. Skills measured by a single item are called out as tentative.
 */
function verdicts(skills: readonly ReportSkill[], overall: number | null): { strengths: string[]; gaps: string[] } {
  const strengths: string[] = [];
  const gaps: string[] = [];
  for (const s of skills) {
    const tentative = s.items < 2 ? ' (one question only, so treat this as tentative)' : '';
    const range = `${s.score} out of 100, likely between ${s.band[0]} and ${s.band[1]}`;
    if (s.verdict === 'strength') strengths.push(`${s.title}: solid, scoring ${range}${tentative}.`);
    if (s.verdict === 'gap') gaps.push(`${s.title}: needs work, scoring ${range}${tentative}.`);
  }
  if (overall !== null && strengths.length === 0 && skills.length > 0) strengths.push('No skill stood clearly above the others.');
  if (overall !== null && gaps.length === 0 && skills.length > 0) gaps.push('No skill stood clearly below the others.');
  return { strengths, gaps };
}

/** Bank prompts are short Markdown; reports show them as plain text. */
export function plainText(markdown: string): string {
  return markdown.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1').replace(/(^|\s)_(.+?)_(?=\s|$|[.,;:])/g, '$1$2');
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function buildCandidateReport(input: ReportInput): CandidateReport {
  const summary = input.summary;
  const overallScore = summary?.score ?? null;
  const skills: ReportSkill[] = Object.entries(summary?.skills ?? {})
    .map(([area, s]) => {
      const verdict: ReportSkill['verdict'] =
        overallScore === null ? 'neutral'
        : s.score >= 65 || s.band[0] > overallScore ? 'strength'
        : s.score < 45 || s.band[1] < overallScore ? 'gap'
        : 'neutral';
      return { area, title: skillTitle(area), score: s.score, band: s.band, se: s.se, items: s.n, verdict };
    })
    .sort((a, b) => b.score - a.score || (a.area < b.area ? -1 : 1));

  // Follow-up probes are the interviewer messages tagged with the point they probe.
  const answers: ReportAnswer[] = input.responses.map((r) => {
    const item = input.items.get(r.itemId);
    const review = r.review;
    const status = reviewStatusOf(review);
    const human = review?.decision && review.decision.kind === 'override' ? { score: review.decision.score, reason: review.decision.reason, reviewer: review.decision.reviewer, decidedAt: review.decision.decidedAt } : undefined;
    const followUps =
      r.answer.kind === 'concept' && r.answer.followUps
        ? r.answer.followUps.map((f) => {
            const probe = item?.kind === 'concept' ? item.keyPoints.find((p) => p.id === f.pointId)?.probe : undefined;
            return { probe: probe ?? `Follow-up on ${f.pointId}`, answer: f.text };
          })
        : [];
    return {
      responseId: r.id,
      sequence: r.sequence,
      itemId: r.itemId,
      area: item?.area ?? '',
      areaTitle: skillTitle(item?.area ?? ''),
      kind: item?.kind ?? r.answer.kind,
      prompt: item ? plainText(item.prompt) : r.itemId,
      explanation: item?.explanation ?? '',
      answerText: answerText(item, r.answer),
      followUps,
      machine: { score: r.grade.score, maxScore: r.grade.maxScore, confidence: r.grade.confidence, flags: r.grade.flags, graderVersion: r.grade.graderVersion },
      ...(human ? { human } : {}),
      score: human ? human.score : r.grade.score,
      maxScore: r.grade.maxScore,
      reviewStatus: status,
      evidence: evidenceLines(item, r.grade),
      feedback: r.grade.feedback,
      isPretest: r.isPretest,
      timeSpentSec: r.presentedAt ? Math.max(0, Math.round((r.answeredAt.getTime() - r.presentedAt.getTime()) / 1000)) : null,
    };
  });
  const { strengths, gaps } = verdicts(skills, overallScore);
  const { startedAt, completedAt } = input.interview;
  return {
    interviewId: input.interview.id,
    pseudonym: input.pseudonym,
    ...(input.candidate ? { candidate: { name: input.candidate.name, email: input.candidate.email } } : {}),
    profile: { id: input.profile.id, name: input.profile.name, role: input.profile.role, level: input.profile.level, passScore: input.profile.passScore ?? null },
    state: input.interview.state,
    invitedAt: input.interview.createdAt.toISOString(),
    startedAt: iso(startedAt),
    completedAt: iso(completedAt),
    durationMin: startedAt && completedAt ? Math.round((completedAt.getTime() - startedAt.getTime()) / 6000) / 10 : null,
    timeFactor: input.interview.timeFactor,
    overall: summary
      ? {
          score: summary.score,
          band: summary.band,
          level: summary.level,
          label: summary.label,
          theta: summary.theta,
          se: summary.se,
          passed: input.profile.passScore === undefined ? null : summary.score >= input.profile.passScore,
          itemsScored: summary.itemsScored,
          stopReason: summary.stopReason,
        }
      : null,
    skills,
    strengths,
    gaps,
    answers,
    integrity: input.integrity.map((e) => ({ kind: e.kind, itemId: e.itemId, at: e.at.toISOString(), description: describeIntegrity(e.kind, e.data) })),
    transcript: input.messages.map((m) => ({ sequence: m.sequence, role: m.role, text: m.text, at: m.at.toISOString() })),
    review: {
      pending: answers.filter((a) => a.reviewStatus === 'pending').length,
      confirmed: answers.filter((a) => a.reviewStatus === 'confirmed').length,
      overridden: answers.filter((a) => a.reviewStatus === 'overridden').length,
    },
    generatedAt: input.generatedAt.toISOString(),
  };
}

/** The report without contact details (shared links, analysts). */
export function withoutContact(report: CandidateReport): CandidateReport {
  const { candidate: _candidate, ...rest } = report;
  return rest;
}
