import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAiCompatibleProvider, parseRetryAfter } from './create-openai-compatible-provider.js';
import { LlmError } from './llm-provider.js';
import { startScriptedOpenAiServer, type ScriptedOpenAiServer, type ScriptedReply } from './scripted-openai-server.js';

let server: ScriptedOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function providerFor(script: ScriptedReply[], options: { timeoutMs?: number; apiKey?: string; query?: string } = {}) {
  server = await startScriptedOpenAiServer(script);
  const waits: number[] = [];
  const provider = createOpenAiCompatibleProvider({
    baseUrl: server.baseUrl + (options.query ?? ''),
    model: 'test-model',
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { provider, server, waits };
}

const ask = { messages: [{ role: 'user' as const, content: 'hi' }], seed: 3, jsonSchema: { name: 's', schema: { type: 'object' } } };

describe('createOpenAiCompatibleProvider', () => {
  it('posts a chat completion with temperature 0, the seed and a JSON schema, and reads the content', async () => {
    const { provider, server } = await providerFor([{ kind: 'content', content: '{"ok":true}' }], { apiKey: 'sk-test' });
    const response = await provider.complete(ask);
    expect(response.text).toBe('{"ok":true}');
    const request = server.requests[0];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.json).toMatchObject({ model: 'test-model', temperature: 0, seed: 3, response_format: { type: 'json_schema' } });
  });

  it('speaks Azure: keeps the api-version query and sends the key as api-key', async () => {
    const { provider, server } = await providerFor([{ kind: 'content', content: 'x' }], { apiKey: 'az-key', query: '?api-version=2024-10-21' });
    await provider.complete(ask);
    expect(server.requests[0]?.path).toBe('/v1/chat/completions?api-version=2024-10-21');
    expect(server.requests[0]?.headers['api-key']).toBe('az-key');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('retries a 429 after the server\'s Retry-After', async () => {
    const { provider, server, waits } = await providerFor([
      { kind: 'raw', status: 429, headers: { 'retry-after': '2' }, body: '{}' },
      { kind: 'content', content: 'after the wait' },
    ]);
    expect((await provider.complete(ask)).text).toBe('after the wait');
    expect(waits).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up as rate-limited when 429s persist', async () => {
    const tooMany: ScriptedReply = { kind: 'raw', status: 429, headers: { 'retry-after': '0' }, body: '{}' };
    const { provider } = await providerFor([tooMany, tooMany, tooMany, tooMany]);
    await expect(provider.complete(ask)).rejects.toMatchObject({ code: 'rate-limited' });
  });

  it('times out a server that never answers', async () => {
    const { provider } = await providerFor([{ kind: 'hang' }], { timeoutMs: 50 });
    const error = await provider.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).code).toBe('timeout');
  });

  it('drops the seed, then the schema, when a server rejects them', async () => {
    const { provider, server } = await providerFor([
      { kind: 'raw', status: 400, body: '{"error":{"message":"unknown field: seed"}}' },
      { kind: 'raw', status: 400, body: '{"error":{"message":"response_format json_schema not supported"}}' },
      { kind: 'content', content: 'fine' },
    ]);
    expect((await provider.complete(ask)).text).toBe('fine');
    expect(server.requests[1]?.json?.seed).toBeUndefined();
    expect(server.requests[2]?.json?.response_format).toEqual({ type: 'json_object' });
  });

  const failures: { name: string; reply: ScriptedReply; code: string }[] = [
    { name: 'a 401', reply: { kind: 'raw', status: 401, body: '{"error":"bad key"}' }, code: 'http' },
    { name: 'a body that is not JSON', reply: { kind: 'raw', status: 200, body: 'not json' }, code: 'invalid-response' },
    { name: 'no choices', reply: { kind: 'raw', status: 200, body: '{"choices":[]}' }, code: 'invalid-response' },
  ];
  it.each(failures)('reports $name as $code', async ({ reply, code }) => {
    const { provider } = await providerFor([reply]);
    await expect(provider.complete(ask)).rejects.toMatchObject({ code });
  });

  it('transcribes audio through /audio/transcriptions', async () => {
    const { provider, server } = await providerFor([{ kind: 'raw', status: 200, body: '{"text":"use absolute references"}' }]);
    const text = await provider.transcribe({ data: new Uint8Array([1, 2, 3]), fileName: 'a.webm', mimeType: 'audio/webm', language: 'en' });
    expect(text).toBe('use absolute references');
    expect(server.requests[0]?.path).toBe('/v1/audio/transcriptions');
    expect(server.requests[0]?.headers['content-type']).toMatch(/^multipart\/form-data/);
  });
});

describe('parseRetryAfter', () => {
  const cases = [
    { header: '3', now: 0, expected: 3000 },
    { header: '0', now: 0, expected: 0 },
    { header: null, now: 0, expected: undefined },
    { header: 'Wed, 21 Oct 2015 07:28:05 GMT', now: Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'), expected: 5000 },
    { header: 'soon', now: 0, expected: undefined },
  ];
  it.each(cases)('$header', ({ header, now, expected }) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
