/**
 * Candidate reports per minute and p99 time per report, HTML and PDF, on embedded PGlite and on
 * Postgres (BENCH_DATABASE_URL, else the local test database when reachable). Seeds a handful of
 * real interviews through the API (simulated candidates), clones them in SQL up to `--reports`
 * (default 1,000), then renders every report. The named baseline is the seed target: 1,000
 * reports per minute and under 5 s per report.
 *
 *   npm run bench:reports [-- --reports 1000 --concurrency 4 --seeds 12]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createPlatform, type Platform } from '../src/main.js';
import { loadBankDir } from '../src/services/bank/load-bank-dir.js';
import { repoBankDir } from '../src/services/bank/repo-bank-dir.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { CandidateClient, takeInterview, type Skill } from '../tests/helpers/simulated-candidate.js';
import { argValue, writeResults } from './lib/results.js';
import { postgresReachable } from '../tests/helpers/postgres-reachable.js';
import { printTable } from './lib/table.js';

interface Row {
  backend: 'pglite' | 'postgres';
  format: 'html' | 'pdf';
  reports: number;
  concurrency: number;
  reportsPerMinute: number;
  p50Ms: number;
  p99Ms: number;
  meanBytes: number;
  vsTargetRate: number;
}

const TARGET = { reportsPerMinute: 1000, p99Ms: 5000 };
const total = Number(argValue('reports') ?? 1000);
const concurrency = Number(argValue('concurrency') ?? 4);
const seeds = Number(argValue('seeds') ?? 12);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;

/** Real interviews through the candidate API, then SQL copies (new ids, same content) up to `total`. */
async function seed(platform: Platform): Promise<{ organisationId: string; ids: string[] }> {
  const items = new Map((await loadBankDir(repoBankDir())).items.map((item) => [item.id, item]));
  const demo = await platform.services.seed.ensureDemo();
  const sources: string[] = [];
  const skills: Skill[] = ['strong', 'mixed', 'weak'];
  for (let i = 0; i < seeds; i++) {
    const invited = await platform.services.interviews.invite({ organisationId: demo.organisationId, profileId: demo.id, candidate: { name: `Bench Candidate ${i}`, email: `bench-${i}@example.com` } });
    const session = await takeInterview(new CandidateClient(platform.app, invited.token), items, skills[i % skills.length] as Skill);
    if (session.state !== 'completed') throw new Error(`seed interview ${i} ended ${session.state}`);
    sources.push(invited.interview.id);
  }
  const ids = [...sources];
  const db = platform.store.db;
  for (let n = ids.length; n < total; n++) {
    const source = sources[n % sources.length] as string;
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      await sql`insert into interviews (id, organisation_id, profile_id, candidate_id, state, invite_token_hash, invite_expires_at, seed, session_sealed, current_item_id, items_asked, summary, time_factor, revision, started_at, completed_at, created_at, updated_at)
        select ${id}, organisation_id, profile_id, candidate_id, state, ${randomBytes(24).toString('base64url')}, invite_expires_at, seed, session_sealed, current_item_id, items_asked, summary, time_factor, revision, started_at, completed_at, created_at, updated_at from interviews where id = ${source}`.execute(trx);
      await sql`insert into responses (id, interview_id, item_id, item_version, sequence, idempotency_key, answer_sealed, grade_sealed, flags, score, max_score, confidence, grader_version, is_pretest, presented_at, answered_at)
        select gen_random_uuid(), ${id}, item_id, item_version, sequence, idempotency_key, answer_sealed, grade_sealed, flags, score, max_score, confidence, grader_version, is_pretest, presented_at, answered_at from responses where interview_id = ${source}`.execute(trx);
      await sql`insert into messages (id, interview_id, sequence, role, text_sealed, meta, created_at)
        select gen_random_uuid(), ${id}, sequence, role, text_sealed, meta, created_at from messages where interview_id = ${source}`.execute(trx);
      await sql`insert into integrity_events (id, interview_id, kind, item_id, data, occurred_at)
        select gen_random_uuid(), ${id}, kind, item_id, data, occurred_at from integrity_events where interview_id = ${source}`.execute(trx);
    });
    ids.push(id);
  }
  return { organisationId: demo.organisationId, ids };
}

async function measure(backend: Row['backend'], platform: Platform): Promise<Row[]> {
  process.stdout.write(`${backend}: seeding ${total} completed interviews…\n`);
  const { organisationId, ids } = await seed(platform);
  const reports = platform.services.workspace.reports;
  await reports.html(organisationId, ids[0] as string, { contact: true }); // warm caches (items, JIT)
  const rows: Row[] = [];
  for (const format of ['html', 'pdf'] as const) {
    const times: number[] = [];
    let bytes = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          const t0 = performance.now();
          const body = format === 'html' ? await reports.html(organisationId, id, { contact: true }) : await reports.pdf(organisationId, id, { contact: true });
          times.push(performance.now() - t0);
          bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
        }
      }),
    );
    const elapsedMin = (performance.now() - started) / 60_000;
    const sorted = [...times].sort((a, b) => a - b);
    const reportsPerMinute = ids.length / elapsedMin;
    rows.push({ backend, format, reports: ids.length, concurrency, reportsPerMinute, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), meanBytes: bytes / ids.length, vsTargetRate: reportsPerMinute / TARGET.reportsPerMinute });
  }
  return rows;
}

async function withPlatform<T>(env: Record<string, string>, store: Store | undefined, run: (platform: Platform) => Promise<T>): Promise<T> {
  const loaded = loadConfig({ LOG_LEVEL: 'silent', DEMO_SEED: 'true', RATE_LIMIT_PER_MINUTE: '100000000', ...env });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const platform = await createPlatform(loaded.config, createLogger('silent'), { webRoot: undefined, processJobs: false, ...(store ? { store } : {}) });
  try {
    await platform.app.ready();
    return await run(platform);
  } finally {
    await platform.close();
  }
}

const rows: Row[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), 'xi-bench-reports-'));
try {
  rows.push(...(await withPlatform({ DATA_DIR: dataDir }, undefined, (p) => measure('pglite', p))));
  if (await postgresReachable(postgresUrl)) {
    const schema = `bench_reports_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const store = await openStore({ databaseUrl: postgresUrl, dataDir: 'memory://', poolMax: 8, schema });
      rows.push(...(await withPlatform({ DATA_DIR: dataDir, DATABASE_URL: postgresUrl }, store, (p) => measure('postgres', p))));
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  } else {
    console.log(`Postgres at ${postgresUrl} is not reachable: PGlite only.`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

printTable(`Candidate reports (${total} per run, ${concurrency} at a time; baseline: the seed target of ${TARGET.reportsPerMinute}/min and p99 < ${TARGET.p99Ms} ms)`, rows, [
  { header: 'backend', value: (r) => r.backend },
  { header: 'format', value: (r) => r.format },
  { header: 'reports', value: (r) => r.reports, digits: 0 },
  { header: 'reports/min', value: (r) => r.reportsPerMinute, digits: 0 },
  { header: 'p50 ms', value: (r) => r.p50Ms, digits: 1 },
  { header: 'p99 ms', value: (r) => r.p99Ms, digits: 1 },
  { header: 'mean KB', value: (r) => r.meanBytes / 1024, digits: 1 },
  { header: '× target rate', value: (r) => r.vsTargetRate, digits: 1 },
]);
const file = writeResults('reports', { target: TARGET, rows });
console.log(`\nwrote ${file}`);
