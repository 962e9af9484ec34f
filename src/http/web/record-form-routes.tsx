import type { Context, Hono } from 'hono';
import { suggestTags } from '../../domain/matching/suggest.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { validateDocument } from '../../domain/records/validate.ts';
import { AppError, type FieldError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import { type Actor, scopesOf } from '../../policies/actor.ts';
import { assertCanWrite } from '../../policies/records.ts';
import { createRecord } from '../../services/records/create-record.ts';
import { getRecord } from '../../services/records/get-record.ts';
import { updateRecord } from '../../services/records/update-record.ts';
import type { ServiceContext } from '../../services/context.ts';
import * as catalog from '../../vocab/catalog.ts';
import type { AppEnv } from '../auth.ts';
import { labelOf } from './format.ts';
import type { PageContext } from './layout.tsx';
import { documentFromForm, type FormValues, formFromRecord } from './record-form.ts';
import { FormRefusedPage, type RecordFormData, RecordFormPage } from './record-form-page.tsx';

type C = Context<AppEnv>;

/** What the page modules get from pages.tsx: the reader's page context, rendering, posted forms, sessions, provider names. */
export interface PageHelpers {
  page(c: C): PageContext;
  html(c: C, node: unknown, status?: number): Promise<Response>;
  /** The posted form with every value of every name, after the CSRF check. */
  formValues(c: C): Promise<FormValues>;
  isSession(c: C): boolean;
  providerName(ctx: ServiceContext, id: string): Promise<string | undefined>;
}

const TYPES = [['needs', 'need'], ['providers', 'provider'], ['opportunities', 'opportunity']] as const;
/** Form names that are buttons or bookkeeping, not record fields. */
const CONTROLS = ['action', 'adopt', 'version'];

/** The status a button asks for; saving changes keeps the stored one. */
function statusFor(type: RecordType, action: string, stored: string | undefined): string {
  if (action === 'draft') return 'draft';
  if (action === 'submit' && type === 'need') return 'submitted';
  if (action === 'publish' && type !== 'need') return 'published';
  return stored ?? 'draft';
}

/** What the record page says after a save. */
function savedKind(action: string, isNew: boolean): string {
  if (action === 'draft') return 'draft';
  if (action === 'submit') return 'submitted';
  if (action === 'publish') return 'published';
  return isNew ? 'draft' : 'changed';
}

/**
 * The pages that create and edit records: `/{needs,providers,opportunities}/new` and
 * `/{…}/{id}/edit`. A browser session only. Every button posts the whole form: preview, suggest
 * tags, adopt a suggested tag, save as draft, submit or publish; whatever happens, the values come
 * back as typed, with each problem next to its field in the reader's language.
 */
export function recordFormRoutes(app: Hono<AppEnv>, h: PageHelpers): void {
  /** The profiles the person belongs to, with their names, plus one already named on the record. */
  async function providersOf(ctx: ServiceContext, also?: string): Promise<RecordFormData['providers']> {
    const ids = [...new Set([...scopesOf(ctx.actor, 'provider_member', 'expert'), ...(also ? [also] : [])])];
    const out: RecordFormData['providers'] = [];
    for (const id of ids) out.push({ id, name: (await h.providerName(ctx, id)) ?? id });
    return out;
  }

  function refusalMessage(p: PageContext, type: RecordType, err: AppError): string {
    if (err.code === 'csrf_failed') return p.t('errors.csrf_failed');
    return p.t(`form.forbidden_${type}`);
  }

  function initialValues(type: RecordType, p: PageContext, actor: Actor, providers: RecordFormData['providers'], askedProvider?: string): FormValues {
    const own = providers.map((x) => x.id);
    switch (type) {
      case 'need': {
        const countries = scopesOf(actor, 'focal_point');
        const profile = countries.length === 0 && own.length === 1 ? providers[0] : undefined;
        return {
          language: [p.lang],
          countries: countries.slice(0, 1),
          'organisation.providerId': profile ? [profile.id] : [],
          'organisation.name': profile ? [profile.name] : [],
          'iplc.involved': ['no'],
        };
      }
      case 'provider':
        return { kind: ['organisation'], language: [p.lang], 'languages.code': [p.lang] };
      case 'opportunity':
        return { providerId: [askedProvider && own.includes(askedProvider) ? askedProvider : own[0] ?? ''], language: [p.lang], 'cost.free': ['yes'] };
    }
  }

  const signInFirst = (c: C) => c.redirect(`/account/signin?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);

  /** The stored record and whether the person may edit it; a Response when not. */
  async function editable(c: C, type: RecordType, p: PageContext): Promise<{ record: Record<string, unknown> } | Response> {
    const ctx = c.get('ctx');
    const id = c.req.param('id') ?? '';
    let record: Record<string, unknown>;
    try {
      record = (await getRecord(ctx, type, id)) as unknown as Record<string, unknown>;
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return c.notFound();
      throw err;
    }
    try {
      assertCanWrite(ctx.actor, type, { before: { id, status: String(record.status), doc: record } });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return h.html(c, <FormRefusedPage p={p} type={type} message={p.t('form.forbiddenEdit')} />, 403);
    }
    return { record };
  }

  async function post(c: C, type: RecordType, plural: string, existing?: Record<string, unknown>): Promise<Response> {
    const p = h.page(c);
    const ctx = c.get('ctx');
    let values: FormValues;
    try {
      values = await h.formValues(c);
    } catch (err) {
      if (err instanceof AppError && err.code === 'csrf_failed') return h.html(c, <FormRefusedPage p={p} type={type} message={refusalMessage(p, type, err)} />, 403);
      throw err;
    }
    const action = values.action?.[0] ?? 'preview';
    const adopt = values.adopt?.[0];
    const version = Number(values.version?.[0] ?? existing?.version);
    for (const k of CONTROLS) delete values[k];

    const id = existing ? String(existing.id) : undefined;
    const storedStatus = existing ? String(existing.status) : undefined;
    const providers = await providersOf(ctx, (type === 'opportunity' ? values.providerId?.[0] : values['organisation.providerId']?.[0]) || undefined);
    let { doc, errors: unreadable } = documentFromForm(type, values);
    let notice: string | undefined;

    if (adopt) {
      const offered = suggestTags(type, doc);
      const chosen = adopt === 'all' ? [...offered.targets, ...offered.subjects].map((x) => x.id) : [adopt];
      for (const tag of chosen) {
        const field = tag.startsWith('GBF-') ? 'targets' : 'subjects';
        if (!catalog.hasConcept(field === 'targets' ? 'gbf-targets' : 'cbd-subjects', tag)) continue;
        values[field] = [...new Set([...(values[field] ?? []), tag])];
      }
      ({ doc, errors: unreadable } = documentFromForm(type, values));
      notice = p.t('form.adopted', { labels: chosen.filter((x) => catalog.hasConcept(x.startsWith('GBF-') ? 'gbf-targets' : 'cbd-subjects', x)).map((x) => labelOf(p, x.startsWith('GBF-') ? 'gbf-targets' : 'cbd-subjects', x)).join(' · ') });
    }
    const render = (extra: Partial<RecordFormData>, status = 200) =>
      h.html(
        c,
        <RecordFormPage
          p={p}
          d={{ type, id, version: existing ? version : undefined, status: storedStatus, title: existing ? String(existing.title ?? existing.name) : undefined, values, errors: [], providers, suggestions: hasText(doc) ? suggestTags(type, doc) : undefined, notice, ...extra }}
        />,
        status,
      );
    if (adopt || action === 'suggest') return render({});

    const checked = validateDocument(REGISTRIES[type], { ...doc, status: statusFor(type, action, storedStatus) }, catalog);
    const errors: FieldError[] = [...unreadable, ...(checked.ok ? [] : checked.errors.filter((e) => !unreadable.some((u) => u.path === e.path)))];
    if (errors.length || !checked.ok) return render({ errors }, 400);
    if (action === 'preview') return render({ preview: checked.doc });

    try {
      const saved = existing ? await updateRecord(ctx, type, id!, checked.doc, version) : await createRecord(ctx, type, checked.doc);
      return c.redirect(`/${plural}/${saved.id}?saved=${savedKind(action, !existing)}`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'validation_failed') return render({ errors: err.fields }, 400);
      if (err.code === 'forbidden') return render({ message: p.t(existing ? 'form.forbiddenChange' : `form.forbidden_${type}`) }, 403);
      if (err.code === 'version_mismatch' || err.code === 'conflict') return render({ message: p.t('form.changedMeanwhile') }, 409);
      if (err.code === 'rate_limited') return render({ message: p.t('errors.rate_limited', { seconds: err.retryAfter ?? 60 }) }, 429);
      throw err;
    }
  }

  for (const [plural, type] of TYPES) {
    app.get(`/${plural}/new`, async (c) => {
      if (!h.isSession(c)) return signInFirst(c);
      const p = h.page(c);
      const ctx = c.get('ctx');
      try {
        assertCanWrite(ctx.actor, type);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return h.html(c, <FormRefusedPage p={p} type={type} message={refusalMessage(p, type, err)} />, 403);
      }
      const providers = await providersOf(ctx);
      return h.html(c, <RecordFormPage p={p} d={{ type, values: initialValues(type, p, ctx.actor, providers, c.req.query('providerId')), errors: [], providers }} />);
    });
    app.post(`/${plural}/new`, async (c) => {
      if (!h.isSession(c)) return signInFirst(c);
      try {
        assertCanWrite(c.get('ctx').actor, type);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const p = h.page(c);
        return h.html(c, <FormRefusedPage p={p} type={type} message={refusalMessage(p, type, err)} />, 403);
      }
      return post(c, type, plural);
    });
    app.get(`/${plural}/:id/edit`, async (c) => {
      if (!h.isSession(c)) return signInFirst(c);
      const p = h.page(c);
      const found = await editable(c, type, p);
      if (found instanceof Response) return found;
      const r = found.record;
      const providers = await providersOf(c.get('ctx'), (type === 'opportunity' ? r.providerId : (r.organisation as { providerId?: string } | undefined)?.providerId) as string | undefined);
      return h.html(
        c,
        <RecordFormPage
          p={p}
          d={{ type, id: String(r.id), version: Number(r.version), status: String(r.status), title: String(r.title ?? r.name), values: formFromRecord(type, r), errors: [], providers, suggestions: suggestTags(type, r) }}
        />,
      );
    });
    app.post(`/${plural}/:id/edit`, async (c) => {
      if (!h.isSession(c)) return signInFirst(c);
      const p = h.page(c);
      const found = await editable(c, type, p);
      if (found instanceof Response) return found;
      return post(c, type, plural, found.record);
    });
  }
}

function hasText(doc: Record<string, unknown>): boolean {
  return [doc.title, doc.name, doc.description].some((x) => typeof x === 'string' && x.trim() !== '');
}
