import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createFallbackRateLimit, type FallbackRateLimit } from './fallback-rate-limit-store.js';

const opened: { apps: FastifyInstance[]; clients: Redis[] } = { apps: [], clients: [] };

afterEach(async () => {
  await Promise.all(opened.apps.splice(0).map((app) => app.close()));
  opened.clients.splice(0).forEach((client) => client.disconnect());
});

function redisClient(url: string): Redis {
  // The options main.ts uses: fail at once while disconnected instead of queueing.
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on('error', () => undefined);
  opened.clients.push(client);
  return client;
}

/** One global limit of 3 a minute, and 2 on `/strict` (a route limit: the store's `child`). */
async function appWith(limits: FallbackRateLimit): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(rateLimit, { max: 3, timeWindow: 60_000, store: limits.store });
  app.get('/open', async () => ({ ok: true }));
  app.get('/strict', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  await app.ready();
  opened.apps.push(app);
  return app;
}

const statuses = async (apps: FastifyInstance[], url: string, ip: string) => {
  const result: number[] = [];
  for (const app of apps) result.push((await app.inject({ url, remoteAddress: ip })).statusCode);
  return result;
};

describe('rate limits with a Redis that cannot be reached', () => {
  it('still limits, counting in this process, and says the limits are local', async () => {
    // Nothing listens on port 1: every Redis command fails.
    const limits = createFallbackRateLimit(redisClient('redis://127.0.0.1:1'), { nameSpace: 'xi:rl:test:' });
    const app = await appWith(limits);
    expect(await statuses([app, app, app, app], '/open', '10.0.0.1')).toEqual([200, 200, 200, 429]);
    expect(await statuses([app, app, app], '/strict', '10.0.0.1')).toEqual([200, 200, 429]);
    expect(await statuses([app], '/open', '10.0.0.2')).toEqual([200]);
    expect(limits.mode()).toMatchObject({ kind: 'local' });
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('rate limits on a reachable Redis', () => {
  const url = process.env.TEST_REDIS_URL as string;
  const nameSpace = () => `xi:rl:test-${randomBytes(6).toString('hex')}:`;
  /** A client that has connected (before that, commands fail at once and would count locally). */
  const connected = async () => {
    const client = redisClient(url);
    await once(client, 'ready');
    return client;
  };

  it('are shared by every instance', async () => {
    const space = nameSpace();
    const a = createFallbackRateLimit(await connected(), { nameSpace: space });
    const b = createFallbackRateLimit(await connected(), { nameSpace: space });
    const [appA, appB] = [await appWith(a), await appWith(b)];
    expect(await statuses([appA, appB, appA, appB], '/open', '10.0.0.3')).toEqual([200, 200, 200, 429]);
    expect(await statuses([appB, appA, appB], '/strict', '10.0.0.3')).toEqual([200, 200, 429]);
    expect(a.mode()).toEqual({ kind: 'shared' });
  });

  it('count locally after a failure and go back to Redis once the retry delay has passed', async () => {
    let now = 1_000_000;
    const changes: string[] = [];
    const limits = createFallbackRateLimit(await connected(), { nameSpace: nameSpace(), retryAfterMs: 1000, now: () => now, onChange: (mode) => changes.push(mode.kind) });
    const app = await appWith(limits);
    expect(await statuses([app, app], '/open', '10.0.0.4')).toEqual([200, 200]);
    limits.reportFailure(new Error('ping failed'));
    expect(limits.mode()).toMatchObject({ kind: 'local', reason: 'ping failed' });
    // Local counters start empty: three more in this process, then refused.
    expect(await statuses([app, app, app, app], '/open', '10.0.0.4')).toEqual([200, 200, 200, 429]);
    now += 1001;
    // Redis again, whose counter saw two requests: one more is allowed.
    expect(await statuses([app, app], '/open', '10.0.0.4')).toEqual([200, 429]);
    expect(limits.mode()).toEqual({ kind: 'shared' });
    expect(changes).toEqual(['local', 'shared']);
  });
});
