/**
 * The item bank's vocabulary: what an interview question is, in every kind.
 *
 * These types are the contract between the bank files (`bank/*.yaml`), the graders, the adaptive
 * engine and the interview. Bank files are validated into these shapes by `validate-bank.ts`.
 */

/** The skill areas an Excel interview covers; a profile weights a subset of them. */
export const SKILL_AREAS = [
  'references-basics',
  'logical-functions',
  'conditional-aggregation',
  'lookups',
  'text-cleaning',
  'dates-times',
  'errors-auditing',
  'tables-structured-references',
  'pivot-tables',
  'charts-visual-communication',
  'validation-conditional-formatting',
  'dynamic-arrays-lambda',
  'what-if-analysis',
  'power-query-data-modelling',
  'vba-automation',
  'financial-functions',
] as const;
export type SkillArea = (typeof SKILL_AREAS)[number];

export const ITEM_KINDS = ['choice', 'formula', 'workbook', 'concept'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ITEM_STATUSES = ['draft', 'approved', 'retired'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** 1 = entry level (basic references, SUM) … 5 = expert (LAMBDA, data models, VBA design). */
export type Level = 1 | 2 | 3 | 4 | 5;

/**
 * IRT parameters. Dichotomous items (choice, formula pass/fail) use 2PL/3PL (`c` = 0 for 2PL).
 * Graded items (concept answers, partial-credit formula and workbook items, scored 0-4) use the
 * graded response model: one discrimination and four ordered thresholds.
 */
export type IrtParams =
  | { readonly model: '2pl' | '3pl'; readonly a: number; readonly b: number; readonly c: number }
  | { readonly model: 'grm'; readonly a: number; readonly thresholds: readonly number[] };

/** Fields every item carries, whatever its kind. */
export interface ItemBase {
  /** Stable id, `<area-prefix>.<slug>`, unique across the bank. */
  readonly id: string;
  readonly kind: ItemKind;
  readonly area: SkillArea;
  /** Sub-skill tags, e.g. `xlookup`, `absolute-reference`, `sumifs`. */
  readonly tags: readonly string[];
  readonly level: Level;
  /** What the candidate reads (Markdown, short). */
  readonly prompt: string;
  readonly timeLimitSec: number;
  /** Starting values derive from the level (see `defaultIrtParams`); calibration replaces them. */
  readonly irt: IrtParams;
  /** Largest share of interviews this item may appear in (Sympson-Hetter style); default 0.25. */
  readonly exposureCap: number;
  readonly status: ItemStatus;
  readonly author: string;
  /** One or two sentences shown in reports: what the item measures and why it matters. */
  readonly explanation: string;
  /** Items in one `variantGroup` are close variants: an interview never gets two of them. */
  readonly variantGroup?: string;
}

// ---------------------------------------------------------------------------------------------
// choice

export interface ChoiceOption {
  /** Short stable id, e.g. `a`. */
  readonly id: string;
  readonly text: string;
  readonly correct: boolean;
  /** Why this option is right, or the misconception that makes it tempting. */
  readonly rationale: string;
}

export interface ChoiceItem extends ItemBase {
  readonly kind: 'choice';
  /** True when the candidate must pick every correct option (all-or-nothing scoring). */
  readonly multiple: boolean;
  readonly options: readonly ChoiceOption[];
}

// ---------------------------------------------------------------------------------------------
// sheets shared by formula and workbook items

/**
 * A cell's content as written in bank files and the batch CLI: a number, text, boolean, empty,
 * a date (an ISO day, stored as an Excel serial), an error literal, or a formula.
 */
export type CellInput =
  | number
  | string
  | boolean
  | null
  | { readonly date: string }
  | { readonly error: string }
  | { readonly formula: string };

/**
 * One worksheet. `table` is the easy way to write a data block (a header row and data rows from
 * `origin`, default A1); `cells` adds or overrides single cells by A1 address.
 */
export interface SheetInput {
  readonly name: string;
  readonly table?: {
    readonly origin?: string;
    readonly header: readonly string[];
    readonly rows: readonly (readonly CellInput[])[];
  };
  readonly cells?: Readonly<Record<string, CellInput>>;
}

/** A workbook-level defined name, e.g. `{ name: 'Rates', ref: 'Rates!$A$2:$B$6' }`. */
export interface NamedRangeInput {
  readonly name: string;
  readonly ref: string;
}

/**
 * A hidden variant written out by hand: cell overrides applied to the visible workbook
 * (`null` clears a cell). Addresses are sheet-qualified, `Sheet1!B4`.
 */
export interface FixedVariant {
  readonly name: string;
  /** What the variant tests, in words a candidate may read ("blank amounts"), never its data. */
  readonly description: string;
  readonly set: Readonly<Record<string, CellInput>>;
}

/**
 * A seeded generator of hidden variants. Each operates on the item's `data` block (sheet and
 * range of the data rows, header excluded) and is replayed from the item id, so every grading of
 * the same answer sees the same variants.
 * - `perturb`: new random numbers in the given numeric columns (catches hard-coded results).
 * - `add-rows`: appends rows cloned from existing ones with perturbed numbers, for items whose
 *   task says the data grows (whole-column, table or dynamic ranges pass; fixed ranges fail).
 * - `blanks`: clears `count` cells in the given columns.
 * - `duplicates`: repeats `count` existing rows at random positions below the data.
 * - `missing-key`: writes a key that does not occur in the data into `cell`.
 * - `text-numbers`: turns `count` numbers in the given columns into numeric text ("125").
 * - `shuffle-rows`: reorders the data rows.
 */
export type VariantGenerator =
  | { readonly kind: 'perturb'; readonly columns: readonly string[]; readonly count?: number }
  | { readonly kind: 'add-rows'; readonly rows: number; readonly count?: number }
  | { readonly kind: 'blanks'; readonly columns: readonly string[]; readonly cells: number; readonly count?: number }
  | { readonly kind: 'duplicates'; readonly rows: number; readonly count?: number }
  | { readonly kind: 'missing-key'; readonly cell: string; readonly value?: CellInput; readonly count?: number }
  | { readonly kind: 'text-numbers'; readonly columns: readonly string[]; readonly cells: number; readonly count?: number }
  | { readonly kind: 'shuffle-rows'; readonly count?: number };

/** The kinds of known-wrong answer the bank validator requires to fail. */
export const WRONG_ANSWER_KINDS = [
  'hard-coded',
  'relative-reference',
  'off-by-one-range',
  'approximate-match',
  'wrong-function',
  'ignores-blanks',
  'other',
] as const;
export type WrongAnswerKind = (typeof WRONG_ANSWER_KINDS)[number];

export interface WrongAnswer {
  readonly formula: string;
  readonly kind: WrongAnswerKind;
  /** Why it is wrong, for authors and reviewers. */
  readonly note: string;
}

export interface FormulaConstraints {
  /** Every one of these functions must appear. */
  readonly requiredFunctions?: readonly string[];
  /** At least one of these functions must appear. */
  readonly requiredAnyOf?: readonly string[];
  readonly forbiddenFunctions?: readonly string[];
  /** A constant, or a formula whose result ignores the inputs, fails. Default true. */
  readonly noHardcode?: boolean;
  /** Volatile functions (NOW, TODAY, RAND, OFFSET, INDIRECT) fail unless allowed. Default false. */
  readonly volatileAllowed?: boolean;
}

export interface FormulaItem extends ItemBase {
  readonly kind: 'formula';
  /** The visible workbook. */
  readonly sheets: readonly SheetInput[];
  readonly namedRanges?: readonly NamedRangeInput[];
  /** Where the data rows are, for generators: `{ sheet: 'Sales', range: 'A2:D11' }`. */
  readonly data?: { readonly sheet: string; readonly range: string };
  /** The cell the candidate writes into, sheet-qualified: `Sales!F2`. */
  readonly answerCell: string;
  /**
   * When set, the candidate's formula is filled from `answerCell` to this cell (same sheet,
   * e.g. `F11`) the way Excel's fill handle does, and every filled cell is compared: this is how
   * absolute and mixed references are checked.
   */
  readonly fillTo?: string;
  /** The result is a dynamic array; compared by shape and content. */
  readonly spill?: boolean;
  readonly reference: string;
  /** Other correct formulas (different functions, same results): they must pass too. */
  readonly alternatives?: readonly string[];
  readonly wrongAnswers: readonly WrongAnswer[];
  readonly variants?: {
    readonly fixed?: readonly FixedVariant[];
    readonly generators?: readonly VariantGenerator[];
  };
  readonly constraints?: FormulaConstraints;
  readonly compare?: {
    /** Absolute tolerance for numbers; default 1e-6. */
    readonly tolerance?: number;
    /** Default false: "North" equals "north". */
    readonly caseSensitive?: boolean;
  };
}

// ---------------------------------------------------------------------------------------------
// workbook

/** One graded check on an uploaded workbook; `weight` defaults to 1. */
export type WorkbookCheck =
  | { readonly kind: 'value'; readonly cell: string; readonly expected: CellInput; readonly weight?: number; readonly description: string }
  | { readonly kind: 'formula-present'; readonly range: string; readonly weight?: number; readonly description: string }
  | {
      /**
       * The candidate's formulas in `range` are recomputed on the visible data and on hidden
       * variants, and compared with the reference solution's results there.
       */
      readonly kind: 'formula-result';
      readonly range: string;
      readonly weight?: number;
      readonly description: string;
    }
  | { readonly kind: 'table-exists'; readonly sheet: string; readonly name?: string; readonly minRows?: number; readonly weight?: number; readonly description: string }
  | { readonly kind: 'named-range'; readonly name: string; readonly refersTo?: string; readonly weight?: number; readonly description: string };

export interface WorkbookItem extends ItemBase {
  readonly kind: 'workbook';
  /** The starting workbook the candidate downloads (built from this, never stored as a binary). */
  readonly sheets: readonly SheetInput[];
  readonly namedRanges?: readonly NamedRangeInput[];
  readonly data?: { readonly sheet: string; readonly range: string };
  /** Steps shown on the workbook's Instructions sheet and in the chat. */
  readonly instructions: readonly string[];
  readonly checks: readonly WorkbookCheck[];
  /** What a correct submission adds to the starting workbook; the validator grades it for full marks. */
  readonly solution: {
    readonly cells: Readonly<Record<string, CellInput>>;
    readonly tables?: readonly { readonly sheet: string; readonly name: string; readonly range: string }[];
    readonly namedRanges?: readonly NamedRangeInput[];
  };
  readonly variants?: {
    readonly fixed?: readonly FixedVariant[];
    readonly generators?: readonly VariantGenerator[];
  };
  /** Accept .xlsm uploads (only items about macros). Default false. */
  readonly macrosAllowed?: boolean;
}

// ---------------------------------------------------------------------------------------------
// concept

export interface RubricPoint {
  readonly id: string;
  /** The point in one plain sentence. */
  readonly text: string;
  /** Relative weight within the item (positive). */
  readonly weight: number;
  /** Words and phrases that signal the point: function names, synonyms. */
  readonly aliases: readonly string[];
  /** Full example phrasings a good answer might use. */
  readonly examples: readonly string[];
  /** The follow-up question to ask when an answer misses this point. */
  readonly probe: string;
}

export interface Misconception {
  readonly id: string;
  readonly text: string;
  /** Negative: how much it costs when stated. */
  readonly weight: number;
  readonly aliases: readonly string[];
  readonly examples: readonly string[];
}

export interface ConceptItem extends ItemBase {
  readonly kind: 'concept';
  readonly modelAnswer: string;
  /** 3-6 key points. */
  readonly keyPoints: readonly RubricPoint[];
  readonly misconceptions: readonly Misconception[];
  /** What a 0, 1, 2, 3 and 4 answer looks like, in order. */
  readonly gradingGuide: readonly [string, string, string, string, string];
}

export type Item = ChoiceItem | FormulaItem | WorkbookItem | ConceptItem;

/** Starting IRT parameters from the level, before any calibration. */
export function defaultIrtParams(kind: ItemKind, level: Level, optionCount = 4, multiple = false): IrtParams {
  const b = level - 3;
  switch (kind) {
    case 'choice':
      return multiple ? { model: '2pl', a: 1, b, c: 0 } : { model: '3pl', a: 1, b, c: 1 / Math.max(optionCount, 2) };
    case 'formula':
      return { model: '2pl', a: 1.2, b, c: 0 };
    case 'workbook':
    case 'concept':
      return { model: 'grm', a: 1, thresholds: [b - 1.5, b - 0.5, b + 0.5, b + 1.5] };
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown item kind ${String(unreachable)}`);
    }
  }
}
