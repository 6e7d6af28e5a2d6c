// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Libraries that are pure computation and may be used by domain code. */

/** Imports point one way: web → (types) api/schemas; api, jobs → services → store → domain. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/results/**', 'src/web/**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/services/**', '**/store/**', '**/api/**', '**/jobs/**', '**/llm/**', '**/web/**', '**/config', '**/config.js', '**/main.js'], message: 'domain imports only domain' },
            { group: ['node:*', 'fs', 'path', 'http', 'fastify', 'kysely', 'pg', 'ioredis', 'bullmq', 'pino'], message: 'domain code does no I/O' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'take a seeded Rng' }, { object: 'Date', property: 'now', message: 'take `now` as an argument' }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: restrict([{ group: ['**/services/**', '**/api/**', '**/jobs/**', '**/web/**'], message: 'store imports only domain' }]),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: restrict([{ group: ['**/api/**', '**/jobs/**', '**/web/**'], message: 'services never import api or jobs' }]),
  },
  {
    files: ['src/api/**/*.ts'],
    rules: restrict([{ group: ['**/jobs/**', '**/web/**'], message: 'api never imports jobs' }]),
  },
  {
    files: ['src/jobs/**/*.ts'],
    rules: restrict([{ group: ['**/api/**', '**/web/**'], message: 'jobs never import api' }]),
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: restrict([{ group: ['**/services/**', '**/store/**', '**/jobs/**', '**/llm/**', '**/config', '**/main'], message: 'web talks to the server over HTTP only' }]),
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-imports': 'off' },
  },
);
