/**
 * Names of Excel worksheet functions an answer may mention. A word on this list is never
 * "corrected" to a neighbour (SUMIF is not a typo of SUMIFS), and it is never gibberish.
 */
export const EXCEL_FUNCTION_NAMES: ReadonlySet<string> = new Set(
  `abs address aggregate and areas average averageif averageifs byrow bycol ceiling char choose chooscols choosecols
  chooserows clean code column columns concat concatenate count counta countblank countif countifs cumipmt date datedif
  datevalue day days drop edate eomonth exact expand fv filter find floor forecast frequency fx getpivotdata hlookup
  hour hstack hyperlink if iferror ifna ifs index indirect int intercept ipmt irr isblank iserror isna isnumber istext
  lambda large left len let linest ln log lookup lower makearray map match max maxifs median mid min minifs minute mod
  month mround networkdays now npv offset or pmt power ppmt product proper pv quartile rand randarray randbetween rank
  rate reduce replace rept right round rounddown roundup row rows scan search second sequence sheet sign slope small
  sort sortby sqrt stdev substitute subtotal sum sumif sumifs sumproduct switch take text textafter textbefore textjoin
  textsplit time today tocol torow transpose trim trunc type unique upper value vlookup vstack weekday weeknum workday
  xirr xlookup xmatch xnpv xor year yearfrac`
    .split(/\s+/)
    .filter((name) => name.length > 0),
);
