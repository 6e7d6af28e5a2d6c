/**
 * Reads a concept item as a person writes it (in a bank file or on a line of `grade --jsonl`)
 * into the full ConceptItem shape: only what the grader needs is required, the rest defaults.
 * Required: `prompt` and `keyPoints` (each with `text`). Everything else is optional.
 */
import { SKILL_AREAS, type ConceptItem, type Misconception, type RubricPoint, type SkillArea } from '../../bank/item.js';

export type ReadConceptItemResult = { readonly kind: 'ok'; readonly item: ConceptItem } | { readonly kind: 'invalid'; readonly problems: readonly string[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function strings(value: unknown, path: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    problems.push(`${path} must be a list of strings`);
    return [];
  }
  return value as string[];
}

function text(value: unknown, path: string, problems: string[], fallback?: string): string {
  if (typeof value === 'string' && value.trim().length > 0) return value;
  if (fallback !== undefined && value === undefined) return fallback;
  problems.push(`${path} must be a non-empty string`);
  return fallback ?? '';
}

function weight(value: unknown, path: string, problems: string[], fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  problems.push(`${path} must be a number`);
  return fallback;
}

/** Validates and completes a hand-written concept item; lists every problem at once. */
export function readConceptItem(raw: unknown, defaults: { readonly area?: SkillArea } = {}): ReadConceptItemResult {
  const problems: string[] = [];
  if (!isObject(raw)) return { kind: 'invalid', problems: ['item must be an object'] };
  if (raw.kind !== undefined && raw.kind !== 'concept') problems.push(`kind must be "concept", got ${JSON.stringify(raw.kind)}`);
  const prompt = text(raw.prompt, 'prompt', problems);
  const keyPointsRaw = Array.isArray(raw.keyPoints) ? raw.keyPoints : [];
  if (keyPointsRaw.length === 0) problems.push('keyPoints must be a non-empty list');
  const keyPoints = keyPointsRaw.map((p: unknown, i): RubricPoint => {
    const path = `keyPoints[${i}]`;
    if (!isObject(p)) {
      problems.push(`${path} must be an object`);
      return { id: `p${i + 1}`, text: '', weight: 1, aliases: [], examples: [], probe: '' };
    }
    const w = weight(p.weight, `${path}.weight`, problems, 1);
    if (w <= 0) problems.push(`${path}.weight must be positive`);
    return {
      id: typeof p.id === 'string' && p.id.length > 0 ? p.id : `p${i + 1}`,
      text: text(p.text, `${path}.text`, problems),
      weight: w,
      aliases: strings(p.aliases, `${path}.aliases`, problems),
      examples: strings(p.examples, `${path}.examples`, problems),
      probe: typeof p.probe === 'string' ? p.probe : '',
    };
  });
  const misconceptionsRaw = raw.misconceptions === undefined ? [] : raw.misconceptions;
  if (!Array.isArray(misconceptionsRaw)) problems.push('misconceptions must be a list');
  const misconceptions = (Array.isArray(misconceptionsRaw) ? misconceptionsRaw : []).map((m: unknown, i): Misconception => {
    const path = `misconceptions[${i}]`;
    if (!isObject(m)) {
      problems.push(`${path} must be an object`);
      return { id: `m${i + 1}`, text: '', weight: -1, aliases: [], examples: [] };
    }
    const w = weight(m.weight, `${path}.weight`, problems, -1);
    if (w >= 0) problems.push(`${path}.weight must be negative`);
    return {
      id: typeof m.id === 'string' && m.id.length > 0 ? m.id : `m${i + 1}`,
      text: text(m.text, `${path}.text`, problems),
      weight: w,
      aliases: strings(m.aliases, `${path}.aliases`, problems),
      examples: strings(m.examples, `${path}.examples`, problems),
    };
  });
  const ids = [...keyPoints.map((p) => p.id), ...misconceptions.map((m) => m.id)];
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) problems.push(`duplicate key point or misconception id "${duplicate}"`);
  const areaRaw = raw.area ?? defaults.area;
  const area: SkillArea = (SKILL_AREAS as readonly string[]).includes(String(areaRaw)) ? (areaRaw as SkillArea) : 'references-basics';
  if (areaRaw !== undefined && area !== areaRaw) problems.push(`area ${JSON.stringify(areaRaw)} is not a known skill area`);
  if (problems.length > 0) return { kind: 'invalid', problems };

  const level = [1, 2, 3, 4, 5].includes(Number(raw.level)) ? (Number(raw.level) as 1 | 2 | 3 | 4 | 5) : 3;
  const b = level - 3;
  const guide = Array.isArray(raw.gradingGuide) && raw.gradingGuide.length === 5 && raw.gradingGuide.every((g) => typeof g === 'string') ? raw.gradingGuide : ['', '', '', '', ''];
  return {
    kind: 'ok',
    item: {
      id: typeof raw.id === 'string' ? raw.id : 'adhoc.item',
      kind: 'concept',
      area,
      tags: strings(raw.tags, 'tags', []),
      level,
      prompt,
      timeLimitSec: typeof raw.timeLimitSec === 'number' ? raw.timeLimitSec : 180,
      irt: { model: 'grm', a: 1, thresholds: [b - 1.5, b - 0.5, b + 0.5, b + 1.5] },
      exposureCap: typeof raw.exposureCap === 'number' ? raw.exposureCap : 0.25,
      status: raw.status === 'draft' || raw.status === 'retired' ? raw.status : 'approved',
      author: typeof raw.author === 'string' ? raw.author : 'unknown',
      explanation: typeof raw.explanation === 'string' ? raw.explanation : '',
      modelAnswer: typeof raw.modelAnswer === 'string' ? raw.modelAnswer : '',
      keyPoints,
      misconceptions,
      gradingGuide: guide as unknown as readonly [string, string, string, string, string],
    },
  };
}
