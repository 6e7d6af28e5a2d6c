/** Prints rows as an aligned text table; numbers are formatted per column. */
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | undefined;
  /** Decimal places for numbers (default 3). */
  readonly digits?: number;
}

export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) =>
    columns.map((column) => {
      const v = column.value(row);
      if (v === undefined) return '';
      return typeof v === 'number' ? (Number.isFinite(v) ? v.toFixed(column.digits ?? 3) : String(v)) : v;
    }),
  );
  const widths = columns.map((column, j) => Math.max(column.header.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (values: readonly string[]): string => values.map((v, j) => (j === 0 ? v.padEnd(widths[j] ?? 0) : v.padStart(widths[j] ?? 0))).join('  ');
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function printTable<Row>(title: string, rows: readonly Row[], columns: readonly Column<Row>[]): void {
  console.log(`\n${title}\n${formatTable(rows, columns)}`);
}
