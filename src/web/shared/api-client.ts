/**
 * The browser's HTTP client for the API: JSON in and out, the invite token as a bearer token,
 * and one error type for every failure. A request that fails on the network is retried with the
 * same body (and so the same idempotency key), so the server never counts an answer twice.
 */

/** Every failure a request can end in: a server error body, or the network. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  /** True when the server was never reached (offline, DNS, connection reset). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  /** A JSON body, or raw bytes (a file, recorded audio) sent as they are. */
  readonly body?: unknown;
  readonly contentType?: string;
  /** Network-failure retries before giving up; the body is resent unchanged. */
  readonly retries?: number;
  /** Lets a request outlive the page (integrity events sent on `pagehide`). */
  readonly keepalive?: boolean;
}

export interface ApiClient {
  readonly token: string | undefined;
  request<T>(path: string, options?: RequestOptions): Promise<T>;
}

const BASE = '/api/v1';
const RETRY_DELAYS_MS = [500, 1500, 4000];

function isRawBody(body: unknown): body is Blob | ArrayBuffer | Uint8Array {
  return body instanceof Blob || body instanceof ArrayBuffer || body instanceof Uint8Array;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http-${response.status}`;
  const message = typeof error?.message === 'string' ? error.message : response.statusText || 'The server could not handle this request.';
  return new ApiError(response.status, code, message, error?.details, typeof error?.requestId === 'string' ? error.requestId : undefined);
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A client for one invite token (or none, for `POST /demo`). */
export function createApiClient(token?: string): ApiClient {
  async function once<T>(path: string, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (options.body !== undefined) {
      if (isRawBody(options.body)) {
        body = options.body as BodyInit;
        headers['content-type'] = options.contentType ?? 'application/octet-stream';
      } else {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
    }
    let response: Response;
    try {
      response = await fetch(`${BASE}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, keepalive: options.keepalive ?? false });
    } catch (cause) {
      throw new ApiError(0, 'network', 'Could not reach the server. Check your connection.', cause instanceof Error ? cause.message : undefined);
    }
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    token,
    async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
      const retries = options.retries ?? 2;
      for (let attempt = 0; ; attempt++) {
        try {
          return await once<T>(path, options);
        } catch (error) {
          if (!(error instanceof ApiError) || !error.isNetwork || attempt >= retries) throw error;
          await wait(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 1000);
        }
      }
    },
  };
}

/** A fresh idempotency key for one logical action (reuse it when retrying that action). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
