/**
 * Features of a generic short answer (a question, one reference answer, the student's answer) for
 * the public benchmarks: the offline grader run on a pseudo-rubric built from the reference, the
 * classic stemmed overlap, and the reference comparison of the product's grader
 * (`compareToReference`). Every feature uses that one answer with its question and reference only.
 */
import type { ConceptItem } from '../../src/domain/bank/item.js';
import { analyzeText, type AnalyzedText } from '../../src/domain/grading/concept/analyze-text.js';
import { compareToReference, type ReferenceComparison } from '../../src/domain/grading/concept/compare-to-reference.js';
import { isContentToken } from '../../src/domain/grading/concept/compile-rubric.js';
import { analyzeConceptAnswer, type ConceptAnalysis } from '../../src/domain/grading/concept/grade-concept-answer.js';

/** A concept item whose key points are the content-word chunks of a reference answer. */
export function pseudoItem(id: string, question: string, references: readonly string[]): ConceptItem {
  const chunks = references.flatMap((reference) =>
    reference
      .split(/(?<=[.!?;:])\s+|,\s+|\s+(?:and|or|but|while|whereas|because|so that|so)\s+|\(|\)/i)
      .map((c) => c.trim())
      .filter((c) => analyzeText(c).tokens.filter(isContentToken).length >= 1),
  );
  const points = (chunks.length > 0 ? chunks : references).map((text, k) => ({
    id: `c${k + 1}`,
    text,
    weight: Math.max(1, analyzeText(text).tokens.filter(isContentToken).length),
    aliases: [],
    examples: [],
    probe: '',
  }));
  return {
    id,
    kind: 'concept',
    area: 'references-basics',
    tags: [],
    level: 3,
    prompt: question,
    timeLimitSec: 120,
    irt: { model: 'grm', a: 1, thresholds: [-1.5, -0.5, 0.5, 1.5] },
    exposureCap: 1,
    status: 'approved',
    author: 'bench',
    explanation: '',
    modelAnswer: references.join(' '),
    keyPoints: points,
    misconceptions: [],
    gradingGuide: ['', '', '', '', ''],
  };
}

export interface OverlapStats {
  readonly recall: number;
  readonly precision: number;
  readonly answerWords: number;
  readonly referenceWords: number;
  /** Recall with question words kept. */
  readonly recallAll: number;
  /** Cosine of stem counts (question words kept). */
  readonly cosine: number;
  /** Share of the reference's adjacent content-stem pairs found in the answer. */
  readonly bigramRecall: number;
}

/** Stemmed content-word overlap with the reference, question words removed: the classic baseline. */
export function overlap(question: AnalyzedText, reference: AnalyzedText, answer: AnalyzedText): OverlapStats {
  const q = new Set(question.tokens.filter(isContentToken).map((t) => t.stem));
  const ref = reference.tokens.filter(isContentToken).map((t) => t.stem);
  const ans = answer.tokens.filter(isContentToken).map((t) => t.stem);
  const refSet = new Set(ref.filter((s) => !q.has(s)));
  const ansSet = new Set(ans.filter((s) => !q.has(s)));
  let shared = 0;
  for (const s of refSet) if (ansSet.has(s)) shared++;
  const ansAll = new Set(ans);
  const refAll = new Set(ref);
  let sharedAll = 0;
  for (const s of refAll) if (ansAll.has(s)) sharedAll++;
  const counts = (list: string[]) => list.reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());
  const ca = counts(ans);
  const cr = counts(ref);
  let dot = 0;
  for (const [w, n] of cr) dot += n * (ca.get(w) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((t, n) => t + n * n, 0));
  const cosine = dot > 0 ? dot / (norm(ca) * norm(cr)) : 0;
  const pairs = (list: string[]) => new Set(list.slice(1).map((w, i) => `${list[i]} ${w}`));
  const refPairs = pairs(ref);
  const ansPairs = pairs(ans);
  let sharedPairs = 0;
  for (const p of refPairs) if (ansPairs.has(p)) sharedPairs++;
  return {
    recall: refSet.size > 0 ? shared / refSet.size : 0,
    precision: ansSet.size > 0 ? shared / ansSet.size : 0,
    answerWords: ans.length,
    referenceWords: ref.length,
    recallAll: refAll.size > 0 ? sharedAll / refAll.size : 0,
    cosine,
    bigramRecall: refPairs.size > 0 ? sharedPairs / refPairs.size : 0,
  };
}

/** Everything measured about one answer against one reference. */
export interface AnswerMeasures {
  readonly analysis: ConceptAnalysis;
  readonly overlap: OverlapStats;
  readonly comparison: ReferenceComparison;
  /** Share of the answer's words the English model does not know (misspellings, jargon). */
  readonly unknownShare: number;
  readonly sentences: number;
}

/** Every feature the benchmarks' blends use. */
export function shortAnswerFeatures(measures: AnswerMeasures): number[] {
  return [...legacyFeatures(measures), ...comparisonFeatures(measures)];
}

/** Analyses of texts shared by many answers (questions, references) are computed once. */
export class TextCache {
  private readonly texts = new Map<string, AnalyzedText>();
  analyze(text: string): AnalyzedText {
    let analyzed = this.texts.get(text);
    if (!analyzed) {
      analyzed = analyzeText(text);
      this.texts.set(text, analyzed);
    }
    return analyzed;
  }
}

/** Measures one answer; `item` is the pseudo-rubric of the same question and reference. */
export function measureAnswer(item: ConceptItem, question: AnalyzedText, reference: AnalyzedText, answerText: string): AnswerMeasures {
  const answer = analyzeText(answerText);
  const words = answer.tokens.filter((t) => t.kind === 'word');
  return {
    analysis: analyzeConceptAnswer(item, { text: answerText }),
    overlap: overlap(question, reference, answer),
    comparison: compareToReference(answer, reference, question),
    unknownShare: words.filter((t) => !t.isKnownWord).length / Math.max(1, words.length),
    sentences: answer.sentenceCount,
  };
}

/** The feature blend of the previous benchmark (grader coverage, overlap, length). */
export function legacyFeatures({ analysis, overlap: o }: AnswerMeasures): number[] {
  const contradicted = analysis.points.filter((p) => p.isContradicted).length;
  const capped = analysis.cap < 4 ? 1 : 0;
  const softCoverage = analysis.points.reduce((s, p) => s + (p.coverage ?? 0), 0) / Math.max(1, analysis.points.length);
  return [
    analysis.raw,
    analysis.coverage,
    softCoverage,
    Math.sqrt(softCoverage),
    o.recall,
    Math.sqrt(o.recall),
    o.precision,
    o.recallAll,
    o.cosine,
    o.bigramRecall,
    Math.log1p(o.answerWords),
    Math.min(3, o.answerWords / Math.max(1, o.referenceWords)),
    contradicted,
    capped,
    o.cosine * Math.log1p(o.answerWords),
    softCoverage * Math.log1p(o.answerWords),
    Math.min(1, o.answerWords / 5),
  ];
}

/** The reference-comparison features (alignment, characters, sequence, length, negation) and answer quality. */
export function comparisonFeatures({ comparison: c, unknownShare, sentences }: AnswerMeasures): number[] {
  return [
    c.recall,
    Math.sqrt(c.recall),
    c.precision,
    c.f1,
    c.recallWithQuestion,
    c.charSimilarity,
    c.sequenceRecall,
    Math.log1p(Math.min(4, c.lengthRatio)),
    c.negationMismatch,
    c.negationImbalance,
    c.questionShare,
    c.recall * Math.log1p(c.answerWords),
    Math.log1p(c.matchedWeight),
    ...c.charRecall,
    ...c.charPrecision,
    c.textCharRecall,
    c.bestSentenceRecall,
    c.worstSentenceRecall,
    Math.log1p(c.novelWords),
    unknownShare,
    Math.log1p(sentences),
  ];
}
