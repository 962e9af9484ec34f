// The portal's home and search pages through the HTTP app: languages, figures, latest records,
// keyword search, filters kept in the address, pages, empty states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';

let t: TestApp;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  const prov = await t.request('POST', '/api/v1/providers', { body: providerInput() });
  ids.provider = prov.body.id;
  ids.opportunity = (await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(prov.body.id) })).body.id;
  ids.tn = (await t.request('POST', '/api/v1/needs', { body: needInput() })).body.id;
  ids.sn = (await t.request('POST', '/api/v1/needs', { body: needInput({ title: 'Restaurer les mangroves du delta du Saloum', countries: ['SN'], description: 'Les mangroves du delta du Saloum reculent; nous cherchons un appui pour la restauration et le suivi.', targets: ['GBF-TARGET-02', 'GBF-TARGET-11'] }) })).body.id;
  ids.draft = (await t.request('POST', '/api/v1/needs', { body: needInput({ title: 'Brouillon confidentiel du Maroc', countries: ['MA'], status: 'draft' }) })).body.id;
  for (let i = 0; i < 22; i++) await t.request('POST', '/api/v1/needs', { body: needInput({ title: `Besoin numéro ${i} pour la pagination`, countries: ['DZ'] }) });
});
afterAll(() => t.close());

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await t.request('GET', path, { token: null, headers });
  return { status: res.status, html: res.body as string };
};

describe('home page', () => {
  it('says what the platform is for, in the browser’s language, with figures and the latest records', async () => {
    const { status, html } = await page('/', { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(status).toBe(200);
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(html).toMatch(/href="\/needs\/need-[0-9a-z]{10}" lang="fr" dir="auto">Besoin numéro 21 pour la pagination</); // the newest first
    expect(html).toContain(`href="/opportunities/${ids.opportunity}"`);
    expect(html).not.toContain(ids.draft); // drafts are not public
    expect(html).toMatch(/<strong>24<\/strong>/); // published needs
    expect(html).toContain('action="/search"');
  });

  it('is right-to-left in Arabic, and the choice is remembered', async () => {
    const res = await t.request('GET', '/?lang=ar', { token: null });
    expect(res.body as string).toContain('<html lang="ar" dir="rtl">');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toBe('coophub_lang=ar');
    expect((await page('/needs', { cookie })).html).toContain('<html lang="ar" dir="rtl">');
  });
});

describe('search pages', () => {
  it('finds by keyword and keeps the query in the address', async () => {
    const { html } = await page('/needs?q=mangroves');
    expect(html).toContain(`/needs/${ids.sn}`);
    expect(html).not.toContain(`/needs/${ids.tn}"`);
    expect(html).toContain('value="mangroves"');
  });

  it('filters, pages through results and offers the next page as a link', async () => {
    const dz = await page('/needs?country=DZ');
    expect(dz.html).toMatch(/role="status">[^<]*22/);
    expect(dz.html).toContain('rel="next"');
    expect(dz.html).toContain('href="/needs?country=DZ&amp;page=2"');
    const second = await page('/needs?country=DZ&page=2');
    expect((second.html.match(/href="\/needs\/need-/g) ?? []).length).toBe(2);
    expect(second.html).toContain('rel="prev"');
  });

  it('offers facets with counts in the reader’s language, keeping the other choices when one is picked', async () => {
    const { html } = await page('/needs?country=DZ&lang=fr');
    expect(html).toMatch(/name="country" value="DZ" checked=""\/?>\s*<span>Algérie<\/span> <span class="count">\(22\)<\/span>/);
    expect(html).toMatch(/name="country" value="SN"\/?>\s*<span>Sénégal<\/span> <span class="count">\(1\)<\/span>/);
    // Targets are counted among the Algerian needs only.
    expect(html).toMatch(/name="target" value="GBF-TARGET-02"\/?>\s*<span>[^<]+<\/span> <span class="count">\(22\)<\/span>/);
    expect(html).not.toContain('value="GBF-TARGET-11"');
  });

  it('takes regions and a provider’s offers from the address as the API does', async () => {
    const westAfrica = await page('/needs?region=M49-011');
    expect(westAfrica.html).toContain(`/needs/${ids.sn}"`);
    expect(westAfrica.html).not.toContain(`/needs/${ids.tn}"`);
    // The country filter lists the region's countries, not the world's.
    expect(westAfrica.html).toContain('name="country" value="SN"');
    expect(westAfrica.html).not.toContain('name="country" value="DZ"');
    const westAsia = await page('/needs?region=M49-145');
    expect(westAsia.html).toContain('class="empty"');
    const offers = await page(`/opportunities?providerId=${ids.provider}&lang=en`);
    expect(offers.html).toContain(`/opportunities/${ids.opportunity}"`);
    // Filters that came with a link are shown, named, and kept (or dropped) by the filter form.
    expect(offers.html).toMatch(new RegExp(`<input type="checkbox" name="providerId" value="${ids.provider}" checked=""/><span>Centre for Dryland Ecology</span>`));
    expect(westAfrica.html).toMatch(/<input type="checkbox" name="region" value="M49-011" checked=""\/><span>[^<]+<\/span>/);
  });

  it('says what to try when nothing matches, and refuses unknown filter values', async () => {
    const none = await page('/opportunities?q=zzzzqqqq');
    expect(none.status).toBe(200);
    expect(none.html).toContain('class="empty"');
    expect((await page('/needs?country=XX')).status).toBe(400);
    const redirect = await t.request('GET', '/search?type=providers&q=dryland', { token: null });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('/providers?q=dryland');
  });

  it('shows a focal point their own drafts in search, and nobody else', async () => {
    const u = await t.user({ roles: [{ role: 'focal_point', scope: 'MA' }] });
    expect((await page('/needs?status=draft')).html).not.toContain(ids.draft);
    const s = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email: u.email, password: u.password } });
    const cookie = (s.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await page('/needs?status=draft', { cookie })).html).toContain(ids.draft);
  });
});

describe('record pages', () => {
  it('shows a need in readable form with its tags as links, its suggestions with reasons in the reader’s language, and its history', async () => {
    await t.matching.ready();
    await t.request('PATCH', `/api/v1/needs/${ids.tn}`, { body: { youthAspects: 'Formation de jeunes bergers.' } });
    const { status, html } = await page(`/needs/${ids.tn}?lang=fr`);
    expect(status).toBe(200);
    expect(html).toContain('<h1 lang="fr" dir="auto">Restaurer les parcours dégradés du Centre-Ouest</h1>');
    expect(html).toContain('href="/countries/TN">Tunisie</a>');
    expect(html).toMatch(/href="\/needs\?target=GBF-TARGET-02">[^<]+<\/a>/);
    // The Jordanian centre is suggested, with reasons in French.
    expect(html).toContain(`href="/providers/${ids.provider}">Centre for Dryland Ecology</a>`);
    expect(html).toMatch(/<ul class="reasons"><li>[^<]*(Portent|Porte)/);
    expect(html).toContain('youthAspects'); // the change in the history
    expect(html).not.toContain('amira@example.org'); // no contact data for the public
  });

  it('shows an opportunity with its provider, and a provider with the requests it could answer', async () => {
    const opp = await page(`/opportunities/${ids.opportunity}?lang=en`);
    expect(opp.html).toContain(`href="/providers/${ids.provider}">Centre for Dryland Ecology</a>`);
    const prov = await page(`/providers/${ids.provider}?lang=en`);
    expect(prov.html).toContain('Requests this could answer');
    expect(prov.html).toContain(`href="/needs/${ids.tn}"`);
  });

  it('answers 404 for a draft the reader may not see, and for an id of another registry', async () => {
    expect((await page(`/needs/${ids.draft}`)).status).toBe(404);
    expect((await page(`/providers/${ids.tn}`)).status).toBe(404);
  });
});

describe('country pages', () => {
  it('show a country’s requests, providers and figures, and list the countries taking part', async () => {
    const sn = await page('/countries/SN?lang=fr');
    expect(sn.status).toBe(200);
    expect(sn.html).toContain('<h1>Sénégal</h1>');
    expect(sn.html).toContain(`href="/needs/${ids.sn}"`);
    expect(sn.html).toMatch(/<strong>1<\/strong>/);
    const jo = await page('/countries/jo?lang=en');
    expect(jo.html).toContain(`href="/providers/${ids.provider}"`);
    const all = await page('/countries?lang=en');
    expect(all.html).toContain('href="/countries/DZ">Algeria</a>');
    expect(all.html).not.toContain('/countries/MA"'); // only a draft there
    expect((await page('/countries/XX')).status).toBe(404);
  });
});

describe('signed-in shortcuts', () => {
  it('lead a focal point to the country’s requests and a provider member to the profile, its offers and fitting requests', async () => {
    const signedIn = async (roles: Array<{ role: string; scope?: string }>) => {
      const u = await t.user({ roles });
      const s = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email: u.email, password: u.password } });
      return (await page('/account?lang=en', { cookie: (s.headers.get('set-cookie') ?? '').split(';')[0]! })).html;
    };
    const focal = await signedIn([{ role: 'focal_point', scope: 'SN' }]);
    expect(focal).toContain('<a href="/needs?country=SN">Requests of Senegal, drafts included</a>');
    expect(focal).toContain('<a href="/needs/new">Submit a request for support</a>');
    expect(focal).toContain('<a href="/providers/new">');
    const member = await signedIn([{ role: 'provider_member', scope: ids.provider }]);
    expect(member).toContain(`<a href="/providers/${ids.provider}">Profile of Centre for Dryland Ecology</a>`);
    expect(member).toContain(`href="/opportunities?providerId=${ids.provider}"`);
    expect(member).toContain(`href="/providers/${ids.provider}#matches"`);
    expect(member).toContain(`<a href="/providers/${ids.provider}/edit">Edit: Centre for Dryland Ecology</a>`);
    expect(member).toContain(`href="/opportunities/new?providerId=${ids.provider}"`);
  });
});
