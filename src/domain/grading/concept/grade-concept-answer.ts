/**
 * The offline concept grader: scores a free-text explanation 0-4 against the item's rubric, with
 * the words of the answer that earned each point, the misconceptions it states, answer-level
 * flags and a confidence. Pure and deterministic: the same answer and rubric give the same grade.
 */
import type { ConceptItem, RubricPoint } from '../../bank/item.js';
import type { Evidence, Grade, GradeFlag } from '../grade.js';
import { analyzeText, type TextToken } from './analyze-text.js';
import { alignToReference, type ReferenceAlignment } from './compare-to-reference.js';
import { compileRubric, isContentToken } from './compile-rubric.js';
import { detectAnswerSignals, type AnswerSignals } from './detect-answer-signals.js';
import { buildAnswerView, matchTarget, type TargetMatch } from './match-target.js';
import { DEFAULT_SCORE_CALIBRATION, applyScoreCalibration, calibrationMargin, type ScoreCalibration } from './score-calibration.js';

export const CONCEPT_OFFLINE_GRADER_VERSION = 'concept-offline@1.1.0';

/** What the candidate said: the main answer and any answers to follow-up probes. */
export interface ConceptAnswerInput {
  readonly text: string;
  readonly followUps?: readonly { readonly pointId: string; readonly text: string }[];
}

export interface GradeConceptOptions {
  /** The raw-to-score mapping; defaults to the one fitted on the in-domain set. */
  readonly calibration?: ScoreCalibration;
}

/** A point earned only after a probe counts this much of a point stated unprompted. */
export const FOLLOW_UP_CREDIT = 0.75;
/** A point or misconception counts as stated (evidence) from this credit on. */
const HIT_CREDIT = 0.5;
const MISCONCEPTION_CREDIT = 0.6;
/** Raw coverage given to an on-topic answer that states no point, and the on-topic share it needs. */
export const ENGAGEMENT_FLOOR = 0.1;
const ENGAGEMENT_SHARE = 0.4;
/**
 * An answer whose alignment F1 with the model answer reaches this, but scores 2 or less, is more
 * likely a paraphrase the key points' wording missed than a weak answer: its confidence is capped
 * so that it reaches a reviewer.
 */
const PARAPHRASE_F1 = 0.25;
const PARAPHRASE_CONFIDENCE = 0.45;
/** Stating the opposite of a key point costs this share of the point's weight. */
const CONTRADICTION_COST = 0.5;

/** Everything the grader computed before turning it into a Grade; the bench reads its features. */
export interface ConceptAnalysis {
  /** The text evidence offsets point into: the answer, then each follow-up, joined by blank lines. */
  readonly transcript: string;
  /** 0..1 coverage after penalties: the input of the score calibration. */
  readonly raw: number;
  /** Weighted point coverage before penalties. */
  readonly coverage: number;
  readonly penalty: number;
  readonly points: readonly TargetMatch[];
  readonly misconceptions: readonly TargetMatch[];
  readonly signals: AnswerSignals;
  readonly flags: readonly GradeFlag[];
  /** The score may not exceed this (gibberish, stuffing, …). */
  readonly cap: number;
  /**
   * The main answer aligned with the item's model answer, prompt words demoted: a rubric-free
   * view that sees paraphrases the key points' wording misses (`compareToReference` for more).
   */
  readonly reference: ReferenceAlignment;
}

/** Joins the answer and its follow-ups the way evidence offsets count them. */
export function conceptTranscript(answer: ConceptAnswerInput): string {
  return [answer.text, ...(answer.followUps ?? []).map((f) => f.text)].join('\n\n');
}

/** Matches the answer against the rubric and computes raw coverage, penalties and flags. */
export function analyzeConceptAnswer(item: ConceptItem, answer: ConceptAnswerInput): ConceptAnalysis {
  const rubric = compileRubric(item);
  const transcript = conceptTranscript(answer);
  const analyzed = analyzeText(transcript);
  const segments: { start: number; end: number; pointId?: string }[] = [];
  let offset = 0;
  [{ text: answer.text, pointId: undefined as string | undefined }, ...(answer.followUps ?? [])].forEach((part) => {
    segments.push({ start: offset, end: offset + part.text.length, ...(part.pointId === undefined ? {} : { pointId: part.pointId }) });
    offset += part.text.length + 2;
  });
  const inSegment = (token: TextToken, k: number): boolean => {
    const segment = segments[k];
    return segment !== undefined && token.start >= segment.start && token.end <= segment.end;
  };

  const mainTokens = analyzed.tokens.filter((t) => inSegment(t, 0));
  const signals = detectAnswerSignals({ text: transcript, tokens: mainTokens, sentenceCount: analyzed.sentenceCount }, rubric);
  const isEligible = (t: TextToken): boolean => !signals.injectionSentences.has(t.sentence);
  const views = segments.map((_, k) =>
    buildAnswerView(transcript, analyzed.tokens, analyzed.sentenceCount, isContentToken, (t) => inSegment(t, k) && isEligible(t)),
  );
  const mainView = views[0];
  if (!mainView) throw new Error('unreachable: the main answer segment always exists');

  const points = rubric.points.map((target) => {
    let best = matchTarget(target, mainView);
    segments.forEach((segment, k) => {
      const view = views[k];
      if (k === 0 || segment.pointId !== target.id || !view) return;
      const probed = matchTarget(target, view);
      const credit = probed.isContradicted ? probed.credit : probed.credit * FOLLOW_UP_CREDIT;
      if (credit > best.credit && !(best.isContradicted && !probed.isContradicted && best.credit >= credit)) best = { ...probed, credit };
    });
    return best;
  });
  const misconceptions = rubric.misconceptions.map((target) => {
    let best = matchTarget(target, mainView);
    views.slice(1).forEach((view) => {
      const other = matchTarget(target, view);
      if (!other.isContradicted && other.credit > best.credit) best = other;
    });
    return best;
  });

  resolveOverlaps(points, misconceptions);

  const totalWeight = rubric.points.reduce((sum, p) => sum + p.weight, 0) || 1;
  let coverage = 0;
  let penalty = 0;
  rubric.points.forEach((target, k) => {
    const match = points[k];
    if (!match) return;
    if (match.isContradicted) penalty += (CONTRADICTION_COST * target.weight * match.credit) / totalWeight;
    else coverage += (target.weight * match.credit) / totalWeight;
  });
  rubric.misconceptions.forEach((target, k) => {
    const match = misconceptions[k];
    if (match && !match.isContradicted && match.credit >= MISCONCEPTION_CREDIT) penalty += (target.weight * match.credit) / totalWeight;
  });
  let raw = Math.min(1, Math.max(0, coverage - penalty));
  // An on-topic attempt that names the subject without stating any point is worth a 1 in every
  // grading guide ("vague"); a stated misconception or contradiction forfeits that.
  if (penalty === 0 && signals.onTopicShare >= ENGAGEMENT_SHARE && signals.contentWordCount >= 3) raw = Math.max(raw, ENGAGEMENT_FLOOR);

  const flags: GradeFlag[] = [];
  let cap = 4;
  const bestPoint = Math.max(0, ...points.filter((p) => !p.isContradicted).map((p) => p.credit));
  if (signals.isEmpty) {
    flags.push('too-short');
    cap = 0;
  } else {
    if (signals.isNonEnglish) {
      flags.push('non-english');
      cap = Math.min(cap, 1);
    }
    if (signals.isGibberish) {
      flags.push('gibberish');
      cap = 0;
    }
    if (signals.isTooShort) {
      flags.push('too-short');
      cap = Math.min(cap, 1);
    }
    if (!signals.isGibberish && !signals.isNonEnglish && bestPoint < 0.3 && signals.onTopicShare < 0.25 && signals.contentWordCount >= 3) {
      flags.push('off-topic');
      cap = 0;
    }
    // Restating the question adds nothing, however many rubric words the question contains.
    if (signals.promptEchoShare >= 0.75) cap = Math.min(cap, 1);
    if (signals.isKeywordStuffing) {
      flags.push('keyword-stuffing');
      cap = Math.min(cap, 1);
    }
    if (signals.injectionSentences.size > 0) flags.push('possible-injection');
  }
  const mainText = { text: transcript, tokens: mainTokens.filter(isEligible), sentenceCount: analyzed.sentenceCount };
  const reference = alignToReference(mainText, rubric.modelAnswer, rubric.prompt);
  return { transcript, raw, coverage, penalty, points, misconceptions, signals, flags, cap, reference };
}

function overlaps(a: TargetMatch, b: TargetMatch): boolean {
  if (a.start === undefined || a.end === undefined || b.start === undefined || b.end === undefined) return false;
  return a.start < b.end && b.start < a.end;
}

/**
 * One stretch of the answer states one thing: where a key point and a misconception claim
 * overlapping words, the better-covered one keeps them (on equal credit, the one that matched more
 * terms; then the misconception, the more specific reading), and the other loses its credit.
 */
function resolveOverlaps(points: TargetMatch[], misconceptions: TargetMatch[]): void {
  misconceptions.forEach((m, i) => {
    if (m.isContradicted || m.credit < MISCONCEPTION_CREDIT) return;
    points.forEach((p, j) => {
      if (p.isContradicted || p.credit <= 0 || !overlaps(p, m)) return;
      const pointWins = p.credit > m.credit + 1e-9 || (Math.abs(p.credit - m.credit) <= 1e-9 && (p.matchedTerms ?? 0) > (m.matchedTerms ?? 0));
      if (pointWins) misconceptions[i] = { id: m.id, kind: m.kind, credit: 0, isContradicted: false };
      else points[j] = { id: p.id, kind: p.kind, credit: 0, isContradicted: false };
    });
  });
}

/** Confidence in [0, 1]: far from a cut point is surer; flags that make a human useful lower it. */
function confidenceOf(analysis: ConceptAnalysis, calibration: ScoreCalibration, score: number): number {
  const { flags, signals } = analysis;
  if (signals.isEmpty || flags.includes('gibberish')) return 0.95;
  if (flags.includes('off-topic')) return 0.9;
  // The grader cannot read other languages: the score says nothing about the substance.
  if (flags.includes('non-english')) return 0.1;
  const margin = calibrationMargin(calibration, analysis.raw);
  let confidence = 0.4 + 0.4 * Math.min(1, margin / 0.1);
  if (score === 4 && analysis.raw >= 0.95) confidence = Math.max(confidence, 0.85);
  if (flags.includes('possible-injection')) confidence = Math.min(confidence, 0.5);
  if (flags.includes('keyword-stuffing')) confidence = Math.min(confidence, 0.4);
  if (flags.includes('too-short')) confidence = Math.max(confidence, 0.8);
  if (analysis.points.some((p) => p.isContradicted && p.credit >= MISCONCEPTION_CREDIT)) confidence *= 0.85;
  // Close to the model answer yet low on the rubric: likely a paraphrase the key points missed.
  if (score <= 2 && analysis.reference.f1 >= PARAPHRASE_F1) confidence = Math.min(confidence, PARAPHRASE_CONFIDENCE);
  return Math.round(Math.min(1, Math.max(0, confidence)) * 1000) / 1000;
}

function feedbackOf(item: ConceptItem, analysis: ConceptAnalysis, hits: number): string {
  const { flags } = analysis;
  if (flags.includes('too-short') && analysis.signals.isEmpty) return 'No answer was given.';
  if (flags.includes('gibberish')) return 'The answer could not be read as an explanation.';
  if (flags.includes('non-english')) return 'The answer does not appear to be in English; a reviewer will look at it.';
  if (flags.includes('off-topic')) return 'The answer does not address the question.';
  const parts = [`Covered ${hits} of ${item.keyPoints.length} key points.`];
  const stated = analysis.misconceptions.filter((m) => !m.isContradicted && m.credit >= MISCONCEPTION_CREDIT).length;
  if (stated > 0) parts.push(`States ${stated} common misconception${stated > 1 ? 's' : ''}.`);
  if (flags.includes('keyword-stuffing')) parts.push('Lists terms without explaining them.');
  if (flags.includes('possible-injection')) parts.push('Instructions addressed to the grader were ignored.');
  return parts.join(' ');
}

/**
 * Grades a concept answer offline. Score 0-4 (maxScore 4); evidence lists a `rubric-hit` with the
 * quoted span (offsets into `conceptTranscript(answer)`) or a `rubric-miss` for every key point,
 * then every misconception stated.
 */
export function gradeConceptAnswer(item: ConceptItem, answer: ConceptAnswerInput, options: GradeConceptOptions = {}): Grade {
  const calibration = options.calibration ?? DEFAULT_SCORE_CALIBRATION;
  const analysis = analyzeConceptAnswer(item, answer);
  const score = Math.min(analysis.cap, applyScoreCalibration(calibration, analysis.raw));
  const evidence: Evidence[] = [];
  let hits = 0;
  analysis.points.forEach((match) => {
    if (!match.isContradicted && match.credit >= HIT_CREDIT && match.start !== undefined && match.end !== undefined) {
      hits++;
      evidence.push({ kind: 'rubric-hit', pointId: match.id, quote: analysis.transcript.slice(match.start, match.end), start: match.start, end: match.end });
    } else {
      evidence.push({ kind: 'rubric-miss', pointId: match.id });
    }
  });
  analysis.misconceptions.forEach((match) => {
    if (match.isContradicted || match.credit < MISCONCEPTION_CREDIT || match.start === undefined || match.end === undefined) return;
    evidence.push({ kind: 'misconception', misconceptionId: match.id, quote: analysis.transcript.slice(match.start, match.end), start: match.start, end: match.end });
  });
  return {
    score,
    maxScore: 4,
    confidence: confidenceOf(analysis, calibration, score),
    graderVersion: CONCEPT_OFFLINE_GRADER_VERSION,
    flags: analysis.flags,
    evidence,
    feedback: feedbackOf(item, analysis, hits),
  };
}

/**
 * The key points a grade did not credit, most important first (stable for equal weights), so the
 * interviewer can ask the probe of the first one.
 */
export function missingKeyPoints(item: ConceptItem, grade: Grade): RubricPoint[] {
  const credited = new Set(grade.evidence.flatMap((e) => (e.kind === 'rubric-hit' ? [e.pointId] : [])));
  return item.keyPoints
    .map((point, index) => ({ point, index }))
    .filter(({ point }) => !credited.has(point.id))
    .sort((a, b) => b.point.weight - a.point.weight || a.index - b.index)
    .map(({ point }) => point);
}
