import { MATCHABLE_STATUSES } from '../../domain/records/statuses.ts';
import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { MatchTags } from '../../domain/matching/profile.ts';
import type { RecordType } from '../../lib/ids.ts';
import type { Db } from '../client.ts';
import { appState, type needs } from '../schema/index.ts';
import { RECORD_TABLES } from './records.ts';
import { textArray } from './sql-helpers.ts';

/** A record as matchmaking reads it; `matchTags` is null for rows written before matching existed. */
export interface MatchRow {
  id: string;
  status: string;
  title: string;
  doc: Record<string, unknown>;
  matchTags: MatchTags | null;
}

const columns = (t: typeof needs) => ({ id: t.id, status: t.status, title: t.title, doc: t.doc, matchTags: t.matchTags });

/** Records by id (any status). */
export async function findMatchRows(db: Db, type: RecordType, ids: readonly string[]): Promise<MatchRow[]> {
  if (ids.length === 0) return [];
  const t = RECORD_TABLES[type] as typeof needs;
  return db.select(columns(t)).from(t).where(inArray(t.id, [...ids]));
}

/** Records whose stored match tags are missing or of another version, a batch at a time. */
export async function staleTagRows(db: Db, type: RecordType, version: string, limit: number): Promise<MatchRow[]> {
  const t = RECORD_TABLES[type] as typeof needs;
  return db
    .select(columns(t))
    .from(t)
    .where(or(isNull(t.matchTags), sql`${t.matchTags}->>'v' is distinct from ${version}`))
    .orderBy(asc(t.id))
    .limit(limit);
}

/** Stores computed match tags (and the concept filter column) without touching the record's version. */
export async function saveMatchTags(db: Db, type: RecordType, id: string, tags: MatchTags): Promise<void> {
  const t = RECORD_TABLES[type] as typeof needs;
  await db
    .update(t)
    .set({ matchTags: tags, concepts: textArray(Object.keys(tags.concepts)) as never })
    .where(eq(t.id, id));
}

/** Fields of a document the matcher never reads when loading the index: long texts and personal data. */
const HEAVY_FIELDS = ['description', 'trackRecord', 'applicationProcess', 'genderAspects', 'youthAspects', 'contact', 'expertise', 'website', 'budget', 'cofinancing', 'timeframe'];

/**
 * Published records of a type as the index loads them, a batch at a time (keyset on id): the
 * document without its long texts (the stored tags carry what matching needs of them).
 */
export async function* streamPublishedForIndex(db: Db, type: RecordType, batchSize = 2000): AsyncGenerator<MatchRow[]> {
  const t = RECORD_TABLES[type] as typeof needs;
  const light = sql<Record<string, unknown>>`${t.doc} - ${sql.raw(`array[${HEAVY_FIELDS.map((f) => `'${f}'`).join(',')}]`)}`;
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({ id: t.id, status: t.status, title: t.title, doc: light, matchTags: t.matchTags })
      .from(t)
      .where(and(inArray(t.status, [...MATCHABLE_STATUSES[type]]), after ? gt(t.id, after) : undefined))
      .orderBy(asc(t.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** A value of app_state. */
export async function readState(db: Db, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: appState.value }).from(appState).where(eq(appState.key, key));
  return row?.value;
}

export async function writeState(db: Db, key: string, value: string, at: Date): Promise<void> {
  await db.insert(appState).values({ key, value, updatedAt: at }).onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: at } });
}
