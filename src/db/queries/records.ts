import { and, type AnyColumn, asc, count, desc, eq, getTableColumns, gt, gte, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { needs, opportunities, providers, recordVersions } from '../schema/index.ts';
import type { MatchTags } from '../../domain/matching/profile.ts';
import type { RecordType } from '../../lib/ids.ts';
import type { ReadScope } from '../../policies/records.ts';
import { searchVector, textArray } from './sql-helpers.ts';

export const RECORD_TABLES = { need: needs, provider: providers, opportunity: opportunities } as const;
type AnyRecordTable = typeof needs | typeof providers | typeof opportunities;
const tableOf = (type: RecordType): AnyRecordTable => RECORD_TABLES[type];

/** A stored record as the services see it. */
export interface RecordRow {
  id: string;
  version: number;
  status: string;
  doc: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Everything needed to write one record row. */
export interface RecordWrite {
  id: string;
  version: number;
  status: string;
  language: string;
  title: string;
  doc: Record<string, unknown>;
  countries: string[];
  targets: string[];
  subjects: string[];
  assistanceTypes: string[];
  languages: string[];
  /** The search vector as a tsvector literal (tsvectorLiteral). */
  search: string;
  /** Matchmaking concepts found in the text, strongest first. */
  concepts: string[];
  matchTags: MatchTags;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
  /** providers: kind, served; opportunities: kind, providerId, deadline. */
  extra: { kind?: string; served?: string[]; providerId?: string | null; deadline?: string | null };
}

export interface VersionWrite {
  recordType: RecordType;
  recordId: string;
  version: number;
  action: 'create' | 'update' | 'import';
  /** Leave out for the current version; see archiveVersion. */
  doc?: Record<string, unknown> | null;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  actor: string;
  createdAt: Date;
}

const rowColumns = (t: AnyRecordTable) => ({
  id: t.id,
  version: t.version,
  status: t.status,
  doc: t.doc,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** A registry row's values by column property, as plain JSON values (arrays as arrays, the search vector as its literal). */
function rowValues(type: RecordType, w: RecordWrite): Record<string, unknown> {
  const base = {
    id: w.id,
    version: w.version,
    status: w.status,
    language: w.language,
    title: w.title,
    doc: w.doc,
    countries: w.countries,
    targets: w.targets,
    subjects: w.subjects,
    assistanceTypes: w.assistanceTypes,
    languages: w.languages,
    search: w.search,
    concepts: w.concepts,
    matchTags: w.matchTags,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    createdBy: w.createdBy,
    updatedBy: w.updatedBy,
  };
  if (type === 'provider') return { ...base, kind: w.extra.kind ?? '', served: w.extra.served ?? [] };
  if (type === 'opportunity') return { ...base, kind: w.extra.kind ?? '', providerId: w.extra.providerId ?? '', deadline: w.extra.deadline ?? null };
  return { ...base, providerId: w.extra.providerId ?? null };
}

const ARRAY_PROPERTIES = new Set(['countries', 'targets', 'subjects', 'assistanceTypes', 'languages', 'served', 'concepts']);

/** The same values as SQL for Drizzle's update (arrays and the search vector need casts). */
function toValues(type: RecordType, w: RecordWrite) {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rowValues(type, w))) {
    values[key] = ARRAY_PROPERTIES.has(key) ? textArray(value as string[]) : key === 'search' ? searchVector(value as string) : value;
  }
  return values;
}

/**
 * Rows of one registry as one JSON document keyed by column name, for insertRecordRows. Pure, so
 * an import can build it on a worker thread.
 */
export function recordRowsJson(type: RecordType, writes: readonly RecordWrite[]): string {
  const names = columnNames(tableOf(type));
  return JSON.stringify(writes.map((w) => renameKeys(rowValues(type, w), names)));
}

/** Inserts new records of one type. */
export async function insertRecords(db: Db, type: RecordType, writes: RecordWrite[]): Promise<void> {
  if (writes.length) await insertRecordRows(db, type, recordRowsJson(type, writes));
}

/**
 * Inserts the rows of a JSON document from recordRowsJson in one statement with one parameter:
 * the database unpacks it (jsonb_to_recordset), so a batch of hundreds of rows costs the app
 * neither hundreds of parameters nor the work of binding them.
 */
export async function insertRecordRows(db: Db, type: RecordType, rowsJson: string): Promise<void> {
  await insertJsonRows(db, tableOf(type), rowsJson);
}

/** Column property → column name, per table. */
const columnNameCache = new Map<object, Record<string, string>>();
function columnNames(table: AnyRecordTable | typeof recordVersions): Record<string, string> {
  let names = columnNameCache.get(table);
  if (!names) {
    names = Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));
    columnNameCache.set(table, names);
  }
  return names;
}

function renameKeys(values: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) out[names[key] ?? key] = value;
  return out;
}

/** `insert into t (cols) select cols from jsonb_to_recordset($1) as r(col type, …)` for every column the JSON rows carry. */
async function insertJsonRows(db: Db, table: AnyRecordTable | typeof recordVersions, rowsJson: string, skip: readonly string[] = []): Promise<void> {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !skip.includes(key)).map(([, column]) => column);
  const names = sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `);
  const definitions = sql.join(columns.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`), sql`, `);
  await db.execute(sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${rowsJson}::jsonb) as r(${definitions})`);
}

/**
 * Replaces a record's row only if it is still at `expectedVersion`; returns false when another
 * change got there first (the caller reports a conflict).
 */
export async function updateRecordAtVersion(db: Db, type: RecordType, expectedVersion: number, w: RecordWrite): Promise<boolean> {
  const t = tableOf(type) as typeof needs;
  const { id: _id, createdAt: _c, createdBy: _cb, ...values } = toValues(type, w) as ReturnType<typeof toValues>;
  const updated = await db
    .update(t)
    .set(values as never)
    .where(and(eq(t.id, w.id), eq(t.version, expectedVersion)))
    .returning({ id: t.id });
  return updated.length === 1;
}

/** One record by id, whatever its status; undefined when there is none. */
export async function findRecord(db: Db, type: RecordType, id: string): Promise<RecordRow | undefined> {
  const t = tableOf(type) as typeof needs;
  const rows = await db.select(rowColumns(t)).from(t).where(eq(t.id, id)).limit(1);
  return rows[0];
}

/** Which of `ids` already exist in the registry. */
export async function existingRecordIds(db: Db, type: RecordType, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const t = tableOf(type) as typeof needs;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db.select({ id: t.id }).from(t).where(inArray(t.id, chunk));
    for (const r of rows) found.add(r.id);
  }
  return found;
}

export async function countRecords(db: Db, type: RecordType): Promise<number> {
  const t = tableOf(type) as typeof needs;
  const [row] = await db.select({ n: count() }).from(t);
  return Number(row?.n ?? 0);
}

export type SortKey = 'updatedAt' | '-updatedAt' | 'createdAt' | '-createdAt' | 'title' | '-title' | 'relevance' | 'deadline' | '-deadline';

/** What records must match: filters already expanded (regions to countries) and scoped (visible statuses). */
export interface RecordConditions {
  /** Any of these countries; for opportunities '*' (open to all) is matched as well. */
  countries?: string[];
  served?: string[];
  targets?: string[];
  subjects?: string[];
  assistanceTypes?: string[];
  languages?: string[];
  statuses?: readonly string[];
  /** What the reader may see (policies/records.ts readScope); absent means everything. */
  scope?: ReadScope;
  kinds?: string[];
  providerId?: string;
  /** Only opportunities whose deadline is on or after this date, or that have none. */
  openOn?: string;
  /** A tsquery literal (domain/text toTsQuery); null or absent for no keyword. */
  tsquery?: string | null;
}

/** Filters of a list query, with its order and page. */
export interface RecordFilter extends RecordConditions {
  sort: SortKey;
  page: number;
  pageSize: number;
}

function filterConditions(type: RecordType, f: RecordConditions): SQL[] {
  const t = tableOf(type);
  const conditions: SQL[] = [];
  const overlap = (column: AnyColumn, values?: readonly string[]) => {
    if (values && values.length) conditions.push(sql`${column} && ${textArray(values)}`);
  };
  overlap(t.countries, f.countries && (type === 'opportunity' ? [...f.countries, '*'] : f.countries));
  overlap(t.targets, f.targets);
  overlap(t.subjects, f.subjects);
  overlap(t.assistanceTypes, f.assistanceTypes);
  overlap(t.languages, f.languages);
  if (type === 'provider') overlap(providers.served, f.served);
  if (f.statuses) conditions.push(f.statuses.length ? inArray(t.status, [...f.statuses]) : sql`false`);
  if (f.scope && f.scope !== 'all') conditions.push(scopeCondition(type, f.scope));
  if (f.kinds?.length && (type === 'provider' || type === 'opportunity')) conditions.push(inArray((t as typeof providers).kind, f.kinds));
  if (f.providerId && type === 'opportunity') conditions.push(eq(opportunities.providerId, f.providerId));
  if (f.openOn && type === 'opportunity') conditions.push(or(isNull(opportunities.deadline), gte(opportunities.deadline, f.openOn))!);
  if (f.tsquery) conditions.push(sql`${t.search} @@ ${f.tsquery}::tsquery`);
  return conditions;
}

/** The SQL form of policies/records.ts canRead() for a non-'all' scope: public, or owned, or reviewed. */
function scopeCondition(type: RecordType, scope: Exclude<ReadScope, 'all'>): SQL {
  const t = tableOf(type);
  const any: SQL[] = [scope.publicStatuses.length ? inArray(t.status, [...scope.publicStatuses]) : sql`false`];
  const members = scope.providers;
  if (type === 'need') {
    if (scope.focalCountries.length) any.push(sql`${needs.countries} && ${textArray(scope.focalCountries)}`);
    if (members.length) any.push(inArray(needs.providerId, members));
    if (scope.centreCountries.length) any.push(sql`${needs.countries} && ${textArray(scope.centreCountries)}`);
  } else if (type === 'provider') {
    if (members.length) any.push(inArray(providers.id, members));
    if (scope.centreCountries.length) any.push(sql`${providers.countries} && ${textArray(scope.centreCountries)}`);
  } else if (members.length) {
    any.push(inArray(opportunities.providerId, members));
  }
  return or(...any)!;
}

function orderBy(type: RecordType, f: RecordFilter): SQL[] {
  const t = tableOf(type);
  switch (f.sort) {
    case 'relevance':
      return f.tsquery ? [sql`ts_rank(${t.search}, ${f.tsquery}::tsquery) desc`, desc(t.updatedAt), asc(t.id)] : [desc(t.updatedAt), asc(t.id)];
    case 'updatedAt':
      return [asc(t.updatedAt), asc(t.id)];
    case '-updatedAt':
      return [desc(t.updatedAt), asc(t.id)];
    case 'createdAt':
      return [asc(t.createdAt), asc(t.id)];
    case '-createdAt':
      return [desc(t.createdAt), asc(t.id)];
    case 'title':
      return [asc(t.title), asc(t.id)];
    case '-title':
      return [desc(t.title), asc(t.id)];
    case 'deadline':
      return type === 'opportunity' ? [sql`${opportunities.deadline} asc nulls last`, asc(t.id)] : [desc(t.updatedAt), asc(t.id)];
    case '-deadline':
      return type === 'opportunity' ? [sql`${opportunities.deadline} desc nulls last`, asc(t.id)] : [desc(t.updatedAt), asc(t.id)];
  }
}

/** A page of records matching the filter, and how many match in all. */
export async function listRecords(db: Db, type: RecordType, f: RecordFilter): Promise<{ rows: RecordRow[]; total: number }> {
  const t = tableOf(type) as typeof needs;
  const where = and(...filterConditions(type, f));
  // One round trip: the window count comes with the page (PGlite serialises queries).
  const rows = await db
    .select({ ...rowColumns(t), total: sql<number>`count(*) over ()` })
    .from(t)
    .where(where)
    .orderBy(...orderBy(type, f))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  let total = rows.length ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && f.page > 1) {
    const [c] = await db.select({ n: count() }).from(t).where(where);
    total = Number(c?.n ?? 0);
  }
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}

/** The facets a search page can count, and the registries that have each. */
export const FACETS_OF = {
  need: ['country', 'target', 'subject', 'assistanceType', 'language', 'status'],
  provider: ['country', 'target', 'subject', 'assistanceType', 'language', 'status', 'kind'],
  opportunity: ['country', 'target', 'subject', 'assistanceType', 'language', 'status', 'kind', 'deadline'],
} as const satisfies Record<RecordType, readonly string[]>;
export type FacetName = (typeof FACETS_OF)['opportunity'][number];

export interface FacetCount {
  value: string;
  count: number;
}

/** The filter a facet leaves out when counting its own values (disjunctive faceting). Regions are already in `countries`. */
const FACET_FILTER: Record<FacetName, keyof RecordConditions> = {
  country: 'countries',
  target: 'targets',
  subject: 'subjects',
  assistanceType: 'assistanceTypes',
  language: 'languages',
  status: 'statuses',
  kind: 'kinds',
  deadline: 'openOn',
};

/** The value(s) a row contributes to a facet: an array column is unnested, one value per element. */
function facetValue(type: RecordType, facet: FacetName, today: string): SQL {
  const t = tableOf(type);
  switch (facet) {
    case 'country':
      return sql`unnest(${t.countries})`;
    case 'target':
      return sql`unnest(${t.targets})`;
    case 'subject':
      return sql`unnest(${t.subjects})`;
    case 'assistanceType':
      return sql`unnest(${t.assistanceTypes})`;
    case 'language':
      return sql`unnest(${t.languages})`;
    case 'status':
      return sql`${t.status}`;
    case 'kind':
      if (type === 'need') throw new Error('needs have no kind facet');
      return sql`${(t as typeof providers).kind}`;
    case 'deadline':
      if (type !== 'opportunity') throw new Error('only opportunities have a deadline facet');
      return sql`case when ${opportunities.deadline} is null or ${opportunities.deadline} >= ${today}::date then 'open' else 'closed' end`;
  }
}

/**
 * For each facet, how many of the records matching `f` carry each value, most frequent first (then
 * by value). A facet is counted without its own filter — filtering on country TN still counts the
 * other countries, narrowed by every other filter — but always within the read scope. One
 * statement per facet. `today` (YYYY-MM-DD) divides opportunities into open and closed.
 */
export async function countFacets(
  db: Db,
  type: RecordType,
  f: RecordConditions,
  facets: readonly FacetName[],
  today: string = new Date().toISOString().slice(0, 10),
  /** Conditions to count a facet under instead of `f` without its own filter (the country facet when a region is chosen). */
  own: Partial<Record<FacetName, RecordConditions>> = {},
): Promise<Partial<Record<FacetName, FacetCount[]>>> {
  const t = tableOf(type);
  const counted = await Promise.all(
    facets.map(async (facet) => {
      const conditions = filterConditions(type, own[facet] ?? { ...f, [FACET_FILTER[facet]]: undefined });
      const where = conditions.length ? sql`where ${and(...conditions)}` : sql``;
      // Opportunities open to every country carry '*', which is not a country.
      const skip = facet === 'country' && type === 'opportunity' ? sql`where f.value <> '*'` : sql``;
      const result = await db.execute(sql`
        select f.value, count(*)::int as count
        from (select ${facetValue(type, facet, today)} as value from ${t} ${where}) as f
        ${skip}
        group by f.value
        order by count(*) desc, f.value collate "C"`);
      const rows = (result as unknown as { rows: Array<{ value: string; count: number | string }> }).rows;
      return [facet, rows.map((r) => ({ value: r.value, count: Number(r.count) }))] as const;
    }),
  );
  return Object.fromEntries(counted);
}

/** How many records match all the conditions. */
export async function countMatching(db: Db, type: RecordType, f: RecordConditions): Promise<number> {
  const t = tableOf(type) as typeof needs;
  const [row] = await db.select({ n: count() }).from(t).where(and(...filterConditions(type, f)));
  return Number(row?.n ?? 0);
}

/** Records of one type in creation order, a batch at a time (keyset pagination): for export. */
export async function* streamRecords(db: Db, type: RecordType, batchSize = 1000): AsyncGenerator<RecordRow[]> {
  const t = tableOf(type) as typeof needs;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await db
      .select(rowColumns(t))
      .from(t)
      .where(after ? or(gt(t.createdAt, after.createdAt), and(eq(t.createdAt, after.createdAt), gt(t.id, after.id))) : undefined)
      .orderBy(asc(t.createdAt), asc(t.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

export async function insertVersions(db: Db, versions: VersionWrite[]): Promise<void> {
  if (versions.length === 0) return;
  const names = columnNames(recordVersions);
  const rows = versions.map((v) => renameKeys({ ...v, doc: v.doc ?? null }, names));
  await insertJsonRows(db, recordVersions, JSON.stringify(rows), ['seq']);
}

/** Keeps the document of a version that is about to be replaced (it was the current one, stored without a copy). */
export async function archiveVersion(db: Db, type: RecordType, id: string, version: number, doc: Record<string, unknown>): Promise<void> {
  await db
    .update(recordVersions)
    .set({ doc })
    .where(and(eq(recordVersions.recordType, type), eq(recordVersions.recordId, id), eq(recordVersions.version, version), isNull(recordVersions.doc)));
}

/** A page of a record's versions, newest first. */
export async function listVersions(db: Db, type: RecordType, id: string, page: number, pageSize: number) {
  const where = and(eq(recordVersions.recordType, type), eq(recordVersions.recordId, id));
  const rows = await db
    .select({
      version: recordVersions.version,
      action: recordVersions.action,
      doc: recordVersions.doc,
      changes: recordVersions.changes,
      actor: recordVersions.actor,
      createdAt: recordVersions.createdAt,
      total: sql<number>`count(*) over ()`,
    })
    .from(recordVersions)
    .where(where)
    .orderBy(desc(recordVersions.version))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  let total = rows.length ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && page > 1) {
    const [c] = await db.select({ n: count() }).from(recordVersions).where(where);
    total = Number(c?.n ?? 0);
  }
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}

/**
 * Drops a registry table's GIN indexes and returns the statements that recreate them, read from
 * the catalog. A bulk load then builds each index once instead of updating it row by row (for a
 * search vector, hundreds of index entries per row). Inside a transaction, the drop, the load and
 * the rebuild commit or roll back together; the table is locked against readers meanwhile.
 */
export async function dropGinIndexes(db: Db, type: RecordType): Promise<string[]> {
  const table = getTableConfig(tableOf(type)).name;
  const result = await db.execute(
    sql`select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = ${table} and indexdef ilike '%using gin%'`,
  );
  const rows = (result as unknown as { rows: Array<{ indexname: string; indexdef: string }> }).rows;
  for (const r of rows) await db.execute(sql`drop index ${sql.identifier(r.indexname)}`);
  return rows.map((r) => r.indexdef);
}

/** Runs index definitions returned by dropGinIndexes. */
export async function recreateIndexes(db: Db, definitions: readonly string[]): Promise<void> {
  if (definitions.length) await db.execute(sql`set local maintenance_work_mem = '256MB'`);
  for (const definition of definitions) await db.execute(sql.raw(definition));
}
