import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs with no environment at all: embedded defaults', () => {
    const result = loadConfig({}, '/srv/app');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.PORT).toBe(3000);
    expect(result.config.dataDir).toBe('/srv/app/data');
    expect(result.config.DATABASE_URL).toBeUndefined();
    expect(result.config.REDIS_URL).toBeUndefined();
    expect(result.config.publicUrl).toBe('http://localhost:3000');
  });

  it.each([
    [{ PORT: '8080', DATA_DIR: '/var/xi' }, { PORT: 8080, dataDir: '/var/xi' }],
    [{ DATABASE_URL: 'postgres://u@db:5432/x', REDIS_URL: 'redis://cache:6379' }, { DATABASE_URL: 'postgres://u@db:5432/x', REDIS_URL: 'redis://cache:6379' }],
    [{ DEMO_SEED: 'no', PUBLIC_URL: 'https://hire.example.com/' }, { DEMO_SEED: false, publicUrl: 'https://hire.example.com' }],
  ])('reads %j', (env, expected) => {
    const result = loadConfig(env, '/');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config).toMatchObject(expected);
  });

  it('lists every problem at once', () => {
    const result = loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://db/x', REDIS_URL: 'localhost:6379', LOG_LEVEL: 'loud', DEMO_SEED: 'maybe' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(5);
    expect(result.problems.join('\n')).toMatch(/PORT: expected an integer/);
    expect(result.problems.join('\n')).toMatch(/DATABASE_URL: .*postgres/);
    expect(result.problems.join('\n')).toMatch(/LOG_LEVEL: must be one of fatal, error/);
  });
});
