/** The end: thanks, what happens next, and an optional rating of the experience. */
import { useId, useState, type FormEvent } from 'react';
import type { ApiClient } from '../shared/api-client.js';
import { ApiError } from '../shared/api-client.js';
import { RichText } from '../shared/rich-text.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { DemographicsSurvey } from './demographics-survey.js';
import type { SessionMessage, SessionView } from './types.js';

const RATINGS = [
  { value: 1, label: 'Very poor' },
  { value: 2, label: 'Poor' },
  { value: 3, label: 'Okay' },
  { value: 4, label: 'Good' },
  { value: 5, label: 'Very good' },
] as const;

export function ClosingScreen({ api, session, messages }: { readonly api: ApiClient; readonly session: SessionView; readonly messages: readonly SessionMessage[] }) {
  const [rating, setRating] = useState<number | undefined>();
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<'idle' | 'sending' | 'sent' | 'error'>(session.feedbackGiven ? 'sent' : 'idle');
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const closing = [...messages].reverse().find((m) => m.meta.type === 'closing');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!rating) {
      setProblem('Choose a rating from 1 to 5 first.');
      return;
    }
    setProblem(undefined);
    setStatus('sending');
    try {
      await api.request('/session/feedback', { body: { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) } });
      setStatus('sent');
    } catch (error) {
      setStatus('error');
      setProblem(error instanceof ApiError ? error.message : 'Your feedback could not be sent.');
    }
  };

  return (
    <main className="narrow closing">
      <h1 ref={heading} tabIndex={-1}>
        Thank you{session.candidateName ? `, ${session.candidateName.trim().split(/\s+/)[0]}` : ''}</h1>
      {closing ? <RichText text={closing.text} className="lead" /> : <p className="lead">The interview is complete. Thank you for your time.</p>}
      <section className="card" aria-labelledby={`${id}-next`}>
        <h2 id={`${id}-next`}>What happens next</h2>
        <ol>
          <li>Your answers are graded automatically; a person reviews any grade the system is unsure about.</li>
          <li>The recruiter receives a report of your results.</li>
          <li>The hiring team contacts you about the next steps. You do not need to do anything else, and you can close this page.</li>
        </ol>
      </section>
      <section className="card" aria-labelledby={`${id}-feedback`}>
        <h2 id={`${id}-feedback`}>How was this interview? (optional)</h2>
        {status === 'sent' ? (
          <p role="status">Thank you for your feedback.</p>
        ) : (
          <form onSubmit={(e) => void submit(e)}>
            <fieldset className="rating" aria-describedby={problem ? `${id}-problem` : undefined}>
              <legend>Your rating, from 1 (very poor) to 5 (very good)</legend>
              <div className="rating-options">
                {RATINGS.map((r) => (
                  <label key={r.value} className="rating-option">
                    <input type="radio" name={`${id}-rating`} value={r.value} checked={rating === r.value} onChange={() => setRating(r.value)} />
                    <span className="rating-number">{r.value}</span>
                    <span className="rating-label">{r.label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-comment`}>Anything you would like to tell us? (optional)</label>
              <textarea id={`${id}-comment`} rows={3} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
            </div>
            {problem && (
              <p id={`${id}-problem`} className="field-error" role="alert">
                {problem}
              </p>
            )}
            <button type="submit" className="button" disabled={status === 'sending'}>
              {status === 'sending' ? 'Sending…' : 'Send feedback'}
            </button>
          </form>
        )}
      </section>
      {/* Demos have no candidate record to attach answers to. */}
      {session.candidateName !== '' && <DemographicsSurvey api={api} interviewId={session.interviewId} />}
    </main>
  );
}
