import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.ts';
import { hitRateLimit } from '../db/queries/accounts.ts';
import { AppError } from '../lib/errors.ts';
import type { AppEnv } from './auth.ts';

/**
 * The Content-Security-Policy of every response: only this origin's scripts, styles and images, no
 * inline scripts or styles, no framing, forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on every response (ASVS V14.4). */
export function securityHeaders(secure: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    // One-time links carry their token in the query string: never send it on as a Referer.
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (secure) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (c.req.path.startsWith('/account') || c.req.path.startsWith('/api/v1/auth') || c.req.path.startsWith('/api/v1/account') || c.req.path.startsWith('/api/v1/admin')) {
      h.set('Cache-Control', 'no-store');
    }
  };
}

/** A limit: at most `limit` requests per `windowSeconds`. */
export interface Limit {
  limit: number;
  windowSeconds: number;
}

/** The limits the app applies; each can be changed (tests use small ones). */
export interface RateLimitSettings {
  /** Sign-in attempts per client address. */
  signin: Limit;
  /** Sign-in attempts per e-mail address (with the lock-out after failures, this bounds guessing). */
  signinPerAccount: Limit;
  signup: Limit;
  /** Password-reset and verification e-mails per client address. */
  mail: Limit;
  /** State-changing API requests per user (or per address when anonymous). */
  writes: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  signin: { limit: 20, windowSeconds: 60 },
  signinPerAccount: { limit: 10, windowSeconds: 900 },
  signup: { limit: 10, windowSeconds: 3600 },
  mail: { limit: 10, windowSeconds: 3600 },
  writes: { limit: 300, windowSeconds: 60 },
};

/**
 * Counts a request under `key` against `rule`; throws rate_limited (429 with Retry-After) once the
 * window's allowance is used. Counters live in the database, so every server process shares them.
 */
export async function checkRateLimit(db: Db, now: Date, key: string, rule: Limit): Promise<void> {
  const { hits, resetAt } = await hitRateLimit(db, key, now, rule.windowSeconds * 1000);
  if (hits > rule.limit) {
    const seconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
    throw new AppError('rate_limited', `Too many requests: try again in ${seconds} seconds`, [], { retryAfter: seconds });
  }
}

/** A middleware counting each matching request under the key `name:<who>`. */
export function rateLimit(db: Db, now: () => Date, name: string, rule: Limit | undefined, who: (c: Context<AppEnv>) => string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (rule) await checkRateLimit(db, now(), `${name}:${who(c)}`, rule);
    await next();
  };
}

/** Who a write is counted against: the user, the token, or the client address. */
export function writerKey(c: Context<AppEnv>): string {
  const a = c.get('actor');
  if (a.kind === 'user') return a.userId ? `u:${a.userId}` : `t:${a.tokenId}`;
  return `ip:${c.get('ctx').client?.ip ?? 'unknown'}`;
}

/** A function that counts a request of `name` under `who` against `rules` (nothing when limits are off). */
export function limiter(rules: RateLimitSettings | undefined) {
  return async (c: Context<AppEnv>, name: keyof RateLimitSettings, who: string): Promise<void> => {
    const rule = rules?.[name];
    if (rule) await checkRateLimit(c.get('ctx').db, c.get('ctx').now(), `${name}:${who}`, rule);
  };
}

/** The client's address as resolved by the authentication middleware. */
export const clientAddress = (c: Context<AppEnv>): string => c.get('ctx').client?.ip ?? 'unknown';
