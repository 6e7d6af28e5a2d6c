/**
 * A quick check before the clock starts: the browser has what the interview needs, the server
 * answers, and (optionally) the microphone works. Nothing here blocks a candidate who types.
 */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../shared/api-client.js';
import type { SessionView } from './types.js';
import type { StreamStatus } from './use-session.js';
import { voiceMode } from './voice-input.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';

type CheckState = 'checking' | 'ok' | 'warn' | 'fail';

interface Check {
  readonly name: string;
  readonly state: CheckState;
  readonly detail: string;
}

function browserCheck(): Check {
  const missing = [
    typeof fetch === 'function' ? '' : 'fetch',
    typeof EventSource === 'function' ? '' : 'live updates (EventSource)',
    typeof crypto?.getRandomValues === 'function' ? '' : 'crypto',
    typeof sessionStorage === 'object' ? '' : 'session storage',
  ].filter(Boolean);
  return missing.length === 0
    ? { name: 'Browser', state: 'ok', detail: 'Your browser supports everything the interview uses.' }
    : { name: 'Browser', state: 'warn', detail: `Missing: ${missing.join(', ')}. The interview may still work; an up-to-date Chrome, Edge, Firefox or Safari is best.` };
}

const STATE_TEXT: Record<CheckState, string> = { checking: 'Checking', ok: 'OK', warn: 'Note', fail: 'Problem' };

export interface SystemCheckProps {
  readonly api: ApiClient;
  readonly session: SessionView;
  readonly stream: StreamStatus;
  readonly busy: boolean;
  readonly onStart: () => void;
}

export function SystemCheck({ api, session, stream, busy, onStart }: SystemCheckProps) {
  const [connection, setConnection] = useState<Check>({ name: 'Connection to the server', state: 'checking', detail: 'Contacting the server…' });
  const [microphone, setMicrophone] = useState<Check>(() => {
    const mode = voiceMode(session.capabilities.transcription);
    return mode
      ? { name: 'Microphone (optional)', state: 'warn', detail: 'Not tested yet. You only need it to speak your answers.' }
      : { name: 'Microphone (optional)', state: 'warn', detail: 'Spoken answers are not available in this browser; you will type your answers.' };
  });
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const canTestMic = voiceMode(session.capabilities.transcription) !== undefined && typeof navigator.mediaDevices?.getUserMedia === 'function';

  useEffect(() => {
    let cancelled = false;
    const started = performance.now();
    api
      .request<SessionView>('/session', { retries: 1 })
      .then(() => {
        if (cancelled) return;
        const ms = Math.round(performance.now() - started);
        setConnection({ name: 'Connection to the server', state: 'ok', detail: `Connected (${ms} ms round trip).` });
      })
      .catch(() => {
        if (!cancelled) setConnection({ name: 'Connection to the server', state: 'fail', detail: 'The server did not answer. Check your connection, then reload this page.' });
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  const testMicrophone = async () => {
    setMicrophone({ name: 'Microphone (optional)', state: 'checking', detail: 'Asking your browser for the microphone…' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((t) => t.stop());
      setMicrophone({ name: 'Microphone (optional)', state: 'ok', detail: 'Your microphone works. You can speak your written answers.' });
    } catch {
      setMicrophone({ name: 'Microphone (optional)', state: 'warn', detail: 'The microphone is not available or was blocked. You can still type every answer.' });
    }
  };

  const live: Check =
    stream === 'open'
      ? { name: 'Live updates', state: 'ok', detail: 'Messages will appear as soon as the interviewer sends them.' }
      : stream === 'connecting'
        ? { name: 'Live updates', state: 'checking', detail: 'Connecting…' }
        : { name: 'Live updates', state: 'warn', detail: 'Live updates are not connected; replies still appear after each answer.' };
  const checks = [browserCheck(), connection, live, microphone];
  const minutes = session.messages.map((m) => m.meta.totalMinutes).find((v): v is number => typeof v === 'number');

  return (
    <main className="narrow">
      <h1 ref={heading} tabIndex={-1}>
        Before you start
      </h1>
      <p className="lead">
        A quick check of your setup. {minutes ? `The interview lasts up to about ${minutes} minutes; ` : ''}the clock starts when you press <strong>Start the interview</strong>, and you can pause
        it at any time.
      </p>
      <section className="card" aria-labelledby="checks-heading">
        <h2 id="checks-heading">System check</h2>
        <ul className="checks">
          {checks.map((check) => (
            <li key={check.name} className={`check ${check.state}`}>
              <span className="check-state">{STATE_TEXT[check.state]}</span>
              <span>
                <strong>{check.name}:</strong> {check.detail}
              </span>
            </li>
          ))}
        </ul>
        {canTestMic && (
          <button type="button" className="button secondary small" onClick={() => void testMicrophone()}>
            Test my microphone
          </button>
        )}
      </section>
      <button type="button" className="button large" onClick={onStart} disabled={busy || connection.state === 'fail'}>
        Start the interview
      </button>
    </main>
  );
}
