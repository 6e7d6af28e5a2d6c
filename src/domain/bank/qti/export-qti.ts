/**
 * Exports items as a QTI 3.0 content package: `imsmanifest.xml` plus one
 * `items/<id>.xml` per item. Choice items use qti-choice-interaction (each option's rationale in
 * qti-modal-feedback); concept items use qti-extended-text-interaction with the rubric in a
 * scorer-view qti-rubric-block, readable and as a JSON payload; formula and workbook items use
 * qti-custom-interaction carrying their JSON. Bank metadata (tags, level, IRT, status…) sits in
 * each manifest resource's metadata under the project's namespace, so a round trip loses nothing.
 */
import type { ChoiceItem, ConceptItem, FormulaItem, Item, WorkbookItem } from '../item.js';
import { element, escapeText } from './xml.js';
import { EI_NAMESPACE, PAYLOAD_ITEM, PAYLOAD_RUBRIC, QTI_ITEM_NAMESPACE, QTI_ITEM_RESOURCE_TYPE, QTI_MANIFEST_NAMESPACE } from './qti-vocabulary.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The item fields QTI's own elements carry; everything else goes in the manifest metadata. */
const CONTENT_FIELDS: Readonly<Record<Item['kind'], readonly string[]>> = {
  choice: ['prompt', 'multiple', 'options'],
  concept: ['prompt', 'modelAnswer', 'keyPoints', 'misconceptions', 'gradingGuide'],
  formula: ['prompt'],
  workbook: ['prompt'],
};

/** Base fields kept as bank metadata in the manifest. */
export function bankMetadata(item: Item): Record<string, unknown> {
  const kindFields = new Set(['sheets', 'namedRanges', 'data', 'answerCell', 'fillTo', 'spill', 'reference', 'alternatives', 'wrongAnswers', 'variants', 'constraints', 'compare', 'instructions', 'checks', 'solution', 'macrosAllowed']);
  const skip = new Set([...CONTENT_FIELDS[item.kind], ...kindFields]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => !skip.has(k)));
}

/** The kind-specific fields a custom interaction carries. */
function customPayload(item: FormulaItem | WorkbookItem): Record<string, unknown> {
  const base = new Set(Object.keys(bankMetadata(item)));
  return Object.fromEntries(Object.entries(item).filter(([k]) => !base.has(k) && k !== 'prompt'));
}

function prompt(text: string): string {
  return element('qti-prompt', {}, escapeText(text));
}

function scoreOutcome(max: number): string {
  return element('qti-outcome-declaration', { identifier: 'SCORE', cardinality: 'single', 'base-type': 'float', 'normal-maximum': String(max) }, element('qti-default-value', {}, element('qti-value', {}, '0')));
}

function choiceBody(item: ChoiceItem): string[] {
  const correct = item.options.filter((o) => o.correct).map((o) => element('qti-value', {}, escapeText(o.id)));
  const response = element(
    'qti-response-declaration',
    { identifier: 'RESPONSE', cardinality: item.multiple ? 'multiple' : 'single', 'base-type': 'identifier' },
    element('qti-correct-response', {}, ...correct),
  );
  const interaction = element(
    'qti-choice-interaction',
    { 'response-identifier': 'RESPONSE', shuffle: 'true', 'max-choices': item.multiple ? '0' : '1', 'min-choices': '1' },
    prompt(item.prompt),
    ...item.options.map((o) => element('qti-simple-choice', { identifier: o.id }, escapeText(o.text))),
  );
  const processing = element(
    'qti-response-processing',
    {},
    element(
      'qti-response-condition',
      {},
      element(
        'qti-response-if',
        {},
        element('qti-match', {}, element('qti-variable', { identifier: 'RESPONSE' }), element('qti-correct', { identifier: 'RESPONSE' })),
        element('qti-set-outcome-value', { identifier: 'SCORE' }, element('qti-base-value', { 'base-type': 'float' }, '1')),
      ),
    ),
    element('qti-set-outcome-value', { identifier: 'FEEDBACK' }, element('qti-multiple', {}, element('qti-variable', { identifier: 'RESPONSE' }))),
  );
  const feedback = item.options.map((o) =>
    element('qti-modal-feedback', { 'outcome-identifier': 'FEEDBACK', identifier: o.id, 'show-hide': 'show' }, element('qti-content-body', {}, element('p', {}, escapeText(o.rationale)))),
  );
  return [
    response,
    scoreOutcome(1),
    element('qti-outcome-declaration', { identifier: 'FEEDBACK', cardinality: 'multiple', 'base-type': 'identifier' }),
    element('qti-item-body', {}, interaction),
    processing,
    ...feedback,
  ];
}

function conceptBody(item: ConceptItem): string[] {
  const rubric = { modelAnswer: item.modelAnswer, keyPoints: item.keyPoints, misconceptions: item.misconceptions, gradingGuide: item.gradingGuide };
  const readable = [
    element('h3', {}, 'Model answer'),
    element('p', {}, escapeText(item.modelAnswer)),
    element('h3', {}, 'Key points'),
    element('ul', {}, ...item.keyPoints.map((p) => element('li', {}, escapeText(`${p.text} (weight ${p.weight})`)))),
    ...(item.misconceptions.length > 0
      ? [element('h3', {}, 'Misconceptions'), element('ul', {}, ...item.misconceptions.map((m) => element('li', {}, escapeText(`${m.text} (weight ${m.weight})`))))]
      : []),
    element('h3', {}, 'Scores'),
    element('ol', { start: '0' }, ...item.gradingGuide.map((g) => element('li', {}, escapeText(g)))),
    element('pre', { 'data-ei-payload': PAYLOAD_RUBRIC }, escapeText(JSON.stringify(rubric, null, 2))),
  ];
  return [
    element('qti-response-declaration', { identifier: 'RESPONSE', cardinality: 'single', 'base-type': 'string' }),
    scoreOutcome(4),
    element(
      'qti-item-body',
      {},
      element('qti-rubric-block', { use: 'scoring', view: 'scorer' }, element('qti-content-body', {}, ...readable)),
      element('qti-extended-text-interaction', { 'response-identifier': 'RESPONSE', 'expected-lines': '8' }, prompt(item.prompt)),
    ),
  ];
}

function customBody(item: FormulaItem | WorkbookItem): string[] {
  return [
    element('qti-response-declaration', { identifier: 'RESPONSE', cardinality: 'single', 'base-type': item.kind === 'formula' ? 'string' : 'file' }),
    scoreOutcome(item.kind === 'formula' ? 1 : 4),
    element(
      'qti-item-body',
      {},
      element('div', { 'data-ei-prompt': 'true' }, escapeText(item.prompt)),
      element(
        'qti-custom-interaction',
        { 'response-identifier': 'RESPONSE', 'data-ei-kind': item.kind },
        element('pre', { 'data-ei-payload': PAYLOAD_ITEM }, escapeText(JSON.stringify(customPayload(item), null, 2))),
      ),
    ),
  ];
}

function itemXml(item: Item): string {
  let body: string[];
  switch (item.kind) {
    case 'choice':
      body = choiceBody(item);
      break;
    case 'concept':
      body = conceptBody(item);
      break;
    case 'formula':
    case 'workbook':
      body = customBody(item);
      break;
    default: {
      const unreachable: never = item;
      throw new Error(`unknown item ${String(unreachable)}`);
    }
  }
  return (
    XML_DECLARATION +
    element(
      'qti-assessment-item',
      { xmlns: QTI_ITEM_NAMESPACE, identifier: item.id, title: item.id, adaptive: 'false', 'time-dependent': 'false', 'xml:lang': 'en' },
      ...body.map((b) => `\n  ${b}`),
      '\n',
    ) +
    '\n'
  );
}

/** The package path of an item's file. */
export function qtiItemPath(id: string): string {
  return `items/${id.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`;
}

/** The package's files, path → text; write them into a folder (or zip them) as they are. */
export function exportQti(items: readonly Item[]): Readonly<Record<string, string>> {
  const files: Record<string, string> = {};
  const resources = items.map((item) => {
    const href = qtiItemPath(item.id);
    files[href] = itemXml(item);
    return element(
      'resource',
      { identifier: item.id, type: QTI_ITEM_RESOURCE_TYPE, href },
      element('metadata', {}, element('ei:item', { kind: item.kind }, escapeText(JSON.stringify(bankMetadata(item))))),
      element('file', { href }),
    );
  });
  files['imsmanifest.xml'] =
    XML_DECLARATION +
    element(
      'manifest',
      { xmlns: QTI_MANIFEST_NAMESPACE, 'xmlns:ei': EI_NAMESPACE, identifier: 'excel-interviewer-bank' },
      '\n  ',
      element('metadata', {}, element('schema', {}, 'QTI Package'), element('schemaversion', {}, '3.0.0')),
      '\n  ',
      element('organizations', {}),
      '\n  ',
      element('resources', {}, ...resources.map((r) => `\n    ${r}`), '\n  '),
      '\n',
    ) +
    '\n';
  return files;
}
