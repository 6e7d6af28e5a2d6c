/**
 * Real-time fan-out: holds many open SSE connections (`/api/v1/session/stream`) on a server process
 * started here, then publishes events and measures the delay from the publishing request's start
 * to each delivery, at p50/p95/p99.
 *
 *   npx tsx bench/sse.ts [--connections 2000] [--interviews 100] [--rounds 5] [--redis]
 *
 * `--connections` streams spread over `--interviews` demo interviews (a recruiter dashboard and a
 * candidate tab watch the same interview, so several listeners per interview is realistic). Each
 * round posts one message per interview (`POST /session/messages`, a "repeat the question"
 * request that adds interviewer and candidate messages) and waits for every stream to see it.
 * With `--redis`, the server uses a private redis-server, so events travel through Redis pub/sub.
 * The baseline is the first round. Each stream holds one file descriptor in the server and one in
 * this process: 10,000 streams need `ulimit -n` above 10,000 (e.g. `ulimit -n 20000`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startDemoOver } from '../tests/scale/support/http-candidate.js';
import { redisServerInstalled, sharedSecrets, startInstance, startRedis, waitFor } from '../tests/scale/support/processes.js';
import { argValue, hasFlag, writeResults } from './lib/results.js';
import { printTable } from './lib/table.js';

const connections = Number(argValue('connections') ?? 2000);
const interviews = Math.min(Number(argValue('interviews') ?? 100), connections);
const rounds = Number(argValue('rounds') ?? 5);
const useRedis = hasFlag('redis') && redisServerInstalled();

const dataDir = mkdtempSync(path.join(tmpdir(), 'xi-bench-sse-'));
const redis = useRedis ? await startRedis() : undefined;
const server = await startInstance('serve', { DEMO_SEED: 'true', DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '10000000', LOG_LEVEL: 'error', ...(redis ? { REDIS_URL: redis.url } : {}), ...sharedSecrets() }, 180_000);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** Resident memory of the server process in MB (Linux /proc), or NaN elsewhere. */
function serverRssMb(): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface Listener {
  readonly interview: number;
  seen: Map<string, number>;
  req: http.ClientRequest;
}

try {
  const tokens: string[] = [];
  for (let i = 0; i < interviews; i++) tokens.push(await startDemoOver(server.url, { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` }));
  for (const token of tokens) {
    const post = (url: string, body?: unknown) => fetch(`${server.url}/api/v1${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    await post('/session/consent', { accepted: true });
    await post('/session/start');
  }

  const listeners: Listener[] = [];
  const rssBeforeMb = serverRssMb();
  const opened = performance.now();
  const open = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const interview = index % interviews;
      const listener: Listener = { interview, seen: new Map(), req: undefined as never };
      listener.req = http.get(`${server.url}/api/v1/session/stream?token=${tokens[interview]}`, { agent }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream → ${res.statusCode}`));
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const marker = /"text":"[^"]*?(bench-[0-9a-f-]+)/.exec(block)?.[1];
            if (marker && !listener.seen.has(marker)) listener.seen.set(marker, performance.now());
          }
        });
        resolve();
      });
      listener.req.on('error', reject);
      listeners.push(listener);
    });
  for (let i = 0; i < connections; i += 200) await Promise.all(Array.from({ length: Math.min(200, connections - i) }, (_, k) => open(i + k)));
  const openMs = performance.now() - opened;
  const rssOpenMb = serverRssMb();
  console.log(`${connections} streams open over ${interviews} interviews in ${(openMs / 1000).toFixed(1)} s; server RSS ${rssBeforeMb.toFixed(0)} MB before, ${rssOpenMb.toFixed(0)} MB with the streams open`);

  const rows: { round: number; deliveries: number; missing: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; spreadP99Ms: number }[] = [];
  const pooled = { delays: [] as number[], spreads: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    const sentAt = new Map<string, { interview: number; at: number }>();
    await Promise.all(
      tokens.map(async (token, interview) => {
        const marker = `bench-${randomUUID()}`;
        sentAt.set(marker, { interview, at: performance.now() });
        await fetch(`${server.url}/api/v1/session/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ idempotencyKey: randomUUID(), text: `Could you repeat that please ${marker}` }) });
      }),
    );
    const expected = [...sentAt].map(([marker, s]) => ({ marker, ...s }));
    await waitFor(
      'deliveries',
      async () => (listeners.every((l) => expected.filter((e) => e.interview === l.interview).every((e) => l.seen.has(e.marker))) ? true : undefined),
      30_000,
      50,
    ).catch(() => undefined);
    const delays: number[] = [];
    // The fan-out alone: each delivery's lag behind the first delivery of the same event.
    const spreads: number[] = [];
    const firstSeen = new Map<string, number>();
    let missing = 0;
    for (const listener of listeners) {
      for (const e of expected.filter((x) => x.interview === listener.interview)) {
        const at = listener.seen.get(e.marker);
        if (at === undefined) missing += 1;
        else {
          delays.push(at - e.at);
          firstSeen.set(e.marker, Math.min(firstSeen.get(e.marker) ?? Infinity, at));
        }
      }
    }
    for (const listener of listeners) {
      for (const [marker, at] of listener.seen) {
        const first = firstSeen.get(marker);
        if (first !== undefined) spreads.push(at - first);
      }
    }
    delays.sort((x, y) => x - y);
    spreads.sort((x, y) => x - y);
    pooled.delays.push(...delays);
    pooled.spreads.push(...spreads);
    rows.push({ round, deliveries: delays.length, missing, p50Ms: p(delays, 0.5), p95Ms: p(delays, 0.95), p99Ms: p(delays, 0.99), maxMs: delays.at(-1) ?? NaN, spreadP99Ms: p(spreads, 0.99) });
  }
  const baseline = rows[0]?.p99Ms || 1;
  printTable(`SSE fan-out: ${connections} open streams, ${interviews} interviews, events ${redis ? 'through Redis pub/sub' : 'in-process'} (delay from the posting request's start to delivery; baseline: round 1)`, rows, [
    { header: 'round', value: (r) => r.round, digits: 0 },
    { header: 'deliveries', value: (r) => r.deliveries, digits: 0 },
    { header: 'missing', value: (r) => r.missing, digits: 0 },
    { header: 'p50 ms', value: (r) => r.p50Ms, digits: 1 },
    { header: 'p95 ms', value: (r) => r.p95Ms, digits: 1 },
    { header: 'p99 ms', value: (r) => r.p99Ms, digits: 1 },
    { header: 'max ms', value: (r) => r.maxMs, digits: 1 },
    { header: 'fan-out p99 ms', value: (r) => r.spreadP99Ms, digits: 1 },
    { header: 'p99 x base', value: (r) => r.p99Ms / baseline, digits: 2 },
  ]);
  const rssEndMb = serverRssMb();
  pooled.delays.sort((x, y) => x - y);
  pooled.spreads.sort((x, y) => x - y);
  const overall = { p50Ms: p(pooled.delays, 0.5), p95Ms: p(pooled.delays, 0.95), p99Ms: p(pooled.delays, 0.99), fanOutP99Ms: p(pooled.spreads, 0.99), missing: rows.reduce((n, r) => n + r.missing, 0) };
  console.log(`\nall rounds: p50 ${overall.p50Ms.toFixed(1)} ms, p95 ${overall.p95Ms.toFixed(1)} ms, p99 ${overall.p99Ms.toFixed(1)} ms, fan-out p99 ${overall.fanOutP99Ms.toFixed(1)} ms, missing ${overall.missing}; server RSS ${rssOpenMb.toFixed(0)} MB open, ${rssEndMb.toFixed(0)} MB at the end`);
  for (const listener of listeners) listener.req.destroy();
  console.log(`\nwrote ${writeResults('sse', { connections, interviews, rounds, events: redis ? 'redis' : 'in-process', openSeconds: openMs / 1000, serverRssMb: { before: rssBeforeMb, open: rssOpenMb, end: rssEndMb }, overall, note: 'shared 2-core machine; load generator on the same cores', rows })}`);
} finally {
  agent.destroy();
  await server.stop();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** The q-quantile of sorted values (nearest rank). */
function p(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}
