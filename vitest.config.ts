import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (everything `npm test` runs: domain, store on PGlite, services, API via
 * app.inject) and `e2e` (Chromium-driven browser tests, `npm run test:e2e`). Store, service and
 * job suites also run against real Postgres/Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
