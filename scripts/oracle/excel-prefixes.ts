/** Adds the `_xlfn.` / `_xlws.` prefixes Excel writes for post-2007 functions, so other readers (LibreOffice) recognise them. */
import { tokenize } from '../../src/domain/grading/formula/tokenize.js';

const XLWS = new Set(['FILTER', 'SORT']);
const XLFN = new Set(
  ('XLOOKUP XMATCH SORTBY UNIQUE SEQUENCE LET LAMBDA TEXTBEFORE TEXTAFTER TEXTSPLIT CONCAT IFS SWITCH MAXIFS MINIFS TEXTJOIN XOR IFNA ' +
    'RANK.EQ RANK.AVG STDEV.S STDEV.P VAR.S VAR.P PERCENTILE.INC PERCENTILE.EXC QUARTILE.INC QUARTILE.EXC MODE.SNGL CEILING.MATH FLOOR.MATH ' +
    'ISOWEEKNUM DAYS AGGREGATE NUMBERVALUE FORECAST.LINEAR NORM.DIST PERCENTRANK.INC TAKE DROP CHOOSECOLS CHOOSEROWS TOCOL TOROW VSTACK HSTACK').split(' '),
);

/** The formula as Excel stores it in a file (no leading `=`). LET names get the `_xlpm.` prefix. */
export function toFileFormula(formula: string): string {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  const tokens = tokenize(body);
  const letNames = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.kind === 'function' && t.text.toUpperCase() === 'LET') {
      let depth = 0;
      let arg = 0;
      for (let k = i + 1; k < tokens.length; k++) {
        const x = tokens[k];
        if (!x) break;
        if (x.kind === 'open') depth++;
        else if (x.kind === 'close') {
          depth--;
          if (depth === 0) break;
        } else if (x.kind === 'comma' && depth === 1) arg++;
        else if (depth === 1 && arg % 2 === 0 && x.kind === 'name') letNames.add(x.text.toUpperCase());
      }
    }
  });
  return tokens
    .map((t) => {
      if (t.kind === 'function') {
        const name = t.text.toUpperCase();
        if (XLWS.has(name)) return `_xlfn._xlws.${t.text}`;
        if (XLFN.has(name)) return `_xlfn.${t.text}`;
      }
      if (t.kind === 'name' && letNames.has(t.text.toUpperCase())) return `_xlpm.${t.text}`;
      return t.text;
    })
    .join('');
}
