/**
 * Integrity signals (paste, focus lost, tab hidden, very fast answers, answer length jumps),
 * batched to `POST /session/integrity-events`. They are recorded for the recruiter's review and
 * never shown to the candidate: a signal is context, not a verdict.
 */
import type { ApiClient } from '../shared/api-client.js';
import type { IntegrityEvent, IntegrityKind } from './types.js';

/** An answer sent sooner than this after the question appeared is recorded as fast. */
export const FAST_ANSWER_MS = 3000;
/** Characters added by one input event above which the jump is recorded. */
export const LENGTH_JUMP_CHARS = 200;

const FLUSH_DELAY_MS = 4000;
const MAX_BATCH = 100;

export interface IntegrityReporter {
  record(kind: IntegrityKind, itemId?: string, data?: Record<string, string | number | boolean>): void;
  /** Sends what is queued now (also on `pagehide`, with `keepalive`). */
  flush(keepalive?: boolean): void;
  /** Watches focus and visibility of the page; returns the function that stops watching. */
  watchPage(currentItemId: () => string | undefined): () => void;
}

export function createIntegrityReporter(api: ApiClient): IntegrityReporter {
  let queue: IntegrityEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(keepalive = false): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const events = queue.slice(0, MAX_BATCH);
    queue = queue.slice(MAX_BATCH);
    api.request('/session/integrity-events', { body: { events }, keepalive, retries: 1 }).catch(() => {
      // Put them back once; a second failure drops them rather than growing without bound.
      if (queue.length < MAX_BATCH) queue = [...events, ...queue].slice(0, MAX_BATCH);
    });
    if (queue.length > 0) schedule();
  }

  function schedule(): void {
    if (timer === undefined) timer = setTimeout(() => flush(), FLUSH_DELAY_MS);
  }

  function record(kind: IntegrityKind, itemId?: string, data?: Record<string, string | number | boolean>): void {
    queue.push({ kind, at: new Date().toISOString(), ...(itemId ? { itemId } : {}), ...(data ? { data } : {}) });
    if (queue.length >= MAX_BATCH) flush();
    else schedule();
  }

  function watchPage(currentItemId: () => string | undefined): () => void {
    const onBlur = () => record('focus-lost', currentItemId());
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        record('tab-hidden', currentItemId());
        flush(true);
      }
    };
    const onPageHide = () => flush(true);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
    };
  }

  return { record, flush, watchPage };
}
