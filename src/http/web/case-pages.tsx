import type { FC } from 'hono/jsx';
import type { FieldError } from '../../lib/errors.ts';
import type { MatchItem } from '../../services/matching/find-matches.ts';
import type { AgreementView } from '../../services/lifecycle/agreements.ts';
import type { CaseEventView, QueueItem } from '../../services/lifecycle/helpdesk.ts';
import type { MatchView } from '../../services/lifecycle/matches.ts';
import type { LifecycleView } from '../../services/lifecycle/transition-need.ts';
import { AGREEMENT_TYPES } from '../../domain/lifecycle/agreement.ts';
import { formatDate, formatNumber, labelOf } from './format.ts';
import { CsrfInput, fieldMessage, Layout, Notice, type PageContext } from './layout.tsx';
import { countryShapes, MAP_HEIGHT, MAP_WIDTH } from './coverage-map.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';

// The help desk on the web: a centre's queue, the global one, the coverage of the centres, and the
// case page of a request — its state and the moves the reader may make, its matches and agreements,
// its questions, notes and conversation. Every action is a small form (no JavaScript).

export interface CaseData {
  need: Record<string, any>;
  lifecycle: LifecycleView;
  events: CaseEventView[];
  matches: Array<MatchView & { offerTitle: string }>;
  agreements: AgreementView[];
  /** Suggestions the reader may propose as matches (owners and reviewers, while the request looks for partners). */
  suggestions: MatchItem[];
  owner: boolean;
  reviewer: boolean;
  openQuestion: boolean;
  notice?: string;
  errors?: FieldError[];
  message?: string;
}

const action = (id: string, what: string) => `/needs/${id}/case/${what}`;

const Problems: FC<{ p: PageContext; d: CaseData }> = ({ p, d }) =>
  d.message || d.errors?.length ? (
    <div class="error-summary" role="alert" tabindex={-1} id="problems">
      <h2>{p.t('errors.summary')}</h2>
      <ul>
        {d.message ? <li>{d.message}</li> : null}
        {(d.errors ?? []).map((e) => (
          <li>{fieldMessage(p, e)}</li>
        ))}
      </ul>
    </div>
  ) : null;

/** A one-field form: a labelled text area and a button. */
const TextForm: FC<{ p: PageContext; to: string; name: string; label: string; button: string; id: string; hidden?: Record<string, string>; rows?: number }> = ({ p, to, name, label, button, id, hidden = {}, rows = 3 }) => (
  <form method="post" action={to} class="case-form">
    <CsrfInput p={p} />
    {Object.entries(hidden).map(([k, v]) => (
      <input type="hidden" name={k} value={v} />
    ))}
    <label for={id}>{label}</label>
    <textarea id={id} name={name} rows={rows} dir="auto" />
    <button type="submit">{button}</button>
  </form>
);

const Moves: FC<{ p: PageContext; d: CaseData }> = ({ p, d }) => {
  const id = String(d.need.id);
  return d.lifecycle.available.length ? (
    <section aria-labelledby="moves">
      <h2 id="moves">{p.t('case.moves')}</h2>
      <ul class="moves">
        {d.lifecycle.available.map((m) => (
          <li>
            <form method="post" action={action(id, 'move')}>
              <CsrfInput p={p} />
              <input type="hidden" name="transition" value={m.transition} />
              <label for={`reason-${m.transition}`}>
                {m.reasonRequired ? p.t('case.reasonRequired') : p.t('case.reasonOptional')}
              </label>
              <input type="text" id={`reason-${m.transition}`} name="reason" dir="auto" />
              {d.reviewer ? (
                <>
                  <label for={`via-${m.transition}`}>{p.t('case.via')}</label>
                  <select id={`via-${m.transition}`} name="via">
                    {(['platform', 'email', 'phone'] as const).map((v) => (
                      <option value={v}>{p.t(`case.via_${v}`)}</option>
                    ))}
                  </select>
                </>
              ) : null}
              <button type="submit">{p.t(`case.move_${m.transition}`)}</button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  ) : null;
};

const Matches: FC<{ p: PageContext; d: CaseData }> = ({ p, d }) => {
  const id = String(d.need.id);
  const proposed = new Set(d.matches.filter((m) => m.state !== 'declined').map((m) => m.offerId));
  const canPropose = (d.owner || d.reviewer) && ['published', 'in_matchmaking'].includes(d.lifecycle.state);
  return (
    <section aria-labelledby="case-matches">
      <h2 id="case-matches">{p.t('case.matches')}</h2>
      {d.matches.length === 0 ? <p>{p.t('case.noMatches')}</p> : null}
      <ul class="records">
        {d.matches.map((m) => (
          <li>
            <a href={`/${REGISTRIES[m.offerType].plural}/${m.offerId}`}>{m.offerTitle}</a> — <span class="badge">{p.t(`case.matchState_${m.state}`)}</span>
            <span class="meta">
              {p.t('case.requesterSide')}: {m.requesterAccepted ? p.t('case.accepted') : p.t('case.notYet')} · {p.t('case.providerSide')}: {m.providerAccepted ? p.t('case.accepted') : p.t('case.notYet')}
              {m.declineReason ? ` · ${m.declineReason}` : ''}
            </span>
            {m.available.map((t) => (
              <form method="post" action={action(id, 'match')} class="inline-form">
                <CsrfInput p={p} />
                <input type="hidden" name="matchId" value={m.id} />
                <input type="hidden" name="transition" value={t} />
                {t === 'decline' ? (
                  <>
                    <label for={`decline-${m.id}`}>{p.t('case.reasonRequired')}</label>
                    <input type="text" id={`decline-${m.id}`} name="reason" dir="auto" />
                  </>
                ) : null}
                <button type="submit" class={t === 'decline' ? 'secondary' : undefined}>
                  {p.t(`case.matchMove_${t}`)}
                </button>
              </form>
            ))}
            {m.state === 'accepted' && !d.agreements.some((a) => a.matchId === m.id) ? <AgreementForm p={p} d={d} match={m} /> : null}
          </li>
        ))}
      </ul>
      {canPropose && d.suggestions.some((s) => !proposed.has(s.id)) ? (
        <>
          <h3>{p.t('case.propose')}</h3>
          <ul class="records">
            {d.suggestions
              .filter((s) => !proposed.has(s.id))
              .map((s) => (
                <li>
                  <form method="post" action={action(id, 'propose')} class="inline-form">
                    <CsrfInput p={p} />
                    <input type="hidden" name="offerId" value={s.id} />
                    <a href={`/${REGISTRIES[s.kind].plural}/${s.id}`}>{s.title}</a>{' '}
                    <button type="submit" class="secondary small">
                      {p.t('case.proposeThis')}
                    </button>
                  </form>
                  <span class="meta">{s.reasons[0]?.text}</span>
                </li>
              ))}
          </ul>
        </>
      ) : null}
    </section>
  );
};

const AgreementForm: FC<{ p: PageContext; d: CaseData; match: MatchView }> = ({ p, d, match }) => {
  const f = (name: string) => `agr-${match.id}-${name}`;
  return (
    <details class="agreement-form">
      <summary>{p.t('case.proposeAgreement')}</summary>
      <form method="post" action={action(String(d.need.id), 'agreement')}>
        <CsrfInput p={p} />
        <input type="hidden" name="matchId" value={match.id} />
        <label for={f('type')}>{p.t('case.agreementType')}</label>
        <select id={f('type')} name="type">
          {AGREEMENT_TYPES.map((t) => (
            <option value={t}>{p.t(`case.type_${t}`)}</option>
          ))}
        </select>
        <label for={f('summary')}>{p.t('case.agreementSummary')}</label>
        <textarea id={f('summary')} name="summary" rows={3} dir="auto" />
        <label for={f('start')}>{p.t('form.start')}</label>
        <input type="date" id={f('start')} name="startDate" />
        <label for={f('end')}>{p.t('form.end')}</label>
        <input type="date" id={f('end')} name="endDate" />
        <label for={f('languages')}>{p.t('case.agreementLanguages')}</label>
        <input type="text" id={f('languages')} name="languages" value={String(d.need.language ?? '')} aria-describedby={`${f('languages')}-h`} />
        <p class="hint" id={`${f('languages')}-h`}>
          {p.t('case.agreementLanguagesHint')}
        </p>
        <label for={f('budget')}>{p.t('form.budgetAmount')}</label>
        <input type="text" inputmode="decimal" id={f('budget')} name="budgetAmount" />
        <label for={f('currency')}>{p.t('form.currency')}</label>
        <input type="text" id={f('currency')} name="budgetCurrency" maxlength={3} />
        <div class="checkbox">
          <input type="checkbox" id={f('south')} name="ledBySouthernPartner" value="true" />
          <label class="checkbox-label" for={f('south')}>
            {p.t('case.ledBySouth')}
          </label>
        </div>
        <div class="checkbox">
          <input type="checkbox" id={f('iplc')} name="ledByIplc" value="true" />
          <label class="checkbox-label" for={f('iplc')}>
            {p.t('case.ledByIplc')}
          </label>
        </div>
        <button type="submit">{p.t('case.proposeAgreement')}</button>
      </form>
    </details>
  );
};

const Agreements: FC<{ p: PageContext; d: CaseData }> = ({ p, d }) =>
  d.agreements.length ? (
    <section aria-labelledby="case-agreements">
      <h2 id="case-agreements">{p.t('case.agreements')}</h2>
      {d.agreements.map((a) => {
        const id = String(d.need.id);
        return (
          <article class="agreement">
            <h3>
              {p.t(`case.type_${String(a.type)}`)} — <span class="badge">{p.t(`case.agreementState_${a.state}`)}</span>
            </h3>
            <dl class="fields">
              <dt>{p.t('case.agreementSummary')}</dt>
              <dd dir="auto">{String(a.summary ?? '')}</dd>
              <dt>{p.t('record.dates')}</dt>
              <dd>{p.t('record.range', { start: formatDate(p, String(a.startDate)), end: formatDate(p, String(a.endDate)) })}</dd>
              <dt>{p.t('case.modality')}</dt>
              <dd>{p.t(`case.modality_${a.modality}`)}</dd>
              <dt>{p.t('case.parties')}</dt>
              <dd>{a.countries.map((c) => labelOf(p, 'countries', c)).join(', ')}</dd>
            </dl>
            {a.available.includes('confirm') ? (
              <form method="post" action={action(id, 'confirm')}>
                <CsrfInput p={p} />
                <input type="hidden" name="agreementId" value={a.id} />
                <button type="submit">{p.t('case.confirmAgreement')}</button>
              </form>
            ) : null}
            {a.available.includes('update') ? <TextForm p={p} to={action(id, 'progress')} name="text" label={p.t('case.progress')} button={p.t('case.sendProgress')} id={`progress-${a.id}`} hidden={{ agreementId: a.id }} /> : null}
            {a.available.includes('evaluate') ? (
              <form method="post" action={action(id, 'evaluate')} class="case-form">
                <CsrfInput p={p} />
                <input type="hidden" name="agreementId" value={a.id} />
                <input type="hidden" name="language" value={p.lang} />
                <fieldset class="field">
                  <legend>{p.t('case.usefulness')}</legend>
                  <ul class="choices inline">
                    {[1, 2, 3, 4, 5].map((n) => (
                      <li>
                        <input type="radio" id={`use-${a.id}-${n}`} name="usefulness" value={String(n)} />
                        <label class="checkbox-label" for={`use-${a.id}-${n}`}>
                          {formatNumber(p, n)}
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <label for={`changes-${a.id}`}>{p.t('case.whatChanged')}</label>
                <textarea id={`changes-${a.id}`} name="changes" rows={3} dir="auto" />
                <label for={`lessons-${a.id}`}>{p.t('case.lessons')}</label>
                <textarea id={`lessons-${a.id}`} name="lessons" rows={3} dir="auto" />
                <div class="checkbox">
                  <input type="checkbox" id={`publish-${a.id}`} name="publish" value="true" />
                  <label class="checkbox-label" for={`publish-${a.id}`}>
                    {p.t('case.publishLesson')}
                  </label>
                </div>
                <button type="submit">{p.t('case.sendEvaluation')}</button>
              </form>
            ) : null}
            {a.evaluations.length ? (
              <ul>
                {a.evaluations.map((e) => (
                  <li>
                    {p.t(e.side === 'requester' ? 'case.requesterSide' : 'case.providerSide')}: {formatNumber(p, e.usefulness)}/5 — <span dir="auto">{e.lessons}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </article>
        );
      })}
    </section>
  ) : null;

const Timeline: FC<{ p: PageContext; d: CaseData }> = ({ p, d }) => (
  <section aria-labelledby="case-events">
    <h2 id="case-events">{p.t('case.events')}</h2>
    {d.events.length === 0 ? <p>{p.t('case.noEvents')}</p> : null}
    <ol class="history">
      {d.events.map((e) => (
        <li>
          <time datetime={e.at}>{formatDate(p, e.at)}</time> — <strong>{p.t(`case.event_${e.kind}`)}</strong>
          {e.kind === 'transition' && e.name ? `: ${p.t(`case.move_${e.name}`)}` : ''}
          {e.kind === 'message' && e.data.matchId ? ` — ${p.t('case.threadMatch', { partner: d.matches.find((m) => m.id === e.data.matchId)?.offerTitle ?? '' })}` : ''}
          {e.via !== 'platform' ? ` (${p.t(`case.via_${e.via}`)})` : ''}
          {e.text ? (
            <div class="text" dir="auto">
              {e.text}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  </section>
);

/** The case page of a request: state and moves, matches, agreements, questions, notes, conversation. */
export const CasePage: FC<{ p: PageContext; d: CaseData }> = ({ p, d }) => {
  const id = String(d.need.id);
  const title = String(d.need.title);
  return (
    <Layout p={p} title={p.t('case.title', { title })}>
      <p class="breadcrumb">
        <a href={`/needs/${id}`}>{title}</a>
      </p>
      <h1>{p.t('case.heading')}</h1>
      <p class="meta">
        <span lang={String(d.need.language)} dir="auto">
          {title}
        </span>{' '}
        · <span class="badge">{labelOf(p, 'need-statuses', d.lifecycle.state)}</span>
      </p>
      {d.notice ? <Notice>{d.notice}</Notice> : null}
      <Problems p={p} d={d} />
      <Moves p={p} d={d} />
      <Matches p={p} d={d} />
      <Agreements p={p} d={d} />
      <section aria-labelledby="case-talk">
        <h2 id="case-talk">{p.t('case.conversation')}</h2>
        {d.openQuestion && d.owner ? <TextForm p={p} to={action(id, 'answer')} name="answer" label={p.t('case.answer')} button={p.t('case.sendAnswer')} id="case-answer" /> : null}
        <form method="post" action={action(id, 'message')} class="case-form">
          <CsrfInput p={p} />
          {d.matches.some((m) => m.state !== 'declined') ? (
            <>
              <label for="case-thread">{p.t('case.thread')}</label>
              <select id="case-thread" name="matchId">
                {d.owner || d.reviewer ? <option value="">{p.t('case.threadAll')}</option> : null}
                {d.matches
                  .filter((m) => m.state !== 'declined')
                  .map((m) => (
                    <option value={m.id}>{p.t('case.threadMatch', { partner: m.offerTitle })}</option>
                  ))}
              </select>
            </>
          ) : null}
          <label for="case-message">{p.t('case.message')}</label>
          <textarea id="case-message" name="text" rows={3} dir="auto" />
          <button type="submit">{p.t('case.send')}</button>
        </form>
        {d.reviewer ? (
          <>
            <TextForm p={p} to={action(id, 'question')} name="question" label={p.t('case.question')} button={p.t('case.ask')} id="case-question" />
            <TextForm p={p} to={action(id, 'note')} name="text" label={p.t('case.note')} button={p.t('case.addNote')} id="case-note" rows={2} />
            <TextForm p={p} to={action(id, 'escalate')} name="reason" label={p.t('case.escalate')} button={p.t('case.escalateButton')} id="case-escalate" rows={2} />
            <form method="post" action={action(id, 'take')}>
              <CsrfInput p={p} />
              <button type="submit" class="secondary">
                {p.t('case.take')}
              </button>
            </form>
          </>
        ) : null}
      </section>
      <Timeline p={p} d={d} />
    </Layout>
  );
};

/** A queue: a centre's, or the global one. */
export const QueuePage: FC<{ p: PageContext; heading: string; items: QueueItem[]; total: number; names: Record<string, string> }> = ({ p, heading, items, total, names }) => (
  <Layout p={p} title={heading}>
    <h1>{heading}</h1>
    <p role="status">{p.t('search.results', { count: formatNumber(p, total) })}</p>
    {items.length === 0 ? (
      <p class="empty">{p.t('queue.empty')}</p>
    ) : (
      <table>
        <caption class="visually-hidden">{heading}</caption>
        <thead>
          <tr>
            <th scope="col">{p.t('queue.request')}</th>
            <th scope="col">{p.t('queue.status')}</th>
            <th scope="col">{p.t('queue.age')}</th>
            <th scope="col">{p.t('queue.next')}</th>
            <th scope="col">{p.t('queue.assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr>
              <td>
                <a href={`/needs/${i.id}/case`} dir="auto">
                  {i.title}
                </a>
                <span class="meta">{i.countries.map((c) => labelOf(p, 'countries', c)).join(', ')}</span>
                {i.escalated ? <span class="badge">{p.t('queue.escalated')}</span> : null} {i.flagged ? <span class="badge">{p.t('queue.flagged')}</span> : null}
              </td>
              <td>{labelOf(p, 'need-statuses', i.status)}</td>
              <td>{p.t('queue.days', { age: formatNumber(p, i.ageDays), idle: formatNumber(p, i.idleDays) })}</td>
              <td>{p.t(`queue.next_${i.nextAction}`)}</td>
              <td>{i.assignee ? names[i.assignee] ?? i.assignee : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);

/** The centres, the countries each serves, and the countries none serves. */
export const CoveragePage: FC<{ p: PageContext; centres: Array<{ id: string; name: string; region: string | null; countries: string[] }>; uncovered: string[]; served: Record<string, number> }> = ({ p, centres, uncovered, served }) => (
  <Layout p={p} title={p.t('coverage.title')}>
    <h1>{p.t('coverage.title')}</h1>
    <p>{p.t('coverage.intro')}</p>
    <figure class="coverage-map">
      <svg viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="img" aria-labelledby="map-title">
        <title id="map-title">{p.t('coverage.mapTitle')}</title>
        {countryShapes().map((s) => {
          const n = s.code ? served[s.code] : undefined;
          const cls = n === undefined ? 'cov-na' : n === 0 ? 'cov-0' : n === 1 ? 'cov-1' : 'cov-2';
          return (
            <path d={s.d} class={cls}>
              {s.code ? <title>{`${labelOf(p, 'countries', s.code)}: ${p.t('coverage.servedBy', { count: formatNumber(p, n ?? 0) })}`}</title> : null}
            </path>
          );
        })}
      </svg>
      <figcaption>
        <span class="swatch cov-0" /> {p.t('coverage.legendNone')} <span class="swatch cov-1" /> {p.t('coverage.legendOne')} <span class="swatch cov-2" /> {p.t('coverage.legendSeveral')}
      </figcaption>
    </figure>
    <section aria-labelledby="uncovered">
      <h2 id="uncovered">{p.t('coverage.uncovered', { count: formatNumber(p, uncovered.length) })}</h2>
      <ul class="tags">
        {uncovered.map((c) => (
          <li>
            <a href={`/countries/${c}`}>{labelOf(p, 'countries', c)}</a>
          </li>
        ))}
      </ul>
    </section>
    <section aria-labelledby="centres">
      <h2 id="centres">{p.t('coverage.centres')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{p.t('coverage.centre')}</th>
            <th scope="col">{p.t('coverage.region')}</th>
            <th scope="col">{p.t('coverage.countries')}</th>
          </tr>
        </thead>
        <tbody>
          {centres.map((c) => (
            <tr>
              <td>{c.name}</td>
              <td>{c.region ? labelOf(p, 'regions', c.region) : ''}</td>
              <td>
                {formatNumber(p, c.countries.length)}: {c.countries.map((x) => labelOf(p, 'countries', x)).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  </Layout>
);
