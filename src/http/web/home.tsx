import type { FC } from 'hono/jsx';
import type { PresentedRecord } from '../../services/records/present-record.ts';
import { Layout, type PageContext } from './layout.tsx';
import { formatDate, formatNumber, labelsOf } from './format.ts';

export interface HomeData {
  figures: { needs: number; providers: number; opportunities: number; countries: number; matches: number };
  latestNeeds: PresentedRecord[];
  latestOpportunities: PresentedRecord[];
}

const recordLang = (r: PresentedRecord) => (typeof r.language === 'string' ? r.language : undefined);

/** The front page: what the platform is for, a search box, headline figures, the latest needs and opportunities. */
export const Home: FC<{ p: PageContext; d: HomeData }> = ({ p, d }) => (
  <Layout p={p} title={p.t('home.title')}>
    <h1>{p.t('home.title')}</h1>
    <p>{p.t('home.intro')}</p>
    <form method="get" action="/search" role="search" class="search">
      <label for="home-q">{p.t('home.searchLabel')}</label>
      <div class="search-row">
        <input id="home-q" type="search" name="q" />
        <label for="home-type" class="visually-hidden">
          {p.t('home.searchWhat')}
        </label>
        <select id="home-type" name="type">
          <option value="needs">{p.t('types.needs')}</option>
          <option value="providers">{p.t('types.providers')}</option>
          <option value="opportunities">{p.t('types.opportunities')}</option>
        </select>
        <button type="submit">{p.t('home.searchButton')}</button>
      </div>
    </form>

    <section aria-labelledby="figures">
      <h2 id="figures">{p.t('home.figures')}</h2>
      <ul class="figures">
        <li>
          <a href="/needs">
            <strong>{formatNumber(p, d.figures.needs)}</strong> {p.t('home.openNeeds')}
          </a>
        </li>
        <li>
          <a href="/providers">
            <strong>{formatNumber(p, d.figures.providers)}</strong> {p.t('home.providers')}
          </a>
        </li>
        <li>
          <a href="/opportunities?open=true">
            <strong>{formatNumber(p, d.figures.opportunities)}</strong> {p.t('home.openOpportunities')}
          </a>
        </li>
        <li>
          <strong>{formatNumber(p, d.figures.countries)}</strong> {p.t('home.countries')}
        </li>
        <li>
          <strong>{formatNumber(p, d.figures.matches)}</strong> {p.t('home.matchesMade')}
        </li>
      </ul>
    </section>

    <section aria-labelledby="latest-needs">
      <h2 id="latest-needs">{p.t('home.latestNeeds')}</h2>
      {d.latestNeeds.length ? (
        <ul class="records">
          {d.latestNeeds.map((n) => (
            <li>
              <a href={`/needs/${n.id}`} lang={recordLang(n)} dir="auto">
                {String(n.title)}
              </a>
              <span class="meta">
                {labelsOf(p, 'countries', n.countries as string[]).join(', ')} · {p.t('home.published', { date: formatDate(p, String(n.createdAt)) })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{p.t('home.noNeeds')}</p>
      )}
      <p>
        <a href="/needs">{p.t('home.allNeeds')}</a>
      </p>
    </section>

    <section aria-labelledby="latest-opportunities">
      <h2 id="latest-opportunities">{p.t('home.latestOpportunities')}</h2>
      {d.latestOpportunities.length ? (
        <ul class="records">
          {d.latestOpportunities.map((o) => (
            <li>
              <a href={`/opportunities/${o.id}`} lang={recordLang(o)} dir="auto">
                {String(o.title)}
              </a>
              {o.applicationDeadline ? <span class="meta">{p.t('home.deadline', { date: formatDate(p, String(o.applicationDeadline)) })}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{p.t('home.noOpportunities')}</p>
      )}
      <p>
        <a href="/opportunities?open=true">{p.t('home.allOpportunities')}</a>
      </p>
    </section>
    {p.signedIn ? null : (
      <p>
        <a href="/account/signup">{p.t('home.submitNeed')}</a>
      </p>
    )}
  </Layout>
);
