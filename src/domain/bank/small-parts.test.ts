import { describe, expect, it } from 'vitest';
import { sampleItems } from './bank-fixtures.test-support.js';
import { bankStats } from './bank-stats.js';
import { columnLetters, parseCell, parseRange, splitSheet } from './cell-address.js';
import { checkCoverage, DEFAULT_COVERAGE } from './check-coverage.js';
import { readCsv, writeCsv } from './csv/rfc4180.js';
import { itemVersionHash } from './item-version-hash.js';
import { parseXml } from './qti/xml.js';
import { sha256Hex } from './sha256.js';
import { stableJson } from './stable-json.js';
import { toItemRows } from './to-item-rows.js';

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a'.repeat(1000), '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3'],
  ])('hashes %j like FIPS 180-4', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });
});

describe('itemVersionHash', () => {
  const [choice] = sampleItems();
  it('is stable under key order and ignores status', () => {
    const reordered = Object.fromEntries(Object.entries(choice!).reverse()) as typeof choice;
    expect(itemVersionHash(reordered!)).toBe(itemVersionHash(choice!));
    expect(itemVersionHash({ ...choice!, status: 'retired' })).toBe(itemVersionHash(choice!));
    expect(itemVersionHash(choice!)).toMatch(/^[0-9a-f]{16}$/);
  });
  it('changes with content', () => {
    expect(itemVersionHash({ ...choice!, prompt: `${choice!.prompt}.` })).not.toBe(itemVersionHash(choice!));
    expect(itemVersionHash({ ...choice!, level: 3 })).not.toBe(itemVersionHash(choice!));
  });
  it('gives store rows one version per content', () => {
    const rows = toItemRows(sampleItems());
    expect(rows.map((r) => r.kind)).toEqual(['choice', 'concept', 'formula', 'workbook']);
    expect(new Set(rows.map((r) => r.version)).size).toBe(4);
  });
});

describe('stableJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: undefined, c: null }] }, '{"a":[2,{"c":null}],"b":1}'],
    ['x"y', '"x\\"y"'],
  ])('encodes %j', (value, text) => expect(stableJson(value)).toBe(text));
});

describe('cell addresses', () => {
  it.each([
    ['B4', { column: 2, row: 4 }],
    ['$AA$10', { column: 27, row: 10 }],
    ['XFD1048576', { column: 16384, row: 1048576 }],
    ['XFE1', undefined],
    ['A0', undefined],
    ['4B', undefined],
  ])('parses %s', (text, cell) => expect(parseCell(text)).toEqual(cell));
  it('parses ranges, sheet prefixes and letters', () => {
    expect(parseRange('D11:A2')).toEqual({ start: { column: 1, row: 2 }, end: { column: 4, row: 11 } });
    expect(splitSheet("'My ''Q'' Sheet'!A1")).toEqual({ sheet: "My 'Q' Sheet", address: 'A1' });
    expect(splitSheet('A1')).toEqual({ address: 'A1' });
    expect([1, 26, 27, 702, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});

describe('RFC 4180 CSV', () => {
  it.each([
    [[['a', 'b,c', 'd"e', 'line\nbreak', ' pad', '']]],
    [[['x'], [''], ['y', 'z']]],
  ])('writes and reads back %j', (rows) => expect(readCsv(writeCsv(rows))).toEqual(rows));
  it('reads LF line ends and a byte-order mark, and rejects an open quote', () => {
    expect(readCsv('\ufeffa,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(() => readCsv('"open')).toThrow(/unterminated/);
  });
});

describe('parseXml', () => {
  it('reads attributes, entities, CDATA and comments', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><r a="1 &amp; 2" b=\'x\'><c>&lt;&#65;&#x42;<![CDATA[<raw>]]></c><d/></r>');
    expect(root).toEqual({ name: 'r', attributes: { a: '1 & 2', b: 'x' }, children: [{ name: 'c', attributes: {}, children: ['<AB<raw>'] }, { name: 'd', attributes: {}, children: [] }] });
  });
  it.each(['<a><b></a>', '<a>', '<a x=1/>', '<a/><b/>'])('rejects %s', (text) => expect(() => parseXml(text)).toThrow(/XML/));
});

describe('bankStats and checkCoverage', () => {
  it('counts every kind, area and level, zeros included', () => {
    const items = sampleItems();
    const stats = bankStats([...items, { ...items[0]!, id: 'lookups.x', status: 'draft', level: 5 }]);
    expect(stats.total).toBe(5);
    expect(stats.approved).toBe(4);
    expect(stats.byKind).toEqual({ choice: 2, formula: 1, workbook: 1, concept: 1 });
    expect(stats.byArea.lookups).toBe(5);
    expect(stats.byArea['vba-automation']).toBe(0);
    expect(stats.byLevel).toEqual({ '1': 0, '2': 4, '3': 0, '4': 0, '5': 1 });
    expect(bankStats(items, { approvedOnly: true }).byLevel['2']).toBe(4);
  });
  it('reports each unmet rule with how many are missing, counting approved items only', () => {
    const problems = checkCoverage(sampleItems());
    expect(problems.map((p) => p.field)).toContain('coverage.total');
    expect(problems.find((p) => p.field === 'coverage.kind.workbook')?.message).toBe('1 approved workbook items, need 15 (14 short)');
    const relaxed = { minApproved: 4, minByKind: { choice: 1, concept: 1, formula: 1, workbook: 1 }, minPerArea: 0, minPerLevel: 0 };
    expect(checkCoverage(sampleItems(), relaxed)).toEqual([]);
    expect(checkCoverage(sampleItems().map((i) => ({ ...i, status: 'draft' as const })), relaxed)).toHaveLength(5);
    expect(DEFAULT_COVERAGE.minApproved).toBe(160);
  });
});
