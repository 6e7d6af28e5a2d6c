import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.js';

interface Entry {
  id: string; itemId: string; area: string; kind: string; prompt: string; reason: string; answerText: string; followUps: { probe: string; answer: string }[];
  machine: { score: number; maxScore: number; confidence: number; flags: string[] }; evidence: { ok: boolean; text: string }[]; feedback: string;
}

/**
 * The review queue with keyboard shortcuts: j/k next/previous, c confirm, 0-4 choose an override
 * score, r focus the reason, Enter (in the reason) saves the override, ? shows the keys.
 */
export function ReviewsPage() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [strategy, setStrategy] = useState('');
  const [index, setIndex] = useState(0);
  const [score, setScore] = useState<number>();
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState('');
  const [help, setHelp] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(() => void api<{ strategy: string; entries: Entry[] }>('GET', '/reviews').then((r) => { setEntries(r.entries); setStrategy(r.strategy); setIndex(0); }, () => undefined), []);
  useEffect(load, [load]);
  const current = entries[index];

  const decide = useCallback(async (decision: 'confirm' | 'override') => {
    if (!current) return;
    if (decision === 'override' && (score === undefined || !reason.trim())) {
      setStatus('An override needs a score and a reason.');
      reasonRef.current?.focus();
      return;
    }
    await api('POST', `/reviews/${current.id}/decision`, decision === 'override' ? { decision, score, reason } : { decision });
    setStatus(decision === 'confirm' ? 'Confirmed.' : `Overridden to ${score}.`);
    setEntries((list) => list.filter((e) => e.id !== current.id));
    setIndex((i) => Math.max(0, Math.min(i, entries.length - 2)));
    setScore(undefined);
    setReason('');
  }, [current, score, reason, entries.length]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT') {
        if (event.key === 'Enter' && !event.shiftKey && target === reasonRef.current) {
          event.preventDefault();
          void decide('override');
        }
        if (event.key === 'Escape') target.blur();
        return;
      }
      if (event.key === 'j') setIndex((i) => Math.min(entries.length - 1, i + 1));
      else if (event.key === 'k') setIndex((i) => Math.max(0, i - 1));
      else if (event.key === 'c') void decide('confirm');
      else if (/^[0-4]$/.test(event.key) && current && Number(event.key) <= current.machine.maxScore) setScore(Number(event.key));
      else if (event.key === 'r') {
        event.preventDefault();
        reasonRef.current?.focus();
      } else if (event.key === '?') setHelp((h) => !h);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [entries.length, current, decide]);

  return (
    <section aria-labelledby="reviews-title">
      <h1 id="reviews-title">Review queue <span className="muted small">{entries.length} open · order: {strategy}</span></h1>
      <p className="muted small">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>c</kbd> confirm · <kbd>0</kbd>-<kbd>4</kbd> override score · <kbd>r</kbd> reason · <kbd>Enter</kbd> save override · <kbd>?</kbd> help</p>
      {help && <div className="card" role="note">The queue shows answers and evidence only, never who the candidate is. An override becomes the grade of record; the machine grade is kept.</div>}
      <p role="status" aria-live="polite">{status}</p>
      {entries.length === 0 && <p className="muted">Nothing to review.</p>}
      <div className="grid review">
        <ol className="queue" aria-label="Queue">
          {entries.map((e, i) => (
            <li key={e.id} aria-current={i === index} className={i === index ? 'current' : ''}>
              <button type="button" className="link" onClick={() => setIndex(i)}>{e.itemId}</button>
              <span className="muted small"> {e.reason} · {Math.round(e.machine.confidence * 100)}%</span>
            </li>
          ))}
        </ol>
        {current && (
          <div className="card">
            <h2>{current.area} · {current.kind} <span className="pill">{current.machine.score}/{current.machine.maxScore}</span></h2>
            <p>{current.prompt}</p>
            <p><b>Answer:</b> <code>{current.answerText}</code></p>
            {current.followUps.map((f, i) => <p key={i}><b>Follow-up:</b> {f.probe}<br />{f.answer}</p>)}
            <p className="muted small">Why it is here: {current.reason} · confidence {Math.round(current.machine.confidence * 100)}%{current.machine.flags.length ? ` · ${current.machine.flags.join(', ')}` : ''}</p>
            <ul className="evidence">{current.evidence.map((e, i) => <li key={i} className={e.ok ? 'ok' : 'no'}>{e.ok ? '✔' : '✘'} {e.text}</li>)}</ul>
            <div className="row">
              <button type="button" className="primary" onClick={() => void decide('confirm')}>Confirm (c)</button>
              <fieldset className="scores">
                <legend>Override score</legend>
                {Array.from({ length: current.machine.maxScore + 1 }, (_, s) => (
                  <label key={s} className="inline"><input type="radio" name="score" checked={score === s} onChange={() => setScore(s)} /> {s}</label>
                ))}
              </fieldset>
            </div>
            <label>Reason for the override <textarea ref={reasonRef} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} /></label>
            <button type="button" onClick={() => void decide('override')}>Save override (Enter)</button>
          </div>
        )}
      </div>
    </section>
  );
}
