// The forms that create and edit needs, provider profiles and opportunities, through the HTTP app
// as a browser without JavaScript uses them: posted forms, inline errors in the reader's language,
// values kept, nothing saved on error, preview, suggested tags adopted, drafts, conflicts, refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { needInput, providerInput } from '../support/factories.ts';

let t: TestApp;
type Session = { cookie: string; csrf: string };
const sessions: Record<string, Session> = {};
let providerId = '';
const PASSWORD = 'correct horse battery staple';

async function signIn(email: string): Promise<Session> {
  const res = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: res.body.csrfToken };
}

/** A page as a signed-in browser gets it. */
async function get(who: string | null, path: string) {
  const res = await t.request('GET', path, { token: null, cookie: who ? sessions[who]!.cookie : undefined });
  return { status: res.status, html: String(res.body), location: res.headers.get('location') };
}

/** Posts a form as a browser does: repeated names for lists, the session's form token. */
async function post(who: string | null, path: string, fields: Array<[string, string]>, options: { csrf?: boolean } = {}) {
  const form = new URLSearchParams(fields);
  if (who && options.csrf !== false) form.set('_csrf', sessions[who]!.csrf);
  const res = await t.request('POST', path, {
    token: null,
    cookie: who ? sessions[who]!.cookie : undefined,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    raw: form.toString(),
  });
  return { status: res.status, html: String(res.body), location: res.headers.get('location') };
}

const countNeeds = async () => (await t.request('GET', '/api/v1/needs?pageSize=1')).body.total as number;
const tr = (lang: string) => {
  const t = translator(lang as 'fr');
  // As the page shows it: escaped for HTML.
  return (key: string, params?: Record<string, unknown>) => String(t(key, params)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
};
const fr = tr('fr');
const ar = tr('ar');

/** A complete, valid need as the form posts it. */
const NEED_FORM: Array<[string, string]> = [
  ['title', 'Restaurer les parcours dégradés du Centre-Ouest'],
  ['description', "Les steppes à alfa sont surpâturées et se désertifient. Nous cherchons une expertise en restauration des parcours et en gestion communautaire du pâturage."],
  ['language', 'fr'],
  ['countries', 'TN'],
  ['organisation.name', "Direction générale de l'environnement"],
  ['organisation.acronym', ''],
  ['organisation.type', 'ORG-GOV-NATIONAL'],
  ['contact.name', 'Amira Ben Salah'],
  ['contact.position', ''],
  ['contact.email', 'amira@example.org'],
  ['contact.phone', ''],
  ['assistanceTypes', 'ASSIST-EXPERT-ADVICE'],
  ['assistanceTypes', 'ASSIST-TRAINING'],
  ['timeframe.start', '2027-01-01'],
  ['timeframe.end', '2028-12-31'],
  ['budget.amount', '120 000'],
  ['budget.currency', 'USD'],
  ['cofinancing.amount', ''],
  ['cofinancing.currency', ''],
  ['cofinancing.source', ''],
  ['iplc.involved', 'yes'],
  ['iplc.fpicStatus', 'in_progress'],
  ['genderAspects', ''],
  ['youthAspects', ''],
];
const withField = (form: Array<[string, string]>, name: string, value: string) => form.map(([k, v]): [string, string] => [k, k === name ? value : v]);

beforeAll(async () => {
  t = await createTestApp();
  providerId = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id;
  const users = {
    focal: [{ role: 'focal_point', scope: 'TN' }],
    member: [{ role: 'provider_member', scope: providerId }],
    none: [],
    admin: [{ role: 'admin' }],
  };
  for (const [name, roles] of Object.entries(users)) {
    await t.user({ email: `${name}@example.org`, roles });
    sessions[name] = await signIn(`${name}@example.org`);
  }
});
afterAll(() => t.close());

describe('the need form', () => {
  it('sends someone not signed in to sign in, and back to the form afterwards', async () => {
    const res = await get(null, '/needs/new');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account/signin?next=%2Fneeds%2Fnew');
    const signin = await get(null, res.location!);
    expect(signin.html).toContain('name="next" value="/needs/new"');
    // Another site's address is never followed.
    expect((await get(null, '/account/signin?next=//evil.example/x')).html).not.toContain('name="next"');
  });

  it('opens in the reader’s language with the focal point’s country and language chosen', async () => {
    const { status, html } = await get('focal', '/needs/new?lang=fr');
    expect(status).toBe(200);
    expect(html).toContain(`<h1>${fr('form.new_need')}</h1>`);
    expect(html).toMatch(/<option value="TN" selected="">Tunisie<\/option>/);
    expect(html).toMatch(/<select id="f-language" name="language"[^>]*>[\s\S]*?<option value="fr" selected="">/);
    expect(html).toContain('novalidate');
    expect(html).toContain('name="_csrf"');
  });

  it('shows every problem next to its field in French, keeps what was typed, and saves nothing', async () => {
    const before = await countNeeds();
    const bad = withField(withField(withField(withField(NEED_FORM, 'title', 'Oh'), 'description', ''), 'budget.amount', 'douze mille'), 'iplc.fpicStatus', '');
    const { status, html } = await post('focal', '/needs/new?lang=fr', [...bad, ['action', 'submit']]);
    expect(status).toBe(400);
    expect(html).toContain(fr('errors.summary'));
    expect(html).toContain(`<p class="field-error" id="e-title">${fr('errors.tooShort', { min: 3 })}</p>`);
    expect(html).toContain(`<p class="field-error" id="e-description">${fr('errors.required')}</p>`);
    expect(html).toContain(`<p class="field-error" id="e-budget.amount">${fr('errors.number')}</p>`);
    expect(html).toMatch(/id="e-iplc.fpicStatus">[^<]*consentement/);
    // The summary names each field and links to it.
    expect(html).toContain(`<a href="#f-title">${fr('form.title')}: ${fr('errors.tooShort', { min: 3 })}</a>`);
    expect(html).toMatch(/<input id="f-title" name="title" aria-invalid="true"[^>]*value="Oh"/);
    expect(html).toContain('value="douze mille"');
    expect(html).toContain('value="amira@example.org"');
    expect(html).toMatch(/<input type="checkbox" id="f-assistanceTypes-\d+" name="assistanceTypes" value="ASSIST-TRAINING" checked=""/);
    expect(await countNeeds()).toBe(before);
  });

  it('says the same in Arabic, right to left', async () => {
    const { status, html } = await post('focal', '/needs/new?lang=ar', [...withField(NEED_FORM, 'contact.email', 'pas-une-adresse'), ['action', 'submit']]);
    expect(status).toBe(400);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(`<p class="field-error" id="e-contact.email">${ar('errors.email')}</p>`);
  });

  it('previews without saving, then submits the fixed request for review', async () => {
    const before = await countNeeds();
    const preview = await post('focal', '/needs/new?lang=fr', [...NEED_FORM, ['action', 'preview']]);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain(fr('form.previewHint'));
    expect(preview.html).toContain(new Intl.NumberFormat('fr', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(120000)); // typed as 120 000
    expect(await countNeeds()).toBe(before);

    const saved = await post('focal', '/needs/new?lang=fr', [...NEED_FORM, ['action', 'submit']]);
    expect(saved.status).toBe(303);
    const id = saved.location!.match(/^\/needs\/(need-[0-9a-z]{10})\?saved=submitted$/)![1]!;
    const record = (await t.request('GET', `/api/v1/needs/${id}`)).body;
    expect(record).toMatchObject({
      status: 'submitted',
      title: 'Restaurer les parcours dégradés du Centre-Ouest',
      countries: ['TN'],
      organisation: { name: "Direction générale de l'environnement", acronym: null, type: 'ORG-GOV-NATIONAL' },
      contact: { name: 'Amira Ben Salah', email: 'amira@example.org', phone: null, position: null },
      assistanceTypes: ['ASSIST-EXPERT-ADVICE', 'ASSIST-TRAINING'],
      budget: { amount: 120000, currency: 'USD' },
      cofinancing: null,
      iplc: { involved: true, fpicStatus: 'in_progress' },
      genderAspects: null,
    });
    const shown = await get('focal', `${saved.location}&lang=fr`);
    expect(shown.html).toContain(fr('form.saved_submitted'));
    expect(shown.html).toContain(`href="/needs/${id}/edit"`);
  });

  it('suggests targets and subjects from the text and adopts one with a click', async () => {
    const asked = await post('focal', '/needs/new', [...NEED_FORM, ['action', 'suggest']]);
    expect(asked.status).toBe(200);
    const offered = [...asked.html.matchAll(/name="adopt" value="(GBF-TARGET-\d\d|CBD-SUBJECT-[A-Z0-9+-]+)"/g)].map((m) => m[1]!);
    expect(offered.length).toBeGreaterThan(0);
    expect(asked.html).toContain('formaction="/needs/new#suggested"');
    const tag = offered[0]!;
    const field = tag.startsWith('GBF-') ? 'targets' : 'subjects';
    const adopted = await post('focal', '/needs/new', [...NEED_FORM, ['adopt', tag]]);
    expect(adopted.status).toBe(200);
    expect(adopted.html).toMatch(new RegExp(`name="${field}" value="${tag}" checked=""`));
    expect(adopted.html).not.toContain(`name="adopt" value="${tag}"`); // no longer offered
    expect(adopted.html).toContain('role="status"');
    // "Add all" adopts every suggestion.
    const all = await post('focal', '/needs/new', [...NEED_FORM, ['adopt', 'all']]);
    for (const x of offered) expect(all.html).toMatch(new RegExp(`value="${x}" checked=""`));
  });

  it('saves a draft that only its owners see', async () => {
    const saved = await post('focal', '/needs/new', [...withField(NEED_FORM, 'title', 'Brouillon du plan de restauration'), ['action', 'draft']]);
    expect(saved.status).toBe(303);
    const id = saved.location!.split('?')[0]!.split('/').pop()!;
    expect(saved.location).toContain('saved=draft');
    expect((await get('focal', `/needs/${id}`)).status).toBe(200);
    expect((await get(null, `/needs/${id}`)).status).toBe(404);
  });

  it('edits a need with its current values, and refuses to overwrite someone else’s newer change', async () => {
    const id = (await t.request('POST', '/api/v1/needs', { body: needInput({ status: 'submitted', title: 'Titre initial du besoin' }) })).body.id;
    const form = await get('focal', `/needs/${id}/edit?lang=fr`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Titre initial du besoin"');
    expect(form.html).toContain('name="version" value="1"');
    expect(form.html).toContain(`<button type="submit" name="action" value="save">${fr('form.saveChanges')}</button>`);
    expect(form.html).toMatch(/name="targets" value="GBF-TARGET-02" checked=""/);

    // Someone else saves first.
    await t.request('PATCH', `/api/v1/needs/${id}`, { body: { title: 'Titre changé par un autre' } });
    const stale = await post('focal', `/needs/${id}/edit?lang=fr`, [...withField(NEED_FORM, 'title', 'Mon nouveau titre'), ['version', '1'], ['action', 'save']]);
    expect(stale.status).toBe(409);
    expect(stale.html).toContain(fr('form.changedMeanwhile'));
    expect(stale.html).toContain('value="Mon nouveau titre"');
    expect((await t.request('GET', `/api/v1/needs/${id}`)).body.title).toBe('Titre changé par un autre');

    const ok = await post('focal', `/needs/${id}/edit`, [...withField(NEED_FORM, 'title', 'Mon nouveau titre'), ['version', '2'], ['action', 'save']]);
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/needs/${id}?saved=changed`);
    const after = (await t.request('GET', `/api/v1/needs/${id}`)).body;
    expect(after).toMatchObject({ title: 'Mon nouveau titre', status: 'submitted', version: 3, targets: [], budget: { amount: 120000, currency: 'USD' } });
  });

  it('refuses people who may not submit or edit, and forms without their token', async () => {
    const none = await get('none', '/needs/new?lang=fr');
    expect(none.status).toBe(403);
    expect(none.html).toContain(fr('form.forbidden_need'));
    expect(none.html).toContain('href="/providers/new"');
    const brazil = (await t.request('POST', '/api/v1/needs', { body: needInput({ countries: ['BR'] }) })).body.id;
    expect((await get('focal', `/needs/${brazil}/edit`)).status).toBe(403);
    expect((await get('focal', `/needs/${brazil}`)).html).not.toContain('/edit"');
    expect((await get('focal', '/needs/need-0000000000/edit')).status).toBe(404);
    // A focal point cannot file a request for another country.
    const before = await countNeeds();
    const other = await post('focal', '/needs/new?lang=fr', [...withField(NEED_FORM, 'countries', 'BR'), ['action', 'submit']]);
    expect(other.status).toBe(403);
    expect(other.html).toContain(fr('form.forbidden_need'));
    expect(other.html).toContain('value="Restaurer les parcours dégradés du Centre-Ouest"');
    const noToken = await post('focal', '/needs/new', [...NEED_FORM, ['action', 'submit']], { csrf: false });
    expect(noToken.status).toBe(403);
    expect(await countNeeds()).toBe(before);
  });
});

describe('the provider and opportunity forms', () => {
  it('lets a member edit the profile: lists, working languages and expertise lines', async () => {
    const form = await get('member', `/providers/${providerId}/edit`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Centre for Dryland Ecology"');
    expect(form.html).toMatch(/name="languages.code"[^>]*>[\s\S]*?<option value="ar" selected="">/);
    const fields: Array<[string, string]> = [
      ['kind', 'organisation'], ['name', 'Centre for Dryland Ecology and Restoration'], ['acronym', 'CDER'], ['organisationType', 'ORG-ACADEMIC'],
      ['country', 'JO'], ['nationality', ''], ['affiliation', ''], ['website', 'https://drylands.example.org/'],
      ['languages.code', 'ar'], ['languages.level', 'native'], ['languages.code', 'fr'], ['languages.level', 'working'], ['languages.code', ''], ['languages.level', ''],
      ['description', 'Restoration of degraded rangelands and native seed banks across the drylands of the Middle East and North Africa.'],
      ['language', 'en'], ['expertise', 'rangeland restoration\r\n\r\nnative seed banks\r\n'], ['trackRecord', ''],
      ['targets', 'GBF-TARGET-02'], ['assistanceTypesFree', 'ASSIST-TRAINING'],
      ['regionsServed', 'M49-145'], ['regionsServed', 'M49-015'], ['countriesServed', 'TN'],
      ['contact.name', ''], ['contact.email', ''], ['contact.phone', ''],
      ['version', '1'], ['action', 'save'],
    ];
    const saved = await post('member', `/providers/${providerId}/edit`, fields);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/providers/${providerId}?saved=changed`);
    const p = (await t.request('GET', `/api/v1/providers/${providerId}`)).body;
    expect(p).toMatchObject({
      status: 'published',
      name: 'Centre for Dryland Ecology and Restoration',
      languages: [{ code: 'ar', level: 'native' }, { code: 'fr', level: 'working' }],
      expertise: ['rangeland restoration', 'native seed banks'],
      regionsServed: ['M49-145', 'M49-015'],
      countriesServed: ['TN'],
      contact: null,
    });
    const page = await get('member', `/providers/${providerId}`);
    expect(page.html).toContain(`href="/opportunities/new?providerId=${providerId}"`);
  });

  it('refuses an organisation without a country, naming the field, in Russian', async () => {
    const res = await post('member', `/providers/${providerId}/edit?lang=ru`, [
      ['kind', 'organisation'], ['name', 'Centre'], ['organisationType', 'ORG-ACADEMIC'], ['country', ''], ['languages.code', 'ar'],
      ['description', 'Restoration of degraded rangelands and native seed banks.'], ['language', 'en'], ['action', 'save'],
    ]);
    expect(res.status).toBe(400);
    expect(res.html).toContain(`<p class="field-error" id="e-country">${tr('ru')('errors.requiredForOrganisation')}</p>`);
  });

  it('offers an opportunity for the member’s provider and publishes it', async () => {
    const form = await get('member', `/opportunities/new?providerId=${providerId}`);
    expect(form.status).toBe(200);
    expect(form.html).toMatch(new RegExp(`<option value="${providerId}" selected="">Centre for Dryland Ecology`));
    const saved = await post('member', '/opportunities/new', [
      ['providerId', providerId], ['kind', 'training'], ['title', 'Rangeland restoration field course'],
      ['description', 'A two-week field course on restoring degraded rangelands with native shrubs.'], ['language', 'en'],
      ['languages', 'en'], ['languages', 'ar'], ['eligibility.regions', 'M49-015'], ['applicationDeadline', '2099-03-31'],
      ['cost.free', 'no'], ['cost.amount', '1.500'], ['cost.currency', 'EUR'], ['action', 'publish'],
    ]);
    expect(saved.status).toBe(303);
    const id = saved.location!.match(/\/opportunities\/(opp-[0-9a-z]{10})\?saved=published/)![1]!;
    expect((await t.request('GET', `/api/v1/opportunities/${id}`)).body).toMatchObject({
      status: 'published', languages: ['en', 'ar'], eligibility: { countries: [], regions: ['M49-015'], organisationTypes: [] }, cost: { free: false, amount: 1500, currency: 'EUR', notes: null },
    });
  });

  it('asks an administrator (who belongs to no profile) for the provider identifier', async () => {
    const form = await get('admin', '/opportunities/new');
    expect(form.status).toBe(200);
    expect(form.html).toMatch(/<input id="f-providerId" name="providerId"[^>]*type="text"/);
    expect((await get('none', '/opportunities/new')).status).toBe(403);
    expect((await get('none', '/providers/new')).status).toBe(200);
  });
});
