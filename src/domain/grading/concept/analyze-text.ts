/**
 * Turns free text into tokens the rubric matcher can compare: surface form, lemma, stem, the
 * character span in the original text, whether the token sits in a negation's scope, and whether
 * the bundled English model knows the word. Wraps wink-nlp and its offline English model; the
 * model is pure data loaded once, so analysis is deterministic and does no I/O.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface TextToken {
  /** Exactly as written. */
  readonly text: string;
  /** Lower case. */
  readonly norm: string;
  readonly lemma: string;
  readonly stem: string;
  readonly start: number;
  readonly end: number;
  readonly kind: 'word' | 'number' | 'punctuation' | 'symbol' | 'other';
  readonly pos: string;
  readonly isStopWord: boolean;
  /** The token is inside the scope of a negation ("does not *change when copied*"). */
  readonly isNegated: boolean;
  /** The token is itself a negation word (not, n't, never, no, cannot, without). */
  readonly isNegator: boolean;
  /** The English model's vocabulary contains the word. */
  readonly isKnownWord: boolean;
  readonly sentence: number;
}

export interface AnalyzedText {
  readonly text: string;
  readonly tokens: readonly TextToken[];
  readonly sentenceCount: number;
}

/**
 * wink-nlp learns every unknown word it reads into its instance's lexicon, for good: a million
 * unknown words (typos, gibberish, other languages) hold about 125 MB. Past this many learned
 * words the instance is replaced by a fresh one, which frees them; known words keep their ids, and
 * analysis only asks whether an id is below `firstUnknownId`, so results do not change.
 */
const MAX_LEARNED_WORDS = 200_000;

let nlp = winkNLP(model);
const its = nlp.its as unknown as Record<string, unknown>;

/** wink-nlp's `out(its.x)` typed loosely: its declarations do not line up with the model's. */
interface Collection {
  out(f?: unknown): unknown;
}
function column<T>(collection: Collection, name: string): T[] {
  return collection.out(its[name]) as T[];
}

/**
 * wink-nlp appends unknown words to its lexicon as it meets them, so every id at or above the
 * first id it hands out to a nonsense word is out of vocabulary, whatever was read before.
 */
const firstUnknownId = ((): number => {
  const ids = column<number>(nlp.readDoc('qxzvbkwjq').tokens(), 'uniqueId');
  return ids[0] ?? Number.MAX_SAFE_INTEGER;
})();

/** The highest word id the current instance has handed out: ids past `firstUnknownId` are words it learned. */
let highestId = 0;

/** Reads with the current instance, replaced first when it has learned too many unknown words (the caller records the ids it sees). */
function readDoc(text: string): ReturnType<typeof nlp.readDoc> {
  if (learnedWords() > MAX_LEARNED_WORDS) {
    nlp = winkNLP(model);
    highestId = 0;
  }
  return nlp.readDoc(text);
}

/** About how many unknown words the current instance has added to its lexicon. */
export function learnedWords(): number {
  return Math.max(0, highestId - firstUnknownId + 1);
}

const NEGATORS = new Set(['not', "n't", 'never', 'no', 'cannot', 'neither', 'nor', 'none', 'nothing', 'nobody', 'nowhere']);

/**
 * Where a negation's scope ends: punctuation, and conjunctions that start a new claim. wink-nlp
 * marks scope too, but treats "without" as a negation ("without dollar signs the reference
 * moves" is not a negated claim), so the grader computes its own, simpler scope.
 */
const SCOPE_BREAKERS = new Set([',', ';', ':', '.', '!', '?', 'but', 'whereas', 'while', 'although', 'though', 'however', 'and', 'so', 'because', 'which', 'unlike']);

function tokenKind(type: string): TextToken['kind'] {
  switch (type) {
    case 'word':
    case 'email':
    case 'hashtag':
    case 'mention':
    case 'url':
      return 'word';
    case 'number':
    case 'ordinal':
      return 'number';
    case 'punctuation':
      return 'punctuation';
    case 'symbol':
    case 'currency':
      return 'symbol';
    default:
      return 'other';
  }
}

/** Analyzes `text`; the same text always gives the same tokens. */
export function analyzeText(text: string): AnalyzedText {
  const doc = readDoc(text);
  const tokens = doc.tokens();
  const values = column<string>(tokens, 'value');
  const lemmas = column<string>(tokens, 'lemma');
  const stems = column<string>(tokens, 'stem');
  const types = column<string>(tokens, 'type');
  const pos = column<string>(tokens, 'pos');
  const stop = column<boolean>(tokens, 'stopWordFlag');
  const ids = column<number>(tokens, 'uniqueId');
  for (const id of ids) if (id > highestId) highestId = id;
  const spans = column<[number, number]>(doc.sentences(), 'span');
  const sentenceOf: number[] = [];
  spans.forEach(([first, last], k) => {
    for (let i = first; i <= last; i++) sentenceOf[i] = k;
  });
  const sentenceCount = spans.length;

  const out: TextToken[] = [];
  let cursor = 0;
  let inScope = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    let start = text.indexOf(value, cursor);
    // wink-nlp may normalise a token (quotes, contractions); fall back to the cursor.
    if (start < 0 || start - cursor > 40) start = Math.min(cursor, text.length);
    const end = Math.min(start + value.length, text.length);
    cursor = Math.max(cursor, end);
    const norm = value.toLowerCase();
    const kind = tokenKind(types[i] ?? 'other');
    const next = values[i + 1]?.toLowerCase();
    // "rather than X" and "instead of X" deny X as much as "not X" does.
    const isNegator = NEGATORS.has(norm) || (norm === 'ca' && next === "n't") || (norm === 'rather' && next === 'than') || (norm === 'instead' && next === 'of');
    if (SCOPE_BREAKERS.has(norm) || (sentenceOf[i] ?? 0) !== (sentenceOf[i - 1] ?? 0)) inScope = false;
    const isNegated = inScope && !isNegator;
    if (isNegator) inScope = true;
    out.push({
      text: value,
      norm,
      lemma: (lemmas[i] ?? norm).toLowerCase(),
      stem: (stems[i] ?? norm).toLowerCase(),
      start,
      end,
      kind,
      pos: pos[i] ?? 'X',
      isStopWord: stop[i] ?? false,
      isNegated,
      isNegator,
      isKnownWord: kind !== 'word' || (ids[i] ?? firstUnknownId) < firstUnknownId,
      sentence: sentenceOf[i] ?? Math.max(0, sentenceCount - 1),
    });
  }
  return { text, tokens: out, sentenceCount: Math.max(sentenceCount, 1) };
}
