import { randomInt, type Rng } from '../../rng.js';
import type { BankProblem } from '../bank-problem.js';
import { checkItems } from '../check-items.js';
import type { Item, ItemKind, Level, SkillArea } from '../item.js';
import { parseBankFile, parseItemObject } from '../parse-bank-file.js';
import { serialiseBankFile } from '../serialise-bank-files.js';
import { DEFAULT_TEMPLATES, AREA_TOPICS, type ItemTemplate } from './item-templates.js';

export interface DraftRequest {
  readonly area: SkillArea;
  readonly level: Level;
  readonly kind: ItemKind;
  readonly count: number;
}

export interface DraftResult {
  readonly items: readonly Item[];
  readonly problems: readonly BankProblem[];
}

const DRAFT_FILE = 'draft';

function draftId(request: DraftRequest, rng: Rng): string {
  const suffix = Array.from({ length: 6 }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[randomInt(rng, 0, 35)]).join('');
  return `${request.area}.draft-${request.kind}-l${request.level}-${suffix}`;
}

/** Keeps only the drafts that pass the validator's item checks, reporting the rest. */
function checked(items: readonly Item[], problems: readonly BankProblem[]): DraftResult {
  const itemProblems = checkItems(items, () => DRAFT_FILE).filter((p) => !(p.field === 'variantGroup'));
  const bad = new Set(itemProblems.map((p) => p.itemId));
  return { items: items.filter((i) => !bad.has(i.id)), problems: [...problems, ...itemProblems] };
}

/**
 * Drafts `count` items from the templates of the requested kind, always with status `draft`
 * and always through the bank parser and item checks. Throws if a template yields an invalid
 * item (a bug in the template, not in the request).
 */
export function draftItems(request: DraftRequest, templates: readonly ItemTemplate[] = DEFAULT_TEMPLATES, rng: Rng): Item[] {
  const usable = templates.filter((t) => t.kind === request.kind);
  if (usable.length === 0) throw new Error(`no template drafts ${request.kind} items`);
  const items: Item[] = [];
  for (let i = 0; i < request.count; i++) {
    const template = usable[i % usable.length]!;
    const raw = { ...template.build({ area: request.area, level: request.level, id: draftId(request, rng), rng }), status: 'draft' };
    const parsed = parseItemObject(raw, { file: DRAFT_FILE, area: request.area, index: i });
    if (!parsed.item) throw new Error(`template ${template.name} drafted an invalid item: ${parsed.problems.map((p) => `${p.field ?? ''} ${p.message}`).join('; ')}`);
    items.push(parsed.item);
  }
  const result = checked(items, []);
  if (result.problems.length > 0) throw new Error(`templates drafted invalid items: ${result.problems.map((p) => `${p.itemId}: ${p.field ?? ''} ${p.message}`).join('; ')}`);
  return items;
}

/** The instructions an LLM gets: the request, the bank file format and one example. */
export function draftPrompt(request: DraftRequest, example: Item): string {
  return [
    `Write ${request.count} new Microsoft Excel interview item(s) of kind "${request.kind}" at level ${request.level} (1 = entry, 5 = expert)`,
    `for the skill area "${request.area}" (${AREA_TOPICS[request.area]}).`,
    'Answer with one YAML document only, in exactly the format of the example below: { area, items: [...] }.',
    `Every id starts with "${request.area}." and is unique; status is always draft; quote any text that YAML could read as true/false/null or a number,`,
    'and quote any value that contains ": ". Choice items have exactly one correct option unless multiple is true; every option has a rationale.',
    'Concept items have 3 to 6 key points with positive weights, misconceptions with negative weights, and 5 grading-guide entries (scores 0 to 4).',
    'Formula items list at least two known-wrong formulas (a hard-coded value, a relative-reference mistake when filled, an off-by-one range…).',
    'Replace every [DRAFT] placeholder of the example with real content; keep realistic business data.',
    '',
    'Example:',
    serialiseBankFile(request.area, [example]),
  ].join('\n');
}

/** Pulls the YAML out of a reply that may wrap it in a Markdown code fence. */
function extractYaml(reply: string): string {
  const fence = /```(?:ya?ml)?\s*\n([\s\S]*?)```/.exec(reply);
  return fence?.[1] ?? reply;
}

/**
 * Drafts items with an LLM: `generate` is the injected completion function (prompt → text).
 * The reply goes through the same parser and checks as a bank file; every item is forced to
 * `draft`, and items of another area, kind or level are rejected, never silently kept.
 */
export async function draftItemsWithLlm(
  request: DraftRequest,
  generate: (prompt: string) => Promise<string>,
  rng: Rng,
  templates: readonly ItemTemplate[] = DEFAULT_TEMPLATES,
): Promise<DraftResult> {
  const [example] = draftItems({ ...request, count: 1 }, templates, rng);
  const reply = await generate(draftPrompt(request, example!));
  const parsed = parseBankFile(extractYaml(reply), 'llm-draft.yaml');
  const problems: BankProblem[] = [...parsed.problems];
  const items: Item[] = [];
  for (const item of parsed.items) {
    const mismatch = (['area', 'kind', 'level'] as const).find((k) => item[k] !== request[k]);
    if (mismatch) problems.push({ file: 'llm-draft.yaml', itemId: item.id, field: mismatch, message: `is ${String(item[mismatch])}, not the requested ${String(request[mismatch])}` });
    else items.push({ ...item, status: 'draft' });
  }
  return checked(items, problems);
}
