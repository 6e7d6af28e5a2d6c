/**
 * The simulated candidate of tests/helpers over real HTTP: the same answering logic
 * (`answerCurrent`, `takeInterview`), with each request sent to the next of several instances, a
 * retry with the same body (hence the same idempotency key) when an instance is unreachable or
 * answers 503, and a hook that times every request.
 */
import { CandidateClient } from '../../helpers/simulated-candidate.js';

export interface RequestTiming {
  readonly method: string;
  /** The route with ids removed, e.g. `/session/items/:itemId/upload`. */
  readonly route: string;
  readonly status: number;
  readonly ms: number;
  /** Which base URL answered. */
  readonly base: string;
  /** 1 on the first try. */
  readonly attempt: number;
}

export interface HttpCandidateOptions {
  /** Extra headers on every request (e.g. x-forwarded-for, so each simulated candidate has its own address). */
  readonly headers?: Record<string, string>;
  /** Tries per request when the instance is unreachable or answers 503 (default 1: no retry). */
  readonly attempts?: number;
  /** Delay between tries. */
  readonly retryDelayMs?: number;
  readonly onTiming?: (timing: RequestTiming) => void;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
}

const routeOf = (url: string) => url.split('?')[0]?.replace(/\/items\/[^/]+\//, '/items/:itemId/') ?? url;

/** Sends each request to the next base URL in turn (so consecutive requests of one interview alternate instances). */
export class HttpCandidate extends CandidateClient {
  private next = 0;

  constructor(
    private readonly bases: readonly string[],
    token: string,
    private readonly options: HttpCandidateOptions = {},
  ) {
    super(undefined as never, token);
  }

  override async request<T>(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const attempts = this.options.attempts ?? 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const base = this.bases[this.next++ % this.bases.length] ?? '';
      const started = performance.now();
      try {
        const isBytes = Buffer.isBuffer(body);
        const res = await fetch(`${base}/api/v1${url}`, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(body === undefined ? {} : { 'content-type': isBytes ? 'application/octet-stream' : 'application/json' }),
            ...this.options.headers,
            ...headers,
          },
          ...(body === undefined ? {} : { body: isBytes ? new Uint8Array(body) : JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
        const text = await res.text();
        this.options.onTiming?.({ method, route: routeOf(url), status: res.status, ms: performance.now() - started, base, attempt });
        if (res.status === 503 && attempt < attempts) {
          await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 250));
          continue;
        }
        return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
      } catch (error) {
        lastError = error;
        this.options.onTiming?.({ method, route: routeOf(url), status: 0, ms: performance.now() - started, base, attempt });
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 250));
      }
    }
    throw lastError instanceof Error ? lastError : new Error(`${method} ${url} failed`);
  }
}

/** `POST /api/v1/demo` on one instance; returns the invite token. */
export async function startDemoOver(base: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${base}/api/v1/demo`, { method: 'POST', headers });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`demo → ${res.status} ${text}`);
  return (JSON.parse(text) as { token: string }).token;
}

export interface SseEvent {
  readonly type: string;
  readonly data: unknown;
  readonly receivedAt: number;
}

/** Opens the interview's event stream on one instance and collects its events until `close()`. */
export async function openEventStream(base: string, token: string): Promise<{ events: SseEvent[]; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/session/stream?token=${encodeURIComponent(token)}`, { signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream → ${res.status}`);
  const events: SseEvent[] = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) as unknown, receivedAt: Date.now() });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { events, close: () => controller.abort() };
}
