/**
 * A voluntary equal-opportunity survey on the closing screen. Every question may be left blank or
 * answered "Prefer not to say"; the answers are stored apart from the interview, are never read by
 * scoring, and reach the hiring team only as group statistics (adverse-impact monitoring).
 */
import { useId, useState, type FormEvent } from 'react';
import type { ApiClient } from '../shared/api-client.js';
import { ApiError } from '../shared/api-client.js';

const PREFER_NOT = { value: 'prefer-not-to-say', label: 'Prefer not to say' } as const;

/** The keys are the ones the server accepts (candidate-service DEMOGRAPHIC_KEYS). */
const QUESTIONS = [
  {
    key: 'gender',
    label: 'Gender',
    options: [
      { value: 'woman', label: 'Woman' },
      { value: 'man', label: 'Man' },
      { value: 'non-binary', label: 'Non-binary' },
      { value: 'another', label: 'Another gender' },
    ],
  },
  {
    key: 'age-band',
    label: 'Age',
    options: [
      { value: 'under-25', label: 'Under 25' },
      { value: '25-34', label: '25 to 34' },
      { value: '35-44', label: '35 to 44' },
      { value: '45-54', label: '45 to 54' },
      { value: '55-64', label: '55 to 64' },
      { value: '65-plus', label: '65 or over' },
    ],
  },
  {
    key: 'race-ethnicity',
    label: 'Ethnicity',
    options: [
      { value: 'asian', label: 'Asian' },
      { value: 'black', label: 'Black or African descent' },
      { value: 'hispanic-latino', label: 'Hispanic or Latino' },
      { value: 'middle-eastern-north-african', label: 'Middle Eastern or North African' },
      { value: 'indigenous', label: 'Indigenous' },
      { value: 'pacific-islander', label: 'Pacific Islander' },
      { value: 'white', label: 'White' },
      { value: 'multiple', label: 'Two or more' },
      { value: 'another', label: 'Another ethnicity' },
    ],
  },
  {
    key: 'disability',
    label: 'Do you consider yourself to have a disability?',
    options: [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ],
  },
  {
    key: 'veteran',
    label: 'Have you served in the armed forces?',
    options: [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ],
  },
] as const;

const sentKey = (interviewId: string) => `excel-interviewer:demographics:${interviewId}`;

export function DemographicsSurvey({ api, interviewId }: { readonly api: ApiClient; readonly interviewId: string }) {
  const id = useId();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<'idle' | 'sending' | 'sent' | 'error'>(() => (readFlag(sentKey(interviewId)) ? 'sent' : 'idle'));
  const [problem, setProblem] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const given = Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== ''));
    if (Object.keys(given).length === 0) {
      setProblem('Nothing was chosen, so nothing was sent. You can also just leave this page.');
      return;
    }
    setProblem(undefined);
    setStatus('sending');
    try {
      await api.request('/candidate/demographics', { body: { answers: given } });
      writeFlag(sentKey(interviewId));
      setStatus('sent');
    } catch (error) {
      setStatus('error');
      setProblem(error instanceof ApiError ? error.message : 'Your answers could not be sent.');
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Equal-opportunity monitoring (optional)</h2>
      {status === 'sent' ? (
        <p role="status">Thank you. Your answers were stored apart from your interview.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-describedby={`${id}-why`}>
          <p id={`${id}-why`} className="muted">
            These questions help the employer check that the interview treats every group fairly. Answering is voluntary and changes nothing in your
            results: the answers are stored apart from your interview, are never used in scoring, and the hiring team sees them only as group
            statistics. You can skip any question or the whole section.
          </p>
          {QUESTIONS.map((question) => (
            <div className="field" key={question.key}>
              <label htmlFor={`${id}-${question.key}`}>{question.label}</label>
              <select id={`${id}-${question.key}`} value={answers[question.key] ?? ''} onChange={(e) => setAnswers((current) => ({ ...current, [question.key]: e.target.value }))}>
                <option value="">(no answer)</option>
                {[...question.options, PREFER_NOT].map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="button secondary" disabled={status === 'sending'}>
            {status === 'sending' ? 'Sending…' : 'Send these answers'}
          </button>
        </form>
      )}
    </section>
  );
}

function readFlag(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === 'sent';
  } catch {
    return false;
  }
}

function writeFlag(key: string): void {
  try {
    window.localStorage.setItem(key, 'sent');
  } catch {
    // Private browsing without storage: the form shows again after a reload, which is harmless.
  }
}
