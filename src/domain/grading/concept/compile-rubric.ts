/**
 * Prepares a concept item's rubric for matching: every alias, example phrasing and point text is
 * analysed once into weighted terms. Term weights are an item-local inverse document frequency
 * (a word shared by every point says little about any one of them), and words of the prompt are
 * demoted, so that repeating the question earns almost nothing.
 */
import type { ConceptItem } from '../../bank/item.js';
import { analyzeText, type AnalyzedText, type TextToken } from './analyze-text.js';
import { EXCEL_FUNCTION_NAMES } from './excel-function-names.js';

export interface RubricTerm {
  readonly norm: string;
  readonly lemma: string;
  readonly stem: string;
  /** Written in capitals and a known function name (IF, AND): only an exact match counts. */
  readonly isFunctionName: boolean;
  /** Inside a negation's scope in the phrase. */
  readonly isNegated: boolean;
  readonly weight: number;
}

export interface RubricPhrase {
  readonly source: 'alias' | 'example' | 'text';
  readonly text: string;
  readonly terms: readonly RubricTerm[];
  /** Every term also occurs in the prompt: matching it shows little. */
  readonly echoesPrompt: boolean;
  /** A single ordinary English word (not a function name, no digits or symbols). */
  readonly isBareWord: boolean;
}

export interface RubricTarget {
  readonly id: string;
  readonly kind: 'point' | 'misconception';
  /** Positive for points, the absolute cost for misconceptions. */
  readonly weight: number;
  readonly phrases: readonly RubricPhrase[];
}

export interface CompiledRubric {
  readonly points: readonly RubricTarget[];
  readonly misconceptions: readonly RubricTarget[];
  /** Stems of the prompt's content words. */
  readonly promptStems: ReadonlySet<string>;
  /** The prompt and the model answer, analysed once for `compareToReference`. */
  readonly prompt: AnalyzedText;
  readonly modelAnswer: AnalyzedText;
  /** Surface forms and stems of every rubric, prompt and model-answer word: the item's vocabulary. */
  readonly vocabulary: ReadonlySet<string>;
  /** The vocabulary grouped by word length, for typo lookups. */
  readonly vocabularyByLength: ReadonlyMap<number, readonly string[]>;
}

/** How much a prompt word counts in a phrase, relative to a word the candidate had to bring. */
const PROMPT_WORD_WEIGHT = 0.3;

/**
 * Stop words that decide what a claim means in an Excel explanation ("sum range *first*",
 * "look *left*", "*both* bounds"): they count as content.
 */
const MEANINGFUL_STOP_WORDS = new Set(
  'first last before after above below left right top bottom up down more less most least only just same different both once twice between within over under back whole every each all any several multiple always'.split(' '),
);

/** Tokens that carry content: words and numbers that are not stop words or negators. */
export function isContentToken(token: TextToken): boolean {
  if (token.kind !== 'word' && token.kind !== 'number') return false;
  if (token.isNegator) return false;
  if (token.isStopWord) return isUpperFunctionName(token) || MEANINGFUL_STOP_WORDS.has(token.norm);
  return token.norm.length > 1 || token.kind === 'number';
}

function isUpperFunctionName(token: TextToken): boolean {
  return token.text.length > 1 && token.text === token.text.toUpperCase() && EXCEL_FUNCTION_NAMES.has(token.norm);
}

/** "Thinks the dollar sign formats…" → "the dollar sign formats…": the belief, not the believer. */
function stripAttribution(text: string): string {
  return text.replace(/^\s*(thinks|believes|assumes|claims|says|states|treats|uses|proposes|puts|confuses)\s+(that\s+)?/i, '');
}

/** Verbs and adverbs carry less of a point than its nouns ("SUMIFS *handles* several conditions"). */
function posFactor(token: TextToken): number {
  return token.pos === 'VERB' || token.pos === 'AUX' || token.pos === 'ADV' ? 0.6 : 1;
}

const cache = new WeakMap<ConceptItem, CompiledRubric>();

/** Compiles (and caches per item object) the rubric of a concept item. */
export function compileRubric(item: ConceptItem): CompiledRubric {
  const cached = cache.get(item);
  if (cached) return cached;
  const compiled = buildRubric(item);
  cache.set(item, compiled);
  return compiled;
}

interface RawPhrase {
  readonly source: RubricPhrase['source'];
  readonly text: string;
  readonly tokens: readonly TextToken[];
}

function buildRubric(item: ConceptItem): CompiledRubric {
  const prompt = analyzeText(item.prompt);
  const modelAnswer = analyzeText(item.modelAnswer);
  const promptTokens = prompt.tokens.filter(isContentToken);
  const promptStems = new Set(promptTokens.map((t) => t.stem));
  const vocabulary = new Set<string>();
  const addVocabulary = (tokens: readonly TextToken[]): void => {
    for (const t of tokens) {
      vocabulary.add(t.norm);
      vocabulary.add(t.stem);
      vocabulary.add(t.lemma);
    }
  };
  addVocabulary(promptTokens);
  addVocabulary(modelAnswer.tokens);

  const rawTargets = [
    ...item.keyPoints.map((p) => ({ id: p.id, kind: 'point' as const, weight: Math.max(p.weight, 0), texts: p.text, aliases: p.aliases, examples: p.examples })),
    ...item.misconceptions.map((m) => ({ id: m.id, kind: 'misconception' as const, weight: Math.abs(m.weight), texts: stripAttribution(m.text), aliases: m.aliases, examples: m.examples })),
  ].map((target) => {
    const phrases: RawPhrase[] = [
      { source: 'text', text: target.texts, tokens: analyzeText(target.texts).tokens },
      ...target.aliases.map((text) => ({ source: 'alias' as const, text, tokens: analyzeText(text).tokens })),
      ...target.examples.map((text) => ({ source: 'example' as const, text, tokens: analyzeText(text).tokens })),
    ];
    for (const phrase of phrases) addVocabulary(phrase.tokens);
    return { ...target, phrases };
  });

  // Item-local document frequency: in how many targets (and the prompt) a stem appears.
  const documentFrequency = new Map<string, number>();
  const countDocument = (stems: Iterable<string>): void => {
    for (const stem of new Set(stems)) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
  };
  countDocument(promptStems);
  for (const target of rawTargets) countDocument(target.phrases.flatMap((p) => p.tokens.filter(isContentToken).map((t) => t.stem)));
  const documents = rawTargets.length + 1;

  const toPhrase = (raw: RawPhrase, kind: RubricTarget['kind']): RubricPhrase => {
    const terms = raw.tokens.filter(isContentToken).map((token): RubricTerm => {
      const df = documentFrequency.get(token.stem) ?? 1;
      const idf = 0.5 + Math.log((documents + 1) / df);
      const isFunctionName = isUpperFunctionName(token) || EXCEL_FUNCTION_NAMES.has(token.norm);
      // Misconceptions keep prompt words at full weight: "absolute" is what makes one wrong.
      const demote = kind === 'point' && promptStems.has(token.stem) ? PROMPT_WORD_WEIGHT : 1;
      return {
        norm: token.norm,
        lemma: token.lemma,
        stem: token.stem,
        isFunctionName: isUpperFunctionName(token),
        isNegated: token.isNegated,
        weight: idf * demote * (isFunctionName ? 1.3 : 1) * posFactor(token),
      };
    });
    const echoesPrompt = kind === 'point' && terms.length > 0 && terms.every((t) => promptStems.has(t.stem));
    const words = raw.tokens.filter((t) => t.kind === 'word' || t.kind === 'number' || t.kind === 'symbol');
    const only = words.length === 1 ? words[0] : undefined;
    const isBareWord = raw.source === 'alias' && only !== undefined && only.kind === 'word' && only.isKnownWord && /^[a-z]+$/i.test(only.text) && !EXCEL_FUNCTION_NAMES.has(only.norm);
    return { source: raw.source, text: raw.text, terms, echoesPrompt, isBareWord };
  };

  const targets = rawTargets.map(
    (t): RubricTarget => ({ id: t.id, kind: t.kind, weight: t.weight, phrases: t.phrases.map((p) => toPhrase(p, t.kind)).filter((p) => p.terms.length > 0) }),
  );
  const vocabularyByLength = new Map<number, string[]>();
  for (const word of vocabulary) vocabularyByLength.set(word.length, [...(vocabularyByLength.get(word.length) ?? []), word]);
  return {
    vocabularyByLength,
    points: targets.filter((t) => t.kind === 'point'),
    misconceptions: targets.filter((t) => t.kind === 'misconception'),
    promptStems,
    prompt,
    modelAnswer,
    vocabulary,
  };
}
