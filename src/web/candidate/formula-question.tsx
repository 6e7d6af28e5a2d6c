/**
 * A formula item: the visible sheets as a grid, a formula bar for the answer cell, and a live
 * preview of the value (computed in the browser by the grader's engine). Submitting sends the
 * formula; the server grades it on hidden variants as well, and the interviewer replies in the chat.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useInterview } from './interview-context.js';
import { computeFormulaCells, describeResult, preloadFormulaEngine, previewFormula, type EvaluationResult, type FormulaPreview } from './formula-preview.js';
import { SpreadsheetGrid } from './spreadsheet-grid.js';
import { loadDraft, saveDraft } from '../shared/draft-storage.js';
import type { ItemView } from './types.js';

const PREVIEW_DELAY_MS = 250;

function previewLine(preview: FormulaPreview | undefined, pending: boolean, formula: string, isFill: boolean): string {
  if (!formula.trim()) return 'Type a formula to see its value here.';
  if (!formula.trim().startsWith('=')) return 'Formulas start with =.';
  if (pending && !preview) return 'Calculating…';
  if (!preview) return '';
  const r = preview.result;
  switch (r.kind) {
    case 'value':
      return `Shows: ${describeResult(r)}${isFill ? ' (each filled cell is previewed in the sheet)' : ''}`;
    case 'spill':
      return `Spills a ${describeResult(r)} (shown in the sheet)`;
    case 'error':
      return `Shows the error ${r.error}`;
    case 'failure':
      return `Cannot be calculated yet: ${r.reason}`;
    default: {
      const unreachable: never = r;
      return String(unreachable);
    }
  }
}

export function FormulaQuestion({ item, draftKey }: { readonly item: ItemView; readonly draftKey: string }) {
  const { api, busy, submitAnswer, fieldSignals } = useInterview();
  const [formula, setFormulaState] = useState(() => loadDraft(draftKey));
  const setFormula = (text: string) => {
    setFormulaState(text);
    saveDraft(draftKey, text);
  };
  const [preview, setPreview] = useState<FormulaPreview | undefined>();
  const [pending, setPending] = useState(false);
  const [computed, setComputed] = useState<ReadonlyMap<string, EvaluationResult>>(new Map());
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const answerCell = item.answerCell ?? '';
  const cellName = answerCell.slice(answerCell.lastIndexOf('!') + 1);
  const signals = fieldSignals(item.id);

  useEffect(() => {
    preloadFormulaEngine();
    let cancelled = false;
    void computeFormulaCells(item).then((values) => {
      if (!cancelled) setComputed(values);
    });
    return () => {
      cancelled = true;
    };
  }, [item]);

  useEffect(() => {
    const text = formula.trim();
    if (!text.startsWith('=') || text.length < 2) {
      setPreview(undefined);
      setPending(false);
      return;
    }
    setPending(true);
    let cancelled = false;
    const timer = setTimeout(() => {
      previewFormula(item, text, api)
        .then((result) => {
          if (!cancelled) setPreview(result);
        })
        .catch(() => {
          if (!cancelled) setPreview(undefined);
        })
        .finally(() => {
          if (!cancelled) setPending(false);
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [formula, item, api]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = formula.trim();
    if (!text.startsWith('=')) {
      setProblem(`Type a formula that starts with = into ${cellName}.`);
      return;
    }
    setProblem(undefined);
    void submitAnswer(item.id, { kind: 'formula', formula: text }).then((sent) => {
      if (sent) saveDraft(draftKey, '');
    });
  };

  return (
    <form className="formula-question" onSubmit={submit} aria-label="Formula answer">
      <SpreadsheetGrid sheets={item.sheets ?? []} answerCell={answerCell} {...(item.fillTo ? { fillTo: item.fillTo } : {})} preview={preview?.cells ?? []} computed={computed} />
      <div className="formula-bar">
        <label htmlFor={`${id}-formula`} className="formula-label">
          Formula for <span className="cell-ref">{answerCell}</span>
          {item.fillTo ? <span className="hint"> (filled down to {item.fillTo})</span> : null}
          {item.spill ? <span className="hint"> (may spill)</span> : null}
        </label>
        <div className="formula-input-row">
          <span className="fx" aria-hidden="true">
            fx
          </span>
          <input
            id={`${id}-formula`}
            className="formula-input"
            type="text"
            value={formula}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            placeholder="=…"
            aria-describedby={`${id}-preview ${problem ? `${id}-problem` : ''}`.trim()}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => setFormula(e.target.value)}
            onPaste={signals.onPaste}
            onInput={signals.onInput}
          />
          <button type="submit" className="button" disabled={busy}>
            Submit formula
          </button>
        </div>
        <p id={`${id}-preview`} className={`formula-preview ${preview?.result.kind ?? ''}`} role="status">
          {previewLine(preview, pending, formula, Boolean(item.fillTo))}
        </p>
        {problem && (
          <p id={`${id}-problem`} className="field-error">
            {problem}
          </p>
        )}
      </div>
    </form>
  );
}
