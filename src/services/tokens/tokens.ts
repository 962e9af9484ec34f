import { createHash, randomBytes } from 'node:crypto';
import { findTokenByHash, findTokenById, insertToken, listTokens as queryTokens, revokeToken as queryRevoke, touchToken } from '../../db/queries/tokens.ts';
import { findUserById, rightsOf } from '../../db/queries/accounts.ts';
import { audit } from '../audit/audit.ts';
import { notifyUser } from '../accounts/accounts.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { type Actor, isAdmin, ROLE_SCOPES, ROLES, type Role } from '../../policies/actor.ts';
import type { ServiceContext } from '../context.ts';

const PREFIX = 'chub_';

export interface TokenInfo {
  id: string;
  name: string;
  /** The user whose rights it carries; null for an operator token. */
  userId: string | null;
  role: string;
  readOnly: boolean;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Roles an operator token can carry: the global ones (scoped roles belong to accounts). */
export const OPERATOR_ROLES = ROLES.filter((r) => ROLE_SCOPES[r] === null);

/** Default and longest lifetime of a token a user makes for themself. */
export const USER_TOKEN_DAYS = { default: 90, max: 365 };

/**
 * Creates an API token and returns its secret, which is not stored and cannot be shown again.
 * Operators (the command line) make tokens with a role; a signed-in person makes tokens that carry
 * their own rights, always with an expiry. Tokens cannot make tokens. Throws validation_failed.
 */
export async function createToken(
  ctx: ServiceContext,
  input: { name?: unknown; role?: unknown; readOnly?: unknown; expiresInDays?: unknown },
): Promise<{ token: string; info: TokenInfo }> {
  const a = ctx.actor;
  if (a.kind === 'anonymous') throw new AppError('authentication_required', 'Sign in to create an API token');
  if (a.kind === 'user' && (a.via !== 'session' || !a.userId)) throw new AppError('forbidden', 'API tokens are made by a signed-in person, not by another token');
  const operator = a.kind === 'system';
  const errors = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length < 1 || name.length > 100) errors.push({ path: 'name', message: 'must be 1 to 100 characters' });
  if (operator && !(OPERATOR_ROLES as readonly string[]).includes(String(input.role))) errors.push({ path: 'role', message: `must be one of: ${OPERATOR_ROLES.join(', ')} (scoped roles belong to accounts)` });
  if (!operator && input.role !== undefined) errors.push({ path: 'role', message: 'cannot be chosen: a token carries the rights of the person who makes it' });
  if (input.readOnly !== undefined && typeof input.readOnly !== 'boolean') errors.push({ path: 'readOnly', message: 'must be true or false' });
  const maxDays = operator ? 3650 : USER_TOKEN_DAYS.max;
  const days = input.expiresInDays ?? (operator ? undefined : USER_TOKEN_DAYS.default);
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > maxDays)) {
    errors.push({ path: 'expiresInDays', message: `must be a whole number of days between 1 and ${maxDays}` });
  }
  if (errors.length) throw validationError(errors, 'The token');
  const now = ctx.now();
  const secret = PREFIX + randomBytes(24).toString('base64url');
  const row = {
    id: `tok_${randomBytes(6).toString('hex')}`,
    name,
    userId: a.kind === 'user' ? a.userId : null,
    role: operator ? String(input.role) : 'user',
    tokenHash: hashToken(secret),
    readOnly: input.readOnly === true,
    createdAt: now,
    expiresAt: typeof days === 'number' ? new Date(now.getTime() + days * 86_400_000) : null,
  };
  await ctx.db.transaction(async (tx) => {
    await insertToken(tx, row);
    await audit(ctx, { action: 'token.created', subject: row.id, details: { name, readOnly: row.readOnly, expiresAt: row.expiresAt?.toISOString() ?? null, role: row.role } }, tx);
  });
  if (row.userId) await notifyUser(ctx, row.userId, 'tokenCreated', { token: name });
  return { token: secret, info: toInfo({ ...row, revokedAt: null, lastUsedAt: null }) };
}

/**
 * The actor a bearer token stands for: the rights of its user as they are now, or an operator
 * token's role. Throws AppError invalid_token when the token is unknown, revoked or expired, or
 * its user is disabled.
 */
export async function authenticateToken(ctx: Pick<ServiceContext, 'db' | 'now'>, secret: string): Promise<Actor> {
  const row = secret.startsWith(PREFIX) && secret.length < 100 ? await findTokenByHash(ctx.db, hashToken(secret)) : undefined;
  const now = ctx.now();
  if (!row) throw new AppError('invalid_token', 'The API token is not valid');
  if (row.revokedAt) throw new AppError('invalid_token', 'The API token has been revoked');
  if (row.expiresAt && row.expiresAt <= now) throw new AppError('invalid_token', 'The API token has expired');
  // Recording use at most once a minute keeps reads from writing on every request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await touchToken(ctx.db, row.id, now);
  const base = { kind: 'user' as const, readOnly: row.readOnly, via: 'token' as const, tokenId: row.id };
  if (!row.userId) return { ...base, userId: null, label: `token:${row.name}`, grants: [{ role: row.role as Role, scope: '' }], centreCountries: [] };
  const user = await findUserById(ctx.db, row.userId);
  if (!user || user.disabledAt) throw new AppError('invalid_token', 'The API token is not valid');
  return { ...base, userId: user.id, label: `user:${user.id}`, ...(await rightsOf(ctx.db, user.id)), language: user.language };
}

/** Operators see every token; a person sees their own. */
export async function listTokens(ctx: ServiceContext): Promise<TokenInfo[]> {
  const a = ctx.actor;
  if (a.kind === 'system') return (await queryTokens(ctx.db)).map(toInfo);
  if (a.kind !== 'user' || !a.userId) throw new AppError('authentication_required', 'Sign in to see your API tokens');
  return (await queryTokens(ctx.db, a.userId)).map(toInfo);
}

/** Revokes a token at once: operators and administrators any, a person their own. Throws not_found. */
export async function revokeToken(ctx: ServiceContext, id: string): Promise<void> {
  const a = ctx.actor;
  if (a.kind === 'anonymous') throw new AppError('authentication_required', 'Sign in to revoke an API token');
  if (a.kind === 'user' && a.readOnly) throw new AppError('forbidden', 'This API token is read-only');
  const row = await findTokenById(ctx.db, id);
  const mayRevokeAny = isAdmin(a);
  if (!row || (!mayRevokeAny && (a.kind !== 'user' || !a.userId || row.userId !== a.userId))) throw new AppError('not_found', `No token has the id "${id}"`);
  await ctx.db.transaction(async (tx) => {
    if (!(await queryRevoke(tx, id, ctx.now()))) throw new AppError('conflict', 'This token was revoked already');
    await audit(ctx, { action: 'token.revoked', userId: row.userId, subject: id }, tx);
  });
}

function toInfo(row: { id: string; name: string; userId: string | null; role: string; readOnly: boolean; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null }): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    userId: row.userId,
    role: row.role,
    readOnly: row.readOnly,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
