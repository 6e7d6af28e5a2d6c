/**
 * The conformance suite's inputs: interview-style formulas by category, evaluated against one
 * shared sales workbook. `scripts/oracle/build-expected.ts` runs them through LibreOffice to
 * produce `cases.json`; the test compares the engine with those values.
 */
import type { SheetInput } from '../../src/domain/bank/item.js';

export const CONFORMANCE_SHEETS: readonly SheetInput[] = [
  {
    name: 'Data',
    table: {
      header: ['Region', 'Rep', 'Product', 'Units', 'Price', 'Date', 'Note', 'Value', 'Threshold', 'Grade', 'Mixed'],
      rows: [
        ['North', 'Ann', 'Apple', 10, 1.5, { date: '2024-01-15' }, '  padded   text ', -2.5, 0, 'E', 5],
        ['South', 'Bob', 'Pear', 4, 2.25, { date: '2024-02-29' }, 'alpha-beta', 3.14159, 50, 'D', '7'],
        ['North', 'Cid', 'Kiwi', 7, 3, { date: '2023-12-31' }, 'Hello World', 0, 100, 'C', null],
        ['East', 'Dee', 'Apple', 12, 1.5, { date: '2024-03-31' }, 'x@y.com', 100, 200, 'B', 3],
        ['South', 'Eve', 'Fig', 0, 5, { date: '2024-06-15' }, '2024-Q1', -0.5, 500, 'A', true],
        ['West', 'Fay', 'Pear', 9, 2.25, { date: '2024-07-04' }, 'abc', 7.5, null, null, 10],
        ['North', 'Gus', 'Fig', 3, 5, { date: '2024-01-31' }, null, 2.5, null, null, 'abc'],
        ['East', 'Hal', 'Kiwi', 15, 3, { date: '2024-11-11' }, 'A1-B2-C3', -3.5, null, null, 2],
        ['South', 'Ivy', 'Apple', 6, 1.5, { date: '2025-01-01' }, 'MiXeD CaSe', 1234.5678, null, null, null],
        ['West', 'Jon', 'Plum', 8, 4, { date: '2024-09-30' }, 'last, first', 0.125, null, null, 8],
      ],
    },
    cells: { M1: 'Key', M2: 'Kiwi', M3: 'North', M4: 7, M5: 'Zed', M6: 0.05, M7: 60, M8: 10000 },
  },
];

/** Category → formulas (Excel syntax, no `_xlfn.` prefixes). */
export const CONFORMANCE_FORMULAS: Readonly<Record<string, readonly string[]>> = {
  arithmetic: [
    '=1+2*3', '=(1+2)*3', '=2^10', '=-2^2', '=10/4', '=7-10', '=D2*E2', '=SUM(D2:D11)', '=SUM(D2:D11*E2:E11)', '=SUMPRODUCT(D2:D11,E2:E11)',
    '=PRODUCT(D2:D4)', '=ABS(H2)', '=SQRT(16)', '=POWER(2,0.5)', '=MOD(10,3)', '=MOD(-10,3)', '=MOD(10,-3)', '=QUOTIENT(17,5)', '=SIGN(H9)', '=5%*200',
    '=1/3*3', '=0.1+0.2', '=SUM(H2:H11)', '=AVERAGE(D2:D11)', '=EXP(1)', '=LN(10)', '=LOG10(1000)', '=LOG(8,2)', '=PI()*2', '=SUM(D2:D11)/COUNT(D2:D11)',
  ],
  logic: [
    '=IF(D2>5,"High","Low")', '=IF(D6>5,"High","Low")', '=IF(AND(D2>5,E2<2),1,0)', '=IF(OR(A2="South",D2>20),"y","n")', '=NOT(D2>5)', '=XOR(TRUE,FALSE)', '=IFS(D2>10,"A",D2>5,"B",TRUE,"C")',
    '=SWITCH(A3,"North",1,"South",2,0)', '=SWITCH(A5,"North",1,"South",2,0)', '=IFERROR(1/0,"div")', '=IFNA(MATCH("Zed",C2:C11,0),-1)', '=IF(K4="","blank","filled")', '=ISBLANK(K4)', '=ISNUMBER(K3)',
    '=ISTEXT(K3)', '=ISLOGICAL(K6)', '=TRUE+TRUE', '=IF(G8="","empty",G8)', '=AND(D2:D11>0)', '=OR(D2:D11>14)', '=COUNTIF(D2:D11,">5")>3', '=IF(A2="north","match","no")', '=EXACT(A2,"north")', '=N(TRUE)',
  ],
  'conditional-aggregation': [
    '=SUMIF(A2:A11,"North",D2:D11)', '=SUMIFS(D2:D11,A2:A11,"North",C2:C11,"Apple")', '=SUMIFS(D2:D11,A2:A11,M3)', '=COUNTIF(A2:A11,"South")', '=COUNTIFS(A2:A11,"North",D2:D11,">5")',
    '=AVERAGEIF(A2:A11,"South",D2:D11)', '=AVERAGEIFS(D2:D11,A2:A11,"North",D2:D11,">3")', '=AVERAGEIFS(E2:E11,C2:C11,"Apple")', '=MAXIFS(D2:D11,A2:A11,"South")', '=MINIFS(D2:D11,A2:A11,"North")',
    '=SUMIF(D2:D11,">=7")', '=COUNTIF(C2:C11,"P*")', '=COUNTIF(C2:C11,"?ig")', '=SUMIF(C2:C11,"<>Apple",D2:D11)', '=COUNTIF(K2:K11,">4")', '=COUNTBLANK(K2:K11)', '=COUNTA(K2:K11)',
    '=COUNT(K2:K11)', '=SUMPRODUCT((A2:A11="North")*(D2:D11>5))', '=SUMPRODUCT((A2:A11="South")*D2:D11*E2:E11)', '=SUMIFS(D2:D11,F2:F11,">="&DATE(2024,1,1),F2:F11,"<"&DATE(2024,7,1))', '=COUNTIFS(F2:F11,"<"&DATE(2024,3,1))',
    '=SUMIF(A2:A11,"north",D2:D11)', '=AVERAGEIF(D2:D11,">0")', '=COUNTIF(G2:G11,"*-*")', '=SUMIFS(H2:H11,H2:H11,"<0")',
  ],
  lookups: [
    '=VLOOKUP("Kiwi",C2:E11,3,FALSE)', '=VLOOKUP("Zed",C2:E11,3,FALSE)', '=VLOOKUP(M2,C2:E11,2,0)', '=VLOOKUP(75,I2:J6,2,TRUE)', '=VLOOKUP(500,I2:J6,2)', '=VLOOKUP(-1,I2:J6,2,TRUE)', '=HLOOKUP("Units",A1:E11,3,FALSE)',
    '=INDEX(B2:B11,MATCH("Fig",C2:C11,0))', '=INDEX(A2:E11,4,2)', '=MATCH(7,D2:D11,0)', '=MATCH(120,I2:I6,1)', '=MATCH("pear",C2:C11,0)', '=XLOOKUP("Kiwi",C2:C11,B2:B11)', '=XLOOKUP("Zed",C2:C11,B2:B11,"none")',
    '=XLOOKUP("Apple",C2:C11,B2:B11,,0,-1)', '=XLOOKUP(120,I2:I6,J2:J6,,-1)', '=XLOOKUP(120,I2:I6,J2:J6,,1)', '=XMATCH("Fig",C2:C11)', '=XMATCH(120,I2:I6,-1)', '=XMATCH("P*",C2:C11,2)', '=LOOKUP(150,I2:I6,J2:J6)',
    '=LOOKUP(2,1/(A2:A11="North"),B2:B11)', '=CHOOSE(2,"a","b","c")', '=INDEX(D2:D11,COUNTA(D2:D11))', '=ROWS(A2:E11)', '=COLUMNS(A2:E11)', '=INDEX(C2:C11,MATCH(MAX(D2:D11),D2:D11,0))', '=XLOOKUP(M3,A2:A11,D2:D11)', '=VLOOKUP("K*",C2:E11,2,FALSE)', '=SUM(INDEX(D2:E11,0,1))',
  ],
  text: [
    '=LEFT(B2,2)', '=RIGHT(C3,3)', '=MID(G9,4,2)', '=LEN(G2)', '=TRIM(G2)', '=UPPER(A2)', '=LOWER(G10)', '=PROPER(G4)', '=A2&"-"&B2', '=CONCATENATE(A2," ",B2)', '=CONCAT(A2:A4)',
    '=TEXTJOIN(", ",TRUE,B2:B5)', '=TEXTJOIN("|",FALSE,K3:K5)', '=FIND("-",G3)', '=SEARCH("world",G4)', '=SUBSTITUTE(G9,"-","/")', '=SUBSTITUTE(G9,"-","/",2)', '=REPLACE(B2,1,1,"X")', '=REPT("ab",3)',
    '=TEXT(1234.567,"#,##0")', '=TEXT(1234.567,"#,##0.00")', '=TEXT(0.4567,"0.0%")', '=TEXT(F2,"dddd")', '=TEXT(F2,"mmm yyyy")', '=TEXT(F2,"yyyy-mm-dd")', '=TEXT(F3,"dd/mm/yy")', '=TEXT(5,"000")', '=TEXT(-1234.5,"$#,##0.00")',
    '=TEXT(F2,"ddd d mmmm")', '=TEXTBEFORE(G3,"-")', '=TEXTAFTER(G3,"-")', '=TEXTBEFORE(G9,"-",2)', '=TEXTAFTER(G9,"-",-1)', '=TEXTAFTER(G11,", ")', '=TEXTBEFORE(G5,"@")', '=VALUE("12.5")', '=VALUE(K3)+1', '=EXACT(C2,"Apple")',
    '=LEFT(G11,FIND(",",G11)-1)', '=MID(G5,FIND("@",G5)+1,100)', '=CHAR(65)', '=CODE("a")', '=TRIM(MID(G11,FIND(",",G11)+1,50))', '=LEN(TRIM(G2))', '=UPPER(LEFT(C4,1))&LOWER(MID(C4,2,50))',
  ],
  dates: [
    '=DATE(2024,2,29)', '=DATE(2024,13,1)', '=DATE(2024,3,0)', '=YEAR(F2)', '=MONTH(F3)', '=DAY(F4)', '=WEEKDAY(F2)', '=WEEKDAY(F2,2)', '=EOMONTH(F2,0)', '=EOMONTH(F3,1)', '=EOMONTH(F4,-2)', '=EDATE(F2,1)',
    '=EDATE(F5,-1)', '=EDATE(F10,1)', '=EDATE(F3,12)', '=DATEDIF(F4,F2,"d")', '=DATEDIF(F4,F10,"m")', '=DATEDIF(F4,F10,"y")', '=DATEDIF(F4,F10,"ym")', '=DATEDIF(F2,F10,"md")', '=DATEDIF(F4,F10,"M")',
    '=DATEDIF(F4,F10,"Y")', '=NETWORKDAYS(F2,F3)', '=WORKDAY(F2,10)', '=F3-F2', '=DAYS(F10,F2)', '=ISOWEEKNUM(F2)', '=WEEKNUM(F2)', '=DATE(YEAR(F2),MONTH(F2)+1,1)', '=DATEVALUE("2024-03-15")', '=TIME(13,30,0)',
    '=HOUR(0.75)', '=MINUTE(0.7534722)', '=YEARFRAC(F4,F10,1)', '=EOMONTH(DATE(2023,2,10),0)', '=DATE(1900,3,1)', '=TEXT(DATE(2024,12,25),"dddd")', '=EDATE(DATE(2024,1,31),1)', '=EDATE(DATE(2023,3,31),-1)',
  ],
  rounding: [
    '=ROUND(2.5,0)', '=ROUND(-2.5,0)', '=ROUND(3.14159,2)', '=ROUND(1234.5678,-2)', '=ROUNDUP(3.141,2)', '=ROUNDDOWN(-3.149,2)', '=ROUNDUP(-2.1,0)', '=INT(-2.5)', '=INT(2.9)', '=TRUNC(-2.9)', '=TRUNC(3.14159,3)',
    '=MROUND(10,3)', '=MROUND(7.5,5)', '=CEILING(4.2,1)', '=CEILING(4.2,0.5)', '=FLOOR(4.8,1)', '=FLOOR(-4.2,-1)', '=CEILING.MATH(-4.2)', '=FLOOR.MATH(-4.2)', '=EVEN(3)', '=ODD(4)', '=ROUND(H10,1)',
    '=ROUND(0.125,2)', '=ROUND(1.005,2)', '=INT(-0.5)', '=ROUND(SUM(E2:E11)/3,3)', '=FIXED(1234.567,1)', '=ROUND(2.675,2)',
  ],
  errors: [
    '=1/0', '=NA()', '=VLOOKUP("Zed",C2:D11,2,FALSE)', '=SQRT(-1)', '="a"+1', '=MATCH("Zed",C2:C11,0)', '=IFERROR(VLOOKUP("Zed",C2:D11,2,FALSE),0)', '=ISERROR(1/0)', '=ISNA(NA())',
    '=ISERR(NA())', '=IFNA(VLOOKUP("Zed",C2:D11,2,FALSE),"missing")', '=ERROR.TYPE(1/0)', '=SUM(D2:D11)/COUNTIF(A2:A11,"Nowhere")', '=AVERAGE(K4,K10)', '=INDEX(D2:D11,20)', '=DATE(2024,1,1)/0', '=LN(0)',
    '=IFERROR(SQRT(-4),"neg")', '=ISNUMBER(NA())', '=IF(ISERROR(MATCH("Fig",C2:C11,0)),"no","yes")', '=AGGREGATE(9,6,D2:D11)', '=SUM(1,"x")', '=VALUE("abc")', '=FIND("z",A2)',
  ],
  'dynamic-arrays': [
    '=FILTER(B2:B11,A2:A11="North")', '=FILTER(B2:D11,D2:D11>8)', '=FILTER(B2:B11,A2:A11="Nowhere","none")', '=FILTER(B2:C11,(A2:A11="South")*(D2:D11>3))', '=SORT(D2:D11)', '=SORT(D2:D11,1,-1)',
    '=SORT(B2:D6,3,-1)', '=UNIQUE(A2:A11)', '=UNIQUE(C2:C11)', '=SEQUENCE(4)', '=SEQUENCE(2,3,10,5)', '=SORTBY(B2:B6,D2:D6,-1)', '=SORTBY(B2:B11,A2:A11,1,D2:D11,-1)', '=COUNTA(UNIQUE(A2:A11))',
    '=SUM(FILTER(D2:D11,A2:A11="North"))', '=ROWS(FILTER(B2:B11,D2:D11>5))', '=TAKE(SORT(D2:D11,1,-1),3)', '=INDEX(SORT(D2:D11,1,-1),2)', '=D2:D5*2', '=TRANSPOSE(B2:B4)', '=UNIQUE(FILTER(A2:A11,D2:D11>5))',
    '=SORT(UNIQUE(C2:C11))', '=XLOOKUP("Kiwi",C2:C11,B2:E11)', '=CHOOSECOLS(B2:D4,3,1)', '=DROP(B2:B6,2)', '=TAKE(B2:D11,-2)', '=VSTACK(B2:B3,C2:C3)', '=TOCOL(B2:C3)', '=MAX(FILTER(D2:D11,A2:A11="East"))',
    '=TEXTJOIN(",",TRUE,SORT(UNIQUE(A2:A11)))', '=SUM(--(D2:D11>5))', '=LET(x,SUM(D2:D11),y,COUNT(D2:D11),x/y)', '=LET(r,FILTER(D2:D11,A2:A11="South"),SUM(r)/ROWS(r))',
  ],
  financial: [
    '=PMT(0.05/12,60,10000)', '=PMT(M6/12,360,250000)', '=PMT(0,12,1200)', '=FV(0.04/12,120,-200)', '=FV(0.05,10,0,-1000)', '=PV(0.06/12,60,-500)', '=NPV(0.1,-1000,300,400,500)', '=NPV(0.08,D2:D6)',
    '=IRR({-1000,300,400,500})', '=RATE(60,-200,10000)', '=NPER(0.05/12,-300,10000)', '=IPMT(0.05/12,1,60,10000)', '=PPMT(0.05/12,1,60,10000)', '=SLN(10000,1000,5)', '=DDB(10000,1000,5,1)',
    '=DB(10000,1000,5,1)', '=EFFECT(0.12,12)', '=NOMINAL(0.1268,12)', '=CUMIPMT(0.05/12,60,10000,1,12,0)', '=XNPV(0.1,{-1000,600,600},{45292,45657,46022})', '=XIRR({-1000,600,600},{45292,45657,46022})', '=FV(M6,10,-M8)',
  ],
  statistics: [
    '=MEDIAN(D2:D11)', '=MODE.SNGL(E2:E11)', '=STDEV.S(D2:D11)', '=STDEV.P(D2:D11)', '=VAR.S(D2:D11)', '=VAR.P(D2:D11)', '=MAX(D2:D11)', '=MIN(H2:H11)', '=LARGE(D2:D11,2)', '=SMALL(D2:D11,3)',
    '=RANK.EQ(D3,D2:D11)', '=RANK.EQ(D3,D2:D11,1)', '=RANK(D5,D2:D11)', '=RANK.AVG(E2,E2:E11)', '=PERCENTILE.INC(D2:D11,0.9)', '=PERCENTILE.EXC(D2:D11,0.25)', '=QUARTILE.INC(D2:D11,1)', '=CORREL(D2:D11,E2:E11)',
    '=SLOPE(D2:D11,E2:E11)', '=INTERCEPT(D2:D11,E2:E11)', '=FORECAST.LINEAR(4,D2:D11,E2:E11)', '=AVERAGEA(K2:K11)', '=COUNT(D2:D11)', '=GEOMEAN(1,2,4,8)', '=STANDARDIZE(10,7,2)', '=PERCENTRANK.INC(D2:D11,7)', '=NORM.DIST(1,0,1,TRUE)', '=AVERAGE(K2:K11)', '=MODE(D2:D11,7)',
  ],
};
