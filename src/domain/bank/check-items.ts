/**
 * Checks the bank files' schema cannot express: rules inside one item (one correct option,
 * 3-6 key points, valid cell addresses, generators on real columns…) and rules across items
 * (unique ids, id prefixes, variant groups). Engine checks (running formulas) live elsewhere.
 */
import type { BankProblem } from './bank-problem.js';
import { columnLetters, columnNumber, isInRange, parseCell, parseRange, splitSheet, type CellRef, type RangeRef } from './cell-address.js';
import { hasAreaPrefix, idPrefixesFor } from './id-convention.js';
import type {
  ChoiceItem,
  ConceptItem,
  FixedVariant,
  FormulaItem,
  Item,
  ItemKind,
  NamedRangeInput,
  SheetInput,
  VariantGenerator,
  WorkbookItem,
} from './item.js';

/** Sane time limits per kind, in seconds (inclusive). */
export const TIME_LIMITS: Readonly<Record<ItemKind, readonly [number, number]>> = {
  choice: [10, 600],
  formula: [30, 1800],
  workbook: [120, 3600],
  concept: [30, 1800],
};

/** Key points a concept item must have. */
export const KEY_POINT_RANGE = [3, 6] as const;

/** Known-wrong answers a formula item must list. */
export const MIN_WRONG_ANSWERS = 2;

/** Tells which file an item came from, for problem locations. */
export type SourceOf = (item: Item) => string;

type Report = (field: string | undefined, message: string) => void;

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;

function normaliseFormula(formula: string): string {
  return formula.replace(/\s+/g, '').toUpperCase();
}

/** Every check on one item and across items; an empty list means the bank is consistent. */
export function checkItems(items: readonly Item[], sourceOf: SourceOf = () => 'bank'): BankProblem[] {
  const problems: BankProblem[] = [];
  const reporterFor =
    (item: Item): Report =>
    (field, message) =>
      problems.push({ file: sourceOf(item), itemId: item.id, ...(field ? { field } : {}), message });

  const byId = new Map<string, Item[]>();
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    byId.set(item.id, [...(byId.get(item.id) ?? []), item]);
    if (item.variantGroup !== undefined) groups.set(item.variantGroup, [...(groups.get(item.variantGroup) ?? []), item]);
  }

  for (const item of items) {
    const report = reporterFor(item);
    const same = byId.get(item.id) ?? [];
    if (same.length > 1) {
      const others = same.filter((o) => o !== item).map((o) => sourceOf(o));
      report('id', `is not unique: also in ${[...new Set(others)].join(', ')}`);
    }
    checkBase(item, report);
    if (item.variantGroup !== undefined && (groups.get(item.variantGroup)?.length ?? 0) < 2) {
      report('variantGroup', `"${item.variantGroup}" has no other item: a variant group needs at least two items (misspelt?)`);
    }
    switch (item.kind) {
      case 'choice':
        checkChoice(item, report);
        break;
      case 'concept':
        checkConcept(item, report);
        break;
      case 'formula':
        checkFormula(item, report);
        break;
      case 'workbook':
        checkWorkbook(item, report);
        break;
      default: {
        const unreachable: never = item;
        throw new Error(`unknown item ${String(unreachable)}`);
      }
    }
  }
  return problems;
}

function checkBase(item: Item, report: Report): void {
  if (!hasAreaPrefix(item.id, item.area)) {
    report('id', `must start with ${idPrefixesFor(item.area)
      .map((p) => `"${p}."`)
      .join(' or ')} (area ${item.area})`);
  }
  const [min, max] = TIME_LIMITS[item.kind];
  if (item.timeLimitSec < min || item.timeLimitSec > max) report('timeLimitSec', `${item.timeLimitSec}s is outside ${min}-${max}s for a ${item.kind} item`);
  const tags = new Set<string>();
  item.tags.forEach((tag, i) => {
    if (tag.trim() === '') report(`tags.${i}`, 'is empty');
    if (tags.has(tag)) report(`tags.${i}`, `"${tag}" is repeated`);
    tags.add(tag);
  });
  const isGraded = item.kind === 'concept' || item.kind === 'workbook';
  if (item.irt.model === 'grm') {
    if (item.kind === 'choice') report('irt.model', 'grm is for items scored 0-4; a choice item is right or wrong (2pl or 3pl)');
    else checkThresholds(item.irt.thresholds, report);
  } else {
    if (isGraded) report('irt.model', `a ${item.kind} item is scored 0-4 and needs the grm model`);
    if (item.irt.model === '2pl' && item.irt.c !== 0) report('irt.c', 'must be 0 for the 2pl model (use 3pl for a guessing floor)');
  }
}

function checkThresholds(thresholds: readonly number[], report: Report): void {
  if (thresholds.length !== 4) report('irt.thresholds', `needs 4 thresholds for scores 0-4 (got ${thresholds.length})`);
  for (let i = 1; i < thresholds.length; i++) {
    if ((thresholds[i] ?? 0) <= (thresholds[i - 1] ?? 0)) {
      report('irt.thresholds', 'must be strictly increasing');
      return;
    }
  }
}

function checkChoice(item: ChoiceItem, report: Report): void {
  const ids = new Set<string>();
  const texts = new Set<string>();
  item.options.forEach((o, i) => {
    if (ids.has(o.id)) report(`options.${i}.id`, `"${o.id}" is repeated`);
    ids.add(o.id);
    const text = o.text.trim().toLowerCase();
    if (texts.has(text)) report(`options.${i}.text`, 'repeats another option');
    texts.add(text);
  });
  const correct = item.options.filter((o) => o.correct).length;
  if (correct === 0) report('options', 'no option is correct');
  else if (!item.multiple && correct !== 1) report('options', `${correct} options are correct but multiple is false: exactly one must be`);
  if (correct === item.options.length) report('options', 'every option is correct: at least one must be wrong');
  if (item.options.length > 8) report('options', `${item.options.length} options is too many (at most 8)`);
}

function checkConcept(item: ConceptItem, report: Report): void {
  const [min, max] = KEY_POINT_RANGE;
  if (item.keyPoints.length < min || item.keyPoints.length > max) report('keyPoints', `needs ${min}-${max} key points (got ${item.keyPoints.length})`);
  const ids = new Set<string>();
  item.keyPoints.forEach((p, i) => {
    if (!(p.weight > 0)) report(`keyPoints.${i}.weight`, `must be positive (got ${p.weight})`);
    if (ids.has(p.id)) report(`keyPoints.${i}.id`, `"${p.id}" is repeated`);
    ids.add(p.id);
  });
  item.misconceptions.forEach((m, i) => {
    if (!(m.weight < 0)) report(`misconceptions.${i}.weight`, `must be negative (got ${m.weight})`);
    if (ids.has(m.id)) report(`misconceptions.${i}.id`, `"${m.id}" is repeated (ids are shared with key points)`);
    ids.add(m.id);
  });
  if (item.gradingGuide.length !== 5) report('gradingGuide', `needs 5 entries, for scores 0 to 4 (got ${item.gradingGuide.length})`);
  item.gradingGuide.forEach((g, i) => {
    if (g.trim() === '') report(`gradingGuide.${i}`, 'is empty');
  });
}

// ---------------------------------------------------------------------------------------------
// sheets, shared by formula and workbook items

interface SheetIndex {
  readonly names: ReadonlySet<string>;
  /** Upper-cased sheet name → the sheet, since Excel sheet names are case-insensitive. */
  readonly byName: ReadonlyMap<string, SheetInput>;
}

function indexSheets(sheets: readonly SheetInput[], report: Report): SheetIndex {
  const byName = new Map<string, SheetInput>();
  sheets.forEach((sheet, i) => {
    const key = sheet.name.toUpperCase();
    if (byName.has(key)) report(`sheets.${i}.name`, `"${sheet.name}" is repeated`);
    if (sheet.name.length > 31 || SHEET_NAME_FORBIDDEN.test(sheet.name)) report(`sheets.${i}.name`, `"${sheet.name}" is not a valid Excel sheet name`);
    byName.set(key, sheet);
    if (sheet.table) {
      const origin = sheet.table.origin ?? 'A1';
      if (!parseCell(origin)) report(`sheets.${i}.table.origin`, `"${origin}" is not a cell address`);
      sheet.table.rows.forEach((row, r) => {
        if (row.length > sheet.table!.header.length) report(`sheets.${i}.table.rows.${r}`, `has ${row.length} cells but the header has ${sheet.table!.header.length}`);
      });
    }
    for (const address of Object.keys(sheet.cells ?? {})) {
      if (!parseCell(address)) report(`sheets.${i}.cells.${address}`, 'is not a cell address (write B4, not Sheet!B4)');
    }
  });
  return { names: new Set(sheets.map((s) => s.name)), byName };
}

function hasSheet(index: SheetIndex, name: string): boolean {
  return index.byName.has(name.toUpperCase());
}

/** A sheet-qualified single cell, `Sales!F2`; reports and returns undefined when invalid. */
function qualifiedCell(ref: string, index: SheetIndex, field: string, report: Report, extraSheets: ReadonlySet<string> = new Set()): { sheet: string; cell: CellRef } | undefined {
  const { sheet, address } = splitSheet(ref);
  const cell = parseCell(address);
  if (sheet === undefined) {
    report(field, `"${ref}" must name its sheet, e.g. ${[...index.names][0] ?? 'Sheet1'}!${address}`);
    return undefined;
  }
  if (!cell) {
    report(field, `"${ref}" is not a cell address`);
    return undefined;
  }
  if (!hasSheet(index, sheet) && !extraSheets.has(sheet.toUpperCase())) {
    report(field, `sheet "${sheet}" does not exist (sheets: ${[...index.names].join(', ')})`);
    return undefined;
  }
  return { sheet, cell };
}

function qualifiedRange(ref: string, index: SheetIndex, field: string, report: Report, extraSheets: ReadonlySet<string> = new Set()): { sheet: string; range: RangeRef } | undefined {
  const { sheet, address } = splitSheet(ref);
  const range = parseRange(address);
  if (sheet === undefined) {
    report(field, `"${ref}" must name its sheet, e.g. ${[...index.names][0] ?? 'Sheet1'}!${address}`);
    return undefined;
  }
  if (!range) {
    report(field, `"${ref}" is not a range address`);
    return undefined;
  }
  if (!hasSheet(index, sheet) && !extraSheets.has(sheet.toUpperCase())) {
    report(field, `sheet "${sheet}" does not exist (sheets: ${[...index.names].join(', ')})`);
    return undefined;
  }
  return { sheet, range };
}

function checkNamedRanges(names: readonly NamedRangeInput[] | undefined, index: SheetIndex, field: string, report: Report): void {
  const seen = new Set<string>();
  names?.forEach((n, i) => {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(n.name) || parseCell(n.name)) report(`${field}.${i}.name`, `"${n.name}" is not a valid defined name`);
    if (seen.has(n.name.toUpperCase())) report(`${field}.${i}.name`, `"${n.name}" is repeated`);
    seen.add(n.name.toUpperCase());
    qualifiedRange(n.ref.replace(/\$/g, ''), index, `${field}.${i}.ref`, report);
  });
}

interface DataBlock {
  readonly sheet: SheetInput;
  readonly range: RangeRef;
}

function checkDataBlock(item: FormulaItem | WorkbookItem, index: SheetIndex, report: Report): DataBlock | undefined {
  if (!item.data) return undefined;
  const sheet = index.byName.get(item.data.sheet.toUpperCase());
  if (!sheet) {
    report('data.sheet', `sheet "${item.data.sheet}" does not exist (sheets: ${[...index.names].join(', ')})`);
    return undefined;
  }
  const range = parseRange(item.data.range);
  if (!range || item.data.range.includes('!')) {
    report('data.range', `"${item.data.range}" is not a range on the data sheet (write A2:D11)`);
    return undefined;
  }
  return { sheet, range };
}

/** The column letter a generator's column names: a letter, or a header of the data sheet's table. */
function resolveColumn(column: string, data: DataBlock): number | undefined {
  const table = data.sheet.table;
  if (table) {
    const origin = parseCell(table.origin ?? 'A1');
    const at = table.header.findIndex((h) => h.trim().toLowerCase() === column.trim().toLowerCase());
    if (origin && at >= 0) return origin.column + at;
  }
  return columnNumber(column);
}

function checkGenerators(generators: readonly VariantGenerator[] | undefined, data: DataBlock | undefined, hasData: boolean, index: SheetIndex, report: Report): void {
  generators?.forEach((g, i) => {
    const field = `variants.generators.${i}`;
    if (g.kind === 'missing-key') {
      const { sheet } = splitSheet(g.cell);
      if (sheet !== undefined) qualifiedCell(g.cell, index, `${field}.cell`, report);
      else if (!parseCell(g.cell)) report(`${field}.cell`, `"${g.cell}" is not a cell address`);
      else if (!hasData) report(`${field}.cell`, `"${g.cell}" has no sheet and the item has no data block: write Sheet!${g.cell}`);
      return;
    }
    if (!hasData) {
      report(field, `a ${g.kind} generator works on the item's data block: add data: { sheet, range }`);
      return;
    }
    if (!data) return; // the data block itself was reported
    if (g.kind === 'perturb' || g.kind === 'blanks' || g.kind === 'text-numbers') {
      g.columns.forEach((c, j) => {
        const column = resolveColumn(c, data);
        if (column === undefined || column < data.range.start.column || column > data.range.end.column) {
          report(
            `${field}.columns.${j}`,
            `"${c}" is not a column of the data block ${columnLetters(data.range.start.column)}-${columnLetters(data.range.end.column)} (use a letter or a header name)`,
          );
        }
      });
    }
    if ((g.kind === 'blanks' || g.kind === 'text-numbers') && g.cells > (data.range.end.row - data.range.start.row + 1) * g.columns.length) {
      report(`${field}.cells`, `${g.cells} cells is more than the data block has in those columns`);
    }
    if (g.kind === 'duplicates' && g.rows > data.range.end.row - data.range.start.row + 1) report(`${field}.rows`, `${g.rows} is more than the data block's rows`);
  });
}

function checkFixedVariants(fixed: readonly FixedVariant[] | undefined, index: SheetIndex, report: Report): void {
  const names = new Set<string>();
  fixed?.forEach((v, i) => {
    if (names.has(v.name)) report(`variants.fixed.${i}.name`, `"${v.name}" is repeated`);
    names.add(v.name);
    if (Object.keys(v.set).length === 0) report(`variants.fixed.${i}.set`, 'changes nothing');
    for (const ref of Object.keys(v.set)) qualifiedCell(ref, index, `variants.fixed.${i}.set.${ref}`, report);
  });
}

function checkFormula(item: FormulaItem, report: Report): void {
  const index = indexSheets(item.sheets, report);
  checkNamedRanges(item.namedRanges, index, 'namedRanges', report);
  const data = checkDataBlock(item, index, report);
  const answer = qualifiedCell(item.answerCell, index, 'answerCell', report);
  if (item.fillTo !== undefined) {
    const { sheet, address } = splitSheet(item.fillTo);
    const end = parseCell(address);
    if (!end) report('fillTo', `"${item.fillTo}" is not a cell address`);
    else if (answer) {
      if (sheet !== undefined && sheet.toUpperCase() !== answer.sheet.toUpperCase()) report('fillTo', `must be on the answer cell's sheet ${answer.sheet}`);
      if (end.row < answer.cell.row || end.column < answer.cell.column || (end.row === answer.cell.row && end.column === answer.cell.column)) {
        report('fillTo', `must lie below and/or right of the answer cell ${item.answerCell}`);
      }
    }
    if (item.spill) report('spill', 'a spilled result cannot also be filled (fillTo)');
  }
  if (answer && data && answer.sheet.toUpperCase() === data.sheet.name.toUpperCase() && isInRange(answer.cell, data.range)) {
    report('answerCell', `lies inside the data block ${item.data?.range}`);
  }
  const formulas: { field: string; text: string }[] = [
    { field: 'reference', text: item.reference },
    ...(item.alternatives ?? []).map((text, i) => ({ field: `alternatives.${i}`, text })),
  ];
  for (const f of formulas) if (!f.text.trim().startsWith('=')) report(f.field, `"${f.text}" must start with =`);
  const correct = new Set(formulas.map((f) => normaliseFormula(f.text)));
  if (item.wrongAnswers.length < MIN_WRONG_ANSWERS) report('wrongAnswers', `needs at least ${MIN_WRONG_ANSWERS} known-wrong answers (got ${item.wrongAnswers.length})`);
  const wrong = new Set<string>();
  item.wrongAnswers.forEach((w, i) => {
    const key = normaliseFormula(w.formula);
    if (!w.formula.trim().startsWith('=')) report(`wrongAnswers.${i}.formula`, `"${w.formula}" must start with =`);
    if (correct.has(key)) report(`wrongAnswers.${i}.formula`, 'is the reference or an alternative');
    if (wrong.has(key)) report(`wrongAnswers.${i}.formula`, 'repeats another wrong answer');
    wrong.add(key);
    if (w.kind === 'relative-reference' && item.fillTo === undefined) {
      report(`wrongAnswers.${i}.kind`, 'a relative-reference mistake only shows when the formula is filled: set fillTo');
    }
  });
  checkGenerators(item.variants?.generators, data, item.data !== undefined, index, report);
  checkFixedVariants(item.variants?.fixed, index, report);
  const c = item.constraints;
  const overlap = (c?.requiredFunctions ?? []).filter((f) => (c?.forbiddenFunctions ?? []).map((x) => x.toUpperCase()).includes(f.toUpperCase()));
  if (overlap.length > 0) report('constraints', `${overlap.join(', ')} both required and forbidden`);
}

function checkWorkbook(item: WorkbookItem, report: Report): void {
  const index = indexSheets(item.sheets, report);
  checkNamedRanges(item.namedRanges, index, 'namedRanges', report);
  const data = checkDataBlock(item, index, report);
  const solutionSheets = new Set<string>();
  for (const ref of Object.keys(item.solution.cells)) {
    const { sheet } = splitSheet(ref);
    if (sheet !== undefined) solutionSheets.add(sheet.toUpperCase());
  }
  const solutionCells: { sheet: string; cell: CellRef; isFormula: boolean }[] = [];
  for (const [ref, value] of Object.entries(item.solution.cells)) {
    const at = qualifiedCell(ref, index, `solution.cells.${ref}`, report, solutionSheets);
    const isFormula = typeof value === 'object' && value !== null && 'formula' in value;
    if (at) solutionCells.push({ ...at, isFormula });
  }
  item.solution.tables?.forEach((t, i) => {
    const range = parseRange(t.range.includes('!') ? splitSheet(t.range).address : t.range);
    if (!hasSheet(index, t.sheet) && !solutionSheets.has(t.sheet.toUpperCase())) report(`solution.tables.${i}.sheet`, `sheet "${t.sheet}" does not exist`);
    if (!range) report(`solution.tables.${i}.range`, `"${t.range}" is not a range address`);
    else if (range.end.row === range.start.row) report(`solution.tables.${i}.range`, 'a table needs a header row and at least one data row');
  });
  checkNamedRanges(item.solution.namedRanges, index, 'solution.namedRanges', report);
  const definedNames = new Set([...(item.namedRanges ?? []), ...(item.solution.namedRanges ?? [])].map((n) => n.name.toUpperCase()));
  item.checks.forEach((check, i) => {
    const field = `checks.${i}`;
    switch (check.kind) {
      case 'value':
        qualifiedCell(check.cell, index, `${field}.cell`, report, solutionSheets);
        break;
      case 'formula-present':
      case 'formula-result': {
        const at = qualifiedRange(check.range, index, `${field}.range`, report, solutionSheets);
        if (at) {
          const covered = solutionCells.filter((c) => c.isFormula && c.sheet.toUpperCase() === at.sheet.toUpperCase() && isInRange(c.cell, at.range));
          if (covered.length === 0) report(`${field}.range`, `the solution has no formula in ${check.range}, so it cannot earn this check`);
        }
        break;
      }
      case 'table-exists':
        if (!hasSheet(index, check.sheet) && !solutionSheets.has(check.sheet.toUpperCase())) report(`${field}.sheet`, `sheet "${check.sheet}" does not exist`);
        else if (!(item.solution.tables ?? []).some((t) => t.sheet.toUpperCase() === check.sheet.toUpperCase() && (check.name === undefined || t.name === check.name))) {
          report(field, `the solution creates no table${check.name ? ` named ${check.name}` : ''} on ${check.sheet}`);
        }
        break;
      case 'named-range':
        if (!definedNames.has(check.name.toUpperCase())) report(`${field}.name`, `"${check.name}" is defined neither by the workbook nor by the solution`);
        break;
      default: {
        const unreachable: never = check;
        throw new Error(`unknown check ${String(unreachable)}`);
      }
    }
  });
  checkGenerators(item.variants?.generators, data, item.data !== undefined, index, report);
  checkFixedVariants(item.variants?.fixed, index, report);
}
