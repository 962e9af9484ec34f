import { createHash, randomBytes } from 'node:crypto';
import { findTokenByHash, insertToken, listTokens as queryTokens, revokeToken as queryRevoke, touchToken } from '../../db/queries/tokens.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { type Actor, ROLES, type Role } from '../../policies/actor.ts';
import type { ServiceContext } from '../context.ts';

const PREFIX = 'chub_';

export interface TokenInfo {
  id: string;
  name: string;
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

/**
 * Creates an API token and returns its secret, which is not stored and cannot be shown again.
 * Only operators (system actors) create tokens until accounts exist. Throws validation_failed.
 */
export async function createToken(
  ctx: ServiceContext,
  input: { name: string; role: string; readOnly?: boolean; expiresInDays?: number },
): Promise<{ token: string; info: TokenInfo }> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden', 'Only an operator can create tokens');
  const errors = [];
  const name = input.name?.trim() ?? '';
  if (name.length < 1 || name.length > 100) errors.push({ path: 'name', message: 'must be 1 to 100 characters' });
  if (!(ROLES as readonly string[]).includes(input.role)) errors.push({ path: 'role', message: `must be one of: ${ROLES.join(', ')}` });
  if (input.expiresInDays !== undefined && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 3650)) {
    errors.push({ path: 'expiresInDays', message: 'must be a whole number of days between 1 and 3650' });
  }
  if (errors.length) throw validationError(errors, 'The token');
  const now = ctx.now();
  const secret = PREFIX + randomBytes(24).toString('base64url');
  const row = {
    id: `tok_${randomBytes(6).toString('hex')}`,
    name,
    role: input.role,
    tokenHash: hashToken(secret),
    readOnly: Boolean(input.readOnly),
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
  };
  await insertToken(ctx.db, row);
  return { token: secret, info: toInfo({ ...row, revokedAt: null, lastUsedAt: null }) };
}

/**
 * The actor a bearer token stands for. Throws AppError invalid_token when the token is unknown,
 * revoked or expired.
 */
export async function authenticateToken(ctx: Pick<ServiceContext, 'db' | 'now'>, secret: string): Promise<Actor> {
  const row = secret.startsWith(PREFIX) ? await findTokenByHash(ctx.db, hashToken(secret)) : undefined;
  const now = ctx.now();
  if (!row) throw new AppError('invalid_token', 'The API token is not valid');
  if (row.revokedAt) throw new AppError('invalid_token', 'The API token has been revoked');
  if (row.expiresAt && row.expiresAt <= now) throw new AppError('invalid_token', 'The API token has expired');
  // Recording use at most once a minute keeps reads from writing on every request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await touchToken(ctx.db, row.id, now);
  return { kind: 'token', tokenId: row.id, name: row.name, roles: [row.role as Role], readOnly: row.readOnly };
}

export async function listTokens(ctx: ServiceContext): Promise<TokenInfo[]> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden', 'Only an operator can list tokens');
  return (await queryTokens(ctx.db)).map(toInfo);
}

/** Revokes a token at once. Throws not_found. */
export async function revokeToken(ctx: ServiceContext, id: string): Promise<void> {
  if (ctx.actor.kind !== 'system') throw new AppError('forbidden', 'Only an operator can revoke tokens');
  if (!(await queryRevoke(ctx.db, id, ctx.now()))) throw new AppError('not_found', `No token has the id "${id}"`);
}

function toInfo(row: { id: string; name: string; role: string; readOnly: boolean; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null }): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    readOnly: row.readOnly,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
