/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted and quotes doubled; records end
 * with CRLF. The reader accepts CRLF or LF and quoted fields spanning lines.
 */

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Writes rows as CSV text, CRLF after every record. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteField).join(',') + '\r\n').join('');
}

/** Parses CSV text into rows of fields; throws on an unterminated quoted field. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && field === '' && !fieldStarted) {
      let end = i + 1;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', end);
        if (q < 0) throw new Error(`CSV: unterminated quoted field in record ${rows.length + 1}`);
        value += text.slice(end, q);
        if (text[q + 1] === '"') {
          value += '"';
          end = q + 2;
        } else {
          end = q + 1;
          break;
        }
      }
      field = value;
      fieldStarted = true;
      i = end;
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      fieldStarted = true;
      i++;
    }
  }
  if (field !== '' || fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
