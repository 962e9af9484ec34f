// A request's lifecycle through the HTTP app: a focal point submits a request written in French, the
// support centre covering the country reviews it (returns it once for revision), publishes it; the
// declined, withdrawn, expired and phoned-in paths; illegal moves refused with what is possible; each
// move kept in the request's events and history, and mailed to the people concerned, in their
// language, through the real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { mailAfter } from '../support/smtp.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { needInput } from '../support/factories.ts';

let t: TestApp;
let focal: TestUser; // Tunisia, reads French
let staff: TestUser; // the centre covering Tunisia, reads English
let farStaff: TestUser; // a centre elsewhere
let focalOther: TestUser; // another focal point of Tunisia, reads Arabic

beforeAll(async () => {
  t = await createTestApp();
  await saveCentre(t.system, 'tsc-oss', { name: 'Sahara and Sahel Observatory', countries: ['TN', 'DZ', 'MA'] });
  await saveCentre(t.system, 'tsc-sprep', { name: 'SPREP', countries: ['WS', 'FJ'] });
  focal = await t.user({ email: 'amira@example.org', name: 'Amira', language: 'fr', roles: [{ role: 'focal_point', scope: 'TN' }] });
  focalOther = await t.user({ email: 'karim@example.org', name: 'Karim', language: 'ar', roles: [{ role: 'focal_point', scope: 'TN' }] });
  staff = await t.user({ email: 'staff@oss.example.org', name: 'Moussa', language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] });
  farStaff = await t.user({ email: 'staff@sprep.example.org', name: 'Sione', language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-sprep' }] });
});
afterAll(() => t.close());

const move = (who: TestUser, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.request('POST', `/api/v1/needs/${id}/transitions`, { token: who.token, body, headers });
const draft = async (overrides: Record<string, unknown> = {}) => {
  const res = await t.request('POST', '/api/v1/needs', { token: focal.token, body: needInput({ status: 'draft', ...overrides }) });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const mailsTo = (email: string) => t.smtp.messages.filter((m) => m.to.includes(email));
const mailSince = (mark: number, to: string) => mailAfter(t.smtp, mark, to);

describe('the request lifecycle', () => {
  it('takes a French request from draft through review, a return for revision, to publication, telling each side in its language', async () => {
    const id = await draft({ title: 'Restaurer les parcours steppiques dégradés' });
    const fr = translator('fr');
    const en = translator('en');

    const submitted = await move(focal, id, { transition: 'submit' });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ id, status: 'submitted', version: 2 });
    expect(submitted.headers.get('etag')).toBe('"2"');
    // The covering centre's staff hear of it (in English), and the country's other focal point; the far centre and the submitter do not.
    const toStaff = await t.smtp.next(staff.email);
    expect(toStaff.subject).toBe('Restaurer les parcours steppiques dégradés: Submitted');
    expect(toStaff.text).toContain(en('mail.needMoved.body_submit', { title: 'Restaurer les parcours steppiques dégradés' }));
    expect(toStaff.text).toContain(`/needs/${id}`);
    expect(mailsTo(farStaff.email)).toEqual([]);
    expect(mailsTo(focal.email)).toEqual([]);
    expect((await t.smtp.next(focalOther.email)).subject).toContain('مقدَّم');

    expect((await move(staff, id, { transition: 'start_review' })).body.status).toBe('under_review');
    const reviewing = await t.smtp.next(focal.email);
    expect(reviewing.subject).toBe('Restaurer les parcours steppiques dégradés : En cours d\'examen');
    expect(reviewing.text).toContain('Bonjour Amira');
    // The other focal point of Tunisia reads it in Arabic.
    expect((await t.smtp.next(focalOther.email)).subject).toContain('قيد الاستعراض');

    // Returning needs a reason, which the requester then reads.
    const noReason = await move(staff, id, { transition: 'return' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual([{ path: 'reason', message: 'is required for this move', key: 'reasonRequired' }]);
    const returned = await move(staff, id, { transition: 'return', reason: 'Précisez le budget et les zones concernées.' });
    expect(returned.body.status).toBe('returned');
    const revision = await t.smtp.next(focal.email);
    expect(revision.text).toContain(fr('mail.needMoved.reason', { reason: 'Précisez le budget et les zones concernées.' }));

    // The focal point revises and submits again; the centre publishes.
    expect((await t.request('PATCH', `/api/v1/needs/${id}`, { token: focal.token, body: { budget: { amount: 80000, currency: 'EUR' } } })).status).toBe(200);
    expect((await move(focal, id, { transition: 'submit' })).body.status).toBe('submitted');
    expect((await move(staff, id, { transition: 'publish' })).body.status).toBe('published');
    expect((await t.request('GET', `/api/v1/needs/${id}`, { token: null })).status).toBe(200); // public now

    const lifecycle = await t.request('GET', `/api/v1/needs/${id}/lifecycle`, { token: staff.token });
    expect(lifecycle.body.state).toBe('published');
    expect(lifecycle.body.events.map((e: { transition: string }) => e.transition)).toEqual(['submit', 'start_review', 'return', 'submit', 'publish']);
    expect(lifecycle.body.events[2]).toMatchObject({ from: 'under_review', to: 'returned', reason: 'Précisez le budget et les zones concernées.', via: 'platform', actor: expect.stringMatching(/^user:/) });
    expect(lifecycle.body.available.map((a: { transition: string }) => a.transition)).toEqual(['open_matchmaking', 'match', 'withdraw', 'expire']);
    const asOwner = await t.request('GET', `/api/v1/needs/${id}/lifecycle`, { token: focal.token });
    expect(asOwner.body.available.map((a: { transition: string }) => a.transition)).toEqual(['withdraw']);
    // The public sees the state, not the case's events.
    const asPublic = await t.request('GET', `/api/v1/needs/${id}/lifecycle`, { token: null });
    expect(asPublic.body).toMatchObject({ state: 'published', available: [], events: [] });
    // Each move is also a version in the history.
    const history = await t.request('GET', `/api/v1/needs/${id}/history`, { token: focal.token });
    expect(history.body.items.filter((h: { changes: Array<{ field: string }> }) => h.changes.some((c) => c.field === 'status')).length).toBe(5);
  });

  it('declines with a reason, after which nothing more can happen', async () => {
    const id = await draft();
    await move(focal, id, { transition: 'submit' });
    const declined = await move(staff, id, { transition: 'decline', reason: 'Hors du champ de la Convention.' });
    expect(declined.body.status).toBe('declined');
    const again = await move(staff, id, { transition: 'publish' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('A request that is declined cannot be moved by "publish" (only from submitted, under_review)');
    expect((await move(focal, id, { transition: 'withdraw' })).status).toBe(409);
  });

  it('lets the owner withdraw a request (telling the centre) and the centre expire one', async () => {
    const a = await draft();
    await move(focal, a, { transition: 'submit' });
    const mark = t.smtp.messages.length;
    expect((await move(focal, a, { transition: 'withdraw', reason: 'Financé par ailleurs.' })).body.status).toBe('withdrawn');
    expect((await mailSince(mark, staff.email)).text).toContain('Financé par ailleurs.');

    const b = await draft();
    await move(focal, b, { transition: 'submit' });
    await move(staff, b, { transition: 'publish' });
    expect((await move(focal, b, { transition: 'expire' })).status).toBe(403); // the platform's or the centre's move
    expect((await move(staff, b, { transition: 'expire' })).body.status).toBe('expired');
  });

  it('records a move made for a requester who phoned, which only centre staff may do', async () => {
    const id = await draft();
    expect((await move(focal, id, { transition: 'submit', via: 'phone' })).status).toBe(403);
    const mark = t.smtp.messages.length;
    const res = await move(staff, id, { transition: 'submit', via: 'phone' });
    expect(res.body.status).toBe('submitted');
    const events = (await t.request('GET', `/api/v1/needs/${id}/lifecycle`, { token: focal.token })).body.events;
    expect(events).toEqual([expect.objectContaining({ transition: 'submit', via: 'phone' })]);
    // The owners are not told of their own submission, but here someone else made it.
    expect((await mailSince(mark, focal.email)).subject).toContain('Soumis');
  });

  it('refuses moves that are not legal, not theirs, unknown, stale or by strangers', async () => {
    const id = await draft();
    const skip = await move(staff, id, { transition: 'publish' });
    expect(skip.status).toBe(409);
    expect(skip.body.error.fields).toEqual([{ path: 'transition', message: expect.stringContaining('only from submitted, under_review'), key: 'illegalTransition' }]);
    expect((await move(focal, id, { transition: 'teleport' })).status).toBe(400);
    expect((await move(focal, id, { transition: 'submit', extra: true })).status).toBe(400);
    await move(focal, id, { transition: 'submit' });
    expect((await move(focal, id, { transition: 'publish' })).status).toBe(403); // owners do not publish their own
    expect((await move(farStaff, id, { transition: 'start_review' })).status).toBe(404); // another centre does not even see it
    expect((await move(staff, id, { transition: 'start_review' }, { 'if-match': '"1"' })).status).toBe(412);
    expect((await t.request('POST', `/api/v1/needs/${id}/transitions`, { token: null, body: { transition: 'start_review' } })).status).toBe(401);
    expect((await t.request('GET', `/api/v1/needs/${id}`, { token: focal.token })).body).toMatchObject({ status: 'submitted', version: 2 });
  });

  it('treats a change of status by editing as the same move, with the same rules and trace', async () => {
    const id = await draft();
    expect((await t.request('PATCH', `/api/v1/needs/${id}`, { token: focal.token, body: { status: 'submitted' } })).status).toBe(200);
    const jump = await t.request('PATCH', `/api/v1/needs/${id}`, { token: staff.token, body: { status: 'agreed' } });
    expect(jump.status).toBe(409);
    expect(jump.body.error.fields[0]).toMatchObject({ path: 'status', key: 'illegalTransition' });
    const returnByEdit = await t.request('PATCH', `/api/v1/needs/${id}`, { token: staff.token, body: { status: 'returned' } });
    expect(returnByEdit.status).toBe(400); // needs a reason: use the transitions endpoint
    const events = (await t.request('GET', `/api/v1/needs/${id}/lifecycle`, { token: focal.token })).body.events;
    expect(events).toEqual([expect.objectContaining({ transition: 'submit', from: 'draft', to: 'submitted' })]);
  });

  it('lets centre staff record a request for a requester who phoned, kept as such in its case', async () => {
    const res = await t.request('POST', '/api/v1/needs?via=phone', { token: staff.token, body: needInput({ status: 'submitted', title: 'Demande reçue par téléphone' }) });
    expect(res.status).toBe(201);
    const events = (await t.request('GET', `/api/v1/needs/${res.body.id}/events`, { token: focal.token })).body.items;
    expect(events).toEqual([expect.objectContaining({ kind: 'created', via: 'phone', actor: expect.stringMatching(/^user:/) })]);
    // Not for a country the centre does not cover, not published at once, and only staff say "via".
    expect((await t.request('POST', '/api/v1/needs', { token: staff.token, body: needInput({ status: 'submitted', countries: ['BR'] }) })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/needs', { token: staff.token, body: needInput({ status: 'published' }) })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/needs?via=phone', { token: focal.token, body: needInput({ status: 'draft' }) })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/needs?via=fax', { token: staff.token, body: needInput({ status: 'draft' }) })).status).toBe(400);
  });
});
