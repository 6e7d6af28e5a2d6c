/**
 * The cost of one interview turn inside one process: candidates take full demo interviews one
 * after another through the API (app.inject, no network), on embedded PGlite in a data folder, as
 * `npm start` runs. Per operation it prints latency, the process CPU per operation and the
 * database statements per operation. The baseline is `GET /session` (one read of the interview and
 * its transcript), in the same run; "answer" is every answer, message and upload, grading included.
 *
 *   npm run bench:turn [-- --interviews 40 --threads 1]
 *
 * `--threads` sets GRADING_THREADS (default: the server's own default, cores − 1).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { loadConfig } from '../src/config.js';
import type { Item } from '../src/domain/bank/item.js';
import { createLogger } from '../src/logger.js';
import { createPlatform } from '../src/main.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { openStore } from '../src/store/open-store.js';
import type { SessionViewData, TurnReplyData } from '../src/services/interview-service.js';
import { loadBankDir } from '../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../src/services/bank/repo-bank-dir.js';
import { answerCurrent, startDemo, type Skill } from '../tests/helpers/simulated-candidate.js';
import { argValue, writeResults } from './lib/results.js';
import { percentile } from './lib/statistics.js';
import { printTable } from './lib/table.js';

type Op = 'session read' | 'answer';
interface Sample {
  ms: number;
  cpuMs: number;
  statements: number;
}

const interviews = Number(argValue('interviews') ?? 40);
const threads = argValue('threads');
let statements = 0;
const countStatements: KyselyPlugin = {
  transformQuery: (args) => {
    statements += 1;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

async function timed<T>(samples: Sample[], run: () => Promise<T>): Promise<T> {
  const before = { at: performance.now(), cpu: process.cpuUsage(), statements };
  const result = await run();
  const cpu = process.cpuUsage(before.cpu);
  samples.push({ ms: performance.now() - before.at, cpuMs: (cpu.user + cpu.system) / 1000, statements: statements - before.statements });
  return result;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'xi-bench-turn-'));
const samples: Record<Op, Sample[]> = { 'session read': [], answer: [] };
try {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DEMO_SEED: 'true', RATE_LIMIT_PER_MINUTE: '100000000', ...(threads !== undefined ? { GRADING_THREADS: threads } : {}) });
  if (!config.ok) throw new Error(config.problems.join('; '));
  const store = await openStore({ dataDir });
  await migrateToLatest(store.db, store.schema);
  const platform = await createPlatform(config.config, createLogger('silent'), { store: { ...store, db: store.db.withPlugin(countStatements) }, webRoot: undefined, processJobs: false });
  const items = new Map<string, Item>((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
  try {
    const skills: Skill[] = ['strong', 'mixed', 'weak'];
    for (let n = 0; n < interviews; n++) {
      const client = await startDemo(platform.app);
      let session = await client.ok<SessionViewData>('POST', '/session/consent', { accepted: true });
      if (session.state === 'consented') session = await client.ok<SessionViewData>('POST', '/session/start');
      if (session.awaitingWarmUp) session = (await timed(samples.answer, () => client.ok<TurnReplyData>('POST', '/session/messages', { idempotencyKey: randomUUID(), text: 'I build monthly sales reports.' }))).session;
      for (let turn = 0; turn < 80 && session.state === 'in-progress'; turn++) {
        await timed(samples['session read'], () => client.view());
        const current = session;
        session = (await timed(samples.answer, () => answerCurrent(client, current, items, skills[n % skills.length] ?? 'mixed'))).session;
      }
      // The first interviews warm the caches and the JIT; they are not counted.
      if (n === 1) for (const list of Object.values(samples)) list.length = 0;
    }
  } finally {
    await platform.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
const rows = (Object.keys(samples) as Op[]).map((op) => {
  const list = samples[op];
  return { op, count: list.length, p50Ms: percentile(list.map((s) => s.ms), 50), p99Ms: percentile(list.map((s) => s.ms), 99), cpuMs: mean(list.map((s) => s.cpuMs)), statements: mean(list.map((s) => s.statements)) };
});
const baseline = rows.find((r) => r.op === 'session read')?.cpuMs ?? 1;
printTable(`One process, PGlite on disk, ${interviews} demo interviews in a row, grading threads: ${threads ?? 'default'} (baseline: session read)`, rows, [
  { header: 'op', value: (r) => r.op },
  { header: 'count', value: (r) => r.count, digits: 0 },
  { header: 'p50 ms', value: (r) => r.p50Ms, digits: 1 },
  { header: 'p99 ms', value: (r) => r.p99Ms, digits: 1 },
  { header: 'CPU ms/op', value: (r) => r.cpuMs, digits: 1 },
  { header: 'statements/op', value: (r) => r.statements, digits: 1 },
  { header: 'CPU x baseline', value: (r) => r.cpuMs / baseline, digits: 2 },
]);
console.log(`\nwrote ${writeResults('turn', { interviews, gradingThreads: threads ?? 'default', baseline: 'session read', rows })}`);
