import type { FC } from 'hono/jsx';
import type { RecordType } from '../../lib/ids.ts';
import type { PresentedRecord } from '../../services/records/present-record.ts';
import type { FacetName as AnyFacet, FacetResult } from '../../services/records/facets.ts';
import { isArea } from '../../vocab/catalog.ts';
import { areaLabel, formatDate, formatNumber, labelOf, labelsOf } from './format.ts';
import { Layout, type PageContext } from './layout.tsx';

/** The facets a search page shows (the open/closed deadline facet is the "open only" box instead). */
type FacetName = Exclude<AnyFacet, 'deadline'>;
export type FacetCounts = FacetResult['facets'];

/** The vocabulary whose labels name a facet's values. */
export const FACET_VOCABULARY = (type: RecordType): Record<FacetName, string> => ({
  country: 'countries',
  target: 'gbf-targets',
  subject: 'cbd-subjects',
  assistanceType: 'assistance-types',
  language: 'languages',
  status: `${type}-statuses`,
  kind: type === 'provider' ? 'provider-kinds' : 'opportunity-kinds',
});

/** The facets of each search page, in the order shown. */
export const FACETS: Record<RecordType, FacetName[]> = {
  need: ['country', 'target', 'subject', 'assistanceType', 'language', 'status'],
  provider: ['kind', 'country', 'target', 'subject', 'assistanceType', 'language', 'status'],
  opportunity: ['kind', 'country', 'target', 'subject', 'assistanceType', 'language', 'status'],
};

const FACET_LABEL: Record<FacetName, string> = {
  country: 'search.facetCountry',
  target: 'search.facetTarget',
  subject: 'search.facetSubject',
  assistanceType: 'search.facetAssistanceType',
  language: 'search.facetLanguage',
  status: 'search.facetStatus',
  kind: 'search.facetKind',
};

export interface SearchState {
  type: RecordType;
  plural: 'needs' | 'providers' | 'opportunities';
  /** The query as given in the address: each parameter and its values. */
  params: URLSearchParams;
  items: PresentedRecord[];
  total: number;
  page: number;
  pageSize: number;
  facets: FacetCounts;
  /** Facets whose full list was asked for (`more=country`). */
  expanded: string[];
  /** The name of the provider the list is limited to (`providerId`), when there is one. */
  providerName?: string;
}

/** Filters that come from links (a region, the area a provider serves, one provider's offers), shown so they can be removed. */
const OtherFilters: FC<{ p: PageContext; s: SearchState }> = ({ p, s }) => {
  const shown = (['region', 'serves', 'providerId'] as const).flatMap((name) =>
    s.params.getAll(name).flatMap((v) => v.split(',')).filter(Boolean).map((value) => ({
      name,
      value,
      label: name === 'providerId' ? s.providerName ?? value : isArea(value) ? areaLabel(p, value) : labelOf(p, 'countries', value),
    })),
  );
  return shown.length ? (
    <fieldset class="facet">
      <legend>{p.t('search.otherFilters')}</legend>
      <ul>
        {shown.map((f) => (
          <li>
            <label class="checkbox">
              <input type="checkbox" name={f.name} value={f.value} checked />
              <span>{f.label}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  ) : null;
};

/** The address of this search with some parameters replaced (an empty list removes one). */
function withParams(s: SearchState, changes: Record<string, string[]>): string {
  const q = new URLSearchParams(s.params);
  for (const [k, v] of Object.entries(changes)) {
    q.delete(k);
    for (const x of v) q.append(k, x);
  }
  const text = q.toString();
  return `/${s.plural}${text ? `?${text}` : ''}`;
}

const SHOWN = 8;

const Facet: FC<{ p: PageContext; s: SearchState; name: FacetName }> = ({ p, s, name }) => {
  const selected = s.params.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
  const counts = s.facets[name] ?? [];
  const known = new Set(counts.map((c) => c.value));
  const all = [...counts, ...selected.filter((v) => !known.has(v)).map((value) => ({ value, count: 0 }))];
  if (all.length === 0) return null;
  const expanded = s.expanded.includes(name);
  const shown = expanded ? all : all.filter((c, i) => i < SHOWN || selected.includes(c.value));
  const vocabulary = FACET_VOCABULARY(s.type)[name];
  return (
    <fieldset class="facet">
      <legend>{p.t(FACET_LABEL[name])}</legend>
      <ul>
        {shown.map((c) => (
          <li>
            <label class="checkbox">
              <input type="checkbox" name={name} value={c.value} checked={selected.includes(c.value)} />
              <span>{labelOf(p, vocabulary, c.value)}</span> <span class="count">({formatNumber(p, c.count)})</span>
            </label>
          </li>
        ))}
      </ul>
      {!expanded && all.length > shown.length ? <a href={withParams(s, { more: [...s.expanded, name] })}>{p.t('search.more', { count: all.length })}</a> : null}
    </fieldset>
  );
};

function sortOptions(type: RecordType): Array<[string, string]> {
  const options: Array<[string, string]> = [
    ['', 'search.sortRelevance'],
    ['-createdAt', 'search.sortNewest'],
    ['createdAt', 'search.sortOldest'],
    ['title', 'search.sortTitle'],
  ];
  if (type === 'opportunity') options.push(['deadline', 'search.sortDeadline']);
  return options;
}

const Result: FC<{ p: PageContext; s: SearchState; r: PresentedRecord }> = ({ p, s, r }) => {
  const title = String(r.title ?? r.name);
  const text = String(r.description ?? '');
  const countries = s.type === 'provider' ? [String(r.country ?? r.nationality ?? '')].filter(Boolean) : s.type === 'need' ? (r.countries as string[]) : [];
  return (
    <li>
      <h3>
        <a href={`/${s.plural}/${r.id}`} lang={String(r.language)} dir="auto">
          {title}
        </a>
      </h3>
      <p class="meta">
        {[
          ...labelsOf(p, 'countries', countries),
          ...labelsOf(p, 'gbf-targets', (r.targets as string[] | undefined)?.slice(0, 3)),
          s.type === 'opportunity' && r.applicationDeadline ? p.t('home.deadline', { date: formatDate(p, String(r.applicationDeadline)) }) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p lang={String(r.language)} dir="auto">{text.length > 240 ? `${text.slice(0, 240)}…` : text}</p>
    </li>
  );
};

/** A registry's search page: keywords, facets with counts, sorting, pages; every state is an address. */
export const SearchPage: FC<{ p: PageContext; s: SearchState }> = ({ p, s }) => {
  const pages = Math.max(1, Math.ceil(s.total / s.pageSize));
  const title = p.t(`types.${s.plural}`);
  const q = s.params.get('q') ?? '';
  const sort = s.params.get('sort') ?? '';
  return (
    <Layout p={p} title={q ? `${q} · ${title}` : title}>
      <h1>{title}</h1>
      <p>
        <a href={`/${s.plural}/new`}>{p.t(`form.new_${s.type}`)}</a>
      </p>
      <form method="get" action={`/${s.plural}`} class="search-page">
        <div class="search-row" role="search">
          <label for="search-q" class="visually-hidden">
            {p.t('search.keywords')}
          </label>
          <input id="search-q" type="search" name="q" value={q} />
          <button type="submit">{p.t('home.searchButton')}</button>
        </div>
        <div class="search-layout">
          <div class="filters">
            <h2>{p.t('search.filters')}</h2>
            {s.type === 'opportunity' ? (
              <label class="checkbox">
                <input type="checkbox" name="open" value="true" checked={s.params.get('open') === 'true'} /> {p.t('search.openOnly')}
              </label>
            ) : null}
            <OtherFilters p={p} s={s} />
            {FACETS[s.type].map((f) => (
              <Facet p={p} s={s} name={f} />
            ))}
            <button type="submit">{p.t('search.apply')}</button>
            <p>
              <a href={`/${s.plural}`}>{p.t('search.clear')}</a>
            </p>
          </div>
          <div class="results">
            <div class="results-head">
              <p role="status">{p.t('search.results', { count: formatNumber(p, s.total) })}</p>
              <label for="search-sort">{p.t('search.sort')}</label>
              <select id="search-sort" name="sort">
                {sortOptions(s.type).map(([value, key]) => (
                  <option value={value} selected={value === sort}>
                    {p.t(key)}
                  </option>
                ))}
              </select>
            </div>
            {s.items.length ? (
              <ul class="records">
                {s.items.map((r) => (
                  <Result p={p} s={s} r={r} />
                ))}
              </ul>
            ) : (
              <div class="empty">
                <p>
                  <strong>{p.t('search.noResults')}</strong>
                </p>
                <p>{p.t('search.tryThis')}</p>
              </div>
            )}
            {pages > 1 ? (
              <nav aria-label={p.t('search.pagination')} class="pagination">
                {s.page > 1 ? (
                  <a href={withParams(s, { page: [String(s.page - 1)] })} rel="prev">
                    {p.t('search.previous')}
                  </a>
                ) : null}
                <span>{p.t('search.pageOf', { page: formatNumber(p, s.page), pages: formatNumber(p, pages) })}</span>
                {s.page < pages ? (
                  <a href={withParams(s, { page: [String(s.page + 1)] })} rel="next">
                    {p.t('search.next')}
                  </a>
                ) : null}
              </nav>
            ) : null}
          </div>
        </div>
      </form>
    </Layout>
  );
};
