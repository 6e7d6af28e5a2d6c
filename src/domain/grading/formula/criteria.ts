/**
 * Excel criteria strings (`">=10"`, `"<>North"`, `"N*"`, `""`) as used by COUNTIFS and friends,
 * for the conditional functions HyperFormula lacks (AVERAGEIFS). Text compares case-insensitively
 * with `*`, `?` and `~` wildcards; numbers compare numerically.
 */

/** A cell value as the custom functions see it: empty is `null`. */
export type PlainValue = number | string | boolean | null;

export type Criterion = (value: PlainValue) => boolean;

function wildcardRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '~' && i + 1 < pattern.length) {
      out += (pattern[i + 1] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    } else if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'i');
}

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Builds the predicate for one criterion value. */
export function buildCriterion(criterion: PlainValue): Criterion {
  if (criterion === null) return (v) => v === null || v === '';
  if (typeof criterion === 'number') return (v) => typeof v === 'number' && v === criterion;
  if (typeof criterion === 'boolean') return (v) => v === criterion;
  const m = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(criterion);
  const op = m?.[1] ?? '=';
  const operand = m?.[2] ?? '';
  const num = parseNumber(operand);
  const bool = /^(TRUE|FALSE)$/i.test(operand) ? operand.toUpperCase() === 'TRUE' : undefined;
  if (operand === '') {
    if (op === '=') return (v) => v === null || v === '';
    if (op === '<>') return (v) => v !== null && v !== '';
  }
  if (op === '=' || op === '<>') {
    let eq: Criterion;
    if (num !== undefined) eq = (v) => (typeof v === 'number' && v === num) || (typeof v === 'string' && parseNumber(v) === num);
    else if (bool !== undefined) eq = (v) => v === bool;
    else {
      const re = wildcardRegExp(operand);
      eq = (v) => typeof v === 'string' && re.test(v);
    }
    return op === '=' ? eq : (v) => !eq(v);
  }
  const compare = (v: PlainValue): number | undefined => {
    if (num !== undefined) return typeof v === 'number' ? v - num : undefined;
    if (typeof v !== 'string') return undefined;
    const a = v.toLowerCase();
    const b = operand.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return (v) => {
    const c = compare(v);
    if (c === undefined) return false;
    switch (op) {
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      default:
        return c >= 0;
    }
  };
}
