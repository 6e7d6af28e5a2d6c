/**
 * Answer-level signals that no rubric match can see: text that is not English, keyboard mash,
 * a list of keywords instead of an explanation, too little to grade, and text that addresses the
 * grader instead of the question. Each is a cheap, explainable heuristic; together they keep a
 * coverage-based grader from being talked or stuffed into a high score.
 */
import type { AnalyzedText, TextToken } from './analyze-text.js';
import type { CompiledRubric } from './compile-rubric.js';
import { isContentToken } from './compile-rubric.js';
import { editDistanceWithin } from './edit-distance.js';
import { EXCEL_FUNCTION_NAMES } from './excel-function-names.js';

export interface AnswerSignals {
  readonly isEmpty: boolean;
  readonly isTooShort: boolean;
  readonly isGibberish: boolean;
  readonly isNonEnglish: boolean;
  readonly isKeywordStuffing: boolean;
  /** Sentences (by index) that address the grader; they are flagged and never earn credit. */
  readonly injectionSentences: ReadonlySet<number>;
  readonly contentWordCount: number;
  /** Share of the answer's content words that belong to the item's vocabulary. */
  readonly onTopicShare: number;
  /** Share of the answer's content words taken from the prompt: near 1 when it restates the question. */
  readonly promptEchoShare: number;
}

/** Phrasings that address a grader, a model or a prompt rather than the interviewer's question. */
const INJECTION_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instruction|prompt|rubric|rule|above|previous|prior|earlier)s?\b/i,
  /\b(give|award|assign|grant|mark|score|rate)\b.{0,30}\b(full|maximum|max|top|perfect|highest)\b.{0,15}\b(marks?|score|points?|grade)\b/i,
  /\b(give|award|assign|grant)\s+(me|this( answer)?|it)\b.{0,20}\b([0-4]|four|full)\b/i,
  /\b(score|grade|mark|rate)\s+(this|me|it|the answer)\b.{0,20}\b([0-4]|four|full|maximum|perfect)\b/i,
  /\b(system prompt|you are an? (ai|assistant|language model|grader)|as an ai|new instructions?|developer mode|jailbreak)\b/i,
  /\b(grader|evaluator|assistant|model)\s*[:,]\s*(ignore|give|award|you must|output|return|set)\b/i,
  /\b(output|return|respond with)\b.{0,20}["'{]?\s*score["']?\s*[:=]/i,
  /"score"\s*:\s*[0-9]/i,
  /<\/?(system|instructions?|answer|prompt)>/i,
];

/** Very common function words of languages an English-speaking interview meets most often. */
const FOREIGN_FUNCTION_WORDS = new Set(
  `el la los las un una unos del al que es en por para con se lo como pero cuando donde porque esta este esto son muy
  le les des du une est et dans pour avec sur qui ce cette sont pas ne au aux ou mais quand parce
  der die das und ist nicht ein eine mit auf den dem zu von wenn sich auch beim wird werden oder aber
  il di che non per una sono nel della alla quando
  o os as um uma não com para por quando isso ela ele são
  de het een en van niet met voor op`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** English words that are also frequent function words elsewhere: they vote for neither side. */
const SHARED_WORDS = new Set(['a', 'in', 'on', 'no', 'so', 'do', 'me', 'to', 'as', 'an', 'be', 'is', 'it', 'or', 'die', 'son', 'den', 'con', 'per', 'via', 'and', 'for', 'the', 'of']);

function isKnownToItem(token: TextToken, rubric: CompiledRubric): boolean {
  if (token.kind !== 'word') return true;
  if (token.isKnownWord || EXCEL_FUNCTION_NAMES.has(token.norm)) return true;
  if (rubric.vocabulary.has(token.norm) || rubric.vocabulary.has(token.stem)) return true;
  // A misspelt rubric word (VLOKUP) is a typo, not gibberish.
  if (token.norm.length >= 5) {
    for (let length = token.norm.length - 1; length <= token.norm.length + 1; length++) {
      for (const word of rubric.vocabularyByLength.get(length) ?? []) if (editDistanceWithin(word, token.norm, 1) <= 1) return true;
    }
  }
  return false;
}

function looksMashed(word: string): boolean {
  if (word.length < 4) return false;
  if (/(.)\1{3,}/.test(word)) return true;
  if (/[bcdfghjklmnpqrstvwxz]{5,}/.test(word)) return true;
  const vowels = (word.match(/[aeiouy]/g) ?? []).length;
  return word.length >= 6 && vowels / word.length < 0.15;
}

/** Computes the answer-level signals of an analysed answer against an item's rubric. */
export function detectAnswerSignals(analyzed: AnalyzedText, rubric: CompiledRubric): AnswerSignals {
  const { text, tokens } = analyzed;
  const words = tokens.filter((t) => t.kind === 'word');
  const content = tokens.filter(isContentToken);
  const letters = text.match(/\p{L}/gu) ?? [];
  // Nothing written in any script: empty. (Words in a script the model does not tokenise count.)
  const isEmpty = letters.length === 0;

  const injectionSentences = new Set<number>();
  for (let s = 0; s < analyzed.sentenceCount; s++) {
    const inSentence = tokens.filter((t) => t.sentence === s);
    const first = inSentence[0];
    const last = inSentence[inSentence.length - 1];
    if (!first || !last) continue;
    const sentence = text.slice(first.start, last.end);
    if (INJECTION_PATTERNS.some((pattern) => pattern.test(sentence))) injectionSentences.add(s);
  }

  // Non-English: letters outside Latin script, or far more foreign than English function words.
  const latin = text.match(/[A-Za-z\u00C0-\u024F]/g) ?? [];
  const nonLatinShare = letters.length > 0 ? 1 - latin.length / letters.length : 0;
  let foreign = 0;
  let english = 0;
  for (const w of words) {
    if (SHARED_WORDS.has(w.norm)) continue;
    if (FOREIGN_FUNCTION_WORDS.has(w.norm)) foreign++;
    else if (w.isStopWord) english++;
  }
  const isNonEnglish = !isEmpty && (nonLatinShare > 0.3 || (foreign >= 2 && foreign > english * 1.5));

  const unknown = words.filter((w) => w.norm.length > 1 && !isKnownToItem(w, rubric));
  const mashed = words.filter((w) => looksMashed(w.norm) && !isKnownToItem(w, rubric));
  const isGibberish =
    !isEmpty && !isNonEnglish && words.length > 0 && (unknown.length / words.length >= 0.4 || mashed.length / words.length >= 0.3);

  const onTopic = content.filter((t) => rubric.vocabulary.has(t.norm) || rubric.vocabulary.has(t.stem) || rubric.vocabulary.has(t.lemma));
  const onTopicShare = content.length > 0 ? onTopic.length / content.length : 0;

  // Keyword stuffing: many item words with little grammar holding them together, or repeated.
  const stopShare = words.length > 0 ? words.filter((w) => w.isStopWord || w.isNegator).length / words.length : 0;
  const verbs = tokens.filter((t) => t.pos === 'VERB' || t.pos === 'AUX').length;
  const distinct = new Set(content.map((t) => t.stem)).size;
  const repetition = content.length > 0 ? 1 - distinct / content.length : 0;
  const separators = (text.match(/[,;|/\n•·]/g) ?? []).length;
  // A list of short fragments with little grammar ("look left, column index, two-way lookup, …").
  const fragments = text.split(/[,;|\n•·]+/).map((f) => f.trim().split(/\s+/).filter((w) => w.length > 0).length).filter((n) => n > 0).sort((a, b) => a - b);
  const medianFragment = fragments[Math.floor(fragments.length / 2)] ?? 0;
  const isList = fragments.length >= 5 && medianFragment <= 4 && verbs < fragments.length * 0.75;
  const isKeywordStuffing =
    content.length >= 5 &&
    onTopicShare >= 0.5 &&
    (stopShare < 0.2 || (verbs === 0 && content.length >= 6) || repetition >= 0.45 || separators >= words.length * 0.4 || isList);

  return {
    isEmpty,
    isTooShort: !isEmpty && (content.length < 2 || (content.length < 3 && words.length < 5)),
    isGibberish,
    isNonEnglish,
    isKeywordStuffing,
    injectionSentences,
    contentWordCount: content.length,
    onTopicShare,
    promptEchoShare: content.length > 0 ? content.filter((t) => rubric.promptStems.has(t.stem)).length / content.length : 0,
  };
}
