/**
 * The conversation so far, as a `role="log"` region: new messages are announced politely, and
 * the view follows the newest one unless the candidate has scrolled up to reread.
 */
import { useEffect, useRef } from 'react';
import { RichText } from '../shared/rich-text.js';
import type { SessionMessage } from './types.js';

const ROLE_NAMES: Record<SessionMessage['role'], string> = { interviewer: 'Interviewer', candidate: 'You', system: 'Notice' };

function formatTime(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function Transcript({ messages }: { readonly messages: readonly SessionMessage[] }) {
  const log = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const last = messages.at(-1)?.sequence;

  useEffect(() => {
    const el = log.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [last]);

  return (
    <div
      ref={log}
      className="transcript"
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label="Conversation with the interviewer"
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {messages.length === 0 && <p className="muted">The conversation will appear here.</p>}
      {messages.map((m) => (
        <div key={m.sequence} className={`message ${m.role} ${typeof m.meta.type === 'string' ? `type-${m.meta.type}` : ''}`} data-sequence={m.sequence} data-role={m.role}>
          <div className="message-meta">
            <span className="message-role">{ROLE_NAMES[m.role]}</span>
            <span className="visually-hidden">: </span>
            <time dateTime={m.at}>{formatTime(m.at)}</time>
          </div>
          <RichText text={m.text} className="message-text" />
        </div>
      ))}
    </div>
  );
}
