import { describe, expect, it } from 'vitest';
import { LogSink } from '../tests/helpers/build-test-app.js';
import { createLogger, maskUrl } from './logger.js';

describe('logger', () => {
  it('redacts personal data wherever it appears', () => {
    const sink = new LogSink();
    const logger = createLogger('info', sink);
    logger.info({ email: 'ana@example.com', candidate: { name: 'Ana Lima', email: 'ana@example.com' }, response: { answer: 'VLOOKUP looks right' } }, 'saved');
    const line = JSON.stringify(sink.lines);
    expect(line).not.toContain('ana@example.com');
    expect(line).not.toContain('Ana Lima');
    expect(line).not.toContain('VLOOKUP looks right');
    expect(line).toContain('[redacted]');
  });

  it.each([
    ['/i/3f9a8c7e?x=1', '/i/***?x=1'],
    ['/api/v1/x?token=abc&y=2', '/api/v1/x?token=***&y=2'],
    ['/api/v1/items', '/api/v1/items'],
  ])('masks invite tokens in %s', (url, expected) => {
    expect(maskUrl(url)).toBe(expected);
  });
});
