import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0];

/** The plugin's own stores (not in its typings): the Redis one keeps the key layout of earlier releases. */
interface CounterStore extends FastifyRateLimitStore {
  read?(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: RouteOptions): CounterStore;
}
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key: string) => CounterStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => CounterStore;

/** Where the counters live right now. */
export type RateLimitMode = { readonly kind: 'shared' } | { readonly kind: 'local'; readonly since: Date; readonly reason: string };

export interface FallbackRateLimitOptions {
  /** Key prefix in Redis. */
  readonly nameSpace: string;
  /** A Redis answer slower than this counts as a failure (a hung connection must not hang requests). */
  readonly redisTimeoutMs?: number;
  /** After a failure, count locally this long before asking Redis again. */
  readonly retryAfterMs?: number;
  readonly now?: () => number;
  readonly onChange?: (mode: RateLimitMode) => void;
}

export interface FallbackRateLimit {
  /** Pass as the rate-limit plugin's `store`. */
  readonly store: FastifyRateLimitStoreCtor;
  mode(): RateLimitMode;
  /** Records that Redis failed outside a count (e.g. the readiness ping), so the next requests count locally at once. */
  reportFailure(error: Error): void;
}

/**
 * Rate-limit counters shared through Redis by every instance, falling back to this process's
 * memory while Redis fails or hangs: an outage degrades the limits to per-instance ones (each
 * instance allows up to the limit on its own) instead of switching them off. Redis is asked again
 * `retryAfterMs` after the last failure; once it answers, counting is shared again (from Redis's
 * counters, which missed the requests counted locally meanwhile).
 */
export function createFallbackRateLimit(redis: Redis, options: FallbackRateLimitOptions): FallbackRateLimit {
  const now = options.now ?? Date.now;
  const timeoutMs = options.redisTimeoutMs ?? 500;
  const retryAfterMs = options.retryAfterMs ?? 1000;
  let failure: { since: number; reason: string; retryAt: number } | undefined;

  const state = {
    isLocal: () => failure !== undefined && now() < failure.retryAt,
    failed(error: Error) {
      const at = now();
      const first = failure === undefined;
      failure = { since: failure?.since ?? at, reason: error.message || 'unreachable', retryAt: at + retryAfterMs };
      if (first) options.onChange?.(mode());
    },
    succeeded() {
      if (failure === undefined) return;
      failure = undefined;
      options.onChange?.(mode());
    },
  };
  const mode = (): RateLimitMode => (failure ? { kind: 'local', since: new Date(failure.since), reason: failure.reason } : { kind: 'shared' });

  class FallbackStore implements CounterStore {
    constructor(
      private readonly shared: CounterStore,
      private readonly local: CounterStore,
    ) {}

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.count('incr', key, callback, timeWindow, max);
    }

    read(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.count('read', key, callback, timeWindow, max);
    }

    child(routeOptions: RouteOptions): FallbackStore {
      return new FallbackStore(this.shared.child(routeOptions), this.local.child(routeOptions));
    }

    private count(method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number): void {
      const local = () => callOn(this.local, method, key, callback, timeWindow, max);
      if (state.isLocal()) return local();
      let settled = false;
      const fallBack = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        state.failed(error);
        local();
      };
      const timer = setTimeout(() => fallBack(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      callOn(
        this.shared,
        method,
        key,
        (error, result) => {
          if (settled) return;
          if (error || !result) return fallBack(error ?? new Error('Redis returned no count'));
          settled = true;
          clearTimeout(timer);
          state.succeeded();
          callback(null, result);
        },
        timeWindow,
        max,
      );
    }
  }

  const store = class extends FallbackStore {
    constructor(params: { continueExceeding?: boolean; exponentialBackoff?: boolean; cache?: number }) {
      const continueExceeding = params.continueExceeding ?? false;
      const exponentialBackoff = params.exponentialBackoff ?? false;
      super(new RedisStore(continueExceeding, exponentialBackoff, redis, options.nameSpace), new LocalStore(continueExceeding, exponentialBackoff, params.cache));
    }
  };

  return { store: store as unknown as FastifyRateLimitStoreCtor, mode, reportFailure: (error) => state.failed(error) };
}

function callOn(store: CounterStore, method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number): void {
  try {
    if (method === 'incr') store.incr(key, callback, timeWindow, max);
    else if (store.read) store.read(key, callback, timeWindow, max);
    else callback(new Error('this rate-limit store cannot read without counting'));
  } catch (error) {
    callback(error instanceof Error ? error : new Error(String(error)));
  }
}
