/**
 * Where Excel is documented to differ from LibreOffice, or LibreOffice 25.2 cannot evaluate a
 * function (it lacks TEXTBEFORE, TEXTAFTER, TAKE, DROP, CHOOSECOLS, VSTACK, TOCOL), the Excel result
 * is written here with its reason. Keyed by formula.
 */
type Scalar = number | string | boolean | null;
export interface Correction {
  readonly expected: { value: Scalar } | { error: string } | { value: (Scalar | { error: string })[][] };
  /** `hand-checked` when LibreOffice gave no usable value and the result follows Excel's documentation. */
  readonly source?: 'excel-correction' | 'hand-checked';
  readonly note: string;
}

const LO_LACKS = 'LibreOffice 25.2 returns #NAME? for this function; value worked out from Excel\'s documented definition';
const BOOLEANS_ARE_NOT_NUMBERS = 'Excel keeps TRUE as a logical value that COUNT/AVERAGE skip in ranges; LibreOffice stores it as the number 1';

export const EXCEL_CORRECTIONS: Readonly<Record<string, Correction>> = {
  '=COUNT(K2:K11)': { expected: { value: 5 }, note: BOOLEANS_ARE_NOT_NUMBERS },
  '=AVERAGE(K2:K11)': { expected: { value: 5.6 }, note: BOOLEANS_ARE_NOT_NUMBERS },
  '=SQRT(-1)': { expected: { error: '#NUM!' }, note: 'Excel documents #NUM! for a negative argument to SQRT; LibreOffice returns #VALUE! (Err:502)' },
  '=LN(0)': { expected: { error: '#NUM!' }, note: 'Excel documents #NUM! for LN of a non-positive number; LibreOffice returns #VALUE! (Err:502)' },
  '=ROUND(1.005,2)': { expected: { value: 1.01 }, note: 'Excel rounds the decimal value shown (1.005 → 1.01); LibreOffice agrees, kept here to pin the behaviour' },
  '=FORECAST.LINEAR(4,D2:D11,E2:E11)': {
    expected: { value: 5.40983606557377 },
    note: 'Excel returns one value; LibreOffice repeats it over the range when evaluated as an array formula',
  },
  '=TEXTBEFORE(G3,"-")': { expected: { value: 'alpha' }, source: 'hand-checked', note: LO_LACKS },
  '=TEXTAFTER(G3,"-")': { expected: { value: 'beta' }, source: 'hand-checked', note: LO_LACKS },
  '=TEXTBEFORE(G9,"-",2)': { expected: { value: 'A1-B2' }, source: 'hand-checked', note: LO_LACKS },
  '=TEXTAFTER(G9,"-",-1)': { expected: { value: 'C3' }, source: 'hand-checked', note: LO_LACKS },
  '=TEXTAFTER(G11,", ")': { expected: { value: 'first' }, source: 'hand-checked', note: LO_LACKS },
  '=TEXTBEFORE(G5,"@")': { expected: { value: 'x' }, source: 'hand-checked', note: LO_LACKS },
  '=TAKE(SORT(D2:D11,1,-1),3)': { expected: { value: [[15], [12], [10]] }, source: 'hand-checked', note: LO_LACKS },
  '=CHOOSECOLS(B2:D4,3,1)': { expected: { value: [[10, 'Ann'], [4, 'Bob'], [7, 'Cid']] }, source: 'hand-checked', note: LO_LACKS },
  '=DROP(B2:B6,2)': { expected: { value: [['Cid'], ['Dee'], ['Eve']] }, source: 'hand-checked', note: LO_LACKS },
  '=TAKE(B2:D11,-2)': { expected: { value: [['Ivy', 'Apple', 6], ['Jon', 'Plum', 8]] }, source: 'hand-checked', note: LO_LACKS },
  '=VSTACK(B2:B3,C2:C3)': { expected: { value: [['Ann'], ['Bob'], ['Apple'], ['Pear']] }, source: 'hand-checked', note: LO_LACKS },
  '=TOCOL(B2:C3)': { expected: { value: [['Ann'], ['Apple'], ['Bob'], ['Pear']] }, source: 'hand-checked', note: LO_LACKS },
  '=MINUTE(0.7534722)': {
    expected: { value: 5 },
    note: 'Excel rounds a time to the nearest second before taking its parts (0.7534722 is 18:04:59.998 → 18:05:00); LibreOffice truncates',
  },
};
