import { LineCounter, parseDocument } from 'yaml';
import { BankFileSchema, ITEM_SCHEMAS } from './bank-file-schema.js';
import type { BankProblem } from './bank-problem.js';
import { describeSchemaErrors } from './describe-schema-errors.js';
import { ITEM_KINDS, SKILL_AREAS, type Item, type ItemKind, type SkillArea } from './item.js';
import { normaliseItem } from './normalise-item.js';

export interface ParseResult {
  /** True when there is no problem at all. */
  readonly ok: boolean;
  /** The items that passed the schema, normalised; items with problems are left out. */
  readonly items: readonly Item[];
  readonly problems: readonly BankProblem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds the usual cause of two YAML traps to a schema message. */
function withYamlHint(path: string, message: string): string {
  const last = path.split('.').pop() ?? '';
  if (message === 'is not a known field' && /[\s%]/.test(last)) {
    return `${message}: inside { … } an unquoted comma ends a value (and ": " starts a key); quote the value before it`;
  }
  if (/^must be string \(got (true|false|null|-?[0-9.e+]+)\)$/.test(message)) {
    return `${message}: YAML read TRUE/FALSE/yes/no/null or a number; quote the text`;
  }
  return message;
}

/**
 * Checks one raw item (from YAML, CSV, QTI or an LLM) against its kind's schema and normalises
 * it. `area` is the file's area; the item may repeat it but not name another.
 */
export function parseItemObject(
  raw: unknown,
  where: { readonly file: string; readonly area: SkillArea | undefined; readonly index: number },
): { readonly item?: Item; readonly problems: readonly BankProblem[] } {
  const fallbackId = `#${where.index + 1}`;
  if (!isRecord(raw)) return { problems: [{ file: where.file, itemId: fallbackId, message: 'an item must be a mapping of fields' }] };
  const itemId = typeof raw['id'] === 'string' && raw['id'] !== '' ? raw['id'] : fallbackId;
  const problem = (field: string | undefined, message: string): BankProblem => ({ file: where.file, itemId, ...(field ? { field } : {}), message });
  const kind = raw['kind'];
  if (typeof kind !== 'string' || !(ITEM_KINDS as readonly string[]).includes(kind)) {
    return { problems: [problem('kind', `must be one of ${ITEM_KINDS.join(', ')} (got ${JSON.stringify(kind) ?? 'nothing'})`)] };
  }
  const problems: BankProblem[] = [];
  const area = raw['area'] ?? where.area;
  if (where.area !== undefined && raw['area'] !== undefined && raw['area'] !== where.area) {
    problems.push(problem('area', `is ${JSON.stringify(raw['area'])} but the file's area is ${where.area}: move the item to that area's file`));
  }
  if (area === undefined) problems.push(problem('area', 'is required (no file area to inherit)'));
  for (const e of describeSchemaErrors(ITEM_SCHEMAS[kind as ItemKind], raw)) problems.push(problem(e.path || undefined, withYamlHint(e.path, e.message)));
  if (problems.length > 0 || !(SKILL_AREAS as readonly unknown[]).includes(area)) return { problems };
  return { item: normaliseItem(raw, area as SkillArea), problems };
}

/**
 * Parses one bank file's YAML text: `{ area, items: [...] }`. Every problem is reported at once,
 * as `file:item-id: field: message`, and the items that are fine are returned normalised.
 */
export function parseBankFile(text: string, fileName: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      items: [],
      problems: doc.errors.map((e) => {
        const line = lineCounter.linePos(e.pos[0]).line;
        return { file: fileName, field: `line ${line}`, message: e.message.split('\n')[0] ?? e.message };
      }),
    };
  }
  const data: unknown = doc.toJS();
  const problems: BankProblem[] = [];
  const envelopeErrors = describeSchemaErrors(BankFileSchema, data);
  if (!isRecord(data) || !Array.isArray(data['items'])) {
    const detail = envelopeErrors.map((e) => `${e.path || 'file'} ${e.message}`).join('; ');
    return { ok: false, items: [], problems: [{ file: fileName, message: `a bank file is { area, items: [...] }: ${detail || 'empty file'}` }] };
  }
  for (const e of envelopeErrors) problems.push({ file: fileName, ...(e.path ? { field: e.path } : {}), message: e.message });
  const area = (SKILL_AREAS as readonly unknown[]).includes(data['area']) ? (data['area'] as SkillArea) : undefined;
  const items: Item[] = [];
  data['items'].forEach((raw, index) => {
    const parsed = parseItemObject(raw, { file: fileName, area, index });
    problems.push(...parsed.problems);
    if (parsed.item && area !== undefined) items.push(parsed.item);
  });
  return { ok: problems.length === 0, items, problems };
}
