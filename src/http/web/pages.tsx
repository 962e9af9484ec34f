import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isLanguage, type Language, pickLanguage, translator } from '../../i18n/index.ts';
import { AppError, type FieldError } from '../../lib/errors.ts';
import * as accounts from '../../services/accounts/accounts.ts';
import { createToken, listTokens, revokeToken } from '../../services/tokens/tokens.ts';
import { getRecord } from '../../services/records/get-record.ts';
import { getRecordHistory } from '../../services/records/record-history.ts';
import { findMatches } from '../../services/matching/find-matches.ts';
import { type RecordType, recordTypeOfId } from '../../lib/ids.ts';
import { assertCanWrite } from '../../policies/records.ts';
import { scopesOf } from '../../policies/actor.ts';
import type { FormValues } from './record-form.ts';
import { recordFormRoutes } from './record-form-routes.tsx';
import { caseRoutes } from './case-routes.tsx';
import { type AppEnv, clearSessionCookie, maskSecret, sameSecret, setSessionCookie, unmaskSecret } from '../auth.ts';
import { clientAddress, limiter, type RateLimitSettings } from '../security.ts';
import { AccountPage, type AccountPageData, ChoosePasswordPage, type FormState, MessagePage, ResetRequestPage, SignInPage, SignUpPage, VerifyPage } from './account-pages.tsx';
import { type PageContext, renderDocument } from './layout.tsx';
import type { ServiceContext } from '../../services/context.ts';
import { RecordPage } from './record-page.tsx';
import { CountriesPage, CountryPage } from './country-page.tsx';
import { getConcept } from '../../vocab/catalog.ts';
import { listCentres } from '../../services/accounts/roles.ts';
import { FACETS, type FacetCounts, SearchPage } from './search-page.tsx';
import { facetCounts } from '../../services/records/facets.ts';
import { Home } from './home.tsx';
import { listRecords } from '../../services/records/list-records.ts';
import { countCountriesTakingPart, countMatchesMade } from '../../db/queries/figures.ts';
import { PUBLIC_STATUSES } from '../../domain/records/statuses.ts';
import { ANONYMOUS } from '../../policies/actor.ts';
import { API_REFERENCE_CSS } from './api-reference.tsx';
import { REGISTRIES } from '../../domain/records/registry.ts';

const CSS = readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8');
const LANG_COOKIE = 'coophub_lang';
/** A leaf, as the site's icon (also answers /favicon.ico, which browsers ask for). */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#1e6b34" d="M27 4C13 4 5 11 5 21c0 2 .4 3.6 1 5l-2 2 1.4 1.4 2.2-2.2C9 28.3 11 29 13 29c10 0 16-9 14-25zM9.4 25.2C12 19 17 14 23 10c-5 5-9 10-11.8 16.6z"/></svg>';
const CSRF_COOKIE = 'coophub_csrf';

export interface PageOptions {
  secureCookies: boolean;
  publicUrl: string;
  rateLimits: RateLimitSettings | undefined;
}

type C = Context<AppEnv>;

/**
 * Server-rendered pages: accounts (sign-up, sign-in, confirmation, reset, invitation, settings,
 * tokens) and a plain view of one record. Every form works without JavaScript and posts a CSRF
 * token: the session's, or before sign-in a random one kept in an HttpOnly cookie.
 */
export function pageRoutes(o: PageOptions) {
  const app = new Hono<AppEnv>();

  app.get('/assets/api.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(API_REFERENCE_CSS);
  });
  const icon = (c: C) => {
    c.header('Content-Type', 'image/svg+xml');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(FAVICON);
  };
  app.get('/favicon.svg', icon);
  app.get('/favicon.ico', icon);
  app.get('/assets/site.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CSS);
  });

  /** The reader's language: ?lang= (remembered in a cookie), the cookie, the account's, the browser's. */
  function languageOf(c: C): Language {
    const asked = c.req.query('lang');
    if (isLanguage(asked)) {
      setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', secure: o.secureCookies, maxAge: 365 * 86400 });
      return asked;
    }
    const cookie = getCookie(c, LANG_COOKIE);
    if (isLanguage(cookie)) return cookie;
    const actor = c.get('actor');
    if (actor.kind === 'user' && isLanguage(actor.language)) return actor.language;
    return pickLanguage(c.req.header('accept-language'));
  }

  function csrfOf(c: C): string {
    const session = c.get('csrfToken');
    if (session) return session;
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{32}$/.test(token)) {
      token = randomBytes(24).toString('base64url');
      setCookie(c, CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: o.secureCookies });
    }
    return token;
  }

  const isSession = (c: C) => {
    const a = c.get('actor');
    return a.kind === 'user' && a.via === 'session';
  };

  function page(c: C): PageContext {
    const lang = languageOf(c);
    const url = new URL(c.req.url);
    // Masked afresh for every page: compression never shows the same secret twice (BREACH).
    return { lang, t: translator(lang), signedIn: isSession(c), csrf: maskSecret(csrfOf(c)), path: `${url.pathname}${url.search}` };
  }

  /** The posted form with every value of every name, after checking its CSRF token and (when sent) the Origin header. */
  async function formValues(c: C): Promise<FormValues> {
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin && origin !== new URL(o.publicUrl).origin) {
      throw new AppError('csrf_failed', 'The form was sent from another site');
    }
    const body = await c.req.parseBody({ all: true });
    const values: FormValues = {};
    for (const [k, v] of Object.entries(body)) values[k] = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    const expected = c.get('csrfToken') ?? getCookie(c, CSRF_COOKIE);
    if (!sameSecret(unmaskSecret(values._csrf?.[0]), expected)) throw new AppError('csrf_failed', 'The form has expired: reload the page and send it again');
    delete values._csrf;
    return values;
  }

  /** The posted form, one value per name (forms without repeated names). */
  async function form(c: C): Promise<Record<string, string>> {
    const all = await formValues(c);
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v[0] ?? '']));
  }

  const limit = limiter(o.rateLimits);
  const ip = clientAddress;

  /** Turns an AppError into form state in the reader's language; rethrows anything else. */
  function stateOf(p: PageContext, err: unknown, values: Record<string, string>): FormState & { status: 400 | 401 | 403 | 404 | 409 | 423 | 429 | 503 } {
    if (!(err instanceof AppError)) throw err;
    const { password: _p, currentPassword: _cp, newPassword: _np, code: _c, token: _t, ...kept } = values;
    const seconds = err.retryAfter ?? 60;
    const message: Partial<Record<string, string>> = {
      invalid_credentials: err.fields.length ? undefined : p.t('errors.invalid_credentials'),
      account_locked: p.t('errors.account_locked', { minutes: Math.ceil(seconds / 60) }),
      email_not_verified: p.t('errors.email_not_verified'),
      rate_limited: p.t('errors.rate_limited', { seconds }),
      csrf_failed: p.t('errors.csrf_failed'),
      conflict: err.fields.length ? undefined : p.t('errors.conflict'),
      bad_request: p.t('verify.failed'),
      forbidden: p.t('errors.generic'),
      not_found: p.t('errors.generic'),
      unavailable: p.t('errors.generic'),
    };
    const status = ({ validation_failed: 400, bad_request: 400, invalid_credentials: 401, totp_required: 401, account_locked: 423, rate_limited: 429, csrf_failed: 403, email_not_verified: 403, conflict: 409, forbidden: 403, not_found: 404, unavailable: 503 } as const)[err.code as 'conflict'];
    if (!status) throw err;
    return { values: kept, errors: err.fields, message: message[err.code], status };
  }

  // Every page starts with the doctype (standards mode).
  const html = async (c: C, node: unknown, status = 200) => c.html(await renderDocument(node), status as never);

  // ---- home
  app.get('/', async (c) => {
    const p = page(c);
    const ctx = { ...c.get('ctx'), actor: ANONYMOUS }; // the public figures, whoever reads them
    const total = async (type: 'need' | 'provider', extra = {}) => (await listRecords(ctx, type, { page: 1, pageSize: 1, ...extra })).total;
    const latestNeeds = await listRecords(ctx, 'need', { page: 1, pageSize: 5, sort: '-createdAt' });
    const latestOpportunities = await listRecords(ctx, 'opportunity', { page: 1, pageSize: 5, sort: '-createdAt', open: true });
    const figures = {
      needs: latestNeeds.total,
      providers: await total('provider'),
      opportunities: latestOpportunities.total,
      countries: await countCountriesTakingPart(ctx.db, PUBLIC_STATUSES.need, PUBLIC_STATUSES.provider),
      matches: await countMatchesMade(ctx.db),
    };
    return html(c, <Home p={p} d={{ figures, latestNeeds: latestNeeds.items, latestOpportunities: latestOpportunities.items }} />);
  });

  // ---- sign-up
  app.get('/account/signup', (c) => html(c, <SignUpPage p={page(c)} s={{}} />));
  app.post('/account/signup', async (c) => {
    const p = page(c);
    let values: Record<string, string> = {};
    try {
      values = await form(c);
      await limit(c, 'signup', ip(c));
      await accounts.signUp(c.get('ctx'), values);
      return html(c, <SignUpPage p={p} s={{}} done />);
    } catch (err) {
      const s = stateOf(p, err, values);
      if (s.status === 429 && err instanceof AppError) c.header('Retry-After', String(err.retryAfter));
      return html(c, <SignUpPage p={p} s={s} />, s.status);
    }
  });

  // ---- sign-in / sign-out
  app.get('/account/signin', (c) => {
    const next = localPath(c.req.query('next'));
    return html(c, <SignInPage p={page(c)} s={next ? { values: { next } } : {}} />);
  });
  app.post('/account/signin', async (c) => {
    const p = page(c);
    let values: Record<string, string> = {};
    try {
      values = await form(c);
      await limit(c, 'signin', ip(c));
      await limit(c, 'signinPerAccount', String(values.email ?? '').trim().toLowerCase().slice(0, 320));
      const signedIn = await accounts.signIn(c.get('ctx'), values);
      setSessionCookie(c, o.secureCookies, signedIn);
      return c.redirect(localPath(values.next) ?? '/account', 303);
    } catch (err) {
      const s = stateOf(p, err, values);
      if (err instanceof AppError && err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
      return html(c, <SignInPage p={p} s={s} askCode={err instanceof AppError && err.code === 'totp_required'} />, s.status);
    }
  });
  app.post('/account/signout', async (c) => {
    const p = page(c);
    try {
      await form(c);
    } catch (err) {
      return html(c, <SignInPage p={p} s={stateOf(p, err, {})} />, 403);
    }
    await accounts.signOut(c.get('ctx'));
    clearSessionCookie(c, o.secureCookies);
    return html(c, <SignInPage p={{ ...p, signedIn: false }} s={{ notice: p.t('signin.signedOut') }} />);
  });

  // ---- confirmation links: GET shows a button (mail scanners that fetch links use nothing up), POST confirms.
  app.get('/account/verify', (c) => html(c, <VerifyPage p={page(c)} token={c.req.query('token') ?? ''} />));
  app.post('/account/verify', async (c) => {
    const p = page(c);
    try {
      const values = await form(c);
      const result = await accounts.verifyEmail(c.get('ctx'), values.token);
      if (result.changed) clearSessionCookie(c, o.secureCookies);
      return html(c, <MessagePage p={p} ok title={p.t('verify.title')} message={p.t(result.changed ? 'verify.changed' : 'verify.done', { email: result.email })} link={{ href: '/account/signin', text: p.t('site.signIn') }} />);
    } catch (err) {
      const s = stateOf(p, err, {});
      return html(c, <MessagePage p={p} ok={false} title={p.t('verify.title')} message={s.message ?? p.t('verify.failed')} />, s.status);
    }
  });

  // ---- password reset
  app.get('/account/reset', (c) => html(c, <ResetRequestPage p={page(c)} s={{}} />));
  app.post('/account/reset', async (c) => {
    const p = page(c);
    let values: Record<string, string> = {};
    try {
      values = await form(c);
      await limit(c, 'mail', ip(c));
      await accounts.requestPasswordReset(c.get('ctx'), values);
      return html(c, <ResetRequestPage p={p} s={{}} done />);
    } catch (err) {
      const s = stateOf(p, err, values);
      return html(c, <ResetRequestPage p={p} s={s} />, s.status);
    }
  });
  app.get('/account/reset/confirm', (c) => html(c, <ChoosePasswordPage p={page(c)} s={{}} token={c.req.query('token') ?? ''} kind="reset" />));
  app.post('/account/reset/confirm', async (c) => {
    const p = page(c);
    let values: Record<string, string> = {};
    try {
      values = await form(c);
      await accounts.resetPassword(c.get('ctx'), values);
      clearSessionCookie(c, o.secureCookies);
      return html(c, <MessagePage p={{ ...p, signedIn: false }} ok title={p.t('reset.title')} message={p.t('reset.done')} link={{ href: '/account/signin', text: p.t('site.signIn') }} />);
    } catch (err) {
      const s = stateOf(p, err, values);
      return html(c, <ChoosePasswordPage p={p} s={s} token={values.token ?? ''} kind="reset" />, s.status);
    }
  });

  // ---- invitation
  app.get('/account/invitation', (c) => html(c, <ChoosePasswordPage p={page(c)} s={{}} token={c.req.query('token') ?? ''} kind="invitation" />));
  app.post('/account/invitation', async (c) => {
    const p = page(c);
    let values: Record<string, string> = {};
    try {
      values = await form(c);
      const { email } = await accounts.acceptInvitation(c.get('ctx'), { token: values.token, password: values.password, name: values.name || undefined });
      return html(c, <MessagePage p={p} ok title={p.t('invitation.title')} message={p.t('invitation.done', { email })} link={{ href: '/account/signin', text: p.t('site.signIn') }} />);
    } catch (err) {
      const s = stateOf(p, err, values);
      return html(c, <ChoosePasswordPage p={p} s={s} token={values.token ?? ''} kind="invitation" />, s.status);
    }
  });

  // ---- account settings (a browser session only: tokens cannot use these pages)
  const signedInOnly = isSession;
  async function accountData(c: C, extra: Partial<AccountPageData> = {}): Promise<AccountPageData> {
    const ctx = c.get('ctx');
    const account = await accounts.getAccount(ctx);
    const names: Record<string, string> = {};
    const centres = account.roles.some((r) => r.role === 'centre_staff') ? await listCentres(ctx) : [];
    for (const r of account.roles) {
      if (r.role === 'provider_member' || r.role === 'expert') {
        names[r.scope] = (await providerName(ctx, r.scope)) ?? r.scope;
      }
      if (r.role === 'centre_staff') names[r.scope] = centres.find((c) => c.id === r.scope)?.name ?? r.scope;
    }
    return {
      names,
      account,
      tokens: (await listTokens(ctx)).filter((t) => !t.revokedAt),
      sessions: await accounts.listSessions(ctx),
      totpSetup: await accounts.pendingTotpSetup(ctx),
      ...extra,
    };
  }
  app.get('/account', async (c) => {
    if (!signedInOnly(c)) return c.redirect('/account/signin', 303);
    return html(c, <AccountPage p={page(c)} d={await accountData(c)} s={{}} />);
  });

  /** A settings form: runs `action` with the posted values and shows the account page with the outcome. */
  const settings = (name: AccountPageData['form'], action: (c: C, values: Record<string, string>, p: PageContext) => Promise<{ notice?: string; extra?: Partial<AccountPageData>; language?: Language }>) =>
    async (c: C) => {
      if (!signedInOnly(c)) return c.redirect('/account/signin', 303);
      const p = page(c);
      let values: Record<string, string> = {};
      try {
        values = await form(c);
        const { notice, extra, language } = await action(c, values, p);
        const fresh = language ? { ...p, lang: language, t: translator(language) } : p;
        return html(c, <AccountPage p={fresh} d={await accountData(c, { ...extra, form: name })} s={{ notice: notice ? fresh.t(notice) : undefined }} />);
      } catch (err) {
        const s = stateOf(p, err, values);
        return html(c, <AccountPage p={p} d={await accountData(c, { form: name })} s={s} />, s.status);
      }
    };

  app.post('/account/profile', settings('profile', async (c, v) => {
    const updated = await accounts.updateProfile(c.get('ctx'), { name: v.name, language: v.language, notifications: v.notifications || undefined });
    const language = isLanguage(updated.language) ? updated.language : undefined;
    if (language) setCookie(c, LANG_COOKIE, language, { path: '/', sameSite: 'Lax', secure: o.secureCookies, maxAge: 365 * 86400 });
    return { notice: 'account.profileSaved', language };
  }));
  app.post('/account/password', settings('password', async (c, v) => {
    await limit(c, 'signin', ip(c)); // proves the current password: limited like a sign-in
    await accounts.changePassword(c.get('ctx'), v);
    return { notice: 'account.passwordChanged' };
  }));
  app.post('/account/email', settings('email', async (c, v) => {
    await limit(c, 'mail', ip(c));
    await accounts.requestEmailChange(c.get('ctx'), v);
    return { notice: 'account.emailSent' };
  }));
  app.post('/account/totp/setup', settings('totp', async (c) => {
    await accounts.setupTotp(c.get('ctx'));
    return {};
  }));
  app.post('/account/totp/enable', settings('totp', async (c, v) => {
    await accounts.enableTotp(c.get('ctx'), v);
    return { notice: 'account.twoStepEnabled' };
  }));
  app.post('/account/totp/disable', settings('totp', async (c, v) => {
    await limit(c, 'signin', ip(c));
    await accounts.disableTotp(c.get('ctx'), v);
    return { notice: 'account.twoStepDisabled' };
  }));
  app.post('/account/sessions/end-others', settings('sessions', async (c) => {
    await accounts.endOtherSessions(c.get('ctx'));
    return { notice: 'account.sessionsEnded' };
  }));
  app.post('/account/tokens', settings('tokens', async (c, v) => {
    const days = v.expiresInDays?.trim() ? Number(v.expiresInDays) : undefined;
    const made = await createToken(c.get('ctx'), { name: v.name, readOnly: v.readOnly === 'true', expiresInDays: days });
    return { notice: 'account.tokenCreated', extra: { newToken: made.token } };
  }));
  app.post('/account/tokens/:tokenId/revoke', settings('tokens', async (c) => {
    await revokeToken(c.get('ctx'), c.req.param('tokenId') ?? '');
    return { notice: 'account.tokenRevoked' };
  }));

  // ---- search
  app.get('/search', (c) => {
    const type = c.req.query('type');
    const plural = type === 'providers' || type === 'opportunities' ? type : 'needs';
    const q = c.req.query('q')?.trim();
    return c.redirect(`/${plural}${q ? `?q=${encodeURIComponent(q)}` : ''}`, 303);
  });
  for (const [plural, type] of [['needs', 'need'], ['providers', 'provider'], ['opportunities', 'opportunity']] as const) {
    app.get(`/${plural}`, async (c) => {
      const p = page(c);
      const params = new URL(c.req.url).searchParams;
      const list = (name: string) => {
        const values = params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
        return values.length ? values : undefined;
      };
      const pageNo = Math.min(10_000, Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1));
      const sortParam = params.get('sort') ?? '';
      const sort = (['-createdAt', 'createdAt', 'title', '-title', 'deadline', '-updatedAt'] as const).find((x) => x === sortParam);
      const query = {
        q: params.get('q')?.trim().slice(0, 500) || undefined,
        country: list('country'),
        region: list('region'),
        serves: type === 'provider' ? list('serves') : undefined,
        providerId: type === 'opportunity' ? params.get('providerId') ?? undefined : undefined,
        target: list('target'),
        subject: list('subject'),
        assistanceType: list('assistanceType'),
        language: list('language'),
        status: list('status'),
        kind: list('kind'),
        open: type === 'opportunity' && params.get('open') === 'true' ? true : undefined,
        sort,
        page: pageNo,
        pageSize: 20,
      };
      let result = { items: [] as Awaited<ReturnType<typeof listRecords>>['items'], total: 0 };
      let facets: FacetCounts = {};
      let status: 200 | 400 = 200;
      try {
        result = await listRecords(c.get('ctx'), type, query);
        facets = (await facetCounts(c.get('ctx'), type, query, FACETS[type])).facets;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
        status = 400;
      }
      const expanded = params.getAll('more');
      const limitedTo = query.providerId ? await providerName(c.get('ctx'), query.providerId) : undefined;
      return html(c, <SearchPage p={p} s={{ type, plural, params, items: result.items, total: result.total, page: pageNo, pageSize: 20, facets, expanded, providerName: limitedTo }} />, status);
    });
  }

  // ---- countries
  app.get('/countries', async (c) => {
    const p = page(c);
    const ctx = c.get('ctx');
    const needs = (await facetCounts(ctx, 'need', {}, ['country'])).facets.country ?? [];
    const providers = (await facetCounts(ctx, 'provider', {}, ['country'])).facets.country ?? [];
    const rows = new Map<string, { code: string; needs: number; providers: number }>();
    for (const n of needs) rows.set(n.value, { code: n.value, needs: n.count, providers: 0 });
    for (const pr of providers) rows.set(pr.value, { code: pr.value, needs: rows.get(pr.value)?.needs ?? 0, providers: pr.count });
    return html(c, <CountriesPage p={p} rows={[...rows.values()]} />);
  });
  app.get('/countries/:code', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const country = /^[A-Z]{2}$/.test(code) ? getConcept('countries', code) : undefined;
    if (!country) return c.notFound();
    const p = page(c);
    const ctx = c.get('ctx');
    const ten = { page: 1, pageSize: 10, sort: '-createdAt' as const, country: [code] };
    const attributes = (country.attributes ?? {}) as { region?: string; subregion?: string };
    const centres = (await listCentres(ctx)).filter((centre) => centre.countries.includes(code));
    return html(
      c,
      <CountryPage
        p={p}
        d={{
          code,
          region: attributes.region,
          subregion: attributes.subregion ?? undefined,
          needs: await listRecords(ctx, 'need', ten),
          providers: await listRecords(ctx, 'provider', ten),
          opportunities: await listRecords(ctx, 'opportunity', { ...ten, pageSize: 1, open: true }),
          centres,
        }}
      />,
    );
  });

  // ---- forms that create and edit records (before the record pages: /needs/new is not a record)
  recordFormRoutes(app, { page, html, formValues, isSession, providerName });
  // ---- the help desk: a request's case, the queues, the centres' coverage
  caseRoutes(app, { page, html, formValues, isSession, providerName });

  // ---- one record: readable fields, tags as links, suggestions with reasons, history
  app.get('/:plural{needs|providers|opportunities}/:id', async (c) => {
    const id = c.req.param('id');
    const type = recordTypeOfId(id);
    const plural = c.req.param('plural');
    if (!type || REGISTRIES[type].plural !== plural) return c.notFound();
    const p = page(c);
    const ctx = c.get('ctx');
    try {
      const record = (await getRecord(ctx, type, id)) as unknown as Record<string, any>;
      const history = (await getRecordHistory(ctx, type, id, 1, 20)).items;
      // Suggestions only once the index is loaded: a page never waits for it.
      const matches = ctx.matching?.state === 'ready' ? (await findMatches(ctx, type, id, { limit: 10, kind: 'all', lang: p.lang })).items : undefined;
      const offeredBy = type === 'opportunity' ? await providerName(ctx, String(record.providerId)) : undefined;
      const saved = c.req.query('saved');
      const notice = saved && ['draft', 'submitted', 'published', 'changed'].includes(saved) ? p.t(`form.saved_${saved}`) : undefined;
      return html(c, <RecordPage p={p} d={{ type, record, history, matches, providerName: offeredBy, notice, actions: recordActions(c, p, type, record) }} />);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return c.notFound();
      throw err;
    }
  });

  /** What the reader may do with a record from its page: edit it; offer an opportunity as its provider. */
  function recordActions(c: C, p: PageContext, type: RecordType, record: Record<string, any>): Array<{ href: string; text: string }> {
    const actor = c.get('actor');
    if (!isSession(c)) return [];
    const out: Array<{ href: string; text: string }> = [];
    try {
      assertCanWrite(actor, type, { before: { id: String(record.id), status: String(record.status), doc: record } });
      out.push({ href: `/${REGISTRIES[type].plural}/${record.id}/edit`, text: p.t('form.edit') });
      if (type === 'need') out.push({ href: `/needs/${record.id}/case`, text: p.t('case.open') });
    } catch {
      // not the reader's to change
    }
    if (type === 'need' && !out.some((a) => a.href.endsWith('/case')) && scopesOf(actor, 'provider_member', 'expert').length) {
      out.push({ href: `/needs/${record.id}/case`, text: p.t('case.open') }); // a provider party to a match follows it there
    }
    if (type === 'provider' && scopesOf(actor, 'provider_member', 'expert').includes(String(record.id))) {
      out.push({ href: `/opportunities/new?providerId=${encodeURIComponent(String(record.id))}`, text: p.t('form.offerOpportunity') });
    }
    return out;
  }

  return app;
}



/** A path on this site to go back to after signing in (never another site's address). */
function localPath(next: string | undefined): string | undefined {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) && next.length <= 500 ? next : undefined;
}

/** A provider profile's name as the reader may see it, or undefined. */
function providerName(ctx: ServiceContext, id: string): Promise<string | undefined> {
  return getRecord(ctx, 'provider', id)
    .then((prov) => String((prov as unknown as { name: string }).name))
    .catch(() => undefined);
}

export type { FieldError };
