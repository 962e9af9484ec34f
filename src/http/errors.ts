import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode, type FieldError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { zodIssuesToFieldErrors } from '../domain/records/validate.ts';

/** The HTTP status for each error code. */
export const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  bad_request: 400,
  authentication_required: 401,
  invalid_token: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  invalid_credentials: 401,
  totp_required: 401,
  account_locked: 423,
  email_not_verified: 403,
  csrf_failed: 403,
  rate_limited: 429,
  payload_too_large: 413,
  version_mismatch: 412,
  unsupported_media_type: 415,
  internal: 500,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
}

/** Renders an AppError as `{ error: { code, message, fields } }` with its status. */
export function errorResponse(c: Context, err: AppError): Response {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.code === 'validation_failed' || err.fields.length) body.error.fields = err.fields;
  if (err.retryAfter !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(err.retryAfter))));
  if (err.code === 'authentication_required' || err.code === 'invalid_token') {
    c.header('WWW-Authenticate', `Bearer realm="coophub"${err.code === 'invalid_token' ? ', error="invalid_token"' : ''}`);
  }
  return c.json(body, STATUS_OF[err.code]);
}

/** The app's one error handler: known errors keep their code; anything else is logged and hidden. */
export function handleError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof AppError) {
      if (err.code === 'internal') logger.error({ err }, err.message);
      return errorResponse(c, err);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code: ErrorCode = status === 401 ? 'authentication_required' : status === 404 ? 'not_found' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      return c.json({ error: { code, message: err.message || 'Bad request' } }, status as ContentfulStatusCode);
    }
    logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } }, 500);
  };
}

/** The validation hook for every OpenAPI route: Zod issues become a 400 naming each field. */
export function validationHook(result: { success: boolean; error?: { issues: readonly unknown[] }; target?: string }, c: Context): Response | undefined {
  if (result.success) return undefined;
  const fields = zodIssuesToFieldErrors((result.error?.issues ?? []) as never);
  const where = result.target === 'query' ? 'The query' : result.target === 'json' ? 'The request body' : 'The request';
  return errorResponse(c, new AppError('validation_failed', `${where} is not valid: ${fields.length} ${fields.length === 1 ? 'field has a problem' : 'fields have problems'}`, fields));
}
