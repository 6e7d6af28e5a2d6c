/**
 * The interview itself: the transcript beside the current task (warm-up, question or follow-up),
 * answered natively for its kind, with the quick requests, the timers and pause.
 */
import { useEffect, useRef } from 'react';
import { RichText } from '../shared/rich-text.js';
import { ChoiceQuestion } from './choice-question.js';
import { FormulaQuestion } from './formula-question.js';
import { preloadFormulaEngine } from './formula-preview.js';
import { useInterview } from './interview-context.js';
import { QuickActions } from './quick-actions.js';
import { TextAnswer } from './text-answer.js';
import { Timers } from './timers.js';
import { Transcript } from './transcript.js';
import type { SessionMessage, SessionView, TurnReply } from './types.js';
import { WorkbookQuestion } from './workbook-question.js';
import type { StreamStatus } from './use-session.js';

export interface ChatScreenProps {
  readonly session: SessionView;
  readonly messages: readonly SessionMessage[];
  readonly stream: StreamStatus;
  readonly onTurn: (reply: TurnReply) => void;
  readonly onView: (view: SessionView) => void;
}

const KIND_NAMES = { choice: 'Multiple choice', formula: 'Formula', workbook: 'Workbook task', concept: 'Explain in your own words' } as const;

function CurrentTask({ session, onTurn }: { readonly session: SessionView; readonly onTurn: (reply: TurnReply) => void }) {
  const current = session.current;
  const transcription = session.capabilities.transcription;
  if (session.awaitingWarmUp) {
    const warmUp = [...session.messages].reverse().find((m) => m.meta.type === 'warm-up');
    return (
      <>
        {warmUp && <RichText text={warmUp.text} className="prompt" />}
        <TextAnswer draftKey={`${session.interviewId}:warm-up`} label="Your answer (not scored)" itemId={undefined} transcription={transcription} />
      </>
    );
  }
  if (!current) return <p className="muted">The interviewer is preparing the next question…</p>;
  const { item, followUp } = current;
  if (followUp) {
    return (
      <>
        <RichText text={item.prompt} className="prompt earlier" />
        <div className="follow-up">
          <h3>Follow-up</h3>
          <RichText text={followUp.probe} className="prompt" />
        </div>
        <TextAnswer draftKey={`${session.interviewId}:${item.id}:${followUp.pointId}`} label="Your answer to the follow-up" itemId={item.id} transcription={transcription} />
      </>
    );
  }
  const body = (() => {
    switch (item.kind) {
      case 'choice':
        return <ChoiceQuestion key={item.id} item={item} />;
      case 'formula':
        return <FormulaQuestion key={item.id} item={item} draftKey={`${session.interviewId}:${item.id}:formula`} />;
      case 'workbook':
        return <WorkbookQuestion key={item.id} item={item} onUploaded={onTurn} />;
      case 'concept':
        return <TextAnswer draftKey={`${session.interviewId}:${item.id}`} label="Your answer" itemId={item.id} transcription={transcription} />;
      default: {
        const unreachable: never = item.kind;
        return <p>Unknown question type {String(unreachable)}.</p>;
      }
    }
  })();
  return (
    <>
      <RichText text={item.prompt} className="prompt" />
      {body}
    </>
  );
}

export function ChatScreen({ session, messages, stream, onTurn, onView }: ChatScreenProps) {
  const { api, busy, perform, failure, dismissFailure, markQuestionShown } = useInterview();
  const heading = useRef<HTMLHeadingElement>(null);
  const current = session.current;
  const taskKey = session.awaitingWarmUp ? 'warm-up' : current ? `${current.item.id}:${current.followUp?.pointId ?? ''}` : 'none';

  // Most interviews have formula items: fetch the spreadsheet engine while the candidate reads.
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 1500));
    idle(() => preloadFormulaEngine());
  }, []);

  useEffect(() => {
    markQuestionShown();
    // Keyboard focus goes to each new task, so the next Tab reaches its answer field.
    heading.current?.focus();
  }, [taskKey, markQuestionShown]);

  const title = session.awaitingWarmUp
    ? 'Warm-up question'
    : current
      ? `Question ${current.position}${current.followUp ? ': follow-up' : ''}`
      : 'Please wait';
  const kindName = current && !session.awaitingWarmUp ? KIND_NAMES[current.item.kind] : undefined;

  const pauseOrResume = () =>
    void perform(async () => onView(await api.request<SessionView>(session.paused ? '/session/resume' : '/session/pause', { body: {} })));

  return (
    <div className="chat-page">
      <header className="chat-header">
        <div>
          <h1>{session.profileName}</h1>
          <p className="muted small">
            {session.progress.minItems === session.progress.maxItems
              ? `${session.progress.maxItems} question${session.progress.maxItems === 1 ? '' : 's'} in total`
              : `${session.progress.minItems}–${session.progress.maxItems} questions, depending on your answers`}
            {stream === 'reconnecting' && <span className="badge warn"> Reconnecting…</span>}
          </p>
        </div>
        <Timers itemDeadline={current?.deadline} interviewDeadline={session.deadline} paused={session.paused} />
        <button type="button" className="button secondary small" onClick={pauseOrResume} disabled={busy}>
          {session.paused ? 'Resume' : 'Pause'}
        </button>
      </header>
      <main className="chat-layout">
        <section className="conversation" aria-labelledby="conversation-heading">
          <h2 id="conversation-heading" className="section-title">
            Conversation
          </h2>
          <Transcript messages={messages} />
        </section>
        <section className="work card" aria-labelledby="task-heading" aria-busy={busy} data-item-kind={session.awaitingWarmUp ? 'warm-up' : current?.followUp ? 'follow-up' : (current?.item.kind ?? 'none')} data-item-id={current?.item.id ?? ''}>
          <h2 id="task-heading" ref={heading} tabIndex={-1}>
            {title}
            {kindName && <span className="kind-tag">{kindName}</span>}
          </h2>
          {session.paused ? (
            <div className="paused">
              <p>The interview is paused and the clock is stopped. Take the time you need.</p>
              <button type="button" className="button" onClick={pauseOrResume} disabled={busy}>
                Resume the interview
              </button>
            </div>
          ) : (
            <>
              <CurrentTask session={session} onTurn={onTurn} />
              {(current || session.awaitingWarmUp) && <QuickActions itemId={current?.item.id} />}
            </>
          )}
          {busy && (
            <p className="muted small" role="status">
              Sending…
            </p>
          )}
          {failure && (
            <div className="alert" role="alert">
              <p>{failure.message}</p>
              <div className="row">
                {failure.retry && (
                  <button type="button" className="button small" onClick={failure.retry}>
                    Try again
                  </button>
                )}
                <button type="button" className="button ghost small" onClick={dismissFailure}>
                  Dismiss
                </button>
              </div>
            </div>
          )}
        </section>
      </main>
    </div>
  );
}
