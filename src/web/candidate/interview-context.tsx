/**
 * What every part of the chat needs: the API client, the session, the integrity reporter, and
 * `perform`, which runs one server action with a busy state and a retry that reuses the action's
 * idempotency key after a network failure.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ClipboardEvent, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, type ApiClient } from '../shared/api-client.js';
import { FAST_ANSWER_MS, LENGTH_JUMP_CHARS, type IntegrityReporter } from './integrity.js';
import type { AnswerBody } from '../../api/schemas/session.js';
import type { TurnReply } from './types.js';

export interface Failure {
  readonly message: string;
  /** Present when trying again makes sense (a network failure); it resends the same request. */
  readonly retry?: () => void;
}

export interface InterviewActions {
  readonly api: ApiClient;
  readonly reporter: IntegrityReporter;
  readonly busy: boolean;
  readonly failure: Failure | undefined;
  dismissFailure(): void;
  /** Runs a server action; resolves true when it succeeded. */
  perform(action: () => Promise<void>): Promise<boolean>;
  sendMessage(text: string, itemId?: string): Promise<boolean>;
  submitAnswer(itemId: string, answer: AnswerBody['answer']): Promise<boolean>;
  /** Paste and length-jump signals for an answer field. */
  fieldSignals(itemId: string | undefined): { onPaste(event: ClipboardEvent<HTMLElement>): void; onInput(event: FormEvent<HTMLInputElement | HTMLTextAreaElement>): void };
  /** Call when a question appears; a very fast answer after it is recorded. */
  markQuestionShown(): void;
}

const Context = createContext<InterviewActions | undefined>(undefined);

export function useInterview(): InterviewActions {
  const value = useContext(Context);
  if (!value) throw new Error('useInterview outside InterviewProvider');
  return value;
}

/**
 * `onRejected` hears every error the server answered (not network failures): the app turns an
 * expired or invalid link into its error screen, and reloads the session after a 409 (the
 * interview moved on, e.g. the question timed out).
 */
export function useInterviewProvider(api: ApiClient, reporter: IntegrityReporter, onTurn: (reply: TurnReply) => void, onRejected: (error: ApiError) => void): InterviewActions {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>();
  const shownAt = useRef(Date.now());
  const busyRef = useRef(false);
  const onRejectedRef = useRef(onRejected);
  onRejectedRef.current = onRejected;

  const perform = useCallback(async (action: () => Promise<void>): Promise<boolean> => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'network', 'Something went wrong. Please try again.');
      if (!apiError.isNetwork) onRejectedRef.current(apiError);
      const retry = apiError.isNetwork ? () => void perform(action) : undefined;
      setFailure({ message: apiError.isNetwork ? 'We could not reach the server, so your last action was not sent. Check your connection and try again.' : apiError.message, ...(retry ? { retry } : {}) });
      return false;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);

  const noteAnswer = useCallback(
    (itemId: string | undefined) => {
      const elapsed = Date.now() - shownAt.current;
      if (elapsed < FAST_ANSWER_MS) reporter.record('fast-answer', itemId, { ms: elapsed });
    },
    [reporter],
  );

  const sendMessage = useCallback(
    (text: string, itemId?: string) => {
      const idempotencyKey = newIdempotencyKey();
      noteAnswer(itemId);
      // Signals go out with the answer they belong to.
      reporter.flush();
      return perform(async () => onTurn(await api.request<TurnReply>('/session/messages', { body: { idempotencyKey, text } })));
    },
    [api, perform, onTurn, noteAnswer, reporter],
  );

  const submitAnswer = useCallback(
    (itemId: string, answer: AnswerBody['answer']) => {
      const idempotencyKey = newIdempotencyKey();
      if (answer.kind !== 'skip') noteAnswer(itemId);
      reporter.flush();
      return perform(async () => onTurn(await api.request<TurnReply>('/session/answers', { body: { idempotencyKey, itemId, answer } })));
    },
    [api, perform, onTurn, noteAnswer, reporter],
  );

  const fieldSignals = useCallback(
    (itemId: string | undefined) => ({
      onPaste(event: ClipboardEvent<HTMLElement>) {
        reporter.record('paste', itemId, { chars: event.clipboardData?.getData('text').length ?? 0 });
      },
      onInput(event: FormEvent<HTMLInputElement | HTMLTextAreaElement>) {
        const target = event.currentTarget;
        const native = event.nativeEvent as InputEvent;
        // The first input on a field (which may hold a restored draft) counts only what it inserted.
        const previous = target.dataset.lastLength === undefined ? target.value.length - (native.data?.length ?? 0) : Number(target.dataset.lastLength);
        if (target.value.length - previous > LENGTH_JUMP_CHARS && native.inputType !== 'insertFromPaste') {
          reporter.record('length-jump', itemId, { added: target.value.length - previous });
        }
        target.dataset.lastLength = String(target.value.length);
      },
    }),
    [reporter],
  );

  const markQuestionShown = useCallback(() => {
    shownAt.current = Date.now();
  }, []);

  return useMemo(
    () => ({ api, reporter, busy, failure, dismissFailure: () => setFailure(undefined), perform, sendMessage, submitAnswer, fieldSignals, markQuestionShown }),
    [api, reporter, busy, failure, perform, sendMessage, submitAnswer, fieldSignals, markQuestionShown],
  );
}

export const InterviewProvider = Context.Provider;
