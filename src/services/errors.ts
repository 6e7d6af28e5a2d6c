/**
 * The one error catalogue. Codes are stable strings that clients may branch on; there is no HTTP
 * here: the API's error handler is the only place a code becomes a status.
 */
export const ERROR_CODES = [
  'invalid-input',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'invalid-state',
  'expired',
  'payload-too-large',
  'unsupported-file',
  'rate-limited',
  'unavailable',
  'storage-full',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const invalidInput = (message: string, details?: unknown) => new AppError('invalid-input', message, details);
export const notFound = (what: string, id: string) => new AppError('not-found', `${what} ${id} was not found`, { what, id });
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);
export const invalidState = (message: string, details?: unknown) => new AppError('invalid-state', message, details);
export const unavailable = (message: string, details?: unknown) => new AppError('unavailable', message, details);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
