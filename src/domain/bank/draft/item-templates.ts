/**
 * Built-in templates for drafting items when no LLM is configured. Each yields a structurally
 * complete item that passes the validator (the formula and workbook ones are real, gradable
 * tasks on generated data) with `[DRAFT]` text for the author to replace with the area's topic.
 */
import { randomInt, type Rng } from '../../rng.js';
import type { ItemKind, Level, SkillArea } from '../item.js';

export interface TemplateContext {
  readonly area: SkillArea;
  readonly level: Level;
  readonly id: string;
  readonly rng: Rng;
}

export interface ItemTemplate {
  readonly name: string;
  readonly kind: ItemKind;
  /** A raw item as a bank file would hold it (without `area`, which the file gives). */
  build(context: TemplateContext): Record<string, unknown>;
}

/** What each area is about, in a phrase the drafts start from. */
export const AREA_TOPICS: Readonly<Record<SkillArea, string>> = {
  'references-basics': 'relative, absolute and mixed references',
  'logical-functions': 'IF, IFS, AND, OR and nested conditions',
  'conditional-aggregation': 'SUMIFS, COUNTIFS and AVERAGEIFS with criteria',
  lookups: 'XLOOKUP, INDEX/MATCH and VLOOKUP pitfalls',
  'text-cleaning': 'TRIM, TEXTSPLIT, LEFT/MID and cleaning imported text',
  'dates-times': 'date serials, EOMONTH, NETWORKDAYS and time arithmetic',
  'errors-auditing': 'error values, IFERROR and tracing precedents',
  'tables-structured-references': 'Excel tables and structured references',
  'pivot-tables': 'PivotTables, grouping and calculated fields',
  'charts-visual-communication': 'choosing and formatting charts',
  'validation-conditional-formatting': 'data validation and conditional formatting rules',
  'dynamic-arrays-lambda': 'FILTER, SORT, UNIQUE, LET and LAMBDA',
  'what-if-analysis': 'Goal Seek, data tables, scenarios and Solver',
  'power-query-data-modelling': 'Power Query steps and the data model',
  'vba-automation': 'VBA macros and automating repetitive work',
  'financial-functions': 'PMT, NPV, IRR and other financial functions',
};

const AUTHOR = 'bank draft';

function base(context: TemplateContext, kind: ItemKind, prompt: string, timeLimitSec: number): Record<string, unknown> {
  return {
    id: context.id,
    kind,
    tags: ['draft'],
    level: context.level,
    prompt,
    timeLimitSec,
    status: 'draft',
    author: AUTHOR,
    explanation: `[DRAFT] Say what this ${kind} item measures in ${AREA_TOPICS[context.area]} and why it matters.`,
  };
}

const choiceTemplate: ItemTemplate = {
  name: 'choice-single-answer',
  kind: 'choice',
  build(context) {
    const correctAt = randomInt(context.rng, 0, 3);
    const letters = ['a', 'b', 'c', 'd'];
    return {
      ...base(context, 'choice', `[DRAFT] Ask one level-${context.level} question about ${AREA_TOPICS[context.area]}.`, 45 + 15 * context.level),
      multiple: false,
      options: letters.map((id, i) => ({
        id,
        text: i === correctAt ? '[DRAFT] the correct answer' : `[DRAFT] a tempting wrong answer ${i + 1}`,
        correct: i === correctAt,
        rationale: i === correctAt ? '[DRAFT] why this is right' : '[DRAFT] the misconception that makes this tempting',
      })),
    };
  },
};

const conceptTemplate: ItemTemplate = {
  name: 'concept-explain',
  kind: 'concept',
  build(context) {
    return {
      ...base(context, 'concept', `[DRAFT] Ask the candidate to explain a point of ${AREA_TOPICS[context.area]} in their own words.`, 120 + 30 * context.level),
      modelAnswer: '[DRAFT] A model answer of three to five sentences.',
      keyPoints: [1, 2, 3].map((n) => ({
        id: `point-${n}`,
        text: `[DRAFT] key point ${n}`,
        weight: 1,
        aliases: [],
        examples: [],
        probe: `[DRAFT] the follow-up question when point ${n} is missing`,
      })),
      misconceptions: [{ id: 'misconception-1', text: '[DRAFT] a common misconception', weight: -1, aliases: [], examples: [] }],
      gradingGuide: [
        '[DRAFT] 0: off-topic or wrong',
        '[DRAFT] 1: one point, vaguely',
        '[DRAFT] 2: some points',
        '[DRAFT] 3: most points',
        '[DRAFT] 4: every point, precisely',
      ],
    };
  },
};

/** Eight rows of generated amounts on a `Data` sheet; the tasks total them. */
function dataSheet(rng: Rng): { sheet: Record<string, unknown>; total: number } {
  const rows = Array.from({ length: 8 }, (_, i) => [`Item ${i + 1}`, randomInt(rng, 10, 990)] as const);
  return {
    sheet: { name: 'Data', table: { header: ['Item', 'Amount'], rows }, cells: { D1: 'Total' } },
    total: rows.reduce((sum, r) => sum + r[1], 0),
  };
}

const formulaTemplate: ItemTemplate = {
  name: 'formula-total',
  kind: 'formula',
  build(context) {
    const { sheet, total } = dataSheet(context.rng);
    return {
      ...base(context, 'formula', `[DRAFT] In **D2**, write a formula that totals the Amount column (B2:B9). Replace with a task on ${AREA_TOPICS[context.area]}.`, 120 + 30 * context.level),
      sheets: [sheet],
      data: { sheet: 'Data', range: 'A2:B9' },
      answerCell: 'Data!D2',
      reference: '=SUM(B2:B9)',
      alternatives: ['=SUMPRODUCT(B2:B9)'],
      wrongAnswers: [
        { formula: `=${total}`, kind: 'hard-coded', note: 'the visible total typed in' },
        { formula: '=SUM(B2:B8)', kind: 'off-by-one-range', note: 'misses the last row' },
      ],
      variants: { generators: [{ kind: 'perturb', columns: ['Amount'], count: 2 }] },
      constraints: { noHardcode: true },
    };
  },
};

const workbookTemplate: ItemTemplate = {
  name: 'workbook-total',
  kind: 'workbook',
  build(context) {
    const { sheet } = dataSheet(context.rng);
    return {
      ...base(context, 'workbook', `[DRAFT] Complete the workbook as the Instructions sheet says. Replace with a task on ${AREA_TOPICS[context.area]}.`, 600 + 120 * context.level),
      sheets: [sheet],
      data: { sheet: 'Data', range: 'A2:B9' },
      instructions: ['[DRAFT] In D2 on the Data sheet, enter a formula that totals the Amount column.'],
      checks: [{ kind: 'formula-result', range: 'Data!D2', description: 'D2 totals the Amount column' }],
      solution: { cells: { 'Data!D2': { formula: '=SUM(B2:B9)' } } },
      variants: { generators: [{ kind: 'perturb', columns: ['Amount'], count: 2 }] },
    };
  },
};

/** The built-in templates, one per kind. */
export const DEFAULT_TEMPLATES: readonly ItemTemplate[] = [choiceTemplate, conceptTemplate, formulaTemplate, workbookTemplate];
