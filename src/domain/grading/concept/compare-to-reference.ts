/**
 * Compares an answer with one reference answer, the way short-answer grading studies do when no
 * rubric exists: words of the question are demoted (repeating the question shows nothing), the
 * remaining content words are aligned one-to-one (same word, lemma or stem; a typo; a shared word
 * root by character trigrams), and the alignment is read as recall (how much of the reference the
 * answer states) and precision (how much of the answer is about the reference). Word weights come
 * from general English only (part of speech, word length, whether the bundled model knows the
 * word), never from other answers. Pure and cheap: callers pass texts already analysed.
 */
import type { AnalyzedText, TextToken } from './analyze-text.js';
import { isContentToken } from './compile-rubric.js';
import { editDistanceWithin, typoBudget } from './edit-distance.js';

/** The word alignment alone: what the grader itself reads (cheap). */
export interface ReferenceAlignment {
  /** Weighted share of the reference's non-question content words aligned to the answer, 0..1. */
  readonly recall: number;
  /** Weighted share of the answer's non-question content words aligned to the reference, 0..1. */
  readonly precision: number;
  /** Harmonic mean of recall and precision. */
  readonly f1: number;
  /** 1 when an aligned word is negated on one side only ("has no children" / "has children"). */
  readonly negationMismatch: number;
}

/** The full comparison: the alignment plus character, sequence, length and negation measures. */
export interface ReferenceComparison extends ReferenceAlignment {
  /** Recall with the question's words kept (for references that restate the question). */
  readonly recallWithQuestion: number;
  /** Dice similarity of the character trigrams of the non-question content words, 0..1. */
  readonly charSimilarity: number;
  /**
   * Share of the character n-grams (n = 3, 4, 5) of the reference's non-question content words
   * found in the answer's, counted with multiplicity: robust to morphology and misspellings.
   */
  readonly charRecall: readonly [number, number, number];
  /** The same share the other way round: how much of the answer's characters the reference holds. */
  readonly charPrecision: readonly [number, number, number];
  /** Character 4-gram recall of the whole reference text, function words included. */
  readonly textCharRecall: number;
  /** Best and worst alignment recall of a single reference sentence (multi-claim references). */
  readonly bestSentenceRecall: number;
  readonly worstSentenceRecall: number;
  /** Distinct answer content words found in neither the question nor the reference. */
  readonly novelWords: number;
  /** Longest common subsequence of content-word stems over the reference's length, 0..1. */
  readonly sequenceRecall: number;
  /** Answer content words over reference content words (question words included). */
  readonly lengthRatio: number;
  /** Content words in the answer (question words included). */
  readonly answerWords: number;
  /** 1 when exactly one of the answer and the reference contains a negation word. */
  readonly negationImbalance: number;
  /** Share of the answer's content words taken from the question, 0..1. */
  readonly questionShare: number;
  /** Summed weight of the reference words aligned (not normalised by the reference's length). */
  readonly matchedWeight: number;
}

/** How much a word says, from general English: nouns and rare-looking long words say more. */
export function generalWordWeight(token: TextToken): number {
  if (token.kind === 'number') return 1;
  const length = Math.min(token.norm.length, 12);
  const byLength = 0.55 + 0.05 * length;
  const byPos = token.pos === 'VERB' || token.pos === 'AUX' ? 0.7 : token.pos === 'ADV' ? 0.6 : token.pos === 'ADJ' ? 0.85 : 1;
  const unknown = token.isKnownWord ? 1 : 1.15;
  return byLength * byPos * unknown;
}

interface Word {
  readonly token: TextToken;
  readonly weight: number;
  /** The word's character trigrams, computed on first use. */
  readonly grams: () => ReadonlySet<string>;
}

function toWord(token: TextToken, weight: number): Word {
  let grams: ReadonlySet<string> | undefined;
  return { token, weight, grams: () => (grams ??= trigrams(token.norm)) };
}

const STEM_MATCH = 0.9;
const TYPO_MATCH = 0.8;
/** A shared root ("encapsulate" / "encapsulation") by character trigrams counts this much at most. */
const ROOT_MATCH = 0.6;
const ROOT_DICE = 0.6;
/** Same beginning ("reuse" / "reusability"): the same root with another suffix. */
const PREFIX_MATCH = 0.7;

function commonPrefix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

function trigrams(word: string): Set<string> {
  const padded = `#${word}#`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** How well two words match: 1 same word or lemma, then stem, typo, shared root; 0 otherwise. */
function wordMatch(a: Word, b: Word): number {
  const x = a.token;
  const y = b.token;
  if (x.norm === y.norm || x.lemma === y.lemma) return 1;
  if (x.stem === y.stem) return STEM_MATCH;
  if (x.kind !== 'word' || y.kind !== 'word' || x.norm[0] !== y.norm[0]) return 0;
  const shorter = Math.min(x.norm.length, y.norm.length);
  if (shorter < 4) return 0;
  if (commonPrefix(x.norm, y.norm) >= Math.max(4, Math.ceil(0.8 * shorter))) return PREFIX_MATCH;
  // Only a word the English model does not know can be a misspelling of another.
  const budget = typoBudget(shorter);
  if (budget > 0 && (!x.isKnownWord || !y.isKnownWord) && editDistanceWithin(x.norm, y.norm, budget) <= budget) return TYPO_MATCH;
  if (shorter >= 6) {
    const d = dice(a.grams(), b.grams());
    if (d >= ROOT_DICE) return ROOT_MATCH * d;
  }
  return 0;
}

/** Keeps the first occurrence of each lemma: a repeated word is stated once. */
function distinct(words: readonly Word[]): Word[] {
  const seen = new Set<string>();
  return words.filter((w) => (seen.has(w.token.lemma) ? false : (seen.add(w.token.lemma), true)));
}

interface Alignment {
  /** Match strength of each reference word (0 when unaligned). */
  readonly reference: readonly number[];
  /** Match strength of each answer word (0 when unaligned). */
  readonly answer: readonly number[];
  /** Pairs (reference index, answer index) aligned. */
  readonly pairs: readonly (readonly [number, number])[];
}

/** Greedy one-to-one alignment, strongest (then heaviest) pairs first. */
function align(reference: readonly Word[], answer: readonly Word[]): Alignment {
  const candidates: { r: number; a: number; score: number; weight: number }[] = [];
  reference.forEach((rw, r) => {
    answer.forEach((aw, a) => {
      const score = wordMatch(rw, aw);
      if (score > 0) candidates.push({ r, a, score, weight: rw.weight });
    });
  });
  candidates.sort((p, q) => q.score - p.score || q.weight - p.weight || p.r - q.r || p.a - q.a);
  const refScore = new Array<number>(reference.length).fill(0);
  const ansScore = new Array<number>(answer.length).fill(0);
  const pairs: [number, number][] = [];
  for (const c of candidates) {
    if ((refScore[c.r] ?? 0) > 0 || (ansScore[c.a] ?? 0) > 0) continue;
    refScore[c.r] = c.score;
    ansScore[c.a] = c.score;
    pairs.push([c.r, c.a]);
  }
  return { reference: refScore, answer: ansScore, pairs };
}

function weightedShare(words: readonly Word[], scores: readonly number[]): number {
  let total = 0;
  let matched = 0;
  words.forEach((w, i) => {
    total += w.weight;
    matched += w.weight * (scores[i] ?? 0);
  });
  return total > 0 ? matched / total : 0;
}

function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = x === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, row[j - 1] ?? 0);
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Character n-grams of a text (lower case, runs of non-alphanumerics as one space), with counts. */
function charGrams(text: string, n: number): Map<string, number> {
  const padded = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + n <= padded.length; i++) {
    const g = padded.slice(i, i + n);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Share of `of`'s n-grams (with multiplicity) that `within` holds. */
function gramContainment(of: ReadonlyMap<string, number>, within: ReadonlyMap<string, number>): number {
  let total = 0;
  let held = 0;
  for (const [g, count] of of) {
    total += count;
    held += Math.min(count, within.get(g) ?? 0);
  }
  return total > 0 ? held / total : 0;
}

function gramsOf(words: readonly Word[]): Set<string> {
  const all = new Set<string>();
  for (const w of words) for (const g of w.grams()) all.add(g);
  return all;
}

/** One side of a comparison: everything that depends on a text and the question alone. */
interface Side {
  /** Distinct content words (by lemma), question words included. */
  readonly all: readonly Word[];
  /** The same without question words. */
  readonly demoted: readonly Word[];
  /** Content-word stems in order, repeats included. */
  readonly stems: readonly string[];
  /** Character 3-, 4- and 5-grams of the non-question content words, computed on first use. */
  readonly grams: () => readonly [Map<string, number>, Map<string, number>, Map<string, number>];
  /** Character 4-grams of every word, function words included, computed on first use. */
  readonly textGrams: () => Map<string, number>;
  readonly hasNegator: boolean;
}

function questionFormsOf(question: AnalyzedText): Set<string> {
  const forms = new Set<string>();
  for (const t of question.tokens.filter(isContentToken)) {
    forms.add(t.lemma);
    forms.add(t.stem);
  }
  return forms;
}

function sideOf(text: AnalyzedText, questionForms: ReadonlySet<string>): Side {
  const isQuestionWord = (t: TextToken): boolean => questionForms.has(t.lemma) || questionForms.has(t.stem);
  const content = text.tokens.filter(isContentToken);
  const all = distinct(content.map((t) => toWord(t, generalWordWeight(t))));
  let grams: [Map<string, number>, Map<string, number>, Map<string, number>] | undefined;
  let textGrams: Map<string, number> | undefined;
  return {
    all,
    demoted: all.filter((w) => !isQuestionWord(w.token)),
    stems: content.map((t) => t.stem),
    grams: () => {
      const demotedText = content.filter((t) => !isQuestionWord(t)).map((t) => t.norm).join(' ');
      return (grams ??= [charGrams(demotedText, 3), charGrams(demotedText, 4), charGrams(demotedText, 5)]);
    },
    textGrams: () => (textGrams ??= charGrams(text.tokens.map((t) => t.norm).join(' '), 4)),
    hasNegator: text.tokens.some((t) => t.isNegator),
  };
}

/** A reference is compared with many answers: its side is kept per (reference, question) pair. */
const referenceSides = new WeakMap<AnalyzedText, WeakMap<AnalyzedText, Side>>();

function referenceSide(reference: AnalyzedText, question: AnalyzedText): Side {
  let byQuestion = referenceSides.get(reference);
  if (!byQuestion) {
    byQuestion = new WeakMap();
    referenceSides.set(reference, byQuestion);
  }
  let side = byQuestion.get(question);
  if (!side) {
    side = sideOf(reference, questionFormsOf(question));
    byQuestion.set(question, side);
  }
  return side;
}

function alignSides(refSide: Side, ansSide: Side): ReferenceAlignment & { readonly matched: readonly number[] } {
  const ref = refSide.demoted;
  const ans = ansSide.demoted;
  const demoted = align(ref, ans);
  const recall = weightedShare(ref, demoted.reference);
  const precision = weightedShare(ans, demoted.answer);
  return {
    recall,
    precision,
    f1: recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0,
    negationMismatch: demoted.pairs.some(([r, a]) => ref[r]?.token.isNegated !== ans[a]?.token.isNegated) ? 1 : 0,
    matched: demoted.reference,
  };
}

/**
 * Aligns `answer` with `reference`, demoting the words of `question`: recall, precision, F1 and
 * negation mismatch only. The reference's side is cached per (reference, question) object pair.
 */
export function alignToReference(answer: AnalyzedText, reference: AnalyzedText, question: AnalyzedText): ReferenceAlignment {
  const { recall, precision, f1, negationMismatch } = alignSides(referenceSide(reference, question), sideOf(answer, questionFormsOf(question)));
  return { recall, precision, f1, negationMismatch };
}

/**
 * Compares `answer` with `reference`, demoting the words of `question` (pass an empty text for
 * none): the alignment and every other measure. Costs several times `alignToReference`.
 */
export function compareToReference(answer: AnalyzedText, reference: AnalyzedText, question: AnalyzedText): ReferenceComparison {
  const refSide = referenceSide(reference, question);
  const ansSide = sideOf(answer, questionFormsOf(question));
  const ref = refSide.demoted;
  const ans = ansSide.demoted;
  const { matched, ...alignment } = alignSides(refSide, ansSide);
  const recallWithQuestion = weightedShare(refSide.all, align(refSide.all, ansSide.all).reference);

  const refLength = refSide.stems.length;
  const answerWords = ansSide.stems.length;
  const sequenceRecall = refLength > 0 ? longestCommonSubsequence(refSide.stems, ansSide.stems) / refLength : 0;

  // Alignment recall of each reference sentence on its own.
  const bySentence = new Map<number, { total: number; matched: number }>();
  ref.forEach((w, i) => {
    const entry = bySentence.get(w.token.sentence) ?? { total: 0, matched: 0 };
    entry.total += w.weight;
    entry.matched += w.weight * (matched[i] ?? 0);
    bySentence.set(w.token.sentence, entry);
  });
  const sentenceRecalls = [...bySentence.values()].map((e) => (e.total > 0 ? e.matched / e.total : 0));
  const referenceForms = new Set(refSide.all.flatMap((w) => [w.token.lemma, w.token.stem]));
  const [r3, r4, r5] = refSide.grams();
  const [a3, a4, a5] = ansSide.grams();
  return {
    ...alignment,
    recallWithQuestion,
    charSimilarity: dice(gramsOf(ref), gramsOf(ans)),
    charRecall: [gramContainment(r3, a3), gramContainment(r4, a4), gramContainment(r5, a5)],
    charPrecision: [gramContainment(a3, r3), gramContainment(a4, r4), gramContainment(a5, r5)],
    textCharRecall: gramContainment(refSide.textGrams(), ansSide.textGrams()),
    bestSentenceRecall: sentenceRecalls.length > 0 ? Math.max(...sentenceRecalls) : 0,
    worstSentenceRecall: sentenceRecalls.length > 0 ? Math.min(...sentenceRecalls) : 0,
    novelWords: ans.filter((w) => !referenceForms.has(w.token.lemma) && !referenceForms.has(w.token.stem)).length,
    sequenceRecall,
    lengthRatio: refLength > 0 ? answerWords / refLength : 0,
    answerWords,
    negationImbalance: ansSide.hasNegator !== refSide.hasNegator ? 1 : 0,
    matchedWeight: ref.reduce((sum, w, i) => sum + w.weight * (matched[i] ?? 0), 0),
    questionShare: ansSide.all.length > 0 ? (ansSide.all.length - ans.length) / ansSide.all.length : 0,
  };
}
