import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { apiTokens } from '../schema/index.ts';

export type TokenRow = typeof apiTokens.$inferSelect;

export async function insertToken(db: Db, row: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(row);
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1);
  return rows[0];
}

export async function findTokenById(db: Db, id: string): Promise<TokenRow | undefined> {
  return (await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1))[0];
}

/** Every token, or one user's, newest first. */
export async function listTokens(db: Db, userId?: string): Promise<TokenRow[]> {
  return db.select().from(apiTokens).where(userId ? eq(apiTokens.userId, userId) : undefined).orderBy(desc(apiTokens.createdAt));
}

/** Marks a token revoked; returns false when there is no such token. */
export async function revokeToken(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.length === 1;
}

export async function touchToken(db: Db, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}

/** Revokes every live token of a user (after a password reset). */
export async function revokeUserTokens(db: Db, userId: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}
