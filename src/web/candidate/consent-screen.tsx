/**
 * Before anything is recorded: what the interview records, how it is graded, and how to ask for
 * accommodations. Agreeing sends `POST /session/consent`.
 */
import { useId, useState, type FormEvent } from 'react';
import type { SessionView } from './types.js';

export interface ConsentScreenProps {
  readonly session: SessionView;
  readonly busy: boolean;
  readonly onConsent: (accommodationRequest: string) => void;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString([], { dateStyle: 'long', timeStyle: 'short' });
}

export function ConsentScreen({ session, busy, onConsent }: ConsentScreenProps) {
  const [agreed, setAgreed] = useState(false);
  const [accommodation, setAccommodation] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const firstName = session.candidateName.trim().split(/\s+/)[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!agreed) {
      setProblem('Please tick the box to agree before you continue.');
      return;
    }
    setProblem(undefined);
    onConsent(accommodation.trim());
  };

  return (
    <main className="narrow">
      <h1>{firstName ? `Welcome, ${firstName}` : 'Welcome'}</h1>
      <p className="lead">
        This is your <strong>{session.profileName}</strong>: a conversation with an interviewer about how you use Microsoft Excel. It takes place in this page; you can type or, where
        your browser supports it, speak your answers.
      </p>
      <section className="card" aria-labelledby={`${id}-recorded`}>
        <h2 id={`${id}-recorded`}>What is recorded</h2>
        <ul>
          <li>The conversation: the interviewer’s messages and yours.</li>
          <li>Your answers: choices, formulas, written or transcribed explanations and any workbook you upload.</li>
          <li>Timings: when each question appeared and when you answered.</li>
          <li>Integrity signals: pasting into an answer, leaving this tab or window, and answers that arrive very fast. These give the reviewer context; they are never treated as a verdict on their own.</li>
        </ul>
      </section>
      <section className="card" aria-labelledby={`${id}-graded`}>
        <h2 id={`${id}-graded`}>How your answers are graded</h2>
        <p>
          Answers are graded automatically: formulas are run on the sheet and on variations of it, and explanations are compared with what an expert would cover. A person reviews any grade
          the system is unsure about before the recruiter sees your results.
        </p>
      </section>
      <form className="card" onSubmit={submit} aria-labelledby={`${id}-agree-title`}>
        <h2 id={`${id}-agree-title`}>Accommodations and consent</h2>
        <div className="field">
          <label htmlFor={`${id}-accommodation`}>Do you need an accommodation, such as extra time or a screen reader-friendly setup? (optional)</label>
          <textarea id={`${id}-accommodation`} rows={3} maxLength={2000} value={accommodation} aria-describedby={`${id}-accommodation-hint`} onChange={(e) => setAccommodation(e.target.value)} />
          <p id={`${id}-accommodation-hint`} className="hint">
            Your request goes to the recruiter. You can also pause the interview at any time.
          </p>
        </div>
        <div className="field checkbox">
          <input id={`${id}-agree`} type="checkbox" checked={agreed} aria-describedby={problem ? `${id}-problem` : undefined} aria-invalid={problem ? true : undefined} onChange={(e) => setAgreed(e.target.checked)} />
          <label htmlFor={`${id}-agree`}>I understand what is recorded and how it is graded, and I agree to take part.</label>
        </div>
        {problem && (
          <p id={`${id}-problem`} className="field-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button" disabled={busy}>
          Agree and continue
        </button>
        <p className="hint">This invitation is valid until {formatDate(session.inviteExpiresAt)}.</p>
      </form>
    </main>
  );
}
