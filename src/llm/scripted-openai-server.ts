/**
 * A local HTTP server that speaks the OpenAI chat-completions and transcription protocol and
 * answers from a script: the tests of the LLM client and grader run against it instead of a mock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  /** A normal completion whose message content is `content`. */
  | { readonly kind: 'content'; readonly content: string }
  /** Any status, headers and raw body. */
  | { readonly kind: 'raw'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body: string }
  /** Never answers (until the server closes): for timeouts. */
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** The parsed JSON body, when it is JSON. */
  readonly json?: Record<string, unknown>;
}

export interface ScriptedOpenAiServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Replies still to serve, in order; when empty, `fallback` answers. */
  readonly script: ScriptedReply[];
  close(): Promise<void>;
}

/** Wraps message content in a chat-completions body. */
export function completionBody(content: string, model = 'scripted-model'): string {
  return JSON.stringify({
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  });
}

/**
 * Starts the server on a free port. `fallback` answers requests once the script is used up
 * (default: a 500), and may look at the request to compute a reply.
 */
export async function startScriptedOpenAiServer(
  script: readonly ScriptedReply[],
  fallback: (request: RecordedRequest) => ScriptedReply = () => ({ kind: 'raw', status: 500, body: '{"error":{"message":"script exhausted"}}' }),
): Promise<ScriptedOpenAiServer> {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, ...(json ? { json } : {}) };
      requests.push(recorded);
      const reply = queue.shift() ?? fallback(recorded);
      switch (reply.kind) {
        case 'content':
          res.writeHead(200, { 'content-type': 'application/json' }).end(completionBody(reply.content));
          return;
        case 'raw':
          res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body);
          return;
        case 'hang':
          hanging.add(res);
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: queue,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
