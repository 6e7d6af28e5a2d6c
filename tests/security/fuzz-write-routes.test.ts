import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.js';
import { testBackends } from '../helpers/test-backends.js';
import { type JsonSchema, openApiRoutes } from './openapi-routes.js';
import { buildSecurityFixture, type SecurityFixture } from './security-fixture.js';

const BODY_LIMIT = 64 * 1024;

const ATTACKS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1; DELETE FROM candidates',
  "admin'--",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${process.exit(1)}',
  '../../../../etc/passwd',
  '\u0000',
  '__proto__',
];

const attack = fc.constantFrom(...ATTACKS);
const pair = fc.array(attack, { minLength: 2, maxLength: 3 });
const object = fc.dictionary(attack, attack, { minKeys: 1, maxKeys: 2 });

/**
 * A value that cannot satisfy `schema`. app.ts validates with `coerceTypes: 'array'`, so values that
 * coerce to the declared type ("3" → 3, 1 → true, null → "", [x] → x) are lenient input by design,
 * not malformed: these generators only use values no coercion can rescue (objects, arrays of two or
 * more, attack strings where a number or boolean is wanted). Attacks ride in every string.
 */
function wrongFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  switch (type) {
    case 'string':
      return fc.oneof(pair, object);
    case 'integer':
    case 'number':
    case 'boolean':
      return fc.oneof(attack, pair, object);
    case 'array':
      return fc.oneof(attack, object);
    case 'object':
      return fc.oneof(attack, pair);
    default:
      return fc.oneof(fc.array(object, { minLength: 2, maxLength: 2 }), fc.constant({ $ne: null }));
  }
}

/** Bodies that must be refused: malformed JSON, non-objects, and objects whose required fields all have the wrong type. */
function badBodies(schema: JsonSchema | undefined): fc.Arbitrary<{ raw: string; contentType: string }> {
  const json = (value: unknown) => ({ raw: JSON.stringify(value), contentType: 'application/json' });
  const malformed = fc.oneof(
    fc.constantFrom('{', '{"a":', '[1,2', '{"email": "x"', 'nul', "{'single': 'quotes'}", '{"a":1}}', '\u0000'),
    attack.map((a) => `{"x": ${a}}`),
  ).map((raw) => ({ raw, contentType: 'application/json' }));
  const required = schema?.required ?? [];
  const options: fc.Arbitrary<{ raw: string; contentType: string }>[] = [malformed];
  if (schema?.type === 'object' && required.length > 0) {
    const wrongRecord = fc.record(Object.fromEntries(required.map((name) => [name, wrongFor(schema.properties?.[name])])));
    options.push(wrongRecord.map(json));
  }
  if (schema) options.push(fc.oneof(attack, fc.array(attack, { maxLength: 3 }), fc.integer()).map(json));
  return fc.oneof(...options);
}

for (const backend of testBackends()) {
  describe(`${backend.name}: fuzzing every write route`, () => {
    let store: Store;
    let f: SecurityFixture;
    let candidateToken = '';
    const counts = async () => {
      const tables = ['users', 'organisations', 'candidates', 'interviews', 'interview_profiles', 'responses', 'messages', 'api_keys', 'refresh_tokens', 'auth_tokens', 'review_tasks', 'integrity_events'];
      const out: Record<string, number> = {};
      for (const table of tables) out[table] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(store.db)).rows[0]?.n);
      return out;
    };

    beforeAll(async () => {
      store = await backend.open();
      f = await buildSecurityFixture(store, { BODY_LIMIT_BYTES: String(BODY_LIMIT) });
      candidateToken = (await f.invite()).token;
    });
    afterAll(async () => {
      await f.close();
      await store.close().catch(() => undefined);
    });

    it('malformed JSON, wrong types, SQL and script payloads and huge bodies get a 4xx with the standard error shape, and store nothing', async () => {
      const writes = openApiRoutes(f.app).filter((r) => r.method !== 'GET');
      expect(writes.length).toBeGreaterThan(25);
      const before = await counts();
      const problems: string[] = [];
      for (const route of writes) {
        const auth = route.path.startsWith('/api/v1/session') ? f.bearer(candidateToken) : f.bearer(f.orgA.tokens.admin);
        const url = route.path.replace('{id}', '00000000-0000-4000-8000-000000000000').replace('{itemId}', 'lookups.x');
        const send = async (raw: string, contentType: string) => {
          const res = await f.app.inject({ method: route.method as 'POST', url, headers: { ...auth, 'content-type': contentType }, payload: raw });
          const body = res.json() as { error?: { code?: unknown; message?: unknown } };
          if (res.statusCode < 400 || res.statusCode >= 500 || typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
            problems.push(`${route.key} ${JSON.stringify(raw.slice(0, 80))} → ${res.statusCode} ${res.body.slice(0, 120)}`);
          }
        };
        await fc.assert(
          fc.asyncProperty(badBodies(route.bodySchema), async ({ raw, contentType }) => {
            await send(raw, contentType);
          }),
          { numRuns: 25, seed: 8 },
        );
        await send(JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT + 10) }), 'application/json');
      }
      expect(problems).toEqual([]);
      expect(await counts()).toEqual(before);
    });

    it('SQL and script text in a valid field is stored verbatim and comes back as inert JSON', async () => {
      const name = `${ATTACKS[1]} ${ATTACKS[4]}`;
      const res = await f.app.inject({ method: 'POST', url: '/api/v1/users', headers: f.bearer(f.orgA.tokens.admin), payload: { email: 'bobby.tables@a.example', name, role: 'analyst', password: 'a perfectly fine passphrase' } });
      expect(res.statusCode).toBe(201);
      expect(res.headers['content-type']).toContain('application/json');
      expect((res.json() as { name: string }).name).toBe(name);
      expect((await f.app.inject({ url: '/api/v1/users', headers: f.bearer(f.orgA.tokens.admin) })).statusCode).toBe(200);
    });
  });
}
