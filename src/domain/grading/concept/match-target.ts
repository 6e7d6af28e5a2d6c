/**
 * Finds how well an answer states one rubric target (a key point or a misconception): the best
 * alias, example phrasing or point text, matched on surface forms, lemmas and stems with typo
 * tolerance, inside a window of at most two adjacent sentences, and checked for polarity (a
 * negated statement contradicts its positive phrasing and the other way round).
 */
import type { TextToken } from './analyze-text.js';
import type { RubricPhrase, RubricTarget, RubricTerm } from './compile-rubric.js';
import { editDistanceWithin, typoBudget } from './edit-distance.js';
import { EXCEL_FUNCTION_NAMES } from './excel-function-names.js';

/** The answer as the matcher sees it: content tokens only, with a lookup by form. */
export interface AnswerView {
  readonly text: string;
  readonly tokens: readonly TextToken[];
  /** Indices (into `tokens`) of content tokens that may earn credit. */
  readonly content: readonly number[];
  readonly byForm: ReadonlyMap<string, readonly number[]>;
  /** Content tokens the model does not know, the only ones typo tolerance applies to. */
  readonly unknown: readonly number[];
  readonly sentenceCount: number;
  /** Clause number of every token: clauses end at punctuation and at contrastive conjunctions. */
  readonly clauseOf: readonly number[];
  /** Position of a token among the content tokens (by token index), -1 when not content. */
  readonly positionOf: readonly number[];
  readonly lowerText: string;
  /** Term lookups already made against this answer. */
  readonly termCache: Map<string, readonly TermHit[]>;
}

/** Where one claim ends and a contrasting one begins ("A changes, but B stays"). */
const CLAUSE_BREAKERS = new Set([';', '.', '!', '?', 'but', 'whereas', 'while', 'although', 'however', 'though', 'unlike', 'rather', 'instead']);

export interface TargetMatch {
  readonly id: string;
  readonly kind: RubricTarget['kind'];
  /** 0..1: how fully the answer states the target. */
  readonly credit: number;
  /** The answer states the target's opposite (its negation). */
  readonly isContradicted: boolean;
  readonly source?: RubricPhrase['source'];
  /** Best weighted share of any phrase's terms found (before credit ramps), 0..1. */
  readonly coverage?: number;
  /** How many of the phrase's terms were found: breaks ties between competing targets. */
  readonly matchedTerms?: number;
  readonly start?: number;
  readonly end?: number;
}

/** Builds the matcher's view of analysed answer tokens; `isEligible` removes tokens (e.g. injected instructions). */
export function buildAnswerView(
  text: string,
  tokens: readonly TextToken[],
  sentenceCount: number,
  isContent: (t: TextToken) => boolean,
  isEligible: (t: TextToken) => boolean = () => true,
): AnswerView {
  const content: number[] = [];
  const byForm = new Map<string, number[]>();
  const unknown: number[] = [];
  tokens.forEach((token, index) => {
    if (!isContent(token) || !isEligible(token)) return;
    content.push(index);
    for (const form of new Set([token.norm, token.lemma, token.stem])) {
      const list = byForm.get(form);
      if (list) list.push(index);
      else byForm.set(form, [index]);
    }
    if (!token.isKnownWord && !EXCEL_FUNCTION_NAMES.has(token.norm) && token.kind === 'word') unknown.push(index);
  });
  const clauseOf: number[] = [];
  let clause = 0;
  for (const token of tokens) {
    if (CLAUSE_BREAKERS.has(token.norm)) clause++;
    clauseOf.push(clause);
  }
  const positionOf = new Array<number>(tokens.length).fill(-1);
  content.forEach((tokenIndex, k) => (positionOf[tokenIndex] = k));
  return { text, tokens, content, byForm, unknown, sentenceCount, clauseOf, positionOf, lowerText: text.toLowerCase(), termCache: new Map() };
}

export interface TermHit {
  readonly index: number;
  readonly strength: number;
}

const TYPO_STRENGTH = 0.85;
/** An alias that is one ordinary English word ("relative") names the topic more than it states the point. */
const BARE_WORD_CREDIT = 0.6;

function findTermHits(term: RubricTerm, view: AnswerView): readonly TermHit[] {
  const key = `${term.norm}|${term.lemma}|${term.stem}|${term.isFunctionName ? 1 : 0}`;
  const cached = view.termCache.get(key);
  if (cached) return cached;
  const found = lookUpTerm(term, view);
  view.termCache.set(key, found);
  return found;
}

function lookUpTerm(term: RubricTerm, view: AnswerView): TermHit[] {
  const hits = new Map<number, number>();
  for (const form of [term.norm, term.lemma, term.stem]) {
    for (const index of view.byForm.get(form) ?? []) {
      const token = view.tokens[index];
      if (!token) continue;
      if (term.isFunctionName && token.norm !== term.norm) continue;
      hits.set(index, 1);
    }
  }
  const budget = typoBudget(term.norm.length);
  if (budget > 0) {
    for (const index of view.unknown) {
      if (hits.has(index)) continue;
      const token = view.tokens[index];
      if (!token || Math.abs(token.norm.length - term.norm.length) > budget) continue;
      if (editDistanceWithin(token.norm, term.norm, budget) <= budget) hits.set(index, TYPO_STRENGTH);
    }
  }
  return [...hits].map(([index, strength]) => ({ index, strength })).sort((a, b) => a.index - b.index);
}

interface PhraseMatch {
  readonly coverage: number;
  readonly matchedTerms: number;
  readonly isContradicted: boolean;
  readonly start: number;
  readonly end: number;
}

/** Credit for a phrase covered to `coverage`: aliases are all-or-nothing, sentences ramp up. */
function phraseCredit(phrase: RubricPhrase, coverage: number): number {
  if (phrase.source === 'alias') {
    if (coverage < 0.999) return 0;
    if (phrase.echoesPrompt) return 0.3;
    return phrase.isBareWord ? BARE_WORD_CREDIT : 1;
  }
  const ramp = Math.min(1, Math.max(0, (coverage - 0.35) / 0.4));
  return phrase.echoesPrompt ? Math.min(ramp, 0.3) : ramp;
}

/** Share of pairs of matched terms that appear in the answer in the phrase's order. */
function orderAgreement(positions: readonly number[]): number {
  let concordant = 0;
  let pairs = 0;
  for (let i = 0; i < positions.length; i++) {
    for (let j = i + 1; j < positions.length; j++) {
      const a = positions[i] ?? 0;
      const b = positions[j] ?? 0;
      if (a === b) continue;
      pairs++;
      if (a < b) concordant++;
    }
  }
  return pairs === 0 ? 1 : concordant / pairs;
}

/**
 * Best coverage of a phrase by a compact stretch of the answer: windows of content tokens a
 * little longer than the phrase, anchored at every token that matches one of its terms. Terms
 * found out of the phrase's order count for less (who does what to whom matters).
 */
function matchPhrase(phrase: RubricPhrase, view: AnswerView, strictOrder: boolean): PhraseMatch | undefined {
  const termHits = phrase.terms.map((term) => findTermHits(term, view));
  const total = phrase.terms.reduce((sum, t) => sum + t.weight, 0);
  if (total <= 0 || termHits.every((h) => h.length === 0)) return undefined;
  const isAlias = phrase.source === 'alias';
  // An alias is a fixed expression: its words in order, at most one stray content word inside.
  const width = isAlias ? phrase.terms.length + (phrase.terms.length >= 3 ? 1 : 0) : Math.ceil(phrase.terms.length * 1.8) + 4;

  const anchors = new Set<number>();
  for (const hits of termHits) for (const hit of hits) anchors.add(view.positionOf[hit.index] ?? 0);
  let best: PhraseMatch | undefined;
  let bestCoverage = -1;
  for (const anchor of anchors) {
    const anchorClause = view.clauseOf[view.content[anchor] ?? 0];
    let covered = 0;
    let agree = 0;
    let disagree = 0;
    let start = Number.POSITIVE_INFINITY;
    let end = -1;
    let matched = 0;
    const order: number[] = [];
    phrase.terms.forEach((term, k) => {
      let chosen: TermHit | undefined;
      let chosenAt = 0;
      for (const hit of termHits[k] ?? []) {
        const at = view.positionOf[hit.index] ?? -1;
        if (at < anchor || at >= anchor + width) continue;
        if (strictOrder && view.clauseOf[hit.index] !== anchorClause) continue;
        if (!chosen || hit.strength > chosen.strength) {
          chosen = hit;
          chosenAt = at;
        }
      }
      const token = chosen ? view.tokens[chosen.index] : undefined;
      if (!chosen || !token) return;
      covered += term.weight * chosen.strength;
      matched++;
      if (token.isNegated === term.isNegated) agree += term.weight;
      else disagree += term.weight;
      start = Math.min(start, token.start);
      end = Math.max(end, token.end);
      order.push(chosenAt);
    });
    if (end < 0) continue;
    const agreement = orderAgreement(order);
    if (strictOrder && order.length >= 2 && agreement < 0.75) continue;
    if (isAlias) {
      if (matched < phrase.terms.length || agreement < 1) continue;
      const coverage = 1;
      if (coverage > bestCoverage) {
        bestCoverage = coverage;
        best = { coverage, matchedTerms: matched, isContradicted: disagree > agree, start, end };
      }
      continue;
    }
    // One rare word is not a paraphrase of a sentence: long phrases need two terms and count them.
    if (phrase.terms.length >= 3 && matched < 2) continue;
    const countShare = matched / phrase.terms.length;
    const coverage = (covered / total) * (0.6 + 0.4 * countShare) * (0.75 + 0.25 * agreement);
    if (coverage > bestCoverage) {
      bestCoverage = coverage;
      best = { coverage, matchedTerms: matched, isContradicted: disagree > agree, start, end };
    }
  }
  return best;
}

/** Finds a literal (case-insensitive, word-bounded) occurrence of an alias such as `$A$1` or `#N/A`. */
function matchLiteral(phrase: RubricPhrase, view: AnswerView): PhraseMatch | undefined {
  const needle = phrase.text.trim().toLowerCase();
  if (needle.length < 2) return undefined;
  const haystack = view.lowerText;
  let contradicted: PhraseMatch | undefined;
  let from = 0;
  while (from <= haystack.length) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return contradicted;
    const before = haystack[at - 1] ?? ' ';
    const after = haystack[at + needle.length] ?? ' ';
    const bounded = !/[a-z0-9]/.test(before) || !/[a-z0-9]/.test(needle[0] ?? '');
    const boundedAfter = !/[a-z0-9]/.test(after) || !/[a-z0-9]/.test(needle[needle.length - 1] ?? '');
    if (bounded && boundedAfter) {
      const covered: number[] = [];
      for (let index = 0; index < view.tokens.length; index++) {
        const t = view.tokens[index];
        if (t && t.start >= at && t.end <= at + needle.length) covered.push(index);
        if (t && t.start > at + needle.length) break;
      }
      if (covered.some((index) => (view.positionOf[index] ?? -1) >= 0)) {
        const isNegated = covered.some((index) => view.tokens[index]?.isNegated === true) !== phrase.terms.some((t) => t.isNegated);
        const match = { coverage: 1, matchedTerms: Math.max(phrase.terms.length, 1), isContradicted: isNegated, start: at, end: at + needle.length };
        if (!isNegated) return match;
        contradicted ??= match;
      }
    }
    from = at + 1;
  }
  return contradicted;
}

/** How well the answer states `target`; never throws, returns zero credit when nothing matches. */
export function matchTarget(target: RubricTarget, view: AnswerView): TargetMatch {
  let best: TargetMatch = { id: target.id, kind: target.kind, credit: 0, isContradicted: false };
  let contradiction: TargetMatch | undefined;
  let bestCoverage = 0;
  for (const phrase of target.phrases) {
    const literal = phrase.source === 'alias' ? matchLiteral(phrase, view) : undefined;
    // An alias written with symbols (">=H2", "$A$1") only counts when it occurs as written.
    const isSymbolic = phrase.source === 'alias' && /[^\p{L}\p{N}\s'’-]/u.test(phrase.text);
    const match = literal && !literal.isContradicted ? literal : isSymbolic ? literal : (matchPhrase(phrase, view, target.kind === 'misconception') ?? literal);
    if (!match) continue;
    if (!match.isContradicted) bestCoverage = Math.max(bestCoverage, match.coverage);
    const credit = phraseCredit(phrase, match.coverage);
    if (credit <= 0) continue;
    const candidate: TargetMatch = { id: target.id, kind: target.kind, credit, isContradicted: match.isContradicted, source: phrase.source, matchedTerms: match.matchedTerms, start: match.start, end: match.end };
    if (match.isContradicted) {
      if (!contradiction || credit > contradiction.credit) contradiction = candidate;
    } else if (credit > best.credit || (credit === best.credit && (match.matchedTerms ?? 0) > (best.matchedTerms ?? 0))) {
      best = candidate;
    }
  }
  if (contradiction && contradiction.credit >= 0.6 && contradiction.credit > best.credit) return { ...contradiction, coverage: bestCoverage };
  return { ...best, coverage: bestCoverage };
}
