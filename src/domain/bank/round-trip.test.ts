import { describe, expect, it } from 'vitest';
import { rawChoice, rawConcept, sampleItems, toItem } from './bank-fixtures.test-support.js';
import { exportCsv } from './csv/export-csv.js';
import { importCsv } from './csv/import-csv.js';
import { formatProblem } from './bank-problem.js';
import type { Item } from './item.js';
import { parseBankFile } from './parse-bank-file.js';
import { exportQti, qtiItemPath } from './qti/export-qti.js';
import { importQti } from './qti/import-qti.js';
import { parseXml } from './qti/xml.js';
import { serialiseBankFiles } from './serialise-bank-files.js';

/** Items that stress the encoders: multiple answers, line breaks, CR, tabs, quotes, commas, unicode. */
function awkwardItems(): Item[] {
  return [
    ...sampleItems(),
    toItem(
      rawChoice({
        id: 'lookups.multi',
        multiple: true,
        variantGroup: 'g',
        irt: { model: '2pl', a: 1.3, b: -0.4, c: 0 },
        exposureCap: 0.1,
        tags: ['a,b', ' spaced'],
        prompt: 'Line one\r\nline two\ttabbed, "quoted", ]]> <![CDATA[ & émoji 📊',
        options: [
          { id: 'a', text: '=A1&"x"', correct: true, rationale: 'one, two' },
          { id: 'b', text: '<b>', correct: true, rationale: "it's" },
          { id: 'c', text: '  leading space', correct: false, rationale: 'trailing ' },
        ],
      }),
    ),
    toItem(rawChoice({ id: 'lookups.multi-2', variantGroup: 'g', tags: [] })),
    toItem(rawConcept({ id: 'lookups.concept-two', status: 'draft', misconceptions: [], modelAnswer: 'Multi\nline\n\n  indented' })),
  ];
}

describe('round trips lose nothing', () => {
  it('QTI 3.0: export then import deep-equals the items, every kind', () => {
    const items = awkwardItems();
    const files = exportQti(items);
    const imported = importQti(files);
    expect(imported.problems).toEqual([]);
    expect(imported.items).toEqual(items);
  });

  it('CSV: export then import deep-equals the items, every kind', () => {
    const items = awkwardItems();
    const imported = importCsv(exportCsv(items));
    expect(imported.problems).toEqual([]);
    expect(imported.items).toEqual(items);
  });

  it('bank files: serialise then parse deep-equals the items', () => {
    const items = awkwardItems();
    const parsed = Object.entries(serialiseBankFiles(items)).flatMap(([path, text]) => {
      const result = parseBankFile(text, path);
      expect(result.problems).toEqual([]);
      return result.items;
    });
    expect(new Set(parsed.map((i) => i.id))).toEqual(new Set(items.map((i) => i.id)));
    for (const item of items) expect(parsed.find((p) => p.id === item.id)).toEqual(item);
  });

  it('serialised bank files leave out defaults and split hands-on kinds', () => {
    const files = serialiseBankFiles(sampleItems());
    expect(Object.keys(files)).toEqual(['hands-on/lookups.yaml', 'lookups.yaml']);
    expect(files['lookups.yaml']).not.toMatch(/exposureCap|irt:|\n {4}area:/);
  });
});

describe('exportQti', () => {
  it('writes a manifest and one QTI 3.0 item per bank item with the expected interactions', () => {
    const files = exportQti(sampleItems());
    const manifest = parseXml(files['imsmanifest.xml'] ?? '');
    expect(manifest.name).toBe('manifest');
    const interactionOf = (id: string) => files[qtiItemPath(id)] ?? '';
    expect(interactionOf('lookups.choice-one')).toContain('<qti-choice-interaction response-identifier="RESPONSE"');
    expect(interactionOf('lookups.choice-one')).toContain('<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="b"');
    expect(interactionOf('lookups.concept-one')).toContain('<qti-extended-text-interaction');
    expect(interactionOf('lookups.concept-one')).toContain('<qti-rubric-block use="scoring" view="scorer">');
    expect(interactionOf('lookups.formula-one')).toContain('<qti-custom-interaction response-identifier="RESPONSE" data-ei-kind="formula">');
    expect(interactionOf('lookups.workbook-one')).toContain('base-type="file"');
    for (const text of Object.values(files)) expect(() => parseXml(text)).not.toThrow();
  });

  it('reports a package without a manifest or with a missing item file', () => {
    expect(importQti({}).problems[0]?.message).toMatch(/no imsmanifest.xml/);
    const files = { ...exportQti(sampleItems()) };
    delete files[qtiItemPath('lookups.choice-one')];
    const result = importQti(files);
    expect(result.ok).toBe(false);
    expect(result.items).toHaveLength(3);
    expect(result.problems[0]?.message).toMatch(/missing file/);
  });
});

describe('importCsv', () => {
  it('accepts columns in any order, comma-separated tags and empty defaults', () => {
    const csv = 'kind,id,tags,level,prompt,timeLimitSec,status,author,explanation,area,multiple,options\r\n' +
      `choice,lookups.c,"a, b",1,P,60,draft,me,E,lookups,TRUE,"${JSON.stringify((rawChoice()['options'])).replace(/"/g, '""')}"\r\n`;
    const result = importCsv(csv);
    expect(result.problems).toEqual([]);
    expect(result.items[0]).toMatchObject({ id: 'lookups.c', tags: ['a', 'b'], multiple: true, exposureCap: 0.25 });
  });

  it('reports unknown columns, bad JSON cells and schema problems by row', () => {
    const result = importCsv('id,kind,area,colour,options\r\nlookups.c,choice,lookups,red,{not json\r\n');
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^bank\.csv: colour: is not a known column/),
      expect.stringMatching(/^bank\.csv:lookups\.c: row 2: options: is not valid JSON/),
    ]);
    const schema = importCsv('id,kind,area,level\r\nlookups.c,choice,lookups,9\r\n');
    expect(schema.problems.map(formatProblem)).toContain('bank.csv:lookups.c: level: must be one of 1, 2, 3, 4, 5 (got 9)');
  });
});
