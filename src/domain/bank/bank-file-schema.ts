/**
 * The TypeBox schema of a bank file (`bank/**\/*.yaml`): `{ area, items: [...] }`.
 *
 * Items are written as in `item.ts` except that `area` comes from the file (an item may repeat it
 * but not change it), and `irt` and `exposureCap` may be left out (see `normaliseItem`). Every
 * object is closed (`additionalProperties: false`) so a misspelt field is a problem, not a silent
 * default.
 */
import Type from 'typebox';
import { ITEM_STATUSES, SKILL_AREAS, WRONG_ANSWER_KINDS } from './item.js';

const closed = { additionalProperties: false } as const;

function literalUnion<const T extends readonly (string | number)[]>(values: T, description: string) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );
}

const NonEmpty = Type.String({ minLength: 1 });
const Strings = Type.Array(Type.String());

export const SkillAreaSchema = literalUnion(SKILL_AREAS, `one of ${SKILL_AREAS.join(', ')}`);
export const LevelSchema = literalUnion([1, 2, 3, 4, 5] as const, 'a level from 1 to 5');
export const ItemStatusSchema = literalUnion(ITEM_STATUSES, `one of ${ITEM_STATUSES.join(', ')}`);

export const IrtParamsSchema = Type.Union(
  [
    Type.Object(
      {
        model: Type.Union([Type.Literal('2pl'), Type.Literal('3pl')]),
        a: Type.Number({ exclusiveMinimum: 0 }),
        b: Type.Number(),
        c: Type.Number({ minimum: 0, maximum: 1 }),
      },
      closed,
    ),
    Type.Object({ model: Type.Literal('grm'), a: Type.Number({ exclusiveMinimum: 0 }), thresholds: Type.Array(Type.Number(), { minItems: 1 }) }, closed),
  ],
  { description: "{ model: 2pl|3pl, a, b, c } or { model: grm, a, thresholds }" },
);

export const CellInputSchema = Type.Union(
  [
    Type.Number(),
    Type.String(),
    Type.Boolean(),
    Type.Null(),
    Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }, closed),
    Type.Object({ error: Type.String({ pattern: '^#' }) }, closed),
    Type.Object({ formula: Type.String({ pattern: '^=' }) }, closed),
  ],
  { description: 'a number, text, true/false, null, { date: YYYY-MM-DD }, { error: #N/A } or { formula: =… }' },
);

const CellMap = Type.Record(Type.String(), CellInputSchema);

export const SheetInputSchema = Type.Object(
  {
    name: NonEmpty,
    table: Type.Optional(
      Type.Object(
        {
          origin: Type.Optional(Type.String()),
          header: Type.Array(Type.String(), { minItems: 1 }),
          rows: Type.Array(Type.Array(CellInputSchema)),
        },
        closed,
      ),
    ),
    cells: Type.Optional(CellMap),
  },
  closed,
);

export const NamedRangeSchema = Type.Object({ name: NonEmpty, ref: NonEmpty }, closed);
const DataBlockSchema = Type.Object({ sheet: NonEmpty, range: NonEmpty }, closed);

const FixedVariantSchema = Type.Object({ name: NonEmpty, description: NonEmpty, set: CellMap }, closed);

const count = Type.Optional(Type.Integer({ minimum: 1 }));
const Columns = Type.Array(NonEmpty, { minItems: 1 });
export const VariantGeneratorSchema = Type.Union(
  [
    Type.Object({ kind: Type.Literal('perturb'), columns: Columns, count }, closed),
    Type.Object({ kind: Type.Literal('add-rows'), rows: Type.Integer({ minimum: 1 }), count }, closed),
    Type.Object({ kind: Type.Literal('blanks'), columns: Columns, cells: Type.Integer({ minimum: 1 }), count }, closed),
    Type.Object({ kind: Type.Literal('duplicates'), rows: Type.Integer({ minimum: 1 }), count }, closed),
    Type.Object({ kind: Type.Literal('missing-key'), cell: NonEmpty, value: Type.Optional(CellInputSchema), count }, closed),
    Type.Object({ kind: Type.Literal('text-numbers'), columns: Columns, cells: Type.Integer({ minimum: 1 }), count }, closed),
    Type.Object({ kind: Type.Literal('shuffle-rows'), count }, closed),
  ],
  { description: 'a generator: perturb, add-rows, blanks, duplicates, missing-key, text-numbers or shuffle-rows' },
);

const VariantsSchema = Type.Object(
  { fixed: Type.Optional(Type.Array(FixedVariantSchema)), generators: Type.Optional(Type.Array(VariantGeneratorSchema)) },
  closed,
);

const WrongAnswerSchema = Type.Object(
  { formula: NonEmpty, kind: literalUnion(WRONG_ANSWER_KINDS, `one of ${WRONG_ANSWER_KINDS.join(', ')}`), note: NonEmpty },
  closed,
);

const FunctionNames = Type.Optional(Type.Array(NonEmpty));
const FormulaConstraintsSchema = Type.Object(
  {
    requiredFunctions: FunctionNames,
    requiredAnyOf: FunctionNames,
    forbiddenFunctions: FunctionNames,
    noHardcode: Type.Optional(Type.Boolean()),
    volatileAllowed: Type.Optional(Type.Boolean()),
  },
  closed,
);

const weight = Type.Optional(Type.Number({ exclusiveMinimum: 0 }));
export const WorkbookCheckSchema = Type.Union(
  [
    Type.Object({ kind: Type.Literal('value'), cell: NonEmpty, expected: CellInputSchema, weight, description: NonEmpty }, closed),
    Type.Object({ kind: Type.Literal('formula-present'), range: NonEmpty, weight, description: NonEmpty }, closed),
    Type.Object({ kind: Type.Literal('formula-result'), range: NonEmpty, weight, description: NonEmpty }, closed),
    Type.Object(
      { kind: Type.Literal('table-exists'), sheet: NonEmpty, name: Type.Optional(NonEmpty), minRows: Type.Optional(Type.Integer({ minimum: 0 })), weight, description: NonEmpty },
      closed,
    ),
    Type.Object({ kind: Type.Literal('named-range'), name: NonEmpty, refersTo: Type.Optional(NonEmpty), weight, description: NonEmpty }, closed),
  ],
  { description: 'a check: value, formula-present, formula-result, table-exists or named-range' },
);

/** Fields every item may carry, whatever its kind. */
const baseFields = {
  id: Type.String({ pattern: '^[a-z][a-z0-9-]*\\.[a-z0-9][a-z0-9._-]*$', description: '<area-prefix>.<slug>, lower case' }),
  area: Type.Optional(SkillAreaSchema),
  tags: Strings,
  level: LevelSchema,
  prompt: NonEmpty,
  timeLimitSec: Type.Integer({ minimum: 1 }),
  irt: Type.Optional(IrtParamsSchema),
  exposureCap: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  status: ItemStatusSchema,
  author: NonEmpty,
  explanation: NonEmpty,
  variantGroup: Type.Optional(NonEmpty),
};

export const ChoiceOptionSchema = Type.Object({ id: NonEmpty, text: NonEmpty, correct: Type.Boolean(), rationale: NonEmpty }, closed);

export const ChoiceItemSchema = Type.Object(
  { ...baseFields, kind: Type.Literal('choice'), multiple: Type.Boolean(), options: Type.Array(ChoiceOptionSchema, { minItems: 2 }) },
  closed,
);

export const FormulaItemSchema = Type.Object(
  {
    ...baseFields,
    kind: Type.Literal('formula'),
    sheets: Type.Array(SheetInputSchema, { minItems: 1 }),
    namedRanges: Type.Optional(Type.Array(NamedRangeSchema)),
    data: Type.Optional(DataBlockSchema),
    answerCell: NonEmpty,
    fillTo: Type.Optional(NonEmpty),
    spill: Type.Optional(Type.Boolean()),
    reference: NonEmpty,
    alternatives: Type.Optional(Type.Array(NonEmpty)),
    wrongAnswers: Type.Array(WrongAnswerSchema),
    variants: Type.Optional(VariantsSchema),
    constraints: Type.Optional(FormulaConstraintsSchema),
    compare: Type.Optional(Type.Object({ tolerance: Type.Optional(Type.Number({ minimum: 0 })), caseSensitive: Type.Optional(Type.Boolean()) }, closed)),
  },
  closed,
);

export const WorkbookItemSchema = Type.Object(
  {
    ...baseFields,
    kind: Type.Literal('workbook'),
    sheets: Type.Array(SheetInputSchema, { minItems: 1 }),
    namedRanges: Type.Optional(Type.Array(NamedRangeSchema)),
    data: Type.Optional(DataBlockSchema),
    instructions: Type.Array(NonEmpty, { minItems: 1 }),
    checks: Type.Array(WorkbookCheckSchema, { minItems: 1 }),
    solution: Type.Object(
      {
        cells: CellMap,
        tables: Type.Optional(Type.Array(Type.Object({ sheet: NonEmpty, name: NonEmpty, range: NonEmpty }, closed))),
        namedRanges: Type.Optional(Type.Array(NamedRangeSchema)),
      },
      closed,
    ),
    variants: Type.Optional(VariantsSchema),
    macrosAllowed: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const RubricPointSchema = Type.Object(
  { id: NonEmpty, text: NonEmpty, weight: Type.Number(), aliases: Strings, examples: Strings, probe: NonEmpty },
  closed,
);
export const MisconceptionSchema = Type.Object({ id: NonEmpty, text: NonEmpty, weight: Type.Number(), aliases: Strings, examples: Strings }, closed);

export const ConceptItemSchema = Type.Object(
  {
    ...baseFields,
    kind: Type.Literal('concept'),
    modelAnswer: NonEmpty,
    keyPoints: Type.Array(RubricPointSchema),
    misconceptions: Type.Array(MisconceptionSchema),
    gradingGuide: Type.Array(Type.String()),
  },
  closed,
);

/** One schema per item kind; the parser picks by `kind` so problems name the right fields. */
export const ITEM_SCHEMAS = {
  choice: ChoiceItemSchema,
  formula: FormulaItemSchema,
  workbook: WorkbookItemSchema,
  concept: ConceptItemSchema,
} as const;

/** The file envelope; items are checked one by one with `ITEM_SCHEMAS`. */
export const BankFileSchema = Type.Object({ area: SkillAreaSchema, items: Type.Array(Type.Unknown()) }, closed);
