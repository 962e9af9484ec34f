import { countFacets, countMatching, type FacetCount, type FacetName, FACETS_OF } from '../../db/queries/records.ts';
import type { FieldError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import type { ServiceContext } from '../context.ts';
import { buildFilter, type FilterQuery } from './list-records.ts';

export { FACETS_OF, type FacetCount, type FacetName };

export interface FacetResult {
  /** Per requested facet, its values with how many matching records carry each, most frequent first. */
  facets: Partial<Record<FacetName, FacetCount[]>>;
  /** How many records match all the filters. */
  total: number;
}

/**
 * Facet counts for a search page of `type`: for each facet (default: all the registry has), how
 * many of the records the actor may see carry each value. A facet is counted with every filter
 * but its own (so choosing country TN still shows how many records other countries have); a chosen
 * region stays a limit on the country facet. Opportunities' `deadline` facet counts `open` (no deadline,
 * or not yet passed) and `closed`, leaving out `open=true`. Validates the filters as listRecords
 * does; unknown facet names are refused, naming `facets`.
 */
export async function facetCounts(ctx: ServiceContext, type: RecordType, query: FilterQuery, facets?: readonly string[]): Promise<FacetResult> {
  const available: readonly string[] = FACETS_OF[type];
  const errors: FieldError[] = [];
  for (const f of facets ?? []) {
    if (!available.includes(f)) errors.push({ path: 'facets', message: `"${f}" is not a facet of ${type === 'opportunity' ? 'opportunities' : `${type}s`}; use ${available.join(', ')}` });
  }
  const filter = buildFilter(ctx, type, query, errors);
  const wanted = (facets?.length ? [...new Set(facets)] : available) as FacetName[];
  const today = ctx.now().toISOString().slice(0, 10);
  // A chosen region stays a limit on the country facet (buildFilter expands it): only the chosen countries are left out.
  const own = query.region?.length && wanted.includes('country') ? { country: buildFilter(ctx, type, { ...query, country: undefined }) } : {};
  const key = JSON.stringify([type, filter, wanted, today, own]);
  const cached = fromCache(ctx, type, key);
  if (cached) return cached;
  const [counts, total] = await Promise.all([countFacets(ctx.db, type, filter, wanted, today, own), countMatching(ctx.db, type, filter)]);
  return toCache(ctx, type, key, { facets: counts, total });
}

// Counting facets over every visible record costs more than a second at 100,000 needs, and the
// unfiltered search pages ask for exactly that on every visit. Results are kept per database and
// per filter (the reader's scope is part of the filter) until a record of that type changes in
// this process, or for at most CACHE_SECONDS (changes made by other processes).
const CACHE_SECONDS = 30;
const CACHE_ENTRIES = 500;
const caches = new WeakMap<object, { generation: Record<RecordType, number>; entries: Map<string, { at: number; generation: number; result: FacetResult }> }>();

function cacheOf(ctx: ServiceContext) {
  let c = caches.get(ctx.db);
  if (!c) caches.set(ctx.db, (c = { generation: { need: 0, provider: 0, opportunity: 0 }, entries: new Map() }));
  return c;
}

function fromCache(ctx: ServiceContext, type: RecordType, key: string): FacetResult | undefined {
  const c = cacheOf(ctx);
  const hit = c.entries.get(key);
  if (!hit || hit.generation !== c.generation[type] || Date.now() - hit.at > CACHE_SECONDS * 1000) return undefined;
  return hit.result;
}

function toCache(ctx: ServiceContext, type: RecordType, key: string, result: FacetResult): FacetResult {
  const c = cacheOf(ctx);
  if (c.entries.size >= CACHE_ENTRIES) c.entries.delete(c.entries.keys().next().value!);
  c.entries.set(key, { at: Date.now(), generation: c.generation[type], result });
  return result;
}

/** Forgets the facet counts of these types in this database (after a write). */
export function facetsChanged(db: object, types: readonly RecordType[]): void {
  const c = caches.get(db);
  if (c) for (const t of types) c.generation[t]++;
}
