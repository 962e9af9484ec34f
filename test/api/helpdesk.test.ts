// The support centres' help desk through the HTTP app: the centre's queue with age, state and next
// action; assigning a case to a colleague; internal notes the requester never sees; a question to
// the requester answered on the platform (or by phone, recorded by staff); escalation to the global
// coordinating entity and its queue; the conversation on a request between its owners, the centre
// and the provider of a match. Mails go to the real SMTP server in each person's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { mailAfter } from '../support/smtp.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { needInput, providerInput } from '../support/factories.ts';

let t: TestApp;
let focal: TestUser;
let staff: TestUser;
let colleague: TestUser;
let farStaff: TestUser;
let gce: TestUser;
let member: TestUser;
let otherMember: TestUser;
let providerId = '';

const mailAbout = (mark: number, to: string, title: string) => mailAfter(t.smtp, mark, to, (m) => m.subject.includes(title));
const submitted = async (title: string, countries = ['TN']) =>
  (await t.request('POST', '/api/v1/needs', { token: countries.includes('TN') ? focal.token : undefined, body: needInput({ status: 'submitted', title, countries }) })).body.id as string;

beforeAll(async () => {
  t = await createTestApp();
  await saveCentre(t.system, 'tsc-oss', { name: 'Sahara and Sahel Observatory', countries: ['TN', 'DZ', 'MA'] });
  await saveCentre(t.system, 'tsc-sprep', { name: 'SPREP', countries: ['WS', 'FJ'] });
  providerId = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id;
  focal = await t.user({ email: 'amira@example.org', name: 'Amira', language: 'fr', roles: [{ role: 'focal_point', scope: 'TN' }] });
  staff = await t.user({ email: 'moussa@oss.example.org', name: 'Moussa', language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] });
  colleague = await t.user({ email: 'awa@oss.example.org', name: 'Awa', language: 'fr', roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] });
  farStaff = await t.user({ email: 'sione@sprep.example.org', name: 'Sione', language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-sprep' }] });
  gce = await t.user({ email: 'lucia@cbd.example.org', name: 'Lucía', language: 'es', roles: [{ role: 'gce' }] });
  member = await t.user({ email: 'omar@drylands.example.org', name: 'Omar', language: 'ar', roles: [{ role: 'provider_member', scope: providerId }] });
  otherMember = await t.user({ email: 'claire@forets.example.org', name: 'Claire', language: 'fr', roles: [{ role: 'provider_member', scope: (await t.request('POST', '/api/v1/providers', { body: providerInput({ name: 'Institut des forêts', country: 'FR' }) })).body.id }] });
});
afterAll(() => t.close());

describe('the help desk', () => {
  it("lists a centre's open requests with their state and next action, for its staff only", async () => {
    const id = await submitted('Restaurer les oasis du Sud');
    const q = await t.request('GET', '/api/v1/centres/tsc-oss/queue', { token: staff.token });
    expect(q.status).toBe(200);
    expect(q.body.centre).toEqual({ id: 'tsc-oss', name: 'Sahara and Sahel Observatory' });
    expect(q.body.items).toContainEqual(expect.objectContaining({ id, status: 'submitted', nextAction: 'review', ageDays: 0, assignee: null, escalated: false, openQuestion: false }));
    expect((await t.request('GET', '/api/v1/centres/tsc-sprep/queue', { token: staff.token })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/centres/tsc-sprep/queue', { token: farStaff.token })).body.items).toEqual([]);
    expect((await t.request('GET', '/api/v1/centres/tsc-oss/queue', { token: focal.token })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/centres/tsc-oss/queue', { token: null })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/centres/tsc-oss/queue', { token: gce.token })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/centres/tsc-nowhere/queue', { token: gce.token })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/centres/tsc-oss/queue?pageSize=1000', { token: staff.token })).status).toBe(400);
  });

  it('gives a case to a colleague of a covering centre, who is told', async () => {
    const title = 'Cartographier les zones humides';
    const id = await submitted(title);
    const mark = t.smtp.messages.length;
    const res = await t.request('POST', `/api/v1/needs/${id}/assignment`, { token: staff.token, body: { userId: colleague.id } });
    expect(res.status).toBe(201);
    expect(res.body.assignee).toEqual({ id: colleague.id, name: 'Awa' });
    expect((await mailAbout(mark, colleague.email, title)).text).toContain('Awa');
    const q = await t.request('GET', '/api/v1/centres/tsc-oss/queue', { token: staff.token });
    expect(q.body.items.find((i: { id: string }) => i.id === id).assignee).toBe(colleague.id);
    expect((await t.request('POST', `/api/v1/needs/${id}/assignment`, { token: staff.token, body: { userId: farStaff.id } })).status).toBe(400);
    expect((await t.request('POST', `/api/v1/needs/${id}/assignment`, { token: focal.token, body: { userId: colleague.id } })).status).toBe(403);
  });

  it('keeps internal notes from the requester', async () => {
    const id = await submitted('Inventaire des pollinisateurs');
    expect((await t.request('POST', `/api/v1/needs/${id}/notes`, { token: staff.token, body: { text: 'Appeler le ministère avant de publier.' } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/needs/${id}/notes`, { token: staff.token, body: { text: '   ' } })).status).toBe(400);
    expect((await t.request('POST', `/api/v1/needs/${id}/notes`, { token: focal.token, body: { text: 'Moi aussi' } })).status).toBe(403);
    const forStaff = (await t.request('GET', `/api/v1/needs/${id}/events`, { token: staff.token })).body.items;
    expect(forStaff).toEqual([expect.objectContaining({ kind: 'note', text: 'Appeler le ministère avant de publier.' })]);
    expect((await t.request('GET', `/api/v1/needs/${id}/events`, { token: focal.token })).body.items).toEqual([]);
  });

  it('asks the requester a question, which they answer on the platform — or by phone, recorded by staff', async () => {
    const title = 'Plan de gestion des parcours';
    const id = await submitted(title);
    let mark = t.smtp.messages.length;
    expect((await t.request('POST', `/api/v1/needs/${id}/clarifications`, { token: staff.token, body: { question: 'Quelle superficie est concernée ?' } })).status).toBe(201);
    const asked = await mailAbout(mark, focal.email, title);
    expect(asked.text).toContain('Quelle superficie est concernée ?');
    expect(asked.text).toContain('Bonjour Amira');
    let item = (await t.request('GET', '/api/v1/centres/tsc-oss/queue', { token: staff.token })).body.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ openQuestion: true, nextAction: 'wait_requester' });

    mark = t.smtp.messages.length;
    expect((await t.request('POST', `/api/v1/needs/${id}/clarifications/answer`, { token: focal.token, body: { answer: 'Environ 12 000 hectares.' } })).status).toBe(201);
    expect((await mailAbout(mark, staff.email, title)).text).toContain('Environ 12 000 hectares.');
    item = (await t.request('GET', '/api/v1/centres/tsc-oss/queue', { token: staff.token })).body.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ openQuestion: false, nextAction: 'review' });
    expect((await t.request('POST', `/api/v1/needs/${id}/clarifications/answer`, { token: focal.token, body: { answer: 'Encore' } })).status).toBe(409);

    await t.request('POST', `/api/v1/needs/${id}/clarifications`, { token: staff.token, body: { question: 'Quel budget ?' } });
    expect((await t.request('POST', `/api/v1/needs/${id}/clarifications/answer`, { token: staff.token, body: { answer: 'Au téléphone : 80 000 EUR.' } })).status).toBe(403); // not for staff without via
    expect((await t.request('POST', `/api/v1/needs/${id}/clarifications/answer`, { token: staff.token, body: { answer: 'Au téléphone : 80 000 EUR.', via: 'phone' } })).status).toBe(201);
    const events = (await t.request('GET', `/api/v1/needs/${id}/events?kind=clarification,answer`, { token: focal.token })).body.items;
    expect(events.map((e: { kind: string; via: string }) => `${e.kind}/${e.via}`)).toEqual(['clarification/platform', 'answer/platform', 'clarification/platform', 'answer/phone']);
  });

  it('escalates a case to the global queue, which also holds requests no centre covers', async () => {
    const title = 'Lutte contre le criquet pèlerin';
    const id = await submitted(title);
    const uncovered = await submitted('Restauração da Caatinga', ['BR']);
    const mark = t.smtp.messages.length;
    expect((await t.request('POST', `/api/v1/needs/${id}/escalation`, { token: staff.token, body: { reason: 'Demande régionale : hors de nos moyens.' } })).status).toBe(201);
    expect((await mailAbout(mark, gce.email, title)).text).toContain('Demande régionale : hors de nos moyens.');
    const global = await t.request('GET', '/api/v1/helpdesk/global', { token: gce.token });
    expect(global.status).toBe(200);
    const ids = global.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(id);
    expect(ids).toContain(uncovered);
    expect(global.body.items.find((i: { id: string }) => i.id === id).escalated).toBe(true);
    expect((await t.request('GET', '/api/v1/helpdesk/global', { token: staff.token })).status).toBe(403);
    expect((await t.request('POST', `/api/v1/needs/${id}/escalation`, { token: staff.token, body: {} })).status).toBe(400);
  });

  it('carries the conversation between the requester, the centre and the provider of a match', async () => {
    const title = 'Banques de semences fourragères';
    const id = await submitted(title);
    await t.request('POST', `/api/v1/needs/${id}/transitions`, { token: staff.token, body: { transition: 'publish' } });
    const match = (await t.request('POST', '/api/v1/matches', { token: staff.token, body: { needId: id, offerId: providerId } })).body.id;
    let mark = t.smtp.messages.length;
    expect((await t.request('POST', `/api/v1/needs/${id}/messages`, { token: member.token, body: { text: 'Nous pouvons venir en mars.', matchId: match } })).status).toBe(201);
    expect((await mailAbout(mark, focal.email, title)).text).toContain('Nous pouvons venir en mars.');
    expect((await mailAbout(mark, staff.email, title)).text).toContain('Nous pouvons venir en mars.');
    mark = t.smtp.messages.length;
    expect((await t.request('POST', `/api/v1/needs/${id}/messages`, { token: focal.token, body: { text: 'Parfait, merci.' } })).status).toBe(201);
    expect((await mailAbout(mark, member.email, title)).text).toContain('Parfait, merci.');
    // A provider with no match on it cannot write, and sees nothing of the case.
    expect((await t.request('POST', `/api/v1/needs/${id}/messages`, { token: otherMember.token, body: { text: 'Et nous ?' } })).status).toBe(403);
    expect((await t.request('GET', `/api/v1/needs/${id}/events`, { token: otherMember.token })).body.items).toEqual([]);
    await t.request('POST', `/api/v1/needs/${id}/notes`, { token: staff.token, body: { text: 'Partenaire solide.' } });
    const forMember = (await t.request('GET', `/api/v1/needs/${id}/events`, { token: member.token })).body.items;
    expect(forMember.map((e: { kind: string }) => e.kind)).toEqual(['match', 'message', 'message']);
    expect((await t.request('POST', `/api/v1/needs/${id}/messages`, { token: focal.token, body: { text: 'x', matchId: 'mat_0000000000000000' } })).status).toBe(400);
  });
});
