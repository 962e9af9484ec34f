// Immediate or daily e-mails: someone who chose a daily digest gets no mail as things happen, then one
// mail a day with all of it, in their language; the choice is made on the account (API and page).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { runDigests } from '../../src/services/lifecycle/notify.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { needInput } from '../support/factories.ts';

let clock = new Date('2027-03-01T08:00:00Z');
let t: TestApp;
let focal: TestUser;
let staff: TestUser;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  await saveCentre(t.system, 'tsc-oss', { name: 'Sahara and Sahel Observatory', subregions: ['M49-015'] });
  focal = await t.user({ email: 'amira@example.org', name: 'Amira', language: 'fr', roles: [{ role: 'focal_point', scope: 'TN' }] });
  staff = await t.user({ email: 'moussa@oss.example.org', name: 'Moussa', language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] });
});
afterAll(() => t.close());

describe('daily digests', () => {
  it('are chosen on the account, and refused when the choice is unknown', async () => {
    const signin = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email: focal.email, password: focal.password } });
    const session = { token: null, cookie: (signin.headers.get('set-cookie') ?? '').split(';')[0]!, headers: { 'x-csrf-token': signin.body.csrfToken } };
    expect((await t.request('GET', '/api/v1/account', session)).body.account.notifications).toBe('immediate');
    expect((await t.request('PATCH', '/api/v1/account', { ...session, body: { notifications: 'weekly' } })).status).toBe(400);
    const res = await t.request('PATCH', '/api/v1/account', { ...session, body: { notifications: 'daily' } });
    expect(res.status).toBe(200);
    expect(res.body.notifications).toBe('daily');
    const page = await t.request('GET', '/account?lang=fr', { token: null, cookie: session.cookie });
    expect(String(page.body)).toMatch(/<option value="daily" selected="">/);
  });

  it('gather the day’s mails into one, sent once a day', async () => {
    const mark = t.smtp.messages.length;
    const title = 'Restaurer les parcours steppiques';
    const id = (await t.request('POST', '/api/v1/needs', { token: focal.token, body: needInput({ status: 'submitted', title }) })).body.id;
    await t.request('POST', `/api/v1/needs/${id}/transitions`, { token: staff.token, body: { transition: 'start_review' } });
    await t.request('POST', `/api/v1/needs/${id}/clarifications`, { token: staff.token, body: { question: 'Quelle superficie ?' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(t.smtp.messages.slice(mark).filter((m) => m.to.includes(focal.email))).toEqual([]); // nothing yet

    expect(await runDigests(t.system)).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    const digests = t.smtp.messages.slice(mark).filter((m) => m.to.includes(focal.email));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe(translator('fr')('mail.digest.subject', { count: 2 }));
    expect(digests[0]!.text).toContain('Bonjour Amira');
    expect(digests[0]!.text).toContain('Quelle superficie ?');
    expect(digests[0]!.text).toContain(title);
    // Once a day: more news waits for tomorrow.
    await t.request('POST', `/api/v1/needs/${id}/transitions`, { token: staff.token, body: { transition: 'publish' } });
    expect(await runDigests(t.system)).toBe(0);
    clock = new Date(clock.getTime() + 86_400_000);
    expect(await runDigests(t.system)).toBe(1);
    expect(await runDigests(t.system)).toBe(0);
  });
});
