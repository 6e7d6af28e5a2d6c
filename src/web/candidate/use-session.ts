/**
 * The interview as the page knows it: the latest session view and the transcript, fed by three
 * sources that can overlap or arrive out of order (GET /session, POST replies and the event
 * stream). Messages are merged by `sequence`, so each one is shown once; a session view older
 * than what is already shown (fewer messages) is ignored.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ApiClient } from '../shared/api-client.js';
import { ApiError } from '../shared/api-client.js';
import type { SessionMessage, SessionView, TurnReply } from './types.js';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'unsupported';

interface State {
  readonly session: SessionView | undefined;
  readonly messages: readonly SessionMessage[];
  readonly loadError: ApiError | undefined;
  readonly stream: StreamStatus;
}

type Action =
  | { readonly kind: 'view'; readonly view: SessionView }
  | { readonly kind: 'messages'; readonly messages: readonly SessionMessage[] }
  | { readonly kind: 'load-error'; readonly error: ApiError }
  | { readonly kind: 'stream'; readonly status: StreamStatus };

const lastSequence = (messages: readonly SessionMessage[]) => messages.reduce((max, m) => Math.max(max, m.sequence), -1);

function mergeMessages(known: readonly SessionMessage[], incoming: readonly SessionMessage[]): readonly SessionMessage[] {
  if (incoming.length === 0) return known;
  const bySequence = new Map(known.map((m) => [m.sequence, m]));
  let changed = false;
  for (const m of incoming) {
    if (!bySequence.has(m.sequence)) {
      bySequence.set(m.sequence, m);
      changed = true;
    }
  }
  return changed ? [...bySequence.values()].sort((a, b) => a.sequence - b.sequence) : known;
}

function reduce(state: State, action: Action): State {
  switch (action.kind) {
    case 'view': {
      const messages = mergeMessages(state.messages, action.view.messages);
      const isStale = state.session !== undefined && lastSequence(action.view.messages) < lastSequence(state.session.messages);
      return { ...state, session: isStale ? state.session : action.view, messages, loadError: undefined };
    }
    case 'messages':
      return { ...state, messages: mergeMessages(state.messages, action.messages) };
    case 'load-error':
      return { ...state, loadError: action.error };
    case 'stream':
      return { ...state, stream: action.status };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

export interface InterviewSession extends State {
  /** Reloads the whole session (used on start and after the stream reconnects). */
  reload(): Promise<void>;
  applyView(view: SessionView): void;
  applyTurn(reply: TurnReply): void;
}

export function useSession(api: ApiClient): InterviewSession {
  const [state, dispatch] = useReducer(reduce, { session: undefined, messages: [], loadError: undefined, stream: 'connecting' });
  const hasSession = state.session !== undefined;

  const reload = useCallback(async () => {
    try {
      dispatch({ kind: 'view', view: await api.request<SessionView>('/session') });
    } catch (error) {
      dispatch({ kind: 'load-error', error: error instanceof ApiError ? error : new ApiError(0, 'network', String(error)) });
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  useEffect(() => {
    if (!api.token || !hasSession) return;
    if (typeof EventSource === 'undefined') {
      dispatch({ kind: 'stream', status: 'unsupported' });
      return;
    }
    const source = new EventSource(`/api/v1/session/stream?token=${encodeURIComponent(api.token)}`);
    let hadError = false;
    source.addEventListener('open', () => {
      dispatch({ kind: 'stream', status: 'open' });
      // Whatever was said while the connection was down is in the full transcript.
      if (hadError) void reloadRef.current();
      hadError = false;
    });
    source.addEventListener('error', () => {
      hadError = true;
      dispatch({ kind: 'stream', status: source.readyState === EventSource.CLOSED ? 'unsupported' : 'reconnecting' });
    });
    source.addEventListener('message', (event: MessageEvent<string>) => {
      try {
        dispatch({ kind: 'messages', messages: [JSON.parse(event.data) as SessionMessage] });
      } catch {
        // A malformed event is dropped; the next reload brings the transcript back in line.
      }
    });
    source.addEventListener('session', (event: MessageEvent<string>) => {
      try {
        dispatch({ kind: 'view', view: JSON.parse(event.data) as SessionView });
      } catch {
        // As above.
      }
    });
    return () => source.close();
  }, [api.token, hasSession]);

  const applyView = useCallback((view: SessionView) => dispatch({ kind: 'view', view }), []);
  const applyTurn = useCallback((reply: TurnReply) => {
    dispatch({ kind: 'messages', messages: reply.messages });
    dispatch({ kind: 'view', view: reply.session });
  }, []);

  return { ...state, reload, applyView, applyTurn };
}
