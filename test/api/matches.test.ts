// Matches and reminders through the HTTP app, with a controlled clock: a centre proposes a provider
// for a published request (which enters matchmaking); the provider is reminded after 7 and 14 days,
// the centre is told after 21; both sides accept and the request is matched; a declined match; idle
// requests flagged to the centre and then to the global coordinating entity. Mail goes to the real
// SMTP server, in each person's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { runReminders } from '../../src/services/lifecycle/reminders.ts';
import { mailAfter } from '../support/smtp.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';

const DAY = 86_400_000;
let clock = new Date('2027-01-10T09:00:00Z');
const later = (days: number) => {
  clock = new Date(clock.getTime() + days * DAY);
};

let t: TestApp;
let focal: TestUser; // Tunisia, French
let staff: TestUser; // centre covering Tunisia, English
let member: TestUser; // the Jordanian dryland centre's profile, Arabic
let otherMember: TestUser; // another provider
let gce: TestUser; // the global coordinating entity, Spanish
let providerId = '';
let otherProvider = '';

const mailSince = (mark: number, to: string) => mailAfter(t.smtp, mark, to);
const mailAbout = (mark: number, to: string, title: string) => mailAfter(t.smtp, mark, to, (m) => m.subject.includes(title));
const flagsOf = async (needId: string) =>
  ((await t.request('GET', `/api/v1/needs/${needId}/lifecycle`)).body.events as Array<{ kind: string; transition: string }>).filter((e) => e.kind === 'flag').map((e) => e.transition);

/** A request published by the centre, as the focal point would have it. */
async function publishedNeed(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = (await t.request('POST', '/api/v1/needs', { token: focal.token, body: needInput({ status: 'submitted', ...overrides }) })).body.id;
  const published = await t.request('POST', `/api/v1/needs/${id}/transitions`, { body: { transition: 'publish' } });
  expect(published.status).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  await saveCentre(t.system, 'tsc-oss', { name: 'Sahara and Sahel Observatory', countries: ['TN', 'DZ', 'MA'] });
  providerId = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id;
  otherProvider = (await t.request('POST', '/api/v1/providers', { body: providerInput({ name: 'Institut des forêts', country: 'FR' }) })).body.id;
  focal = await t.user({ email: 'amira@example.org', name: 'Amira', language: 'fr', roles: [{ role: 'focal_point', scope: 'TN' }] });
  staff = await t.user({ email: 'moussa@oss.example.org', name: 'Moussa', language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] });
  member = await t.user({ email: 'omar@drylands.example.org', name: 'Omar', language: 'ar', roles: [{ role: 'provider_member', scope: providerId }] });
  otherMember = await t.user({ email: 'claire@forets.example.org', name: 'Claire', language: 'fr', roles: [{ role: 'provider_member', scope: otherProvider }] });
  gce = await t.user({ email: 'gce@cbd.example.org', name: 'Lucía', language: 'es', roles: [{ role: 'gce' }] });
});
afterAll(() => t.close());

describe('matches', () => {
  it('proposed by the centre, reminded to the provider at 7 and 14 days, flagged at 21, then accepted by both sides', async () => {
    const needId = await publishedNeed({ title: 'Restaurer les parcours steppiques' });
    let mark = t.smtp.messages.length;
    const proposed = await t.request('POST', '/api/v1/matches', { token: staff.token, body: { needId, offerId: providerId, note: 'Ils ont restauré des parcours semblables en Jordanie.' } });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ needId, offerType: 'provider', offerId: providerId, state: 'proposed', proposedAs: 'reviewer', requesterAccepted: false, providerAccepted: false });
    const matchId = proposed.body.id as string;
    expect((await t.request('GET', `/api/v1/needs/${needId}`)).body.status).toBe('in_matchmaking');
    expect((await mailSince(mark, member.email)).subject).toContain('Restaurer les parcours steppiques'); // Arabic mail
    expect((await mailSince(mark, focal.email)).text).toContain('Bonjour Amira');
    // The same pair cannot be proposed twice.
    expect((await t.request('POST', '/api/v1/matches', { token: focal.token, body: { needId, offerId: providerId } })).status).toBe(409);

    // Six days: nothing yet. Seven: the provider is reminded, once.
    later(6);
    expect(await runReminders(t.system)).toMatchObject({ reminded: 0, flagged: 0 });
    later(1);
    mark = t.smtp.messages.length;
    expect(await runReminders(t.system)).toMatchObject({ reminded: 1, flagged: 0 });
    const reminder = await mailSince(mark, member.email);
    expect(reminder.text).toContain('Omar');
    expect(reminder.text).toMatch(/7/);
    expect(await runReminders(t.system)).toMatchObject({ reminded: 0 });
    later(7);
    expect(await runReminders(t.system)).toMatchObject({ reminded: 1 });
    later(7);
    mark = t.smtp.messages.length;
    expect(await runReminders(t.system)).toMatchObject({ reminded: 0, flagged: 1 });
    const flag = await mailSince(mark, staff.email);
    expect(flag.subject).toBe('Unanswered match for “Restaurer les parcours steppiques”');
    const events = (await t.request('GET', `/api/v1/needs/${needId}/lifecycle`, { token: staff.token })).body.events;
    expect(events.map((e: { kind: string; transition: string }) => `${e.kind}:${e.transition}`)).toEqual(['transition:publish', 'transition:open_matchmaking', 'match:propose', 'flag:flag_centre']);

    // The provider accepts: interest shown; the requester accepts: matched.
    const providerSide = await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: member.token, body: { transition: 'accept' } });
    expect(providerSide.body).toMatchObject({ state: 'interest_expressed', providerAccepted: true, requesterAccepted: false, available: ['decline'] });
    later(40); // answered: no more reminders for this match, whatever the time
    expect((await runReminders(t.system)).reminded).toBe(0);
    mark = t.smtp.messages.length;
    const bothSides = await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: focal.token, body: { transition: 'accept' } });
    expect(bothSides.body).toMatchObject({ state: 'accepted', providerAccepted: true, requesterAccepted: true });
    expect((await t.request('GET', `/api/v1/needs/${needId}`)).body.status).toBe('matched');
    expect((await mailSince(mark, member.email)).subject).toContain('Restaurer les parcours steppiques');
    expect((await mailSince(mark, staff.email)).subject).toBe('Match accepted for “Restaurer les parcours steppiques”');
    expect((await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: focal.token, body: { transition: 'accept' } })).status).toBe(409);
    // The home page counts the matches made.
    expect(String((await t.request('GET', '/?lang=en', { token: null })).body)).toMatch(/<strong>1<\/strong> matches made/);
  });

  it('is declined with a reason the other side reads; strangers see nothing of it', async () => {
    const needId = await publishedNeed({ title: 'Banque de semences pastorales' });
    const opportunity = (await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(providerId) })).body.id;
    // Proposed by the requester from a suggestion: their side counts as accepted.
    const proposed = await t.request('POST', '/api/v1/matches', { token: focal.token, body: { needId, offerId: opportunity } });
    expect(proposed.body).toMatchObject({ offerType: 'opportunity', providerId, proposedAs: 'requester', requesterAccepted: true });
    const matchId = proposed.body.id;
    expect((await t.request('GET', `/api/v1/needs/${needId}/proposals`, { token: otherMember.token })).body.items).toEqual([]);
    expect((await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: otherMember.token, body: { transition: 'accept' } })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: member.token, body: { transition: 'decline' } })).status).toBe(400);
    const mark = t.smtp.messages.length;
    const declined = await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: member.token, body: { transition: 'decline', reason: 'Le cours est complet cette année.' } });
    expect(declined.body).toMatchObject({ state: 'declined', declineReason: 'Le cours est complet cette année.' });
    expect((await mailSince(mark, focal.email)).text).toContain('Le cours est complet cette année.');
    // Declined, the pair may be proposed again.
    later(1);
    expect((await t.request('POST', '/api/v1/matches', { token: staff.token, body: { needId, offerId: opportunity } })).status).toBe(201);
    const list = (await t.request('GET', `/api/v1/needs/${needId}/proposals`, { token: focal.token })).body.items;
    expect(list.map((m: { state: string }) => m.state)).toEqual(['declined', 'proposed']);
  });

  it('refuses proposals for requests not looking for partners, offers not published, and people not involved', async () => {
    const draft = (await t.request('POST', '/api/v1/needs', { token: focal.token, body: needInput({ status: 'draft' }) })).body.id;
    expect((await t.request('POST', '/api/v1/matches', { token: focal.token, body: { needId: draft, offerId: providerId } })).status).toBe(409);
    const needId = await publishedNeed();
    expect((await t.request('POST', '/api/v1/matches', { token: otherMember.token, body: { needId, offerId: providerId } })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/matches', { token: focal.token, body: { needId, offerId: 'need-0000000000' } })).status).toBe(400);
    expect((await t.request('POST', '/api/v1/matches', { token: null, body: { needId, offerId: providerId } })).status).toBe(401);
    // A provider member may propose their own offer; their side is then accepted.
    const own = await t.request('POST', '/api/v1/matches', { token: member.token, body: { needId, offerId: providerId } });
    expect(own.body).toMatchObject({ proposedAs: 'provider', providerAccepted: true });
  });
});

describe('requests that stall', () => {
  it('are flagged to the covering centre after 30 idle days and to the global coordinating entity after 45', async () => {
    const title = 'Suivi des zones humides côtières';
    const needId = await publishedNeed({ title });
    later(29);
    await runReminders(t.system);
    expect(await flagsOf(needId)).toEqual([]);
    later(1);
    let mark = t.smtp.messages.length;
    await runReminders(t.system);
    expect(await flagsOf(needId)).toEqual(['flag_centre']);
    expect((await mailAbout(mark, staff.email, title)).subject).toBe(`Nothing has happened on “${title}” for 30 days`);
    await runReminders(t.system); // once only
    expect(await flagsOf(needId)).toEqual(['flag_centre']);
    later(15);
    mark = t.smtp.messages.length;
    await runReminders(t.system);
    expect(await flagsOf(needId)).toEqual(['flag_centre', 'flag_gce']);
    expect((await mailAbout(mark, gce.email, title)).text).toContain('Lucía');
    // Something happens: idleness counts from there (flags themselves do not count).
    // (the administrator's token: the people's own tokens have expired on this clock)
    expect((await t.request('POST', `/api/v1/needs/${needId}/transitions`, { body: { transition: 'open_matchmaking' } })).status).toBe(200);
    later(29);
    await runReminders(t.system);
    expect(await flagsOf(needId)).toEqual(['flag_centre', 'flag_gce']);
    later(1);
    await runReminders(t.system);
    expect(await flagsOf(needId)).toEqual(['flag_centre', 'flag_gce', 'flag_centre']);
  });

  it('goes straight to the global help desk when no centre covers the country', async () => {
    const title = 'Restauração da Caatinga';
    const needId = (await t.request('POST', '/api/v1/needs', { body: needInput({ status: 'published', countries: ['BR'], title }) })).body.id;
    later(30);
    const mark = t.smtp.messages.length;
    await runReminders(t.system);
    expect(await flagsOf(needId)).toEqual(['flag_gce']);
    expect((await mailAbout(mark, gce.email, title)).subject).toContain(title);
  });
});
