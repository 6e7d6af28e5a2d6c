import { Writable } from 'node:stream';
import type { App } from '../../src/api/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createPlatform, type Platform } from '../../src/main.js';
import type { Store } from '../../src/store/open-store.js';

/** Collects log lines so tests can assert what was (not) logged. */
export class LogSink extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

/** Test defaults; OUTBOUND_ALLOW_PRIVATE_NETWORKS is on because webhooks and chat messages go to local servers on 127.0.0.1 (tests of the guard turn it off). */
export function testConfig(env: Record<string, string> = {}): Config {
  // Grading on the test's own thread: a grading thread per test platform costs a second to start;
  // the threaded path runs in the browser, scale and grading-threads tests.
  const result = loadConfig({ DEMO_SEED: 'false', LOG_LEVEL: 'info', DATA_DIR: 'memory://', RATE_LIMIT_PER_MINUTE: '100000', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true', GRADING_THREADS: '0', ...env });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return { ...result.config, dataDir: 'memory://' };
}

/**
 * Builds the whole platform over a given store (composed exactly as main.ts does), logging into a
 * sink; drive it with `app.inject`. `DEMO_SEED: 'true'` loads the real bank and the demo profile.
 */
export async function buildTestApp(store: Store, env: Record<string, string> = {}, options: { now?: () => Date } = {}): Promise<{ app: App; logs: LogSink; config: Config; platform: Platform }> {
  const config = testConfig(env);
  const logs = new LogSink();
  const logger = createLogger('info', logs);
  const platform = await createPlatform(config, logger, { store, webRoot: undefined, ...(options.now ? { now: options.now } : {}) });
  return { app: platform.app, logs, config, platform };
}
