import type { FC } from 'hono/jsx';
import type { CentreView } from '../../services/accounts/roles.ts';
import type { PresentedRecord } from '../../services/records/present-record.ts';
import { formatNumber, labelOf } from './format.ts';
import { Layout, type PageContext } from './layout.tsx';

export interface CountryData {
  code: string;
  region?: string;
  subregion?: string;
  needs: { items: PresentedRecord[]; total: number };
  providers: { items: PresentedRecord[]; total: number };
  opportunities: { items: PresentedRecord[]; total: number };
  centres: CentreView[];
}

const List: FC<{ plural: string; items: PresentedRecord[]; empty: string }> = ({ plural, items, empty }) =>
  items.length ? (
    <ul class="records">
      {items.map((r) => (
        <li>
          <a href={`/${plural}/${r.id}`} lang={String(r.language)} dir="auto">
            {String(r.title ?? r.name)}
          </a>
        </li>
      ))}
    </ul>
  ) : (
    <p>{empty}</p>
  );

/** One country: its requests, the providers based there, what it may apply to, the centres serving it. */
export const CountryPage: FC<{ p: PageContext; d: CountryData }> = ({ p, d }) => {
  const name = labelOf(p, 'countries', d.code);
  return (
    <Layout p={p} title={name}>
      <p class="breadcrumb">
        <a href="/countries">{p.t('country.title')}</a>
      </p>
      <h1>{name}</h1>
      {d.region ? (
        <p class="meta">
          {p.t('country.region')}: {labelOf(p, 'regions', d.region)}
          {d.subregion ? ` · ${labelOf(p, 'regions', d.subregion)}` : ''}
        </p>
      ) : null}
      <ul class="figures">
        <li>
          <a href={`/needs?country=${d.code}`}>
            <strong>{formatNumber(p, d.needs.total)}</strong> {p.t('country.needs')}
          </a>
        </li>
        <li>
          <a href={`/providers?country=${d.code}`}>
            <strong>{formatNumber(p, d.providers.total)}</strong> {p.t('country.providers')}
          </a>
        </li>
        <li>
          <a href={`/opportunities?country=${d.code}&open=true`}>
            <strong>{formatNumber(p, d.opportunities.total)}</strong> {p.t('country.opportunities')}
          </a>
        </li>
      </ul>
      <section aria-labelledby="c-needs">
        <h2 id="c-needs">{p.t('country.needs')}</h2>
        <List plural="needs" items={d.needs.items} empty={p.t('country.noNeeds')} />
        {d.needs.total > d.needs.items.length ? (
          <p>
            <a href={`/needs?country=${d.code}`}>{p.t('country.allNeeds')}</a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="c-providers">
        <h2 id="c-providers">{p.t('country.providers')}</h2>
        <List plural="providers" items={d.providers.items} empty={p.t('country.noProviders')} />
        {d.providers.total > d.providers.items.length ? (
          <p>
            <a href={`/providers?country=${d.code}`}>{p.t('country.allProviders')}</a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="c-centres">
        <h2 id="c-centres">{p.t('country.centres')}</h2>
        {d.centres.length ? (
          <ul>
            {d.centres.map((c) => (
              <li>{c.name}</li>
            ))}
          </ul>
        ) : (
          <p>{p.t('country.noCentre')}</p>
        )}
      </section>
    </Layout>
  );
};

/** Every country taking part, with its numbers of requests and providers. */
export const CountriesPage: FC<{ p: PageContext; rows: Array<{ code: string; needs: number; providers: number }> }> = ({ p, rows }) => {
  const sorted = [...rows].sort((a, b) => labelOf(p, 'countries', a.code).localeCompare(labelOf(p, 'countries', b.code), p.lang));
  return (
    <Layout p={p} title={p.t('country.title')}>
      <h1>{p.t('country.title')}</h1>
      <p>{p.t('country.intro')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{p.t('country.tableCountry')}</th>
            <th scope="col">{p.t('country.tableNeeds')}</th>
            <th scope="col">{p.t('country.tableProviders')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr>
              <th scope="row">
                <a href={`/countries/${r.code}`}>{labelOf(p, 'countries', r.code)}</a>
              </th>
              <td>{formatNumber(p, r.needs)}</td>
              <td>{formatNumber(p, r.providers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
};
