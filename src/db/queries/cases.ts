import { and, asc, eq, getTableColumns, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { agreements, caseEvents, evaluations, matches, needs, pendingMails, remindersSent, roleGrants, supportCentres, users } from '../schema/index.ts';
import { textArray } from './sql-helpers.ts';

export type CaseEventRow = typeof caseEvents.$inferSelect;
export type MatchRow = typeof matches.$inferSelect;

export async function insertCaseEvent(db: Db, row: typeof caseEvents.$inferInsert): Promise<void> {
  await db.insert(caseEvents).values(row);
}

/** A request's events, oldest first. */
export async function listCaseEvents(db: Db, needId: string): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.needId, needId)).orderBy(asc(caseEvents.at), asc(caseEvents.seq));
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
export async function usersWithGrants(db: Db, wanted: Array<{ role: string; scope: string }>): Promise<Array<{ id: string; email: string; name: string; language: string; notifyMode: string; role: string; scope: string }>> {
  if (wanted.length === 0) return [];
  return db
    .selectDistinct({ id: users.id, email: users.email, name: users.name, language: users.language, notifyMode: users.notifyMode, role: roleGrants.role, scope: roleGrants.scope })
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

// Correlated subqueries name the outer request's id in full: drizzle writes a column of the
// table being selected without its table, which inside a subquery would mean the inner table's.
const NEED_ID = sql.raw('"needs"."id"');
const NEED_COUNTRIES = sql.raw('"needs"."countries"');

// ---- matches

export async function insertMatch(db: Db, row: typeof matches.$inferInsert): Promise<void> {
  await db.insert(matches).values(row);
}

export async function findMatch(db: Db, id: string): Promise<MatchRow | undefined> {
  return (await db.select().from(matches).where(eq(matches.id, id)).limit(1))[0];
}

/** The open (not declined) match of a request with an offer, if any. */
export async function findOpenMatch(db: Db, needId: string, offerType: string, offerId: string): Promise<MatchRow | undefined> {
  return (
    await db
      .select()
      .from(matches)
      .where(and(eq(matches.needId, needId), eq(matches.offerType, offerType), eq(matches.offerId, offerId), sql`${matches.state} <> 'declined'`))
      .limit(1)
  )[0];
}

export async function listMatchesOfNeed(db: Db, needId: string): Promise<MatchRow[]> {
  return db.select().from(matches).where(eq(matches.needId, needId)).orderBy(asc(matches.createdAt), asc(matches.id));
}

/** Writes a match's new values if it is still at `version`; false when someone changed it first. */
export async function updateMatchAtVersion(db: Db, id: string, version: number, values: Partial<typeof matches.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(matches)
    .set({ ...values, version: version + 1 })
    .where(and(eq(matches.id, id), eq(matches.version, version)))
    .returning({ id: matches.id });
  return rows.length === 1;
}

/** Matches the providing side has not answered, proposed at or before `before`. */
export async function matchesAwaitingProvider(db: Db, before: Date): Promise<MatchRow[]> {
  return db
    .select()
    .from(matches)
    .where(and(inArray(matches.state, ['proposed', 'interest_expressed']), isNull(matches.providerAnsweredAt), lte(matches.createdAt, before)))
    .orderBy(asc(matches.createdAt));
}

// ---- reminders

/** Notes that a reminder went out; false when it had been already (so each goes out once). */
export async function markReminderSent(db: Db, key: string, at: Date): Promise<boolean> {
  const rows = await db.insert(remindersSent).values({ key, sentAt: at }).onConflictDoNothing().returning({ key: remindersSent.key });
  return rows.length === 1;
}

/**
 * Requests in one of `states` on which nothing has happened (no new version, no event) since
 * `before`, with when the last thing happened.
 */
export async function needsIdleSince(db: Db, states: readonly string[], before: Date): Promise<Array<{ id: string; status: string; lastActivity: Date; doc: Record<string, unknown> }>> {
  // Flags and reminders are about idleness: they do not count as something happening.
  const last = sql<Date>`greatest(${needs.updatedAt}, coalesce((select max(e.at) from ${caseEvents} e where e.need_id = ${NEED_ID} and e.kind <> 'flag'), ${needs.updatedAt}))`;
  const rows = await db
    .select({ id: needs.id, status: needs.status, lastActivity: last, doc: needs.doc })
    .from(needs)
    .where(and(inArray(needs.status, [...states]), sql`${last} <= ${before.toISOString()}::timestamptz`));
  return rows.map((r) => ({ ...r, lastActivity: new Date(r.lastActivity as unknown as string), doc: r.doc as Record<string, unknown> }));
}

// ---- help desk queues

export interface QueueRow {
  id: string;
  status: string;
  title: string;
  countries: string[];
  createdAt: Date;
  lastActivity: Date;
  assignee: string | null;
  escalated: boolean;
  openQuestion: boolean;
  flagged: boolean;
}

/**
 * Open requests, oldest activity first: those of `countries` (a centre's queue), or — with
 * `countries` null — those escalated to the global help desk or of countries no centre covers.
 */
export async function queueRows(db: Db, opts: { countries: string[] | null; states: readonly string[]; limit: number; offset: number }): Promise<{ rows: QueueRow[]; total: number }> {
  const ev = (kind: string) => sql`(select e.at from ${caseEvents} e where e.need_id = ${NEED_ID} and e.kind = ${kind} order by e.at desc, e.seq desc limit 1)`;
  const lastActivity = sql<Date>`greatest(${needs.updatedAt}, coalesce((select max(e.at) from ${caseEvents} e where e.need_id = ${NEED_ID} and e.kind <> 'flag'), ${needs.updatedAt}))`;
  const assignee = sql<string | null>`(select e.data->>'userId' from ${caseEvents} e where e.need_id = ${NEED_ID} and e.kind = 'assignment' order by e.at desc, e.seq desc limit 1)`;
  const escalated = sql<boolean>`(${ev('escalation')} is not null)`;
  const openQuestion = sql<boolean>`(coalesce(${ev('clarification')} > coalesce(${ev('answer')}, '-infinity'::timestamptz), false))`;
  const flagged = sql<boolean>`exists (select 1 from ${caseEvents} e where e.need_id = ${NEED_ID} and e.kind = 'flag')`;
  const uncovered = sql`not exists (select 1 from ${supportCentres} c where c.countries && ${NEED_COUNTRIES})`;
  const where = and(
    inArray(needs.status, [...opts.states]),
    opts.countries ? sql`${needs.countries} && ${textArray(opts.countries)}` : or(sql`${escalated}`, uncovered),
  );
  const rows = await db
    .select({ id: needs.id, status: needs.status, title: needs.title, countries: needs.countries, createdAt: needs.createdAt, lastActivity, assignee, escalated, openQuestion, flagged, total: sql<number>`count(*) over ()` })
    .from(needs)
    .where(where)
    .orderBy(asc(lastActivity), asc(needs.id))
    .limit(opts.limit)
    .offset(opts.offset);
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map(({ total: _t, ...r }) => ({ ...r, lastActivity: new Date(r.lastActivity as unknown as string), escalated: !!r.escalated, openQuestion: !!r.openQuestion, flagged: !!r.flagged })),
  };
}

/** A user's name and whether they hold one of the grants given (to check an assignee). */
export async function userWithGrant(db: Db, userId: string, wanted: Array<{ role: string; scope: string }>): Promise<{ id: string; name: string; email: string; language: string; notifyMode: string } | undefined> {
  const found = await usersWithGrants(db, wanted);
  return found.find((u) => u.id === userId);
}

// ---- agreements and evaluations

export type AgreementRow = typeof agreements.$inferSelect;
export type EvaluationRow = typeof evaluations.$inferSelect;

export async function insertAgreement(db: Db, row: typeof agreements.$inferInsert): Promise<void> {
  await db.insert(agreements).values(row);
}

export async function findAgreement(db: Db, id: string): Promise<AgreementRow | undefined> {
  return (await db.select().from(agreements).where(eq(agreements.id, id)).limit(1))[0];
}

export async function findAgreementOfMatch(db: Db, matchId: string): Promise<AgreementRow | undefined> {
  return (await db.select().from(agreements).where(eq(agreements.matchId, matchId)).limit(1))[0];
}

export async function agreementsOfNeed(db: Db, needId: string): Promise<AgreementRow[]> {
  return db.select().from(agreements).where(eq(agreements.needId, needId)).orderBy(asc(agreements.createdAt));
}

export async function updateAgreementAtVersion(db: Db, id: string, version: number, values: Partial<typeof agreements.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(agreements)
    .set({ ...values, version: version + 1 })
    .where(and(eq(agreements.id, id), eq(agreements.version, version)))
    .returning({ id: agreements.id });
  return rows.length === 1;
}

export async function insertEvaluation(db: Db, row: typeof evaluations.$inferInsert): Promise<boolean> {
  const rows = await db.insert(evaluations).values(row).onConflictDoNothing().returning({ id: evaluations.id });
  return rows.length === 1;
}

export async function evaluationsOf(db: Db, agreementId: string): Promise<EvaluationRow[]> {
  return db.select().from(evaluations).where(eq(evaluations.agreementId, agreementId)).orderBy(asc(evaluations.createdAt));
}

/** Lessons learned that their authors chose to publish, newest first. */
export async function publishedLessons(db: Db, limit: number, offset: number): Promise<Array<EvaluationRow & { type: string; modality: string; needId: string }>> {
  return db
    .select({ ...getTableColumns(evaluations), type: agreements.type, modality: agreements.modality, needId: agreements.needId })
    .from(evaluations)
    .innerJoin(agreements, eq(agreements.id, evaluations.agreementId))
    .where(eq(evaluations.publish, true))
    .orderBy(sql`${evaluations.createdAt} desc`)
    .limit(limit)
    .offset(offset);
}

// ---- daily digests

export async function insertPendingMail(db: Db, row: typeof pendingMails.$inferInsert): Promise<void> {
  await db.insert(pendingMails).values(row);
}

/** Mails waiting for a digest, per user (oldest first), with the user's address, name and language. */
export async function pendingMailsByUser(db: Db): Promise<Map<string, { user: { id: string; email: string; name: string; language: string }; mails: Array<typeof pendingMails.$inferSelect> }>> {
  const rows = await db
    .select({ mail: pendingMails, email: users.email, name: users.name, language: users.language, disabledAt: users.disabledAt })
    .from(pendingMails)
    .innerJoin(users, eq(users.id, pendingMails.userId))
    .orderBy(asc(pendingMails.createdAt), asc(pendingMails.id));
  const out = new Map<string, { user: { id: string; email: string; name: string; language: string }; mails: Array<typeof pendingMails.$inferSelect> }>();
  for (const r of rows) {
    if (r.disabledAt) continue;
    const entry = out.get(r.mail.userId) ?? { user: { id: r.mail.userId, email: r.email, name: r.name, language: r.language }, mails: [] };
    entry.mails.push(r.mail);
    out.set(r.mail.userId, entry);
  }
  return out;
}

export async function deletePendingMails(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(pendingMails).where(inArray(pendingMails.id, ids));
}
