// The help desk pages through the HTTP app, as a browser without JavaScript uses them: a centre's
// queue, a request's case page with its moves, matches and conversation, actions posted as forms
// (redirected back with a notice, or shown again with the problem in the reader's language), the
// global queue, and the public page of the centres' coverage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { needInput, providerInput } from '../support/factories.ts';

let t: TestApp;
type Session = { cookie: string; csrf: string };
const s: Record<string, Session> = {};
let needId = '';
let providerId = '';
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function signIn(email: string, password: string): Promise<Session> {
  const res = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email, password } });
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: res.body.csrfToken };
}
const get = async (who: string | null, path: string) => {
  const res = await t.request('GET', path, { token: null, cookie: who ? s[who]!.cookie : undefined });
  return { status: res.status, html: String(res.body), location: res.headers.get('location') };
};
const post = async (who: string, path: string, fields: Record<string, string>) => {
  const res = await t.request('POST', path, { token: null, cookie: s[who]!.cookie, headers: { 'content-type': 'application/x-www-form-urlencoded' }, raw: new URLSearchParams({ ...fields, _csrf: s[who]!.csrf }).toString() });
  return { status: res.status, html: String(res.body), location: res.headers.get('location') };
};

beforeAll(async () => {
  t = await createTestApp();
  await saveCentre(t.system, 'tsc-oss', { name: 'Sahara and Sahel Observatory', subregions: ['M49-015'] });
  providerId = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id;
  const users = {
    focal: { language: 'fr', roles: [{ role: 'focal_point', scope: 'TN' }] },
    staff: { language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] },
    member: { language: 'ar', roles: [{ role: 'provider_member', scope: providerId }] },
    gce: { language: 'es', roles: [{ role: 'gce' }] },
    none: { language: 'en', roles: [] },
  };
  for (const [name, u] of Object.entries(users)) {
    const made = await t.user({ email: `${name}@example.org`, language: u.language, roles: u.roles });
    s[name] = await signIn(made.email, made.password);
  }
  needId = (await t.request('POST', '/api/v1/needs', { body: needInput({ status: 'submitted', title: 'Restaurer les parcours steppiques' }) })).body.id;
});
afterAll(() => t.close());

describe('help desk pages', () => {
  it("show a centre's queue to its staff, with the case page a click away", async () => {
    const q = await get('staff', '/helpdesk/centres/tsc-oss?lang=en');
    expect(q.status).toBe(200);
    expect(q.html).toContain(`href="/needs/${needId}/case"`);
    expect(q.html).toContain(translator('en')('queue.next_review'));
    expect((await get('staff', '/helpdesk')).location).toBe('/helpdesk/centres/tsc-oss');
    expect((await get('focal', '/helpdesk/centres/tsc-oss')).status).toBe(403);
    expect((await get(null, '/helpdesk/centres/tsc-oss')).status).toBe(303);
  });

  it('let the centre move the request from its case page, and say what went wrong in the reader’s language', async () => {
    const page = await get('staff', `/needs/${needId}/case?lang=en`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="transition" value="publish"');
    expect(page.html).toContain('name="transition" value="return"');
    // Returning without a reason: shown again, the problem named in French.
    const bad = await post('staff', `/needs/${needId}/case/move?lang=fr`, { transition: 'return', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain(esc(translator('fr')('errors.reasonRequired')));
    const ok = await post('staff', `/needs/${needId}/case/move`, { transition: 'publish', reason: '' });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/needs/${needId}/case?done=move`);
    expect((await t.request('GET', `/api/v1/needs/${needId}`)).body.status).toBe('published');
    expect((await get('staff', `${ok.location}&lang=en`)).html).toContain(translator('en')('case.done_move'));
  });

  it('carry questions, answers and messages, and keep internal notes from the requester', async () => {
    expect((await post('staff', `/needs/${needId}/case/question`, { question: 'Quelle superficie ?' })).status).toBe(303);
    const forFocal = await get('focal', `/needs/${needId}/case?lang=fr`);
    expect(forFocal.html).toContain('name="answer"');
    expect((await post('focal', `/needs/${needId}/case/answer`, { answer: '12 000 hectares' })).status).toBe(303);
    expect((await post('staff', `/needs/${needId}/case/note`, { text: 'Dossier solide, à publier vite.' })).status).toBe(303);
    expect((await get('staff', `/needs/${needId}/case`)).html).toContain('Dossier solide, à publier vite.');
    const focalAgain = await get('focal', `/needs/${needId}/case`);
    expect(focalAgain.html).toContain('12 000 hectares');
    expect(focalAgain.html).not.toContain('Dossier solide');
    expect(focalAgain.html).not.toContain('name="answer"'); // answered
    expect((await post('focal', `/needs/${needId}/case/note`, { text: 'x' })).status).toBe(403);
  });

  it('propose a match, which the provider accepts from the same page', async () => {
    expect((await post('staff', `/needs/${needId}/case/propose`, { offerId: providerId })).status).toBe(303);
    const forMember = await get('member', `/needs/${needId}/case?lang=ar`);
    expect(forMember.status).toBe(200);
    expect(forMember.html).toContain('<html lang="ar" dir="rtl">');
    const matchId = /name="matchId" value="(mat_[0-9a-f]+)"/.exec(forMember.html)![1]!;
    expect((await post('member', `/needs/${needId}/case/match`, { matchId, transition: 'accept' })).status).toBe(303);
    // The provider writes on the thread of its match; the requester reads it there.
    expect(forMember.html).toContain(`<option value="${matchId}">`);
    expect(forMember.html).not.toContain('<option value="">'); // a provider writes on its own match's thread only
    expect((await post('member', `/needs/${needId}/case/message`, { matchId, text: 'Nous pouvons venir en mars.' })).status).toBe(303);
    const forFocal = await get('focal', `/needs/${needId}/case?lang=en`);
    expect(forFocal.html).toContain('Nous pouvons venir en mars.');
    expect(forFocal.html).toContain('The match with Centre for Dryland Ecology');
    expect((await t.request('GET', `/api/v1/needs/${needId}/proposals`)).body.items[0]).toMatchObject({ state: 'interest_expressed', providerAccepted: true });
  });

  it('keep strangers out, and send visitors to sign in', async () => {
    expect((await get('none', `/needs/${needId}/case`)).status).toBe(403);
    expect((await get(null, `/needs/${needId}/case`)).location).toBe(`/account/signin?next=%2Fneeds%2F${needId}%2Fcase`);
    expect((await post('none', `/needs/${needId}/case/message`, { text: 'Bonjour' })).status).toBe(403);
    expect((await post('staff', `/needs/${needId}/case/teleport`, {})).status).toBe(404);
  });

  it('show the global queue to the global coordinating entity and the coverage to everyone', async () => {
    await post('staff', `/needs/${needId}/case/escalate`, { reason: 'Besoin régional' });
    const global = await get('gce', '/helpdesk/global?lang=es');
    expect(global.status).toBe(200);
    expect(global.html).toContain(`href="/needs/${needId}/case"`);
    expect((await get('staff', '/helpdesk/global')).status).toBe(403);
    const coverage = await get(null, '/centres?lang=en');
    expect(coverage.status).toBe(200);
    expect(coverage.html).toContain('Sahara and Sahel Observatory');
    expect(coverage.html).toContain('href="/countries/BR"'); // not covered here
    // The map: each country shaded by how many centres serve it, named in its title.
    expect(coverage.html).toMatch(/<svg viewBox="0 0 960 470" role="img" aria-labelledby="map-title">/);
    expect(coverage.html).toMatch(/<path d="M[^"]+" class="cov-0"><title>Brazil: [^<]+0<\/title><\/path>/);
    expect(coverage.html).toMatch(/<path d="M[^"]+" class="cov-1"><title>Tunisia: [^<]+1<\/title><\/path>/);
  });
});
