import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createPlatform, type Platform } from '../../src/main.js';
import type { Store } from '../../src/store/open-store.js';
import { LogSink, testConfig } from '../helpers/build-test-app.js';
import { testBackends } from '../helpers/test-backends.js';
import { PASSWORD } from './security-fixture.js';

/** A fresh client address per test, so counters shared through Redis never meet other suites'. */
const someIp = () => `10.${randomBytes(3).join('.')}`;

const LIMITS = { AUTH_RATE_LIMIT_PER_MINUTE: '4', RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '5' };

async function startInstance(store: Store, env: Record<string, string>): Promise<Platform> {
  const platform = await createPlatform(testConfig({ ...LIMITS, ...env }), createLogger('warn', new LogSink()), { store: { ...store, close: async () => undefined }, webRoot: undefined, processJobs: false });
  // The instances share the suite's store; closing one must not close it.
  await platform.app.ready();
  return platform;
}

async function exerciseLimits(a: Platform, b: Platform): Promise<void> {
  const ip = someIp();
  // A user of its own per run: failed sign-ins left by another test must not lock it out.
  const email = `root-${randomBytes(4).toString('hex')}@rl.example`;
  await a.services.security.auth.createFirstAdmin({ email, password: PASSWORD, name: '', organisationName: `Rate limited ${email}` }, 'cli');
  const signIn = (p: Platform) => p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'x-forwarded-for': ip }, payload: { email, password: 'wrong but long enough' } });
  for (const p of [a, b, a, b]) expect((await signIn(p)).statusCode).toBe(401);
  const limited = await signIn(a);
  expect(limited.statusCode).toBe(429);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  expect(limited.json()).toMatchObject({ error: { code: 'rate-limited' } });

  // Per user: five requests in a minute across both instances, from different addresses; the sixth is refused.
  const session = await a.services.security.auth.signIn({ email, password: PASSWORD });
  const me = (p: Platform) => p.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${session.tokens.accessToken}`, 'x-forwarded-for': someIp() } });
  for (const p of [a, b, a, b, a]) expect((await me(p)).statusCode).toBe(200);
  const userLimited = await me(b);
  expect(userLimited.statusCode).toBe(429);
  expect(Number(userLimited.headers['retry-after'])).toBeGreaterThan(0);
}

for (const backend of testBackends()) {
  describe(`${backend.name}: rate limits`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.open();
    });
    afterAll(async () => {
      await store.close().catch(() => undefined);
    });

    it('one instance: per IP on sign-in and per user on the API, 429 with Retry-After', async () => {
      const one = await startInstance(store, {});
      try {
        await exerciseLimits(one, one);
      } finally {
        await one.close();
      }
    });

    it.runIf(process.env.TEST_REDIS_URL)('two instances sharing Redis count the same requests', async () => {
      // Instances behind one load balancer share the signing key, as docs/SECURITY.md asks.
      const env = { REDIS_URL: process.env.TEST_REDIS_URL as string, JWT_SECRET: randomBytes(32).toString('base64') };
      const a = await startInstance(store, env);
      const b = await startInstance(store, env);
      try {
        await exerciseLimits(a, b);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
