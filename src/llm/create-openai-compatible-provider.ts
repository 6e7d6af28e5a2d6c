/**
 * An LlmProvider over the OpenAI HTTP API as OpenAI, Azure OpenAI, Ollama (`/v1`), vLLM and
 * llama.cpp's server all speak it. `baseUrl` is the API root including `/v1` (or, for Azure,
 * `https://<resource>.openai.azure.com/openai/deployments/<deployment>?api-version=<v>`; the
 * query string is kept and the key goes in the `api-key` header).
 *
 * Each attempt has its own timeout; a 429 is retried after the server's Retry-After (capped),
 * a 5xx once; a server that rejects `seed` or `response_format` is asked again without them.
 */
import { LlmError, type AudioInput, type CompletionRequest, type CompletionResponse, type LlmProvider } from './llm-provider.js';
import { SpanKind, withSpan } from '../observability/tracing.js';

export interface OpenAiCompatibleOptions {
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly model: string;
  readonly timeoutMs: number;
  /** Model name for `/audio/transcriptions`; default `whisper-1`. */
  readonly transcriptionModel?: string;
  /** Retries after a 429 or 5xx; default 2. */
  readonly maxRetries?: number;
  /** Longest Retry-After honoured; longer waits fail as `rate-limited`. Default 30 s. */
  readonly maxRetryAfterMs?: number;
  /** Injected for tests and schedulers; default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function endpoint(baseUrl: string, path: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  return url.toString();
}

function isAzure(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.hostname.endsWith('.openai.azure.com') || url.searchParams.has('api-version');
}

/** Parses Retry-After (seconds or an HTTP date relative to `now`); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface ChatCompletionBody {
  readonly model?: unknown;
  readonly choices?: readonly { readonly message?: { readonly content?: unknown }; readonly finish_reason?: unknown }[];
}

/** Creates a provider for any OpenAI-compatible server. */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): LlmProvider {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxRetries = options.maxRetries ?? 2;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const azure = isAzure(options.baseUrl);
  const authHeaders = (): Record<string, string> => {
    if (!options.apiKey) return {};
    return azure ? { 'api-key': options.apiKey } : { authorization: `Bearer ${options.apiKey}` };
  };

  async function send(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await withSpan('llm call', { 'server.address': new URL(url).host, 'url.path': new URL(url).pathname, 'xi.llm.attempt': attempt + 1 }, () => doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }), SpanKind.CLIENT);
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') throw new LlmError('timeout', `no reply within ${options.timeoutMs} ms`);
        throw new LlmError('network', error instanceof Error ? error.message : String(error));
      }
      if (response.status === 429) {
        const wait = parseRetryAfter(response.headers.get('retry-after'), Date.now()) ?? 1000 * 2 ** attempt;
        await response.body?.cancel();
        if (attempt >= maxRetries || wait > maxRetryAfterMs) throw new LlmError('rate-limited', 'the server is rate limiting requests', 429);
        await sleep(wait);
        continue;
      }
      if (response.status >= 500 && attempt < Math.min(1, maxRetries)) {
        await response.body?.cancel();
        continue;
      }
      return response;
    }
  }

  async function complete(request: CompletionRequest): Promise<CompletionResponse> {
    const url = endpoint(options.baseUrl, 'chat/completions');
    let withSeed = request.seed !== undefined;
    let format: 'schema' | 'object' | 'none' = request.jsonSchema ? 'schema' : 'none';
    for (let attempt = 0; attempt < 3; attempt++) {
      const body: Record<string, unknown> = {
        model: options.model,
        messages: request.messages,
        temperature: request.temperature ?? 0,
        ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
        ...(withSeed ? { seed: request.seed } : {}),
      };
      if (format === 'schema' && request.jsonSchema) body.response_format = { type: 'json_schema', json_schema: { name: request.jsonSchema.name, strict: true, schema: request.jsonSchema.schema } };
      if (format === 'object') body.response_format = { type: 'json_object' };
      const response = await send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify(body) });
      if (response.status === 400) {
        const detail = await response.text();
        // Older or smaller servers reject optional fields: drop them and ask again.
        if (withSeed && /seed/i.test(detail)) {
          withSeed = false;
          continue;
        }
        if (format !== 'none' && /response_format|json_schema|schema/i.test(detail)) {
          format = format === 'schema' ? 'object' : 'none';
          continue;
        }
        throw new LlmError('http', `HTTP 400: ${detail.slice(0, 200)}`, 400);
      }
      if (!response.ok) throw new LlmError('http', `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`, response.status);
      let parsed: ChatCompletionBody;
      try {
        parsed = (await response.json()) as ChatCompletionBody;
      } catch {
        throw new LlmError('invalid-response', 'the reply body is not JSON');
      }
      const choice = parsed.choices?.[0];
      const content = choice?.message?.content;
      if (typeof content !== 'string') throw new LlmError('invalid-response', 'the reply has no message content');
      return {
        text: content,
        model: typeof parsed.model === 'string' ? parsed.model : options.model,
        ...(typeof choice?.finish_reason === 'string' ? { finishReason: choice.finish_reason } : {}),
      };
    }
    throw new LlmError('http', 'the server refused every request shape');
  }

  async function transcribe(audio: AudioInput): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(audio.data)], { type: audio.mimeType ?? 'application/octet-stream' }), audio.fileName);
    form.append('model', options.transcriptionModel ?? 'whisper-1');
    if (audio.language) form.append('language', audio.language);
    form.append('response_format', 'json');
    const response = await send(endpoint(options.baseUrl, 'audio/transcriptions'), { method: 'POST', headers: authHeaders(), body: form });
    if (!response.ok) throw new LlmError('http', `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`, response.status);
    const parsed = (await response.json().catch(() => undefined)) as { text?: unknown } | undefined;
    if (typeof parsed?.text !== 'string') throw new LlmError('invalid-response', 'the transcription reply has no text');
    return parsed.text;
  }

  return { model: options.model, complete, transcribe };
}
