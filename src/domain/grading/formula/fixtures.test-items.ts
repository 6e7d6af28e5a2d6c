/** Fixture formula items for the grading tests: one per task shape, every wrong-answer kind. */
import type { FormulaItem } from '../../bank/item.js';

const base = {
  kind: 'formula',
  tags: [],
  level: 2,
  timeLimitSec: 180,
  irt: { model: '2pl', a: 1.2, b: 0, c: 0 },
  exposureCap: 0.25,
  status: 'approved',
  author: 'tests',
  explanation: 'fixture',
} as const;

const salesRows = [
  ['North', 'Ann', 120],
  ['South', 'Bob', 80],
  ['North', 'Cid', 200],
  ['East', 'Dee', 50],
  ['South', 'Eve', 70],
  ['North', 'Fay', 30],
  ['East', 'Gus', 90],
  ['West', 'Hal', 60],
  ['South', 'Ivy', 40],
  ['North', 'Jon', 75],
] as const;

export const sumifsItem: FormulaItem = {
  ...base,
  id: 'ca.sumifs-region',
  area: 'conditional-aggregation',
  prompt: 'In F2, total the amounts for the region in E2.',
  sheets: [{ name: 'Sales', table: { header: ['Region', 'Rep', 'Amount'], rows: salesRows.map((r) => [...r]) }, cells: { E1: 'Region', E2: 'North' } }],
  data: { sheet: 'Sales', range: 'A2:C11' },
  answerCell: 'Sales!F2',
  reference: '=SUMIFS(C2:C11,A2:A11,E2)',
  alternatives: ['=SUMPRODUCT((A2:A11=E2)*C2:C11)', '=SUM(FILTER(C2:C11,A2:A11=E2))', '=SUMIF(A2:A11,E2,C2:C11)'],
  wrongAnswers: [
    { kind: 'hard-coded', formula: '=425', note: 'the visible total typed in' },
    { kind: 'hard-coded', formula: '=120+200+30+75', note: 'adds the visible numbers' },
    { kind: 'off-by-one-range', formula: '=SUMIFS(C2:C10,A2:A10,E2)', note: 'misses the last row' },
    { kind: 'wrong-function', formula: '=COUNTIFS(A2:A11,E2)', note: 'counts instead of summing' },
  ],
  variants: {
    fixed: [{ name: 'other-region', description: 'a different region', set: { 'Sales!E2': 'South' } }],
    generators: [{ kind: 'perturb', columns: ['C'] }, { kind: 'shuffle-rows' }],
  },
};

export const averageItem: FormulaItem = {
  ...base,
  id: 'ca.averageifs-blanks',
  area: 'conditional-aggregation',
  prompt: 'In F2, average the amounts for the region in E2, ignoring blank amounts.',
  sheets: sumifsItem.sheets,
  data: { sheet: 'Sales', range: 'A2:C11' },
  answerCell: 'Sales!F2',
  reference: '=AVERAGEIFS(C2:C11,A2:A11,E2)',
  alternatives: ['=AVERAGE(FILTER(C2:C11,(A2:A11=E2)*(C2:C11<>"")))', '=SUMIFS(C2:C11,A2:A11,E2)/COUNTIFS(A2:A11,E2,C2:C11,"<>")', '=AVERAGEIF(A2:A11,E2,C2:C11)'],
  wrongAnswers: [{ kind: 'ignores-blanks', formula: '=SUMIFS(C2:C11,A2:A11,E2)/COUNTIF(A2:A11,E2)', note: 'counts rows with blank amounts' }],
  variants: { generators: [{ kind: 'blanks', columns: ['C'], cells: 4 }, { kind: 'perturb', columns: ['C'], count: 1 }] },
};

export const lookupItem: FormulaItem = {
  ...base,
  id: 'lk.price-fill-down',
  area: 'lookups',
  prompt: 'In C2, compute quantity × unit price from the price list in E:F, then fill down to C6.',
  sheets: [
    {
      name: 'Orders',
      table: { header: ['Product', 'Qty', 'Total'], rows: [['Apple', 3], ['Pear', 2], ['Kiwi', 5], ['Fig', 1], ['Pear', 4]] },
      cells: { E1: 'Product', F1: 'Price', E2: 'Pear', F2: 2, E3: 'Apple', F3: 3, E4: 'Fig', F4: 5, E5: 'Kiwi', F5: 7 },
    },
  ],
  data: { sheet: 'Orders', range: 'A2:B6' },
  answerCell: 'Orders!C2',
  fillTo: 'C6',
  reference: '=B2*VLOOKUP(A2,$E$2:$F$5,2,FALSE)',
  alternatives: ['=B2*XLOOKUP(A2,$E$2:$E$5,$F$2:$F$5)', '=B2*INDEX($F$2:$F$5,MATCH(A2,$E$2:$E$5,0))', '=B2*VLOOKUP(A2,$E$2:$F$5,2,0)'],
  wrongAnswers: [
    { kind: 'relative-reference', formula: '=B2*VLOOKUP(A2,E2:F5,2,FALSE)', note: 'the price range moves when filled down' },
    { kind: 'approximate-match', formula: '=B2*VLOOKUP(A2,$E$2:$F$5,2,TRUE)', note: 'approximate match on an unsorted list' },
    { kind: 'approximate-match', formula: '=B2*VLOOKUP(A2,$E$2:$F$5,2)', note: 'the default is approximate match' },
    { kind: 'wrong-function', formula: '=B2*SUMIF($E$2:$E$5,A2,$F$2:$F$5)', note: 'a missing product gives 0 instead of #N/A' },
    { kind: 'hard-coded', formula: '=9', note: 'the first total typed in' },
  ],
  variants: {
    fixed: [{ name: 'missing-product', description: 'a product that is not in the price list', set: { 'Orders!A4': 'Plum' } }],
    generators: [{ kind: 'perturb', columns: ['B'] }, { kind: 'shuffle-rows' }],
  },
};

export const filterItem: FormulaItem = {
  ...base,
  id: 'da.filter-over-threshold',
  area: 'dynamic-arrays-lambda',
  prompt: 'In E3, list the names and amounts of rows whose amount is above the threshold in E1.',
  sheets: [
    {
      name: 'Data',
      table: { header: ['Name', 'Amount'], rows: [['Ann', 120], ['Bob', 80], ['Cid', 100], ['Dee', 50], ['Eve', 170], ['Fay', 30], ['Gus', 90], ['Hal', 140]] },
      cells: { D1: 'Threshold', E1: 100 },
    },
  ],
  data: { sheet: 'Data', range: 'A2:B9' },
  answerCell: 'Data!E3',
  spill: true,
  reference: '=FILTER(A2:B9,B2:B9>E1)',
  alternatives: ['=FILTER(A2:B9,B2:B9>$E$1)', '=FILTER(A2:B9,(B2:B9>E1)*1)', '=FILTER(A2:B9,NOT(B2:B9<=E1))'],
  wrongAnswers: [
    { kind: 'off-by-one-range', formula: '=FILTER(A2:B8,B2:B8>E1)', note: 'misses the last row' },
    { kind: 'other', formula: '=FILTER(A2:B9,B2:B9>=E1)', note: 'includes the threshold itself' },
    { kind: 'wrong-function', formula: '=FILTER(A2:A9,B2:B9>E1)', note: 'names only' },
    { kind: 'hard-coded', formula: '={"Ann",120;"Eve",170;"Hal",140}', note: 'typed-in array' },
  ],
  variants: { generators: [{ kind: 'perturb', columns: ['B'] }, { kind: 'shuffle-rows' }] },
};

export const textItem: FormulaItem = {
  ...base,
  id: 'tx.first-name',
  area: 'text-cleaning',
  prompt: 'Names in A are "Last, First". In B2, extract the first name and fill down to B6.',
  sheets: [{ name: 'People', table: { header: ['Full name', 'First'], rows: [['Lovelace, Ada'], ['Hopper, Grace'], ['Turing, Alan'], ['Curie, Marie'], ['Noether, Emmy']] } }],
  data: { sheet: 'People', range: 'A2:A6' },
  answerCell: 'People!B2',
  fillTo: 'B6',
  reference: '=TRIM(MID(A2,FIND(",",A2)+1,100))',
  alternatives: ['=TEXTAFTER(A2,", ")', '=RIGHT(A2,LEN(A2)-FIND(",",A2)-1)', '=MID(A2,SEARCH(", ",A2)+2,LEN(A2))'],
  wrongAnswers: [
    { kind: 'hard-coded', formula: '="Ada"', note: 'typed in' },
    { kind: 'wrong-function', formula: '=LEFT(A2,FIND(",",A2)-1)', note: 'returns the last name' },
    { kind: 'relative-reference', formula: '=TEXTAFTER($A$2,", ")', note: 'always reads the first row' },
  ],
  variants: { fixed: [{ name: 'long-names', description: 'longer names', set: { 'People!A3': 'de la Cruz, Juana Inés', 'People!A5': 'Ng, Li' } }], generators: [{ kind: 'shuffle-rows' }] },
};

export const dateItem: FormulaItem = {
  ...base,
  id: 'dt.month-end',
  area: 'dates-times',
  prompt: 'In B2, return the last day of the month of the date in A2, then fill down to B6.',
  sheets: [
    {
      name: 'Dates',
      table: { header: ['Date', 'Month end'], rows: [[{ date: '2024-01-15' }], [{ date: '2024-02-10' }], [{ date: '2023-02-01' }], [{ date: '2024-12-31' }], [{ date: '2024-04-30' }]] },
    },
  ],
  data: { sheet: 'Dates', range: 'A2:A6' },
  answerCell: 'Dates!B2',
  fillTo: 'B6',
  reference: '=EOMONTH(A2,0)',
  alternatives: ['=DATE(YEAR(A2),MONTH(A2)+1,0)', '=EDATE(A2-DAY(A2)+1,1)-1', '=EOMONTH(A2,-1)+DAY(EOMONTH(A2,0))'],
  wrongAnswers: [
    { kind: 'other', formula: '=A2+30', note: 'adds 30 days' },
    { kind: 'wrong-function', formula: '=DATE(YEAR(A2),MONTH(A2),30)', note: 'assumes 30-day months' },
    { kind: 'hard-coded', formula: '=45322', note: 'typed in' },
    { kind: 'relative-reference', formula: '=EOMONTH($A$2,0)', note: 'always reads the first row' },
  ],
  variants: { fixed: [{ name: 'leap-day', description: 'a leap-year February', set: { 'Dates!A3': { date: '2028-02-03' } } }], generators: [{ kind: 'shuffle-rows' }] },
};

export const FIXTURE_ITEMS: readonly FormulaItem[] = [sumifsItem, averageItem, lookupItem, filterItem, textItem, dateItem];
