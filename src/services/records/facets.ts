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
  const [counts, total] = await Promise.all([countFacets(ctx.db, type, filter, wanted, today, own), countMatching(ctx.db, type, filter)]);
  return { facets: counts, total };
}
