import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.ts';
import { AppError } from '../lib/errors.ts';
import { ANONYMOUS, type Actor } from '../policies/actor.ts';
import { authenticateToken } from '../services/tokens/tokens.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Matching } from '../services/matching/matching.ts';

export type AppEnv = { Variables: { actor: Actor; ctx: ServiceContext } };

/**
 * Resolves who is calling from `Authorization: Bearer <token>` (anonymous without the header) and
 * puts a ServiceContext on the request. A malformed, unknown, revoked or expired token is a 401,
 * never a silent downgrade to anonymous.
 */
export function authenticate(db: Db, now: () => Date, matching?: Matching): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let actor: Actor = ANONYMOUS;
    if (header !== undefined && header.trim() !== '') {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('invalid_token', 'The Authorization header must be "Bearer <token>"');
      actor = await authenticateToken({ db, now }, match[1]!);
    }
    c.set('actor', actor);
    c.set('ctx', { db, actor, now, matching });
    await next();
  };
}
