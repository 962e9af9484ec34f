import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { AppError } from '../lib/errors.ts';
import { ANONYMOUS, type Actor } from '../policies/actor.ts';
import { authenticateSession, SESSION_MAX_HOURS, type SignedIn } from '../services/accounts/accounts.ts';
import { authenticateToken } from '../services/tokens/tokens.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Matching } from '../services/matching/matching.ts';
import type { Mailer } from '../services/mail/mailer.ts';

export type AppEnv = { Variables: { actor: Actor; ctx: ServiceContext; csrfToken: string | undefined } };

export interface AuthOptions {
  db: Db;
  now: () => Date;
  matching?: Matching;
  mail?: { mailer: Mailer; publicUrl: string };
  /** Cookies are Secure (and the session cookie __Host- prefixed) when the site is served over https. */
  secureCookies: boolean;
  trustProxy: boolean;
  logger?: Logger;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sessionCookieName = (secure: boolean) => (secure ? '__Host-coophub_session' : 'coophub_session');

/** The client's address: the socket's, or the address the trusted proxy put last in X-Forwarded-For. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The last hop is the one the trusted proxy added; earlier ones are whatever the client sent.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // no socket: a request made in-process (tests)
  }
}

/** Constant-time comparison of two secrets. */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A form token as a page carries it: XOR-masked with fresh random bytes on every response, so a
 * compressed page never repeats the secret byte for byte (BREACH); `unmaskSecret` gives it back.
 */
export function maskSecret(secret: string): string {
  const plain = Buffer.from(secret, 'utf8');
  const mask = randomBytes(plain.length);
  const masked = Buffer.alloc(plain.length);
  for (let i = 0; i < plain.length; i++) masked[i] = plain[i]! ^ mask[i]!;
  return Buffer.concat([mask, masked]).toString('base64url');
}

/** The secret inside a masked form token; a token that is not masked is returned as it is. */
export function unmaskSecret(token: string | undefined): string | undefined {
  if (!token) return token;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < 2 || raw.length % 2 !== 0 || raw.toString('base64url') !== token || token.length < 64) return token;
  const half = raw.length / 2;
  const out = Buffer.alloc(half);
  for (let i = 0; i < half; i++) out[i] = raw[i]! ^ raw[half + i]!;
  return out.toString('utf8');
}

/**
 * Resolves who is calling and puts a ServiceContext on the request: `Authorization: Bearer <token>`
 * first, else the session cookie, else anonymous. A malformed, unknown, revoked or expired token is
 * a 401, never a silent downgrade; an ended session is dropped (the cookie is cleared). A
 * state-changing API request authenticated by the cookie must carry the session's CSRF token in
 * `X-CSRF-Token`; pages check the token of their forms themselves (web/pages.tsx form()).
 */
export function authenticate(o: AuthOptions): MiddlewareHandler<AppEnv> {
  const cookieName = sessionCookieName(o.secureCookies);
  return async (c, next) => {
    const header = c.req.header('authorization');
    let actor: Actor = ANONYMOUS;
    let csrfToken: string | undefined;
    if (header !== undefined && header.trim() !== '') {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('invalid_token', 'The Authorization header must be "Bearer <token>"');
      actor = await authenticateToken({ db: o.db, now: o.now }, match[1]!);
    } else {
      const secret = getCookie(c, cookieName);
      if (secret) {
        const session = await authenticateSession({ db: o.db, now: o.now }, secret);
        if (session) {
          actor = session.actor;
          csrfToken = session.csrfToken;
          if (c.req.path.startsWith('/api/') && !SAFE_METHODS.has(c.req.method) && !sameSecret(c.req.header('x-csrf-token'), csrfToken)) {
            throw new AppError('csrf_failed', 'A request signed in with the session cookie must send the session\'s CSRF token in the X-CSRF-Token header (from GET /api/v1/account)');
          }
        } else {
          deleteCookie(c, cookieName, { path: '/', secure: o.secureCookies });
        }
      }
    }
    c.set('actor', actor);
    c.set('csrfToken', csrfToken);
    c.set('ctx', { db: o.db, actor, now: o.now, matching: o.matching, mail: o.mail, logger: o.logger, client: { ip: clientIp(c, o.trustProxy), userAgent: c.req.header('user-agent') } });
    await next();
  };
}

/** Sets the session cookie after a sign-in: HttpOnly, SameSite=Lax, Secure over https. */
export function setSessionCookie(c: Context, secure: boolean, signedIn: SignedIn): void {
  setCookie(c, sessionCookieName(secure), signedIn.sessionSecret, { path: '/', httpOnly: true, secure, sameSite: 'Lax', maxAge: SESSION_MAX_HOURS * 3600 });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure });
}
