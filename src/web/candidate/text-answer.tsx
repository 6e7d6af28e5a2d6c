/**
 * A written (or spoken, then edited) answer: the warm-up, concept questions and their follow-ups.
 * Enter sends, Shift+Enter starts a new line. The draft survives a page refresh.
 */
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useInterview } from './interview-context.js';
import { VoiceInput } from './voice-input.js';
import { loadDraft, saveDraft } from '../shared/draft-storage.js';

export interface TextAnswerProps {
  /** Keys the saved draft: a new question starts with an empty box. */
  readonly draftKey: string;
  readonly label: string;
  readonly itemId: string | undefined;
  readonly transcription: boolean;
}

export function TextAnswer({ draftKey, label, itemId, transcription }: TextAnswerProps) {
  const { busy, sendMessage, fieldSignals } = useInterview();
  const storageKey = draftKey;
  const [text, setText] = useState(() => loadDraft(storageKey));
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const signals = fieldSignals(itemId);

  useEffect(() => {
    setText(loadDraft(storageKey));
    setProblem(undefined);
  }, [storageKey]);

  const update = (value: string) => {
    setText(value);
    saveDraft(storageKey, value);
    if (value.trim()) setProblem(undefined);
  };

  const appendSpoken = (spoken: string) =>
    setText((previous) => {
      const next = previous.trim() ? `${previous.trim()} ${spoken}` : spoken;
      saveDraft(storageKey, next);
      return next;
    });

  const send = async () => {
    const answer = text.trim();
    if (!answer) {
      setProblem('Write your answer first (or use “I don’t know” or “Skip”).');
      return;
    }
    if (await sendMessage(answer, itemId)) update('');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="text-answer" onSubmit={onSubmit} aria-label="Written answer">
      <label htmlFor={`${id}-answer`}>{label}</label>
      <textarea
        id={`${id}-answer`}
        rows={4}
        value={text}
        maxLength={20000}
        aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => update(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={signals.onPaste}
        onInput={signals.onInput}
      />
      <p id={`${id}-hint`} className="hint">
        Enter sends; Shift+Enter starts a new line.
      </p>
      {problem && (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button" disabled={busy}>
          Send answer
        </button>
        <VoiceInput transcription={transcription} disabled={busy} onText={appendSpoken} />
      </div>
    </form>
  );
}
