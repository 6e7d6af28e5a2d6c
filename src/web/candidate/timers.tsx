/**
 * Time left for the current question and for the whole interview. The countdowns are
 * `role="timer"` with `aria-live="off"` (a screen reader reads them when asked, never every
 * second); a separate polite live region speaks only at 5 minutes, 1 minute and 30 seconds left.
 */
import { useEffect, useRef, useState } from 'react';

const THRESHOLDS_SEC = [300, 60, 30] as const;

function remainingSec(deadline: string | undefined, now: number): number | undefined {
  if (!deadline) return undefined;
  const at = Date.parse(deadline);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

export function formatDuration(totalSec: number): string {
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

function spoken(sec: number): string {
  if (sec >= 60) return `${sec / 60} minute${sec === 60 ? '' : 's'}`;
  return `${sec} seconds`;
}

/** Which thresholds a countdown has already passed, so each is announced once. */
function useThresholdAnnouncer(label: string, deadline: string | undefined, remaining: number | undefined, announce: (text: string) => void) {
  const passed = useRef<{ deadline: string | undefined; done: Set<number> }>({ deadline: undefined, done: new Set() });
  useEffect(() => {
    if (remaining === undefined) return;
    if (passed.current.deadline !== deadline) {
      // A new deadline (or a page load): thresholds already behind us are not announced late.
      passed.current = { deadline, done: new Set(THRESHOLDS_SEC.filter((t) => remaining <= t)) };
      return;
    }
    for (const t of THRESHOLDS_SEC) {
      if (remaining <= t && remaining > 0 && !passed.current.done.has(t)) {
        passed.current.done.add(t);
        announce(`${spoken(t)} left ${label}.`);
      }
    }
  }, [deadline, remaining, label, announce]);
}

export function Timers({ itemDeadline, interviewDeadline, paused }: { readonly itemDeadline: string | undefined; readonly interviewDeadline: string | undefined; readonly paused: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [paused]);

  const item = remainingSec(itemDeadline, now);
  const interview = remainingSec(interviewDeadline, now);
  useThresholdAnnouncer('for this question', itemDeadline, paused ? undefined : item, setAnnouncement);
  useThresholdAnnouncer('in the interview', interviewDeadline, paused ? undefined : interview, setAnnouncement);

  return (
    <div className="timers">
      {item !== undefined && (
        <div className={`timer ${item <= 60 ? 'low' : ''}`}>
          <span className="timer-label" id="timer-item-label">
            Question
          </span>
          <span role="timer" aria-live="off" aria-labelledby="timer-item-label" className="timer-value">
            {paused ? 'paused' : formatDuration(item)}
          </span>
        </div>
      )}
      {interview !== undefined && (
        <div className={`timer ${interview <= 60 ? 'low' : ''}`}>
          <span className="timer-label" id="timer-interview-label">
            Interview
          </span>
          <span role="timer" aria-live="off" aria-labelledby="timer-interview-label" className="timer-value">
            {paused ? 'paused' : formatDuration(interview)}
          </span>
        </div>
      )}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
