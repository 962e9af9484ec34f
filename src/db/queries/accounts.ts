import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditEvents, emailTokens, rateLimits, roleGrants, sessions, supportCentres, users } from '../schema/index.ts';
import type { Grant, Role } from '../../policies/actor.ts';

export type UserRow = typeof users.$inferSelect;
export type GrantRow = typeof roleGrants.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type EmailTokenRow = typeof emailTokens.$inferSelect;
export type CentreRow = typeof supportCentres.$inferSelect;
export type AuditRow = typeof auditEvents.$inferSelect;

// ---- users

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(eq(users.email, email)).limit(1))[0];
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(eq(users.id, id)).limit(1))[0];
}

export async function updateUser(db: Db, id: string, values: Partial<typeof users.$inferInsert>): Promise<void> {
  await db.update(users).set(values).where(eq(users.id, id));
}

/** Counts a failed sign-in and returns the new count (one statement, so concurrent failures all count). */
export async function countFailedSignin(db: Db, id: string, at: Date): Promise<number> {
  const rows = await db
    .update(users)
    .set({ failedSignins: sql`${users.failedSignins} + 1`, updatedAt: at })
    .where(eq(users.id, id))
    .returning({ n: users.failedSignins });
  return rows[0]?.n ?? 0;
}

export async function listUsers(db: Db, q: string | undefined, page: number, pageSize: number): Promise<{ rows: UserRow[]; total: number }> {
  const where = q ? or(ilike(users.email, `%${escapeLike(q)}%`), ilike(users.name, `%${escapeLike(q)}%`)) : undefined;
  const rows = await db
    .select({ user: users, total: sql<number>`count(*) over ()` })
    .from(users)
    .where(where)
    .orderBy(asc(users.email))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows: rows.map((r) => r.user), total: Number(rows[0]?.total ?? 0) };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---- roles

export async function activeGrants(db: Db, userId: string): Promise<GrantRow[]> {
  return db
    .select()
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.grantedAt));
}

export async function allGrants(db: Db, userId: string): Promise<GrantRow[]> {
  return db.select().from(roleGrants).where(eq(roleGrants.userId, userId)).orderBy(asc(roleGrants.grantedAt));
}

export async function insertGrant(db: Db, row: typeof roleGrants.$inferInsert): Promise<void> {
  await db.insert(roleGrants).values(row);
}

export async function findGrant(db: Db, id: string): Promise<GrantRow | undefined> {
  return (await db.select().from(roleGrants).where(eq(roleGrants.id, id)).limit(1))[0];
}

/** Revokes an active grant; false when it was not active. */
export async function revokeGrant(db: Db, id: string, by: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(roleGrants)
    .set({ revokedAt: at, revokedBy: by })
    .where(and(eq(roleGrants.id, id), isNull(roleGrants.revokedAt)))
    .returning({ id: roleGrants.id });
  return rows.length === 1;
}

/** A user's active grants and the countries their centres cover, for building an Actor. */
export async function rightsOf(db: Db, userId: string): Promise<{ grants: Grant[]; centreCountries: string[] }> {
  const grants = (await activeGrants(db, userId)).map((g) => ({ role: g.role as Role, scope: g.scope }));
  const centres = grants.filter((g) => g.role === 'centre_staff').map((g) => g.scope);
  let centreCountries: string[] = [];
  if (centres.length) {
    const rows = await db.select({ countries: supportCentres.countries }).from(supportCentres).where(inArray(supportCentres.id, centres));
    centreCountries = [...new Set(rows.flatMap((r) => r.countries))];
  }
  return { grants, centreCountries };
}

// ---- sessions

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findSession(db: Db, id: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const rows = await db.select({ session: sessions, user: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id)).limit(1);
  return rows[0];
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(db: Db, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Ends every session of the user but `exceptId` (after a password or e-mail change, or a lock-out). */
export async function revokeUserSessions(db: Db, userId: string, at: Date, exceptId?: string): Promise<void> {
  const conditions: SQL[] = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (exceptId) conditions.push(sql`${sessions.id} <> ${exceptId}`);
  await db.update(sessions).set({ revokedAt: at }).where(and(...conditions));
}

/** A user's sessions that are still open (not ended, not past their maximum age), newest first. */
export async function openSessions(db: Db, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${now}`))
    .orderBy(desc(sessions.lastSeenAt));
}

// ---- one-time e-mail links

export async function insertEmailToken(db: Db, row: typeof emailTokens.$inferInsert): Promise<void> {
  await db.insert(emailTokens).values(row);
}

export async function findEmailToken(db: Db, tokenHash: string): Promise<EmailTokenRow | undefined> {
  return (await db.select().from(emailTokens).where(eq(emailTokens.tokenHash, tokenHash)).limit(1))[0];
}

/** Marks a link used; false when someone used it first (so a link works once, even under a race). */
export async function useEmailToken(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(emailTokens)
    .set({ usedAt: at })
    .where(and(eq(emailTokens.id, id), isNull(emailTokens.usedAt)))
    .returning({ id: emailTokens.id });
  return rows.length === 1;
}

/** Voids the user's unused links of a purpose (a new reset link replaces the old ones). */
export async function voidEmailTokens(db: Db, userId: string, purpose: string, at: Date): Promise<void> {
  await db
    .update(emailTokens)
    .set({ usedAt: at })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
}

// ---- support centres

export async function upsertCentre(db: Db, row: Omit<typeof supportCentres.$inferInsert, 'createdAt' | 'updatedAt'> & { at: Date }): Promise<void> {
  const { at, ...values } = row;
  await db
    .insert(supportCentres)
    .values({ ...values, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: supportCentres.id, set: { ...values, updatedAt: at } });
}

export async function listCentres(db: Db): Promise<CentreRow[]> {
  return db.select().from(supportCentres).orderBy(asc(supportCentres.name));
}

export async function findCentre(db: Db, id: string): Promise<CentreRow | undefined> {
  return (await db.select().from(supportCentres).where(eq(supportCentres.id, id)).limit(1))[0];
}

// ---- audit log

export async function insertAudit(db: Db, rows: Array<typeof auditEvents.$inferInsert>): Promise<void> {
  if (rows.length) await db.insert(auditEvents).values(rows);
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  userId?: string;
  subject?: string;
  from?: Date;
  to?: Date;
  success?: boolean;
}

function auditWhere(f: AuditFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.action) c.push(f.action.endsWith('.') ? ilike(auditEvents.action, `${escapeLike(f.action)}%`) : eq(auditEvents.action, f.action));
  if (f.actor) c.push(eq(auditEvents.actor, f.actor));
  if (f.userId) c.push(eq(auditEvents.userId, f.userId));
  if (f.subject) c.push(eq(auditEvents.subject, f.subject));
  if (f.from) c.push(gte(auditEvents.at, f.from));
  if (f.to) c.push(lt(auditEvents.at, f.to));
  if (f.success !== undefined) c.push(eq(auditEvents.success, f.success));
  return c.length ? and(...c) : undefined;
}

/** Newest first, one page and the total. */
export async function searchAudit(db: Db, f: AuditFilter, page: number, pageSize: number): Promise<{ rows: AuditRow[]; total: number }> {
  const where = auditWhere(f);
  const [{ n }] = (await db.select({ n: count() }).from(auditEvents).where(where)) as [{ n: number }];
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: Number(n) };
}

/** Every matching event, oldest first, in batches (for export). */
export async function* streamAudit(db: Db, f: AuditFilter, batch = 1000): AsyncGenerator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const where = auditWhere(f);
    const rows = await db
      .select()
      .from(auditEvents)
      .where(where ? and(where, sql`${auditEvents.seq} > ${after}`) : sql`${auditEvents.seq} > ${after}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batch);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.seq;
    if (rows.length < batch) return;
  }
}

// ---- rate limits

/**
 * Counts one hit of `key` in the current fixed window of `windowMs` and returns the count and when
 * the window ends. One statement: concurrent requests on several servers all count.
 */
export async function hitRateLimit(db: Db, key: string, now: Date, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db
    .insert(rateLimits)
    .values({ key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${rateLimits.windowStart} = excluded.window_start then ${rateLimits.hits} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ hits: rateLimits.hits });
  return { hits: rows[0]?.hits ?? 1, resetAt: new Date(windowStart.getTime() + windowMs) };
}

/** Drops counters of windows that ended (run now and then). */
export async function pruneRateLimits(db: Db, before: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, before));
}
