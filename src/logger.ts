import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Personal data never reaches the logs: these paths are censored wherever they appear in a logged
 * object (request bodies are not logged at all; these guard explicit log calls).
 */
export const REDACTED_PATHS = [
  'email',
  'name',
  'phone',
  'answer',
  'text',
  'password',
  'token',
  '*.email',
  '*.name',
  '*.phone',
  '*.answer',
  '*.text',
  '*.password',
  '*.token',
  '*.*.email',
  '*.*.name',
  '*.*.answer',
  '*.*.text',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Invite tokens travel in page URLs (/i/<token>); they are masked before a URL is logged. */
export function maskUrl(url: string): string {
  return url.replace(/\/i\/[^/?#]+/g, '/i/***').replace(/([?&](?:token|invite|key)=)[^&#]+/gi, '$1***');
}

export function createLogger(level: LoggerOptions['level'] = 'info', destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; ip?: string }) => ({ id: req.id, method: req.method, url: maskUrl(req.url ?? ''), ip: req.ip }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
