/** The recruiter app's HTTP client: the access token from sign-in, JSON calls, file downloads. */

const TOKEN_KEY = 'xi.recruiter.session';

export interface Session {
  readonly accessToken: string;
  readonly user: { readonly name: string; readonly email: string; readonly role: 'admin' | 'recruiter' | 'reviewer' | 'analyst' };
}

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(TOKEN_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request(method: string, url: string, body?: unknown): Promise<Response> {
  const session = loadSession();
  const res = await fetch(`/api/v1${url}`, {
    method,
    headers: { ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) {
    const error = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (res.status === 401 && session) onUnauthorized();
    throw new ApiError(res.status, error.error?.code ?? 'error', error.error?.message ?? `Request failed (${res.status})`);
  }
  return res;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const res = await request(method, url, body);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Fetches a file with the access token and hands it to the browser as a download. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await request('GET', url);
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Opens an authenticated HTML page (the printable report) in a new tab. */
export async function openHtml(url: string): Promise<void> {
  const res = await request('GET', url);
  const blob = new Blob([await res.text()], { type: 'text/html' });
  window.open(URL.createObjectURL(blob), '_blank', 'noopener');
}
