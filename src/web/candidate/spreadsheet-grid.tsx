/**
 * A read-only spreadsheet view of a formula item's visible sheets: column letters, row numbers,
 * the answer cell (and fill range) highlighted and, once the candidate types, the live preview
 * written into those cells. A plain table, so screen readers can navigate it by row and column.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { columnLetters, describeResult, displayCell, formatNumber, isFormulaCell, parseA1, tableAddress, toA1, type EvaluationResult, type PreviewCell } from './formula-preview.js';
import type { CellValue, SheetView } from './types.js';

const MAX_ROWS_SHOWN = 200;
const MAX_COLS_SHOWN = 40;

interface Layout {
  readonly cells: Map<string, CellValue>;
  readonly rows: number;
  readonly cols: number;
}

function layoutOf(sheet: SheetView, extra: readonly string[]): Layout {
  const cells = new Map<string, CellValue>();
  let rows = 0;
  let cols = 0;
  const put = (address: string, value: CellValue) => {
    const p = parseA1(address);
    if (!p) return;
    cells.set(toA1(p.row, p.col), value);
    rows = Math.max(rows, p.row + 1);
    cols = Math.max(cols, p.col + 1);
  };
  if (sheet.table) {
    sheet.table.header.forEach((h, c) => put(tableAddress(sheet.table?.origin, 0, c), h));
    sheet.table.rows.forEach((row, r) => row.forEach((v, c) => put(tableAddress(sheet.table?.origin, r + 1, c), v as CellValue)));
  }
  for (const [address, value] of Object.entries(sheet.cells ?? {})) put(address, value as CellValue);
  for (const address of extra) {
    const p = parseA1(address);
    if (p) {
      rows = Math.max(rows, p.row + 1);
      cols = Math.max(cols, p.col + 1);
    }
  }
  return { cells, rows: Math.min(rows + 1, MAX_ROWS_SHOWN), cols: Math.min(cols + 1, MAX_COLS_SHOWN) };
}

function resultText(result: EvaluationResult | undefined): string {
  if (!result) return '';
  if (result.kind === 'value' && result.value === null) return '';
  if (result.kind === 'value' && typeof result.value === 'number') return formatNumber(result.value);
  if (result.kind === 'failure') return '?';
  return describeResult(result);
}

function spillText(v: unknown): string {
  if (v !== null && typeof v === 'object' && 'error' in v) return String((v as { error: string }).error);
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** What results show in the grid, keyed by address: a value in its cell, a spilled array across the cells below and right. */
function resultOverlay(cells: readonly PreviewCell[]): Map<string, string> {
  const overlay = new Map<string, string>();
  for (const cell of cells) {
    const p = parseA1(cell.address);
    if (!p) continue;
    if (cell.result.kind === 'spill') {
      cell.result.rows.forEach((row, r) => row.forEach((v, c) => overlay.set(toA1(p.row + r, p.col + c), spillText(v))));
    } else {
      overlay.set(cell.address, resultText(cell.result));
    }
  }
  return overlay;
}

export interface SpreadsheetGridProps {
  readonly sheets: readonly SheetView[];
  /** Sheet-qualified: `Sales!G2`. */
  readonly answerCell: string;
  readonly fillTo?: string;
  readonly preview: readonly PreviewCell[];
  /** Values of cells that hold formulas in the item, keyed `Sheet!A1`. */
  readonly computed: ReadonlyMap<string, EvaluationResult>;
}

export function SpreadsheetGrid({ sheets, answerCell, fillTo, preview, computed }: SpreadsheetGridProps) {
  const bang = answerCell.lastIndexOf('!');
  const answerSheet = answerCell.slice(0, bang).replace(/^'(.*)'$/, '$1');
  const answerAddress = answerCell.slice(bang + 1).replace(/\$/g, '');
  const [selected, setSelected] = useState(Math.max(0, sheets.findIndex((s) => s.name === answerSheet)));
  const baseId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const sheet = sheets[selected] ?? sheets[0];

  // Bring the answer cell into view inside the grid (narrow screens, wide sheets), not the page.
  useEffect(() => {
    const container = scroller.current;
    const cell = container?.querySelector<HTMLElement>('td.answer-cell');
    if (!container || !cell) return;
    if (cell.offsetLeft + cell.offsetWidth > container.scrollLeft + container.clientWidth) container.scrollLeft = Math.max(0, cell.offsetLeft - container.clientWidth / 3);
    if (cell.offsetTop + cell.offsetHeight > container.scrollTop + container.clientHeight) container.scrollTop = Math.max(0, cell.offsetTop - container.clientHeight / 3);
  }, [selected, answerCell]);

  if (!sheet) return null;
  const isAnswerSheet = sheet.name === answerSheet;
  const fillEnd = fillTo ? fillTo.slice(fillTo.lastIndexOf('!') + 1).replace(/\$/g, '') : undefined;
  const prefix = `${sheet.name}!`;
  // The sheet's own formulas (a spilling SORT(UNIQUE(…)) shows its whole list), then the candidate's preview.
  const computedOverlay = resultOverlay([...computed].filter(([key]) => key.startsWith(prefix)).map(([key, result]) => ({ address: key.slice(prefix.length), result })));
  const overlay = isAnswerSheet ? resultOverlay(preview) : new Map<string, string>();
  const layout = layoutOf(sheet, [...(isAnswerSheet ? [answerAddress, ...(fillEnd ? [fillEnd] : [])] : []), ...computedOverlay.keys(), ...overlay.keys()]);
  const start = parseA1(answerAddress);
  const end = fillEnd ? parseA1(fillEnd) : start;
  const inFill = (row: number, col: number) => isAnswerSheet && !!start && !!end && row >= start.row && row <= end.row && col >= start.col && col <= end.col;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = (selected + delta + sheets.length) % sheets.length;
    setSelected(next);
    document.getElementById(`${baseId}-tab-${next}`)?.focus();
  };

  const panelId = `${baseId}-panel`;
  return (
    <div className="spreadsheet">
      {sheets.length > 1 && (
        <div role="tablist" aria-label="Sheets" className="sheet-tabs">
          {sheets.map((s, i) => (
            <button
              key={s.name}
              id={`${baseId}-tab-${i}`}
              type="button"
              role="tab"
              aria-selected={i === selected}
              aria-controls={panelId}
              tabIndex={i === selected ? 0 : -1}
              onClick={() => setSelected(i)}
              onKeyDown={onTabKey}
            >
              {s.name}
            </button>
          ))}
        </div>
      )}
      <div ref={scroller} id={panelId} className="sheet-scroll" tabIndex={0} role={sheets.length > 1 ? 'tabpanel' : 'region'} aria-label={`Sheet ${sheet.name}`} {...(sheets.length > 1 ? { 'aria-labelledby': `${baseId}-tab-${selected}` } : {})}>
        <table className="sheet">
          <caption className="visually-hidden">
            Sheet {sheet.name}
            {isAnswerSheet ? `. Your answer goes in cell ${answerAddress}${fillEnd ? ` and is filled to ${fillEnd}` : ''}.` : ''}
          </caption>
          <thead>
            <tr>
              <td className="corner" />
              {Array.from({ length: layout.cols }, (_, c) => (
                <th key={c} scope="col">
                  {columnLetters(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: layout.rows }, (_, r) => (
              <tr key={r}>
                <th scope="row">{r + 1}</th>
                {Array.from({ length: layout.cols }, (_, c) => {
                  const address = toA1(r, c);
                  const isAnswer = isAnswerSheet && address === answerAddress;
                  const value = layout.cells.get(address);
                  const overlaid = overlay.get(address);
                  const computedText = computedOverlay.get(address);
                  const text = overlaid ?? computedText ?? (isFormulaCell(value) ? '' : displayCell(value));
                  const isNumeric = typeof value === 'number' || (text !== '' && computedText !== undefined && !Number.isNaN(Number(text)));
                  const classes = [isAnswer ? 'answer-cell' : '', inFill(r, c) && !isAnswer ? 'fill-cell' : '', overlaid !== undefined ? 'preview-cell' : '', isNumeric ? 'num' : ''].filter(Boolean).join(' ');
                  return (
                    <td key={c} className={classes || undefined} data-address={address}>
                      {isAnswer && overlaid === undefined ? <span className="answer-marker">answer</span> : text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
