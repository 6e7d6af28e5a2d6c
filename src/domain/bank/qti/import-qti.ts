/**
 * Reads a QTI 3.0 package written by `exportQti` (path → text) back into items. Content comes
 * from the QTI elements (prompt, choices, correct response, modal feedback, rubric payload,
 * custom-interaction payload) and bank metadata from the manifest; every item then goes through
 * the same schema check and normalisation as a bank file.
 */
import type { BankProblem } from '../bank-problem.js';
import type { Item, SkillArea } from '../item.js';
import { parseItemObject } from '../parse-bank-file.js';
import { childrenNamed, firstNamed, ownText, parseXml, type XmlElement } from './xml.js';
import { PAYLOAD_ITEM, PAYLOAD_RUBRIC, QTI_ITEM_RESOURCE_TYPE } from './qti-vocabulary.js';

export interface ImportResult {
  readonly ok: boolean;
  readonly items: readonly Item[];
  readonly problems: readonly BankProblem[];
}

function payload(root: XmlElement, kind: string): unknown {
  const pre = childrenNamed(root, 'pre', true).find((p) => p.attributes['data-ei-payload'] === kind);
  if (!pre) throw new Error(`no ${kind} payload`);
  return JSON.parse(ownText(pre)) as unknown;
}

function choiceContent(root: XmlElement): Record<string, unknown> {
  const interaction = firstNamed(root, 'qti-choice-interaction');
  if (!interaction) throw new Error('no qti-choice-interaction');
  const declaration = childrenNamed(root, 'qti-response-declaration').find((d) => d.attributes['identifier'] === 'RESPONSE');
  const correct = new Set(childrenNamed(declaration ?? root, 'qti-value', true).map(ownText));
  const rationale = new Map(childrenNamed(root, 'qti-modal-feedback').map((f) => [f.attributes['identifier'] ?? '', ownText(firstNamed(f, 'p') ?? f)]));
  return {
    prompt: ownText(firstNamed(interaction, 'qti-prompt') ?? interaction),
    multiple: declaration?.attributes['cardinality'] === 'multiple',
    options: childrenNamed(interaction, 'qti-simple-choice').map((c) => {
      const id = c.attributes['identifier'] ?? '';
      return { id, text: ownText(c), correct: correct.has(id), rationale: rationale.get(id) ?? '' };
    }),
  };
}

function conceptContent(root: XmlElement): Record<string, unknown> {
  const interaction = firstNamed(root, 'qti-extended-text-interaction');
  if (!interaction) throw new Error('no qti-extended-text-interaction');
  const rubric = payload(root, PAYLOAD_RUBRIC) as Record<string, unknown>;
  return { prompt: ownText(firstNamed(interaction, 'qti-prompt') ?? interaction), ...rubric };
}

function customContent(root: XmlElement): Record<string, unknown> {
  if (!firstNamed(root, 'qti-custom-interaction')) throw new Error('no qti-custom-interaction');
  const promptDiv = childrenNamed(root, 'div', true).find((d) => d.attributes['data-ei-prompt'] !== undefined);
  return { prompt: promptDiv ? ownText(promptDiv) : '', ...(payload(root, PAYLOAD_ITEM) as Record<string, unknown>) };
}

/** Imports every item resource of the package; problems name the item file. */
export function importQti(files: Readonly<Record<string, string>>): ImportResult {
  const manifestText = files['imsmanifest.xml'];
  if (manifestText === undefined) return { ok: false, items: [], problems: [{ file: 'imsmanifest.xml', message: 'the package has no imsmanifest.xml' }] };
  const problems: BankProblem[] = [];
  const items: Item[] = [];
  let manifest: XmlElement;
  try {
    manifest = parseXml(manifestText);
  } catch (error) {
    return { ok: false, items: [], problems: [{ file: 'imsmanifest.xml', message: String(error instanceof Error ? error.message : error) }] };
  }
  const resources = childrenNamed(manifest, 'resource', true).filter((r) => r.attributes['type'] === QTI_ITEM_RESOURCE_TYPE);
  resources.forEach((resource, index) => {
    const href = resource.attributes['href'] ?? '';
    const itemId = resource.attributes['identifier'] ?? `#${index + 1}`;
    try {
      const text = files[href];
      if (text === undefined) throw new Error(`missing file ${href}`);
      const metaElement = childrenNamed(resource, 'metadata').flatMap((m) => childrenNamed(m, 'ei:item'))[0];
      if (!metaElement) throw new Error('the manifest resource has no ei:item metadata');
      const meta = JSON.parse(ownText(metaElement)) as Record<string, unknown>;
      const root = parseXml(text);
      let content: Record<string, unknown>;
      switch (meta['kind']) {
        case 'choice':
          content = choiceContent(root);
          break;
        case 'concept':
          content = conceptContent(root);
          break;
        case 'formula':
        case 'workbook':
          content = customContent(root);
          break;
        default:
          throw new Error(`unknown kind ${JSON.stringify(meta['kind'])}`);
      }
      const parsed = parseItemObject({ ...meta, ...content }, { file: href, area: meta['area'] as SkillArea | undefined, index });
      problems.push(...parsed.problems);
      if (parsed.item) items.push(parsed.item);
    } catch (error) {
      problems.push({ file: href || 'imsmanifest.xml', itemId, message: error instanceof Error ? error.message : String(error) });
    }
  });
  return { ok: problems.length === 0, items, problems };
}
