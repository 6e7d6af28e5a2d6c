/**
 * Rebuilds tests/conformance/cases.json from LibreOffice Calc (the independent oracle).
 *
 *   npx tsx scripts/oracle/build-expected.ts
 *
 * Needs `soffice` (LibreOffice 25.2 from bookworm-backports: `apt-get install -y
 * --no-install-recommends -t bookworm-backports libreoffice-calc-nogui`). Every formula is written
 * into an .xlsx (with Excel's `_xlfn.` prefixes) as a single-cell array formula, which gives
 * Excel 365's array semantics; ROWS/COLUMNS and INDEX(formula, r, c) cells capture spilled
 * results. LibreOffice converts the file with "always recalculate on load" set in a private
 * profile, and the recomputed values are read back. Documented Excel corrections
 * (corrections.ts) then override the cases where Excel is known to differ from LibreOffice.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CONFORMANCE_FORMULAS, CONFORMANCE_SHEETS } from '../../tests/conformance/case-source.js';
import { flattenSheet } from '../../src/domain/grading/formula/variants.js';
import { cellEntry } from '../../src/domain/grading/formula/engine.js';
import { EXCEL_CORRECTIONS } from './corrections.js';
import { toFileFormula } from './excel-prefixes.js';

const MAX_ROWS = 12;
/** The sheet the formulas are evaluated on, and the first column of the oracle's scratch area. */
export const CASE_SHEET = 'Data';
const FIRST_COL = 40;
const MAX_COLS = 5;
type Scalar = number | string | boolean | null;
type Cell = Scalar | { error: string };
export type Expected = { value: Scalar } | { error: string } | { value: Cell[][] };

const work = mkdtempSync(join(tmpdir(), "oracle-"));
console.log(`work directory: ${work}`);
const profile = join(work, 'profile');
mkdirSync(join(profile, 'user'), { recursive: true });
writeFileSync(
  join(profile, 'user', 'registrymodifications.xcu'),
  `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
);

const cases = Object.entries(CONFORMANCE_FORMULAS).flatMap(([category, formulas]) => formulas.map((formula) => ({ category, formula })));

const workbook = new ExcelJS.Workbook();
for (const sheet of CONFORMANCE_SHEETS) {
  const ws = workbook.addWorksheet(sheet.name);
  for (const [address, input] of flattenSheet(sheet)) {
    const entry = cellEntry(input);
    if (!entry || entry.kind !== 'value' || entry.value === null) continue;
    ws.getCell(address).value = entry.value;
  }
}
// Cases live on the data sheet, right of the data, so their unqualified references resolve there.
const out = workbook.getWorksheet(CASE_SHEET);
if (!out) throw new Error(`no ${CASE_SHEET} sheet`);
/** ExcelJS supports array formulas through fillFormula's fourth argument, missing from its typings. */
const fillArray = out.fillFormula.bind(out) as unknown as (range: string, formula: string, results: undefined, shareType: 'array') => void;
cases.forEach((c, i) => {
  const row = i + 1;
  const f = toFileFormula(c.formula);
  fillArray(`${colName(FIRST_COL)}${row}:${colName(FIRST_COL)}${row}`, f, undefined, 'array');
  fillArray(`${colName(FIRST_COL + 1)}${row}:${colName(FIRST_COL + 1)}${row}`, `ROWS(${f})`, undefined, 'array');
  fillArray(`${colName(FIRST_COL + 2)}${row}:${colName(FIRST_COL + 2)}${row}`, `COLUMNS(${f})`, undefined, 'array');
  // ExcelJS drops FALSE results and LibreOffice may store a boolean as 1: flag logical results as text.
  fillArray(`${colName(FIRST_COL + 3)}${row}:${colName(FIRST_COL + 3)}${row}`, `IF(ISLOGICAL(${f}),"bool","")`, undefined, 'array');
  for (let r = 1; r <= MAX_ROWS; r++) {
    for (let k = 1; k <= MAX_COLS; k++) {
      const col = FIRST_COL + 4 + (r - 1) * MAX_COLS + (k - 1);
      const address = `${colName(col)}${row}`;
      fillArray(`${address}:${address}`, `INDEX(${f},${r},${k})`, undefined, 'array');
    }
  }
});

function colName(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const input = join(work, 'cases.xlsx');
await workbook.xlsx.writeFile(input);
const converted = join(work, 'out');
mkdirSync(converted);
execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--calc', '--convert-to', 'xlsx', '--outdir', converted, input], { stdio: 'inherit' });

const result = new ExcelJS.Workbook();
await result.xlsx.readFile(join(converted, 'cases.xlsx'));
const sheet = result.getWorksheet(CASE_SHEET);
if (!sheet) throw new Error(`no ${CASE_SHEET} sheet in the converted file`);

function read(address: string): Cell {
  const v = sheet?.getCell(address).value;
  const raw = v !== null && typeof v === 'object' && 'formula' in v ? v.result : v;
  if (raw === undefined || raw === null) return null;
  if (raw instanceof Date) return Math.round((raw.getTime() / 86_400_000 + 25_569) * 1e9) / 1e9;
  if (typeof raw === 'object' && 'error' in raw) return { error: String(raw.error) };
  if (typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean') return raw;
  return null;
}

const lines = cases.map((c, i) => {
  const row = i + 1;
  const rows = read(`${colName(FIRST_COL + 1)}${row}`);
  const cols = read(`${colName(FIRST_COL + 2)}${row}`);
  let expected: Expected;
  if (typeof rows === 'number' && typeof cols === 'number' && rows * cols > 1 && rows <= MAX_ROWS && cols <= MAX_COLS) {
    const grid: Cell[][] = [];
    for (let r = 1; r <= rows; r++) {
      const line: Cell[] = [];
      for (let k = 1; k <= cols; k++) line.push(read(`${colName(FIRST_COL + 4 + (r - 1) * MAX_COLS + (k - 1))}${row}`));
      grid.push(line);
    }
    expected = { value: grid };
  } else {
    let v = read(`${colName(FIRST_COL)}${row}`);
    if (read(`${colName(FIRST_COL + 3)}${row}`) === 'bool' && (v === null || typeof v === 'number')) v = v === 1;
    expected = v !== null && typeof v === 'object' ? { error: v.error } : { value: v };
  }
  const correction = EXCEL_CORRECTIONS[c.formula];
  if (correction) return { id: `${c.category}-${i + 1}`, ...c, expected: correction.expected, source: correction.source ?? 'excel-correction', note: correction.note, libreoffice: expected };
  return { id: `${c.category}-${i + 1}`, ...c, expected, source: 'libreoffice-25.2' };
});

const target = new URL('../../tests/conformance/cases.json', import.meta.url);
writeFileSync(target, `${JSON.stringify({ generatedBy: 'scripts/oracle/build-expected.ts', oracle: 'LibreOffice Calc 25.2 (headless, recalculated on load)', sheets: CONFORMANCE_SHEETS, cases: lines }, null, 1)}\n`);
console.log(`wrote ${lines.length} cases to ${target.pathname}`);
