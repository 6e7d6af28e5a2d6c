import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorCode, isAppError } from '../services/errors.js';
import { isStorageFull, StoreUnavailableError } from '../store/open-store.js';

/** The only place an error code becomes an HTTP status. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'invalid-state': 409,
  expired: 410,
  'payload-too-large': 413,
  'unsupported-file': 415,
  'rate-limited': 429,
  unavailable: 503,
  'storage-full': 503,
};

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003']);

function isDatabaseDown(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? '');
  return (typeof code === 'string' && CONNECTION_ERRORS.has(code)) || /Connection terminated|connection is closed|PGlite is closed|Client has encountered a connection error/i.test(message);
}

/** Maps every error to `{ error: { code, message, details? } }`; unknown errors are logged and say nothing internal. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, code: string, message: string, details?: unknown) =>
      reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }), requestId: request.id } });

    if (isAppError(error)) {
      if (error.code === 'rate-limited') {
        const retryAfter = (error.details as { retryAfterSec?: number } | undefined)?.retryAfterSec;
        if (retryAfter) reply.header('retry-after', String(retryAfter));
      }
      return send(STATUS_BY_CODE[error.code], error.code, error.message, error.details);
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return send(400, 'invalid-input', `The request ${error.validationContext ?? 'body'} is not valid`, details);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(413, 'payload-too-large', 'The request body is too large');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, 'unsupported-file', 'This content type is not accepted here');
    if (error.statusCode === 429) return send(429, 'rate-limited', 'Too many requests; retry later');
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(400, 'invalid-input', error.message.replace(/^(Body|body) /, 'The request body '));
    }
    if (isStorageFull(error)) {
      request.log.error({ err: error }, 'storage full');
      return send(STATUS_BY_CODE['storage-full'], 'storage-full', 'The server has run out of disk space; nothing was saved. Retry after an operator has freed space.');
    }
    if (isDatabaseDown(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return send(503, 'unavailable', 'The database is unavailable; retry shortly');
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'internal', `Something went wrong on our side. Quote request id ${request.id} when reporting it.`);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}`, requestId: request.id } }),
  );
}
