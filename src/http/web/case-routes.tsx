import type { Context, Hono } from 'hono';
import { findUserById } from '../../db/queries/accounts.ts';
import { AppError } from '../../lib/errors.ts';
import { hasRole, isAdmin, scopesOf } from '../../policies/actor.ts';
import { lifecycleRoles } from '../../policies/records.ts';
import { centreCoverage, listCentres } from '../../services/accounts/roles.ts';
import type { ServiceContext } from '../../services/context.ts';
import { addProgress, confirmAgreement, evaluateAgreement, listAgreements, proposeAgreement } from '../../services/lifecycle/agreements.ts';
import { addNote, answerClarification, askClarification, assignCase, caseEvents, centreQueue, escalateCase, globalQueue, openQuestion, postMessage } from '../../services/lifecycle/helpdesk.ts';
import { listMatches, moveMatch, proposeMatch } from '../../services/lifecycle/matches.ts';
import { needLifecycle, transitionNeed } from '../../services/lifecycle/transition-need.ts';
import { findMatches } from '../../services/matching/find-matches.ts';
import { getRecord } from '../../services/records/get-record.ts';
import type { AppEnv } from '../auth.ts';
import { type CaseData, CasePage, CoveragePage, QueuePage } from './case-pages.tsx';
import { parseAmount, type FormValues } from './record-form.ts';
import type { PageHelpers } from './record-form-routes.tsx';

type C = Context<AppEnv>;


const NOTICES: Record<string, string> = {
  move: 'case.done_move', message: 'case.done_message', note: 'case.done_note', question: 'case.done_question', answer: 'case.done_answer', escalate: 'case.done_escalate',
  take: 'case.done_take', propose: 'case.done_propose', match: 'case.done_match', agreement: 'case.done_agreement', confirm: 'case.done_confirm', progress: 'case.done_progress', evaluate: 'case.done_evaluate',
};

/**
 * The help desk pages: a request's case (/needs/{id}/case, with one POST route per action through
 * /needs/{id}/case/{action}), the queues (/helpdesk…) and the centres' coverage (/centres). The
 * case page needs a browser session; each action redirects back to it with a notice, or shows it
 * again with the problem in the reader's language.
 */
export function caseRoutes(app: Hono<AppEnv>, h: PageHelpers): void {
  const signInFirst = (c: C) => c.redirect(`/account/signin?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);

  async function caseData(c: C, id: string): Promise<CaseData | Response> {
    const ctx = c.get('ctx');
    let need: Record<string, any>;
    try {
      need = (await getRecord(ctx, 'need', id)) as unknown as Record<string, any>;
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return c.notFound();
      throw err;
    }
    const facts = { id, status: String(need.status), doc: need };
    const roles = lifecycleRoles(ctx.actor, facts);
    const owner = roles.includes('owner');
    const reviewer = roles.includes('reviewer');
    const matches = await listMatches(ctx, id);
    if (!owner && !reviewer && matches.length === 0) {
      const p = h.page(c);
      return h.html(c, <QueuePage p={p} heading={p.t('case.notInvolved')} items={[]} total={0} names={{}} />, 403);
    }
    const events = await caseEvents(ctx, id);
    const suggestions = (owner || reviewer) && ctx.matching?.state === 'ready' && ['published', 'in_matchmaking'].includes(String(need.status))
      ? (await findMatches(ctx, 'need', id, { limit: 8, kind: 'all', lang: h.page(c).lang }).catch(() => ({ items: [] }))).items
      : [];
    const named = [];
    for (const m of matches) {
      const offer = await getRecord(ctx, m.offerType, m.offerId).catch(() => undefined);
      named.push({ ...m, offerTitle: String((offer as Record<string, unknown> | undefined)?.title ?? (offer as Record<string, unknown> | undefined)?.name ?? m.offerId) });
    }
    return {
      need,
      lifecycle: await needLifecycle(ctx, id),
      events,
      matches: named,
      agreements: await listAgreements(ctx, id),
      suggestions,
      owner,
      reviewer,
      openQuestion: !!openQuestion(events),
    };
  }

  app.get('/needs/:id/case', async (c) => {
    if (!h.isSession(c)) return signInFirst(c);
    const d = await caseData(c, c.req.param('id'));
    if (d instanceof Response) return d;
    const p = h.page(c);
    const done = c.req.query('done');
    return h.html(c, <CasePage p={p} d={{ ...d, notice: done && NOTICES[done] ? p.t(NOTICES[done]) : undefined }} />);
  });

  app.post('/needs/:id/case/:action', async (c) => {
    if (!h.isSession(c)) return signInFirst(c);
    const id = c.req.param('id');
    const what = c.req.param('action');
    const ctx = c.get('ctx');
    const p = h.page(c);
    let v: FormValues;
    try {
      v = await h.formValues(c);
    } catch (err) {
      if (err instanceof AppError && err.code === 'csrf_failed') return h.html(c, <QueuePage p={p} heading={p.t('errors.csrf_failed')} items={[]} total={0} names={{}} />, 403);
      throw err;
    }
    const one = (name: string) => (v[name]?.[0] ?? '').trim();
    try {
      switch (what) {
        case 'move':
          await transitionNeed(ctx, id, { transition: one('transition'), reason: one('reason') || null, via: (['email', 'phone'].includes(one('via')) ? one('via') : 'platform') as 'platform' });
          break;
        case 'message':
          await postMessage(ctx, id, { text: one('text'), matchId: one('matchId') || undefined });
          break;
        case 'note':
          await addNote(ctx, id, { text: one('text') });
          break;
        case 'question':
          await askClarification(ctx, id, { question: one('question') });
          break;
        case 'answer':
          await answerClarification(ctx, id, { answer: one('answer') });
          break;
        case 'escalate':
          await escalateCase(ctx, id, { reason: one('reason') });
          break;
        case 'take':
          await assignCase(ctx, id, { userId: ctx.actor.kind === 'user' ? ctx.actor.userId : '' });
          break;
        case 'propose':
          await proposeMatch(ctx, id, { offerId: one('offerId') });
          break;
        case 'match':
          await moveMatch(ctx, one('matchId'), { transition: one('transition'), reason: one('reason') || null });
          break;
        case 'agreement': {
          const amount = one('budgetAmount');
          await proposeAgreement(ctx, one('matchId'), {
            type: one('type'),
            summary: one('summary'),
            startDate: one('startDate'),
            endDate: one('endDate'),
            languages: one('languages').split(/[\s,]+/).filter(Boolean),
            budget: amount ? { amount: parseAmount(amount), currency: one('budgetCurrency').toUpperCase() } : null,
            ledBySouthernPartner: one('ledBySouthernPartner') === 'true',
            ledByIplc: one('ledByIplc') === 'true',
          });
          break;
        }
        case 'confirm':
          await confirmAgreement(ctx, one('agreementId'));
          break;
        case 'progress':
          await addProgress(ctx, one('agreementId'), { text: one('text') });
          break;
        case 'evaluate':
          await evaluateAgreement(ctx, one('agreementId'), { usefulness: Number(one('usefulness')), changes: one('changes'), lessons: one('lessons'), language: one('language') || p.lang, publish: one('publish') === 'true' });
          break;
        default:
          return c.notFound();
      }
      return c.redirect(`/needs/${id}/case?done=${what}`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'not_found') return c.notFound();
      const status = ({ validation_failed: 400, forbidden: 403, conflict: 409, version_mismatch: 409, rate_limited: 429 } as Record<string, number>)[err.code];
      if (!status) throw err;
      const d = await caseData(c, id);
      if (d instanceof Response) return d;
      const message = err.fields.length ? undefined : p.t(err.code === 'forbidden' ? 'case.notAllowed' : err.code === 'conflict' ? 'case.conflict' : 'errors.generic');
      return h.html(c, <CasePage p={p} d={{ ...d, errors: err.fields, message }} />, status);
    }
  });

  // ---- queues
  async function names(ctx: ServiceContext, ids: Array<string | null>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const id of new Set(ids.filter((x): x is string => !!x))) out[id] = (await findUserById(ctx.db, id))?.name ?? id;
    return out;
  }
  const pageNo = (c: C) => Math.min(10_000, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));

  app.get('/helpdesk', async (c) => {
    if (!h.isSession(c)) return signInFirst(c);
    const actor = c.get('actor');
    const centres = scopesOf(actor, 'centre_staff');
    if (centres.length === 1 && !hasRole(actor, 'gce') && !isAdmin(actor)) return c.redirect(`/helpdesk/centres/${centres[0]}`, 303);
    if (centres.length === 0 && (hasRole(actor, 'gce') || isAdmin(actor))) return c.redirect('/helpdesk/global', 303);
    if (centres.length === 0) return c.redirect('/account', 303);
    return c.redirect(`/helpdesk/centres/${centres[0]}`, 303);
  });
  app.get('/helpdesk/centres/:centreId', async (c) => {
    if (!h.isSession(c)) return signInFirst(c);
    const p = h.page(c);
    const ctx = c.get('ctx');
    try {
      const q = await centreQueue(ctx, c.req.param('centreId'), pageNo(c), 50);
      return h.html(c, <QueuePage p={p} heading={p.t('queue.centre', { name: q.centre.name })} items={q.items} total={q.total} names={await names(ctx, q.items.map((i) => i.assignee))} />);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return c.notFound();
      if (err instanceof AppError && err.code === 'forbidden') return h.html(c, <QueuePage p={p} heading={p.t('case.notAllowed')} items={[]} total={0} names={{}} />, 403);
      throw err;
    }
  });
  app.get('/helpdesk/global', async (c) => {
    if (!h.isSession(c)) return signInFirst(c);
    const p = h.page(c);
    const ctx = c.get('ctx');
    try {
      const q = await globalQueue(ctx, pageNo(c), 50);
      return h.html(c, <QueuePage p={p} heading={p.t('queue.global')} items={q.items} total={q.total} names={await names(ctx, q.items.map((i) => i.assignee))} />);
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') return h.html(c, <QueuePage p={p} heading={p.t('case.notAllowed')} items={[]} total={0} names={{}} />, 403);
      throw err;
    }
  });

  // ---- the centres and their coverage (public)
  app.get('/centres', async (c) => {
    const ctx = c.get('ctx');
    const [centres, coverage] = await Promise.all([listCentres(ctx), centreCoverage(ctx)]);
    const served = Object.fromEntries(coverage.countries.map((x) => [x.code, x.centres.length]));
    return h.html(c, <CoveragePage p={h.page(c)} centres={centres} uncovered={coverage.uncovered} served={served} />);
  });
}
