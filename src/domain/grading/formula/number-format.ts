/**
 * Excel number-format strings for TEXT(): number placeholders (`0`, `#`, `?`, `.`, `,`), percent,
 * scientific notation, literal text, sections (`positive;negative;zero;text`) and date/time codes
 * (`yyyy`, `mmm`, `dddd`, `hh:mm`, `AM/PM`). Fractions, colours and conditions are not supported
 * and fall back to the general format.
 */
import { dateFromSerial, weekdayIndex } from './excel-date.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Piece = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'code'; readonly text: string };

/** Splits a section into literal text and format codes. */
function pieces(section: string): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i] ?? '';
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      out.push({ kind: 'literal', text: section.slice(i + 1, stop) });
      i = stop;
    } else if (ch === '\\') {
      out.push({ kind: 'literal', text: section[i + 1] ?? '' });
      i++;
    } else if (ch === '_') {
      out.push({ kind: 'literal', text: ' ' });
      i++;
    } else if (ch === '*') {
      i++;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      i = end < 0 ? section.length : end;
    } else {
      out.push({ kind: 'code', text: ch });
    }
  }
  return out;
}

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] ?? '';
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && !quoted) {
      current += ch + (format[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === ';' && !quoted) {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

function isDateSection(section: string): boolean {
  const codes = pieces(section)
    .filter((p) => p.kind === 'code')
    .map((p) => p.text)
    .join('');
  return /[ydhs]/i.test(codes) || (/m/i.test(codes) && !/[0#?]/.test(codes));
}

/** Excel's ROUND: half away from zero, with a nudge against binary representation error. */
export function roundHalfAway(value: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(Number(scaled.toPrecision(15)));
  return (Math.sign(value) * rounded) / factor;
}

function formatDate(section: string, serial: number): string {
  const ps = pieces(section);
  const { year, month, day } = dateFromSerial(serial);
  const fraction = serial - Math.floor(serial);
  let seconds = Math.round(fraction * 86_400);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const codes = ps.map((p) => (p.kind === 'code' ? p.text : '\u0000')).join('');
  const ampm = /AM\/PM|A\/P/i.test(codes);
  let out = '';
  let lastWasHour = false;
  let i = 0;
  const literalAt = new Map<number, string>();
  ps.forEach((p, k) => {
    if (p.kind === 'literal') literalAt.set(k, p.text);
  });
  while (i < codes.length) {
    const rest = codes.slice(i);
    const ch = rest[0] ?? '';
    if (ch === '\u0000') {
      out += literalAt.get(i) ?? '';
      i++;
      continue;
    }
    const run = /^(.)\1*/.exec(rest.toLowerCase())?.[0] ?? ch;
    const n = run.length;
    const lower = ch.toLowerCase();
    if (/^AM\/PM/i.test(rest)) {
      out += hours < 12 ? 'AM' : 'PM';
      i += 5;
      continue;
    }
    if (/^A\/P/i.test(rest)) {
      out += hours < 12 ? 'A' : 'P';
      i += 3;
      continue;
    }
    if (lower === 'y') {
      out += n <= 2 ? String(year % 100).padStart(2, '0') : String(year);
      lastWasHour = false;
    } else if (lower === 'd') {
      if (n === 1) out += String(day);
      else if (n === 2) out += String(day).padStart(2, '0');
      else if (n === 3) out += (DAYS[weekdayIndex(serial)] ?? '').slice(0, 3);
      else out += DAYS[weekdayIndex(serial)] ?? '';
      lastWasHour = false;
    } else if (lower === 'h') {
      const h = ampm ? ((hours + 11) % 12) + 1 : hours;
      out += n === 1 ? String(h) : String(h).padStart(2, '0');
      lastWasHour = true;
    } else if (lower === 's') {
      out += n === 1 ? String(seconds) : String(seconds).padStart(2, '0');
      lastWasHour = false;
    } else if (lower === 'm') {
      const nextCodes = codes.slice(i + n).replace(/[^a-z]/gi, '');
      const isMinute = (lastWasHour || /^s/i.test(nextCodes)) && n <= 2;
      if (isMinute) out += n === 1 ? String(minutes) : String(minutes).padStart(2, '0');
      else if (n === 1) out += String(month);
      else if (n === 2) out += String(month).padStart(2, '0');
      else if (n === 3) out += (MONTHS[month - 1] ?? '').slice(0, 3);
      else if (n === 5) out += (MONTHS[month - 1] ?? '').slice(0, 1);
      else out += MONTHS[month - 1] ?? '';
      lastWasHour = false;
    } else {
      out += rest.slice(0, n);
    }
    i += n;
  }
  return out;
}

function formatNumber(section: string, value: number, withSign: boolean): string {
  const ps = pieces(section);
  let codes = '';
  const literals: string[] = [];
  for (const p of ps) {
    if (p.kind === 'code') codes += p.text;
    else {
      codes += String.fromCharCode(LITERAL_BASE + literals.length);
      literals.push(p.text);
    }
  }
  const percent = (codes.match(/%/g) ?? []).length;
  let v = Math.abs(value) * 100 ** percent;
  const first = codes.search(/[0#?]/);
  if (first < 0) {
    return (withSign && value < 0 ? '-' : '') + restoreLiterals(codes, literals);
  }
  let last = first;
  for (let k = first; k < codes.length; k++) {
    if (/[0#?]/.test(codes[k] ?? '')) last = k;
    else if (!/[.,]/.test(codes[k] ?? '') && !/^[eE][+-]/.test(codes.slice(k))) break;
    else if (/^[eE][+-]/.test(codes.slice(k))) k++;
  }
  let pattern = codes.slice(first, last + 1);
  const before = codes.slice(0, first);
  let after = codes.slice(last + 1);
  // Commas right after the last placeholder scale by thousands.
  while (pattern.endsWith(',') || after.startsWith(',')) {
    if (pattern.endsWith(',')) pattern = pattern.slice(0, -1);
    else after = after.slice(1);
    v /= 1000;
  }
  const sci = /[eE][+-]/.exec(pattern);
  let body: string;
  if (sci) {
    const mantissaPattern = pattern.slice(0, sci.index);
    const expPattern = pattern.slice(sci.index + 2);
    const [, dec = ''] = mantissaPattern.split('.');
    let exponent = v === 0 ? 0 : Math.floor(Math.log10(v));
    let mantissa = roundHalfAway(v / 10 ** exponent, dec.length);
    if (mantissa >= 10) {
      mantissa /= 10;
      exponent += 1;
    }
    const sign = exponent < 0 ? '-' : sci[0][1] === '+' ? '+' : '';
    body = placeDigits(mantissaPattern, mantissa) + sci[0][0] + sign + String(Math.abs(exponent)).padStart(expPattern.replace(/[^0]/g, '').length, '0');
  } else {
    body = placeDigits(pattern, v);
  }
  if (after.includes('.') && !pattern.includes('.')) after = after.replace('.', '');
  const text = restoreLiterals(before, literals) + body + restoreLiterals(after, literals);
  const isZero = Number(body.replace(/[^0-9.]/g, '')) === 0;
  return (withSign && value < 0 && !isZero ? '-' : '') + text;
}

function placeDigits(pattern: string, v: number): string {
  const dot = pattern.indexOf('.');
  const intPattern = dot < 0 ? pattern : pattern.slice(0, dot);
  const decPattern = dot < 0 ? '' : pattern.slice(dot + 1).replace(/,/g, '');
  const grouping = intPattern.includes(',');
  const decimals = decPattern.length;
  const rounded = roundHalfAway(v, decimals);
  const fixed = rounded.toFixed(decimals);
  const [intDigitsRaw = '0', decDigitsRaw = ''] = fixed.split('.');
  const minInt = (intPattern.match(/0/g) ?? []).length;
  let intDigits = intDigitsRaw.replace(/^0+/, '');
  if (intDigits.length < minInt) intDigits = intDigits.padStart(minInt, '0');
  if (grouping) intDigits = intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let decDigits = decDigitsRaw;
  for (let k = decPattern.length - 1; k >= 0 && decDigits.endsWith('0') && decPattern[k] !== '0'; k--) {
    decDigits = decPattern[k] === '?' ? `${decDigits.slice(0, -1)} ` : decDigits.slice(0, -1);
  }
  return dot < 0 ? intDigits : `${intDigits}.${decDigits}`;
}

/** Literal pieces stand in the code string as private-use characters, one per literal. */
const LITERAL_BASE = 0xe000;

function restoreLiterals(codes: string, literals: readonly string[]): string {
  return codes.replace(/[\ue000-\uefff]/g, (ch) => literals[ch.charCodeAt(0) - LITERAL_BASE] ?? '');
}

/** Excel's General format for TEXT(x, "General"): up to 11 significant characters. */
export function formatGeneral(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9)) {
    const [m = '0', e = '0'] = value.toExponential(5).split('e');
    const mant = m.replace(/\.?0+$/, '');
    const exp = Number(e);
    return `${mant}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const intLen = Math.max(1, Math.floor(Math.log10(Math.max(abs, 1))) + 1);
  const decimals = Math.max(0, 10 - intLen);
  return String(Number(value.toFixed(decimals)));
}

/**
 * Formats a value the way Excel's TEXT(value, format) does. Text values go through the fourth
 * section (or come back unchanged); numbers pick the section by sign.
 */
export function formatValue(value: number | string, format: string): string {
  const sections = splitSections(format);
  if (typeof value === 'string') {
    const textSection = sections[3] ?? (sections.length === 1 && sections[0]?.includes('@') ? sections[0] : undefined);
    return textSection === undefined ? value : textSection.replace(/"([^"]*)"/g, '$1').replace('@', value);
  }
  let section = sections[0] ?? '';
  let withSign = true;
  if (value < 0 && sections.length >= 2) {
    section = sections[1] ?? '';
    withSign = false;
  } else if (value === 0 && sections.length >= 3) {
    section = sections[2] ?? '';
  }
  if (/^general$/i.test(section.trim()) || section === '') return formatGeneral(value);
  if (isDateSection(section)) return value < 0 ? '#'.repeat(10) : formatDate(section, value);
  return formatNumber(section, value, withSign);
}
