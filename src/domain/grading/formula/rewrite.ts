/**
 * Pre-parse rewrites that let HyperFormula run formulas it cannot parse itself: Excel's `_xlfn.`
 * prefixes are dropped, `LET(name, value, …, body)` and immediately invoked
 * `LAMBDA(params…, body)(args…)` are inlined by substituting each name with its parenthesised
 * value. Inlining is exact for pure formulas (every function the engines support is pure
 * apart from the volatile ones, which grading rejects), at the cost of re-evaluating a value
 * once per use.
 */
import { stripFunctionPrefix, tokenize, type Token } from './tokenize.js';

/** What the rewrite produced: the new formula, or why it could not be rewritten. */
export type RewriteOutcome = { readonly kind: 'ok'; readonly formula: string } | { readonly kind: 'failed'; readonly reason: string };

/** Rewritten formulas longer than this are refused (nested LETs can grow exponentially). */
export const MAX_REWRITTEN_LENGTH = 65_536;

/** Rewrites LET/LAMBDA and drops function prefixes; formulas without them come back unchanged. */
export function rewriteForHyperFormula(formula: string): RewriteOutcome {
  const tokens = tokenize(formula);
  const needs = tokens.some((t) => t.kind === 'function' && (/^_xl/i.test(t.text) || /^(LET|LAMBDA)$/i.test(t.text)));
  if (!needs) return { kind: 'ok', formula };
  const result = rewriteTokens(tokens);
  if (result === undefined) return { kind: 'failed', reason: 'LET or LAMBDA is malformed' };
  const text = result.map((t) => t.text).join('');
  if (text.length > MAX_REWRITTEN_LENGTH) return { kind: 'failed', reason: 'LET expansion is too large' };
  return { kind: 'ok', formula: text };
}


/** Index of the `close` matching the `open` at `start`, or -1. */
function matchingClose(tokens: readonly Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const kind = tokens[i]?.kind;
    if (kind === 'open' || kind === 'array-open') depth++;
    else if (kind === 'close' || kind === 'array-close') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits the tokens strictly between an `open` and its `close` at top-level commas. */
function splitArgs(tokens: readonly Token[]): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'open' || t.kind === 'array-open') depth++;
    if (t.kind === 'close' || t.kind === 'array-close') depth--;
    if (t.kind === 'comma' && depth === 0) args.push([]);
    else args[args.length - 1]?.push(t);
  }
  return args;
}

function trimmedName(arg: readonly Token[]): string | undefined {
  const meaningful = arg.filter((t) => t.kind !== 'space');
  const only = meaningful[0];
  if (meaningful.length !== 1 || !only || (only.kind !== 'name' && only.kind !== 'ref')) return undefined;
  return only.text.toUpperCase();
}

function substitute(tokens: readonly Token[], bindings: ReadonlyMap<string, readonly Token[]>): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const value = t.kind === 'name' || t.kind === 'ref' ? bindings.get(t.text.toUpperCase()) : undefined;
    if (value) out.push({ kind: 'open', text: '(' }, ...value, { kind: 'close', text: ')' });
    else out.push(t);
  }
  return out;
}

function rewriteTokens(tokens: readonly Token[]): Token[] | undefined {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (t.kind !== 'function') {
      out.push(t);
      continue;
    }
    const name = stripFunctionPrefix(t.text).toUpperCase();
    if (name !== 'LET' && name !== 'LAMBDA') {
      out.push({ kind: 'function', text: stripFunctionPrefix(t.text) });
      continue;
    }
    const close = matchingClose(tokens, i + 1);
    if (close < 0) return undefined;
    const rawArgs = splitArgs(tokens.slice(i + 2, close));
    const args: Token[][] = [];
    for (const a of rawArgs) {
      const r = rewriteTokens(a);
      if (!r) return undefined;
      args.push(r);
    }
    if (name === 'LET') {
      if (args.length < 3 || args.length % 2 === 0) return undefined;
      const bindings = new Map<string, readonly Token[]>();
      for (let k = 0; k + 1 < args.length; k += 2) {
        const varName = trimmedName(args[k] ?? []);
        if (!varName) return undefined;
        bindings.set(varName, substitute(args[k + 1] ?? [], bindings));
      }
      out.push({ kind: 'open', text: '(' }, ...substitute(args[args.length - 1] ?? [], bindings), { kind: 'close', text: ')' });
      i = close;
      continue;
    }
    // LAMBDA: only the immediately invoked form LAMBDA(x, body)(value) can be inlined.
    let next = close + 1;
    while (tokens[next]?.kind === 'space') next++;
    if (tokens[next]?.kind !== 'open') return undefined;
    const callClose = matchingClose(tokens, next);
    if (callClose < 0) return undefined;
    const callArgs: Token[][] = [];
    for (const a of splitArgs(tokens.slice(next + 1, callClose))) {
      const r = rewriteTokens(a);
      if (!r) return undefined;
      callArgs.push(r);
    }
    const params = args.slice(0, -1).map((a) => trimmedName(a));
    if (params.some((p) => p === undefined) || params.length !== callArgs.length) return undefined;
    const bindings = new Map<string, readonly Token[]>();
    params.forEach((p, k) => bindings.set(p ?? '', callArgs[k] ?? []));
    out.push({ kind: 'open', text: '(' }, ...substitute(args[args.length - 1] ?? [], bindings), { kind: 'close', text: ')' });
    i = callClose;
  }
  return out;
}
