import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { caseEvents, roleGrants, supportCentres, users } from '../schema/index.ts';
import { textArray } from './sql-helpers.ts';

export type CaseEventRow = typeof caseEvents.$inferSelect;

export async function insertCaseEvent(db: Db, row: typeof caseEvents.$inferInsert): Promise<void> {
  await db.insert(caseEvents).values(row);
}

/** A request's events, oldest first. */
export async function listCaseEvents(db: Db, needId: string): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.needId, needId)).orderBy(asc(caseEvents.at), asc(caseEvents.id));
}

/** Ids of the support centres serving any of `countries`. */
export async function centresCovering(db: Db, countries: string[]): Promise<string[]> {
  if (countries.length === 0) return [];
  const rows = await db
    .select({ id: supportCentres.id })
    .from(supportCentres)
    .where(sql`${supportCentres.countries} && ${textArray(countries)}`);
  return rows.map((r) => r.id);
}

/** People to tell: active, confirmed accounts holding one of the (role, scope) grants given. */
export async function usersWithGrants(db: Db, wanted: Array<{ role: string; scope: string }>): Promise<Array<{ id: string; email: string; name: string; language: string; role: string; scope: string }>> {
  if (wanted.length === 0) return [];
  return db
    .selectDistinct({ id: users.id, email: users.email, name: users.name, language: users.language, role: roleGrants.role, scope: roleGrants.scope })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        isNull(roleGrants.revokedAt),
        isNull(users.disabledAt),
        sql`${users.emailVerifiedAt} is not null`,
        or(...wanted.map((w) => and(eq(roleGrants.role, w.role), eq(roleGrants.scope, w.scope)))),
      ),
    );
}
