/** Stable error codes; the HTTP layer maps each to a status (see http/errors.ts). Never branch on messages. */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'authentication_required'
  | 'invalid_token'
  | 'forbidden'
  | 'version_mismatch'
  | 'conflict'
  | 'bad_request'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'invalid_credentials'
  | 'totp_required'
  | 'account_locked'
  | 'email_not_verified'
  | 'csrf_failed'
  | 'rate_limited'
  | 'payload_too_large'
  | 'internal';

/** One problem with one field of the input; `path` is like `targets[1]` or `budget.currency`. */
export interface FieldError {
  path: string;
  message: string;
  /** The message's key in the interface catalogs (`errors.<key>`), for pages in the reader's language. */
  key?: string;
  params?: Record<string, string | number>;
}

/** The one error type the domain, services and HTTP layer throw on purpose. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  /** Seconds after which trying again may succeed (rate limits, lock-outs): sent as Retry-After. */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, fields: FieldError[] = [], options: { retryAfter?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

/** A validation error listing every bad field. */
export function validationError(fields: FieldError[], what = 'The input'): AppError {
  const n = fields.length;
  return new AppError('validation_failed', `${what} is not valid: ${n} ${n === 1 ? 'field has a problem' : 'fields have problems'}`, fields);
}

/** Formats a path of keys and indexes as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(body)';
}
