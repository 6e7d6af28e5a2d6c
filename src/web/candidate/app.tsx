/**
 * The candidate app: `/demo` creates a demo interview and continues as its invite link;
 * `/i/:token` is the invite link. The session's state picks the screen: consent, system check,
 * chat, closing, or a clear message when the link cannot be used.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, createApiClient } from '../shared/api-client.js';
import { ChatScreen } from './chat-screen.js';
import { ClosingScreen } from './closing-screen.js';
import { ConsentScreen } from './consent-screen.js';
import { createIntegrityReporter } from './integrity.js';
import { InterviewProvider, useInterviewProvider } from './interview-context.js';
import { SystemCheck } from './system-check.js';
import type { DemoReply, SessionView } from './types.js';
import { useSession } from './use-session.js';

/** The invite token in `/i/<token>`, if the page is an invite link. */
export function tokenFromPath(pathname: string): string | undefined {
  const match = /^\/i\/([^/?#]+)\/?$/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

function Message({ title, children, retry }: { readonly title: string; readonly children: ReactNode; readonly retry?: () => void }) {
  useEffect(() => {
    document.title = `${title} · excel-interviewer`;
  }, [title]);
  return (
    <main className="narrow">
      <h1>{title}</h1>
      {children}
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      )}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}

/** Explains why an invite link cannot be used, in the candidate's terms. */
export function ErrorScreen({ error, retry }: { readonly error: ApiError; readonly retry?: () => void }) {
  if (error.code === 'expired' || error.status === 410) {
    return (
      <Message title="This invitation has expired">
        <p>This invitation has expired, so the interview can no longer be taken with this link. Please contact the recruiter who invited you; they can send you a new one.</p>
      </Message>
    );
  }
  if (error.code === 'not-found' || error.code === 'unauthorized' || error.code === 'forbidden' || error.status === 401 || error.status === 404) {
    return (
      <Message title="This link is not valid">
        <p>We could not find an interview for this link. Check that you opened the whole link from your invitation email, or ask the recruiter to send it again.</p>
      </Message>
    );
  }
  if (error.isNetwork) {
    return (
      <Message title="Cannot reach the server" {...(retry ? { retry } : {})}>
        <p>Check your internet connection and try again. Your progress is saved on the server, so nothing is lost.</p>
      </Message>
    );
  }
  return (
    <Message title="Something went wrong" {...(retry ? { retry } : {})}>
      <p>{error.message}</p>
      {error.requestId && <p className="hint">Reference: {error.requestId}</p>}
    </Message>
  );
}

function stateTitle(session: SessionView): string {
  switch (session.state) {
    case 'invited':
      return 'Welcome';
    case 'consented':
      return 'Before you start';
    case 'in-progress':
      return 'Interview';
    case 'completed':
      return 'Thank you';
    case 'expired':
      return 'Invitation expired';
    case 'abandoned':
      return 'Interview closed';
    default: {
      const unreachable: never = session.state;
      return String(unreachable);
    }
  }
}

function Interview({ token }: { readonly token: string }) {
  const api = useMemo(() => createApiClient(token), [token]);
  const reporter = useMemo(() => createIntegrityReporter(api), [api]);
  const state = useSession(api);
  const [fatal, setFatal] = useState<ApiError | undefined>();
  const { reload } = state;
  const onRejected = useCallback(
    (error: ApiError) => {
      if (error.code === 'expired' || error.code === 'unauthorized' || error.status === 410 || error.status === 401) setFatal(error);
      else if (error.status === 409) void reload();
    },
    [reload],
  );
  const actions = useInterviewProvider(api, reporter, state.applyTurn, onRejected);
  const { session } = state;
  const currentItemId = session?.current?.item.id;

  useEffect(() => {
    if (session?.state !== 'in-progress') return;
    return reporter.watchPage(() => currentItemId);
  }, [reporter, session?.state, currentItemId]);

  useEffect(() => {
    if (session) document.title = `${stateTitle(session)} · ${session.profileName} · excel-interviewer`;
  }, [session]);

  const consent = useCallback(
    (accommodationRequest: string) =>
      void actions.perform(async () => state.applyView(await api.request<SessionView>('/session/consent', { body: { accepted: true, ...(accommodationRequest ? { accommodationRequest } : {}) } }))),
    [actions, api, state],
  );
  const start = useCallback(() => void actions.perform(async () => state.applyView(await api.request<SessionView>('/session/start', { body: {} }))), [actions, api, state]);

  if (fatal) return <ErrorScreen error={fatal} />;
  if (!session) {
    if (state.loadError) return <ErrorScreen error={state.loadError} retry={() => void state.reload()} />;
    return (
      <main className="narrow" aria-busy="true">
        <h1>Loading your interview…</h1>
      </main>
    );
  }

  const failureBanner = actions.failure && session.state !== 'in-progress' && (
    <div className="alert floating" role="alert">
      <p>{actions.failure.message}</p>
      {actions.failure.retry && (
        <button type="button" className="button small" onClick={actions.failure.retry}>
          Try again
        </button>
      )}
    </div>
  );

  let screen: ReactNode;
  switch (session.state) {
    case 'invited':
      screen = <ConsentScreen session={session} busy={actions.busy} onConsent={consent} />;
      break;
    case 'consented':
      screen = <SystemCheck api={api} session={session} stream={state.stream} busy={actions.busy} onStart={start} />;
      break;
    case 'in-progress':
      screen = <ChatScreen session={session} messages={state.messages} stream={state.stream} onTurn={state.applyTurn} onView={state.applyView} />;
      break;
    case 'completed':
      screen = <ClosingScreen api={api} session={session} messages={state.messages} />;
      break;
    case 'expired':
      screen = <ErrorScreen error={new ApiError(410, 'expired', 'This invitation has expired.')} />;
      break;
    case 'abandoned':
      screen = (
        <Message title="This interview is closed">
          <p>This interview was closed before it was finished. If you think this is a mistake, please contact the recruiter who invited you.</p>
        </Message>
      );
      break;
    default: {
      const unreachable: never = session.state;
      screen = <p>Unknown state {String(unreachable)}</p>;
    }
  }
  return (
    <InterviewProvider value={actions}>
      {screen}
      {failureBanner}
    </InterviewProvider>
  );
}

/** `/demo`: creates a demo interview, then becomes its invite link (`/i/<token>`). */
function Demo({ onToken }: { readonly onToken: (token: string) => void }) {
  const [error, setError] = useState<ApiError | undefined>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    createApiClient()
      .request<DemoReply>('/demo', { body: {} })
      .then((reply) => {
        if (cancelled) return;
        history.replaceState(null, '', `/i/${encodeURIComponent(reply.token)}`);
        onToken(reply.token);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
      });
    return () => {
      cancelled = true;
    };
  }, [attempt, onToken]);
  if (error) return <ErrorScreen error={error} retry={() => (setError(undefined), setAttempt((n) => n + 1))} />;
  return (
    <main className="narrow" aria-busy="true">
      <h1>Preparing your demo interview…</h1>
      <p>This takes a moment.</p>
    </main>
  );
}

export function App() {
  const [token, setToken] = useState(() => tokenFromPath(location.pathname));
  const isDemo = location.pathname.replace(/\/$/, '') === '/demo';
  if (token) return <Interview key={token} token={token} />;
  if (isDemo) return <Demo onToken={setToken} />;
  return <ErrorScreen error={new ApiError(404, 'not-found', 'No interview in this link.')} />;
}
