/**
 * HTTP throughput of the platform: `/health` (no database) and a database-backed read
 * (`GET /api/v1/items?limit=20`), on embedded PGlite and on Postgres (when BENCH_DATABASE_URL or
 * the local test database is reachable). The baseline is `/health` on PGlite in the same run.
 *
 *   npm run bench:api [-- --duration 10 --connections 50]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { defaultIrtParams, type Item } from '../src/domain/bank/item.js';
import { createLogger } from '../src/logger.js';
import { createPlatform } from '../src/main.js';
import { ItemRepository } from '../src/store/repositories/item-repository.js';
import { argValue, writeResults } from './lib/results.js';
import { postgresReachable } from '../tests/helpers/postgres-reachable.js';
import { printTable } from './lib/table.js';

interface Row {
  backend: string;
  route: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  vsBaseline: number;
}

const duration = Number(argValue('duration') ?? 8);
const connections = Number(argValue('connections') ?? 50);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function benchItems(count: number): { item: Item; version: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    version: 'bench',
    item: {
      id: `references-basics.bench-${String(i).padStart(4, '0')}`,
      kind: 'choice',
      area: 'references-basics',
      tags: ['bench'],
      level: ((i % 5) + 1) as Item['level'],
      prompt: 'Which reference stays fixed when a formula is copied?',
      timeLimitSec: 60,
      irt: defaultIrtParams('choice', 3),
      exposureCap: 0.25,
      status: 'approved',
      author: 'bench',
      explanation: 'bench',
      multiple: false,
      options: [
        { id: 'a', text: '$A$1', correct: true, rationale: 'absolute' },
        { id: 'b', text: 'A1', correct: false, rationale: 'relative' },
      ],
    },
  }));
}

async function measure(backend: 'pglite' | 'postgres', env: Record<string, string>): Promise<Omit<Row, 'vsBaseline'>[]> {
  const result = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_SEED: 'false', RATE_LIMIT_PER_MINUTE: '100000000', ...env });
  if (!result.ok) throw new Error(result.problems.join('; '));
  const platform = await createPlatform(result.config, createLogger('silent'), { webRoot: undefined });
  try {
    await platform.app.listen({ port: 0, host: '127.0.0.1' });
    const address = platform.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await platform.store.db.deleteFrom('items').where('version', '=', 'bench').execute();
    await new ItemRepository(platform.store.db).saveVersions(benchItems(200));
    const rows: Omit<Row, 'vsBaseline'>[] = [];
    for (const route of ['/health', '/api/v1/items?limit=20']) {
      const run = await autocannon({ url: `http://127.0.0.1:${port}${route}`, connections, duration });
      rows.push({ backend, route, requestsPerSec: run.requests.average, p50Ms: run.latency.p50, p99Ms: run.latency.p99, errors: run.errors + run.non2xx });
    }
    await platform.store.db.deleteFrom('items').where('version', '=', 'bench').execute();
    return rows;
  } finally {
    await platform.close();
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'xi-bench-api-'));
const rows: Omit<Row, 'vsBaseline'>[] = [];
try {
  rows.push(...(await measure('pglite', { DATA_DIR: dataDir })));
  if (await postgresReachable(postgresUrl)) rows.push(...(await measure('postgres', { DATABASE_URL: postgresUrl })));
  else console.log(`Postgres at ${postgresUrl} is not reachable: PGlite only.`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const baseline = rows.find((r) => r.backend === 'pglite' && r.route === '/health')?.requestsPerSec ?? 1;
const table: Row[] = rows.map((r) => ({ ...r, vsBaseline: r.requestsPerSec / baseline }));
printTable(`API throughput (${connections} connections, ${duration} s per route; baseline: /health on PGlite)`, table, [
  { header: 'backend', value: (r) => r.backend },
  { header: 'route', value: (r) => r.route },
  { header: 'req/s', value: (r) => r.requestsPerSec, digits: 0 },
  { header: 'p50 ms', value: (r) => r.p50Ms, digits: 1 },
  { header: 'p99 ms', value: (r) => r.p99Ms, digits: 1 },
  { header: 'errors', value: (r) => r.errors, digits: 0 },
  { header: 'x baseline', value: (r) => r.vsBaseline, digits: 2 },
]);
console.log(`\nwrote ${writeResults('api', { connections, durationS: duration, baseline: 'pglite /health', rows: table })}`);
