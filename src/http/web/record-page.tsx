import type { Child, FC } from 'hono/jsx';
import type { RecordType } from '../../lib/ids.ts';
import type { MatchItem } from '../../services/matching/find-matches.ts';
import type { HistoryEntry } from '../../services/records/record-history.ts';
import { areaLabel, formatDate, formatMoney, labelOf } from './format.ts';
import { Layout, Notice, type PageContext } from './layout.tsx';
import { REGISTRIES } from '../../domain/records/registry.ts';

type Rec = Record<string, any>;
const PLURAL = (type: RecordType) => REGISTRIES[type].plural;

export interface RecordPageData {
  type: RecordType;
  record: Rec;
  /** The provider offering an opportunity (its name), when the reader may see it. */
  providerName?: string;
  /** Suggested matches; undefined while the matchmaking index is still loading. */
  matches?: MatchItem[];
  history: HistoryEntry[];
  /** What was just done (after a save), in the reader's language. */
  notice?: string;
  /** Links for what the reader may do with the record (edit, offer an opportunity). */
  actions?: Array<{ href: string; text: string }>;
}

/** Vocabulary ids as links to the search page filtered on each. */
const Tags: FC<{ p: PageContext; type: RecordType; param: string; vocabulary: string; ids?: string[] }> = ({ p, type, param, vocabulary, ids }) =>
  ids?.length ? (
    <ul class="tags">
      {ids.map((id) => (
        <li>
          <a href={`/${PLURAL(type)}?${param}=${encodeURIComponent(id)}`}>{labelOf(p, vocabulary, id)}</a>
        </li>
      ))}
    </ul>
  ) : null;

/** One row of the details list; left out when it has nothing to show. */
const Row: FC<{ label: string; children?: Child; show?: unknown }> = ({ label, children, show }) =>
  show === undefined || show === null || show === '' || (Array.isArray(show) && show.length === 0) || show === false ? null : (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );

const Text: FC<{ lang: string; text?: string | null }> = ({ lang, text }) => (text ? <div lang={lang} dir="auto" class="text">{text}</div> : null);

function range(p: PageContext, start?: string | null, end?: string | null): string {
  if (start && end) return p.t('record.range', { start: formatDate(p, start), end: formatDate(p, end) });
  return start ? formatDate(p, start) : end ? formatDate(p, end) : '';
}

const NeedDetails: FC<{ p: PageContext; r: Rec }> = ({ p, r }) => (
  <dl class="fields">
    <Row label={p.t('record.countries')} show={r.countries}>
      <ul class="tags">
        {(r.countries as string[]).map((code) => (
          <li>
            <a href={`/countries/${code}`}>{labelOf(p, 'countries', code)}</a>
          </li>
        ))}
      </ul>
    </Row>
    <Row label={p.t('record.organisation')} show={r.organisation?.name}>
      <span lang={r.language} dir="auto">{r.organisation?.name}</span>
      {r.organisation?.acronym ? ` (${r.organisation.acronym})` : ''} — {labelOf(p, 'organisation-types', r.organisation?.type)}
      {r.organisation?.providerId ? (
        <>
          {' '}
          · <a href={`/providers/${r.organisation.providerId}`}>{p.t('record.provider')}</a>
        </>
      ) : null}
    </Row>
    <Row label={p.t('record.targets')} show={r.targets}>
      <Tags p={p} type="need" param="target" vocabulary="gbf-targets" ids={r.targets} />
    </Row>
    <Row label={p.t('record.subjects')} show={r.subjects}>
      <Tags p={p} type="need" param="subject" vocabulary="cbd-subjects" ids={r.subjects} />
    </Row>
    <Row label={p.t('record.assistanceTypes')} show={r.assistanceTypes}>
      <Tags p={p} type="need" param="assistanceType" vocabulary="assistance-types" ids={r.assistanceTypes} />
    </Row>
    <Row label={p.t('record.beneficiaries')} show={r.beneficiaries}>
      {(r.beneficiaries as string[]).map((b) => labelOf(p, 'organisation-types', b)).join(', ')}
    </Row>
    <Row label={p.t('record.timeframe')} show={range(p, r.timeframe?.start, r.timeframe?.end)}>
      {range(p, r.timeframe?.start, r.timeframe?.end)}
    </Row>
    <Row label={p.t('record.budget')} show={r.budget}>
      {r.budget ? formatMoney(p, r.budget.amount, r.budget.currency) : ''}
    </Row>
    <Row label={p.t('record.cofinancing')} show={r.cofinancing}>
      {r.cofinancing ? formatMoney(p, r.cofinancing.amount, r.cofinancing.currency) : ''}
      {r.cofinancing?.source ? <span lang={r.language} dir="auto"> — {r.cofinancing.source}</span> : null}
    </Row>
    <Row label={p.t('record.iplc')} show={r.iplc}>
      {r.iplc?.involved ? p.t('record.iplcInvolved', { status: labelOf(p, 'fpic-statuses', r.iplc.fpicStatus) }) : p.t('record.iplcNotInvolved')}
    </Row>
    <Row label={p.t('record.genderAspects')} show={r.genderAspects}>
      <Text lang={r.language} text={r.genderAspects} />
    </Row>
    <Row label={p.t('record.youthAspects')} show={r.youthAspects}>
      <Text lang={r.language} text={r.youthAspects} />
    </Row>
  </dl>
);

const ProviderDetails: FC<{ p: PageContext; r: Rec }> = ({ p, r }) => (
  <dl class="fields">
    <Row label={p.t('record.kind')} show={r.kind}>
      {labelOf(p, 'provider-kinds', r.kind)}
      {r.organisationType ? ` — ${labelOf(p, 'organisation-types', r.organisationType)}` : ''}
    </Row>
    <Row label={p.t('record.basedIn')} show={r.country}>
      <Tags p={p} type="provider" param="country" vocabulary="countries" ids={r.country ? [r.country] : []} />
    </Row>
    <Row label={p.t('record.nationality')} show={r.nationality}>
      {labelOf(p, 'countries', r.nationality)}
    </Row>
    <Row label={p.t('record.affiliation')} show={r.affiliation}>
      <span lang={r.language} dir="auto">{r.affiliation}</span>
    </Row>
    <Row label={p.t('record.website')} show={r.website}>
      <a href={r.website} rel="nofollow noopener noreferrer">
        {r.website}
      </a>
    </Row>
    <Row label={p.t('record.languagesSpoken')} show={r.languages}>
      {(r.languages as Array<{ code: string; level?: string }>).map((l) => labelOf(p, 'languages', l.code) + (l.level ? ` (${labelOf(p, 'language-levels', l.level)})` : '')).join(', ')}
    </Row>
    <Row label={p.t('record.regionsServed')} show={r.regionsServed}>
      {(r.regionsServed as string[]).map((a) => areaLabel(p, a)).join(', ')}
    </Row>
    <Row label={p.t('record.countriesServed')} show={r.countriesServed}>
      {(r.countriesServed as string[]).map((c) => labelOf(p, 'countries', c)).join(', ')}
    </Row>
    <Row label={p.t('record.expertise')} show={r.expertise}>
      <ul lang={r.language} dir="auto">
        {(r.expertise as string[]).map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </Row>
    <Row label={p.t('record.targets')} show={r.targets}>
      <Tags p={p} type="provider" param="target" vocabulary="gbf-targets" ids={r.targets} />
    </Row>
    <Row label={p.t('record.subjects')} show={r.subjects}>
      <Tags p={p} type="provider" param="subject" vocabulary="cbd-subjects" ids={r.subjects} />
    </Row>
    <Row label={p.t('record.assistanceFree')} show={r.assistanceTypesFree}>
      <Tags p={p} type="provider" param="assistanceType" vocabulary="assistance-types" ids={r.assistanceTypesFree} />
    </Row>
    <Row label={p.t('record.assistanceAtCost')} show={r.assistanceTypesAtCost}>
      <Tags p={p} type="provider" param="assistanceType" vocabulary="assistance-types" ids={r.assistanceTypesAtCost} />
    </Row>
    <Row label={p.t('record.trackRecord')} show={r.trackRecord}>
      <Text lang={r.language} text={r.trackRecord} />
    </Row>
  </dl>
);

const OpportunityDetails: FC<{ p: PageContext; r: Rec; providerName?: string }> = ({ p, r, providerName }) => {
  const el = r.eligibility ?? {};
  const openToAll = !el.countries?.length && !el.regions?.length;
  return (
    <dl class="fields">
      <Row label={p.t('record.provider')} show={r.providerId}>
        <a href={`/providers/${r.providerId}`}>{providerName ?? r.providerId}</a>
      </Row>
      <Row label={p.t('record.kind')} show={r.kind}>
        {labelOf(p, 'opportunity-kinds', r.kind)}
      </Row>
      <Row label={p.t('record.eligibility')} show={el}>
        {openToAll ? p.t('record.openToAll') : [...(el.countries ?? []).map((c: string) => labelOf(p, 'countries', c)), ...(el.regions ?? []).map((a: string) => areaLabel(p, a))].join(', ')}
        {el.organisationTypes?.length ? ` — ${(el.organisationTypes as string[]).map((o) => labelOf(p, 'organisation-types', o)).join(', ')}` : ''}
      </Row>
      <Row label={p.t('record.applicationDeadline')} show={r.applicationDeadline}>
        {r.applicationDeadline ? formatDate(p, r.applicationDeadline) : ''}
      </Row>
      <Row label={p.t('record.dates')} show={range(p, r.startDate, r.endDate)}>
        {range(p, r.startDate, r.endDate)}
      </Row>
      <Row label={p.t('record.languagesDelivered')} show={r.languages}>
        {(r.languages as string[]).map((l) => labelOf(p, 'languages', l)).join(', ')}
      </Row>
      <Row label={p.t('record.cost')} show={r.cost}>
        {r.cost?.free ? p.t('record.free') : r.cost?.amount !== undefined && r.cost?.amount !== null ? formatMoney(p, r.cost.amount, r.cost.currency ?? 'USD') : ''}
        {r.cost?.notes ? <span lang={r.language} dir="auto"> — {r.cost.notes}</span> : null}
      </Row>
      <Row label={p.t('record.targets')} show={r.targets}>
        <Tags p={p} type="opportunity" param="target" vocabulary="gbf-targets" ids={r.targets} />
      </Row>
      <Row label={p.t('record.subjects')} show={r.subjects}>
        <Tags p={p} type="opportunity" param="subject" vocabulary="cbd-subjects" ids={r.subjects} />
      </Row>
      <Row label={p.t('record.assistanceTypes')} show={r.assistanceTypes}>
        <Tags p={p} type="opportunity" param="assistanceType" vocabulary="assistance-types" ids={r.assistanceTypes} />
      </Row>
      <Row label={p.t('record.applicationProcess')} show={r.applicationProcess}>
        <Text lang={r.language} text={r.applicationProcess} />
      </Row>
      <Row label={p.t('record.applicationUrl')} show={r.applicationUrl}>
        <a href={r.applicationUrl} rel="nofollow noopener noreferrer">
          {r.applicationUrl}
        </a>
      </Row>
    </dl>
  );
};

const Matches: FC<{ p: PageContext; d: RecordPageData }> = ({ p, d }) => {
  const title = d.type === 'need' ? p.t('record.suggestions') : p.t('record.couldAnswer');
  return (
    <section aria-labelledby="matches">
      <h2 id="matches">{title}</h2>
      {d.type === 'need' ? <p>{p.t('record.suggestionsIntro')}</p> : null}
      {d.matches === undefined ? (
        <p>{p.t('record.suggestionsLoading')}</p>
      ) : d.matches.length === 0 ? (
        <p>{p.t('record.noSuggestions')}</p>
      ) : (
        <ol class="matches">
          {d.matches.map((m) => (
            <li>
              <span class="badge">{p.t(`record.matchKind_${m.kind}`)}</span> <a href={`/${PLURAL(m.kind)}/${m.id}`}>{m.title}</a>
              <ul class="reasons">
                {m.reasons.map((r) => (
                  <li>{r.text}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
};

const History: FC<{ p: PageContext; entries: HistoryEntry[] }> = ({ p, entries }) => (
  <section aria-labelledby="history">
    <h2 id="history">{p.t('record.history')}</h2>
    <ol class="history">
      {entries.map((e) => (
        <li>
          <time datetime={e.at}>{formatDate(p, e.at)}</time> —{' '}
          {e.action === 'update' ? p.t('record.historyChanged', { fields: e.changes.map((c) => c.field).join(', ') }) : e.action === 'import' ? p.t('record.historyImported') : p.t('record.historyCreated')}
        </li>
      ))}
    </ol>
  </section>
);

/** The description, the details and the contact of a record (also the preview on its form). */
export const RecordBody: FC<{ p: PageContext; type: RecordType; r: Rec; providerName?: string; idPrefix?: string }> = ({ p, type, r, providerName, idPrefix = '' }) => (
  <>
      <Text lang={r.language} text={r.description} />
      <section aria-labelledby={`${idPrefix}details`}>
        <h2 id={`${idPrefix}details`}>{p.t('record.details')}</h2>
        {type === 'need' ? <NeedDetails p={p} r={r} /> : type === 'provider' ? <ProviderDetails p={p} r={r} /> : <OpportunityDetails p={p} r={r} providerName={providerName} />}
        {r.contact && (r.contact.email || r.contact.phone || r.contact.name) ? (
          <dl class="fields">
            <Row label={p.t('record.contact')} show={r.contact.name ?? r.contact.email}>
              {r.contact.name ?? ''}
              {r.contact.position ? `, ${r.contact.position}` : ''}
              {r.contact.email ? (
                <>
                  {' · '}
                  <a href={`mailto:${r.contact.email}`}>{r.contact.email}</a>
                </>
              ) : null}
              {r.contact.phone ? ` · ${r.contact.phone}` : ''}
            </Row>
          </dl>
        ) : null}
      </section>
  </>
);

/** A need, provider or opportunity in readable form, with its tags as links, its matches and its history. */
export const RecordPage: FC<{ p: PageContext; d: RecordPageData }> = ({ p, d }) => {
  const r = d.record;
  const title = String(r.title ?? r.name ?? r.id);
  const statusVocabulary = `${d.type}-statuses`;
  return (
    <Layout p={p} title={title}>
      <p class="breadcrumb">
        <a href={`/${PLURAL(d.type)}`}>{p.t(`types.${PLURAL(d.type)}`)}</a>
      </p>
      <h1 lang={r.language} dir="auto">{title}</h1>
      <p class="meta">
        <span class="badge">{labelOf(p, statusVocabulary, r.status)}</span> · {p.t('record.language')}: {labelOf(p, 'languages', r.language)} · {formatDate(p, r.updatedAt)}
      </p>
      {d.notice ? <Notice>{d.notice}</Notice> : null}
      {d.actions?.length ? (
        <ul class="actions">
          {d.actions.map((a) => (
            <li>
              <a class="button" href={a.href}>
                {a.text}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <RecordBody p={p} type={d.type} r={r} providerName={d.providerName} />
      <Matches p={p} d={d} />
      <History p={p} entries={d.history} />
      <p>
        <a href={`/api/v1/${PLURAL(d.type)}/${encodeURIComponent(String(r.id))}`}>{p.t('record.json')}</a>
      </p>
    </Layout>
  );
};
