import { OPPORTUNITY_KINDS } from '../../domain/records/opportunity.ts';
import { listRecords as queryRecords, type RecordConditions, type RecordFilter, type SortKey } from '../../db/queries/records.ts';
import { STATUSES } from '../../domain/records/statuses.ts';
import { queryTerms, toTsQuery } from '../../domain/text/analyze.ts';
import { type FieldError, validationError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import { canSeePersonalData, readScope } from '../../policies/records.ts';
import { countriesIn, hasConcept, isArea } from '../../vocab/catalog.ts';
import type { ServiceContext } from '../context.ts';
import { type PresentedRecord, presentRecord } from './present-record.ts';

/** Filters as a client gives them; every list holds any-of values, different filters combine with AND. */
export interface FilterQuery {
  country?: string[];
  region?: string[];
  serves?: string[];
  target?: string[];
  subject?: string[];
  assistanceType?: string[];
  status?: string[];
  language?: string[];
  kind?: string[];
  providerId?: string;
  /** Opportunities only: leave out those whose application deadline has passed. */
  open?: boolean;
  q?: string;
}

/** Filters, order and page of a list. */
export interface ListQuery extends FilterQuery {
  sort?: SortKey;
  page: number;
  pageSize: number;
}

export interface ListResult {
  items: PresentedRecord[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A page of the records of `type` the actor may see, filtered and sorted. Regions and country
 * groups expand to their countries. Throws AppError validation_failed naming any unknown filter value.
 */
export async function listRecords(ctx: ServiceContext, type: RecordType, query: ListQuery): Promise<ListResult> {
  const filter: RecordFilter = {
    ...buildFilter(ctx, type, query),
    sort: query.sort ?? (query.q ? 'relevance' : '-updatedAt'),
    page: query.page,
    pageSize: query.pageSize,
  };
  const { rows, total } = await queryRecords(ctx.db, type, filter);
  const items = rows.map((row) => presentRecord(type, row, { personal: canSeePersonalData(ctx.actor, type, row) }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/**
 * Checks a query's filters and turns them into query conditions, scoped to what the actor may
 * read (readScope): regions and country groups expanded, the keyword analysed. Throws AppError
 * validation_failed naming every unknown filter value. Shared by lists and facet counts.
 */
export function buildFilter(ctx: ServiceContext, type: RecordType, query: FilterQuery, extraErrors: readonly FieldError[] = []): RecordConditions {
  const errors: FieldError[] = [...extraErrors];
  const known = (param: string, vocabulary: string, values?: string[]) =>
    values?.forEach((v) => hasConcept(vocabulary, v) || errors.push({ path: param, message: `"${v}" is not in the ${vocabulary} vocabulary` }));
  known('country', 'countries', query.country);
  known('serves', 'countries', query.serves);
  known('target', 'gbf-targets', query.target);
  known('subject', 'cbd-subjects', query.subject);
  known('assistanceType', 'assistance-types', query.assistanceType);
  known('language', 'languages', query.language);
  query.region?.forEach((r) => isArea(r) || errors.push({ path: 'region', message: `"${r}" is not a region, regional group or country group` }));
  if (type === 'opportunity') query.kind?.forEach((k) => (OPPORTUNITY_KINDS as readonly string[]).includes(k) || errors.push({ path: 'kind', message: `must be one of: ${OPPORTUNITY_KINDS.join(', ')}` }));
  query.status?.forEach((s) => STATUSES[type].includes(s) || errors.push({ path: 'status', message: `must be one of: ${STATUSES[type].join(', ')}` }));
  if (errors.length) throw validationError(errors, 'The query');

  return {
    countries: countryFilter(query.country, query.region),
    served: query.serves,
    targets: query.target,
    subjects: query.subject,
    assistanceTypes: query.assistanceType,
    languages: query.language,
    kinds: query.kind,
    providerId: query.providerId,
    statuses: query.status?.length ? query.status : undefined,
    scope: readScope(ctx.actor, type),
    openOn: query.open ? ctx.now().toISOString().slice(0, 10) : undefined,
    tsquery: query.q ? toTsQuery(queryTerms(query.q)) : null,
  };
}

/** Countries named directly and countries of the named areas; both given means both must hold. */
function countryFilter(countries?: string[], regions?: string[]): string[] | undefined {
  const fromRegions = regions?.length ? new Set(regions.flatMap((r) => countriesIn(r) ?? [])) : undefined;
  if (countries?.length && fromRegions) {
    const both = countries.filter((c) => fromRegions.has(c));
    return both.length ? both : ['--'];
  }
  if (countries?.length) return countries;
  return fromRegions ? (fromRegions.size ? [...fromRegions] : ['--']) : undefined;
}

