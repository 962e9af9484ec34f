// The whole journey through the HTTP app, as decision 15/8 describes the centres' work, with a
// controlled clock and the real SMTP server: a Tunisian focal point submits a request in French; it
// reaches the queue of the centre covering Tunisia; staff publish it and propose the Jordanian
// dryland centre; the provider is reminded after 7 days, then accepts; the requester accepts; the
// provider proposes the agreement and the requester confirms it; implementation starts, progress is
// reported, the cooperation is completed and both sides evaluate it; the lesson is published. Each
// step is mailed to the people concerned in their own language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { runReminders } from '../../src/services/lifecycle/reminders.ts';
import { mailAfter } from '../support/smtp.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { needInput, providerInput } from '../support/factories.ts';

const DAY = 86_400_000;
let clock = new Date('2027-02-01T08:00:00Z');
let t: TestApp;
let focal: TestUser; // French
let staff: TestUser; // English
let member: TestUser; // Arabic
let providerId = '';

const mailAbout = (mark: number, to: string, where: (m: { subject: string; text: string }) => boolean) => mailAfter(t.smtp, mark, to, where);

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  await saveCentre(t.system, 'tsc-oss', { name: 'Sahara and Sahel Observatory', countries: ['TN', 'DZ', 'MA'] });
  providerId = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id; // based in Jordan
  focal = await t.user({ email: 'amira@example.org', name: 'Amira', language: 'fr', roles: [{ role: 'focal_point', scope: 'TN' }] });
  staff = await t.user({ email: 'moussa@oss.example.org', name: 'Moussa', language: 'en', roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] });
  member = await t.user({ email: 'omar@drylands.example.org', name: 'Omar', language: 'ar', roles: [{ role: 'provider_member', scope: providerId }] });
});
afterAll(() => t.close());

describe('from request to measured outcome', () => {
  it('follows a French request from submission to evaluation', async () => {
    const fr = translator('fr');
    const ar = translator('ar');
    const title = 'Restaurer les parcours dégradés du Centre-Ouest';
    const as = (u: TestUser) => ({ token: u.token });

    // 1. The focal point submits the request, written in French.
    let mark = t.smtp.messages.length;
    const needId = (await t.request('POST', '/api/v1/needs', { ...as(focal), body: needInput({ status: 'draft', title }) })).body.id;
    expect((await t.request('POST', `/api/v1/needs/${needId}/transitions`, { ...as(focal), body: { transition: 'submit' } })).body.status).toBe('submitted');
    expect((await mailAbout(mark, staff.email, (m) => m.subject.includes(title))).subject).toBe(`${title}: Submitted`);

    // 2. It is in the covering centre's queue; staff review and publish it.
    const queue = (await t.request('GET', '/api/v1/centres/tsc-oss/queue', as(staff))).body.items;
    expect(queue).toEqual([expect.objectContaining({ id: needId, status: 'submitted', nextAction: 'review' })]);
    await t.request('POST', `/api/v1/needs/${needId}/transitions`, { ...as(staff), body: { transition: 'start_review' } });
    mark = t.smtp.messages.length;
    expect((await t.request('POST', `/api/v1/needs/${needId}/transitions`, { ...as(staff), body: { transition: 'publish' } })).body.status).toBe('published');
    expect((await mailAbout(mark, focal.email, (m) => m.text.includes(fr('mail.needMoved.body_publish', { title })))).text).toContain('Bonjour Amira');

    // 3. Staff propose the dryland centre; the provider hears of it in Arabic.
    mark = t.smtp.messages.length;
    const matchId = (await t.request('POST', '/api/v1/matches', { ...as(staff), body: { needId, offerId: providerId } })).body.id;
    expect((await mailAbout(mark, member.email, (m) => m.subject === ar('mail.matchProposed.subject', { title }))).text).toContain('Omar');

    // 4. A week without an answer: the provider is reminded, in Arabic.
    clock = new Date(clock.getTime() + 7 * DAY);
    mark = t.smtp.messages.length;
    expect((await runReminders(t.system)).reminded).toBe(1);
    expect((await mailAbout(mark, member.email, (m) => m.subject === ar('mail.matchReminder.subject'))).text).toContain(title);

    // 5. The provider accepts, then the requester: the request is matched.
    expect((await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { ...as(member), body: { transition: 'accept' } })).body.state).toBe('interest_expressed');
    expect((await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { ...as(focal), body: { transition: 'accept' } })).body.state).toBe('accepted');
    expect((await t.request('GET', `/api/v1/needs/${needId}`)).body.status).toBe('matched');

    // 6. The provider proposes the agreement; the requester confirms: in force, the request agreed.
    const agreement = await t.request('POST', `/api/v1/matches/${matchId}/agreement`, {
      ...as(member),
      body: {
        type: 'training',
        summary: 'Formation de 20 techniciens à la restauration des parcours et création d’une banque de semences.',
        startDate: '2027-02-15',
        endDate: '2027-04-15',
        budget: { amount: 80000, currency: 'EUR' },
        funds: [{ source: 'multilateral', amount: 50000, currency: 'EUR', funder: 'Fonds pour l’environnement mondial' }, { source: 'in_kind', amount: 30000, currency: 'EUR' }],
        languages: ['fr', 'ar'],
        ledBySouthernPartner: true,
        ledByIplc: false,
        beneficiaries: [{ type: 'ORG-GOV-NATIONAL', women: 9, men: 11 }],
      },
    });
    expect(agreement.status).toBe(201);
    expect(agreement.body).toMatchObject({ state: 'pending', modality: 'south_south', countries: ['TN', 'JO'], providerConfirmed: true, requesterConfirmed: false, type: 'training' });
    const agreementId = agreement.body.id;
    expect((await t.request('POST', `/api/v1/agreements/${agreementId}/confirm`, as(member))).status).toBe(409); // already confirmed for that side
    mark = t.smtp.messages.length;
    const confirmed = await t.request('POST', `/api/v1/agreements/${agreementId}/confirm`, as(focal));
    expect(confirmed.body).toMatchObject({ state: 'active', requesterConfirmed: true, available: ['update'] });
    expect((await t.request('GET', `/api/v1/needs/${needId}`)).body.status).toBe('agreed');
    expect((await mailAbout(mark, staff.email, (m) => m.subject.includes(title) && m.subject.startsWith('Agreement in force'))).text).toContain(title);

    // 7. Implementation starts (the provider), progress is reported, the requester completes it.
    expect((await t.request('POST', `/api/v1/needs/${needId}/transitions`, { ...as(member), body: { transition: 'start_implementation' } })).body.status).toBe('in_implementation');
    mark = t.smtp.messages.length;
    const update = await t.request('POST', `/api/v1/agreements/${agreementId}/updates`, { ...as(member), body: { text: 'Première session de formation tenue à Kasserine, 21 participants.' } });
    expect(update.status).toBe(201);
    const progressEvents = (await t.request('GET', `/api/v1/needs/${needId}/events?kind=progress`, as(staff))).body.items;
    expect(progressEvents.map((e: { id: string }) => e.id)).toEqual([update.body.id]); // the id answered is the event's
    expect((await mailAbout(mark, focal.email, (m) => m.text.includes('Kasserine'))).subject).toContain(title);
    clock = new Date('2027-04-20T08:00:00Z'); // (within the 90 days of the people's API tokens)
    expect((await t.request('POST', `/api/v1/needs/${needId}/transitions`, { ...as(focal), body: { transition: 'complete' } })).body.status).toBe('completed');
    expect((await t.request('GET', `/api/v1/agreements/${agreementId}`, as(focal))).body).toMatchObject({ state: 'completed', available: ['evaluate'] });

    // 8. Both sides evaluate; the request is evaluated and the lesson public.
    const bad = await t.request('POST', `/api/v1/agreements/${agreementId}/evaluations`, { ...as(focal), body: { usefulness: 9, changes: '', lessons: 'x', language: 'fr', publish: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['changes', 'usefulness']);
    const first = await t.request('POST', `/api/v1/agreements/${agreementId}/evaluations`, {
      ...as(focal),
      body: { usefulness: 5, changes: '1 200 ha de parcours mis en défens et replantés.', lessons: 'Associer les éleveurs dès le début.', language: 'fr', publish: true },
    });
    expect(first.body).toMatchObject({ state: 'completed' });
    expect((await t.request('POST', `/api/v1/agreements/${agreementId}/evaluations`, { ...as(focal), body: { usefulness: 4, changes: 'x', lessons: 'y', language: 'fr', publish: false } })).status).toBe(409);
    const second = await t.request('POST', `/api/v1/agreements/${agreementId}/evaluations`, {
      ...as(member),
      body: { usefulness: 4, changes: 'تعلمنا الكثير عن مراعي السهوب التونسية.', lessons: 'الحاجة إلى بنك بذور محلي.', language: 'ar', publish: false },
    });
    expect(second.body.state).toBe('evaluated');
    expect((await t.request('GET', `/api/v1/needs/${needId}`)).body.status).toBe('evaluated');
    const lessons = (await t.request('GET', '/api/v1/lessons', { token: null })).body.items;
    expect(lessons).toEqual([expect.objectContaining({ needId, type: 'training', modality: 'south_south', lessons: 'Associer les éleveurs dès le début.', language: 'fr' })]);

    // The case keeps every step.
    const events = (await t.request('GET', `/api/v1/needs/${needId}/events`, as(staff))).body.items.map((e: { kind: string; name: string }) => `${e.kind}:${e.name}`);
    expect(events).toEqual([
      'transition:submit', 'transition:start_review', 'transition:publish', 'transition:open_matchmaking', 'match:propose', 'match:accept', 'match:accept', 'transition:match',
      'agreement:propose_agreement', 'agreement:agreement_in_force', 'transition:agree', 'transition:start_implementation', 'progress:progress', 'transition:complete',
      'evaluation:evaluate', 'evaluation:evaluate', 'transition:evaluate',
    ]);
  });

  it('refuses agreements on matches not accepted, and by people not party to them', async () => {
    const needId = (await t.request('POST', '/api/v1/needs', { body: needInput({ status: 'published', title: 'Suivi des oiseaux migrateurs' }) })).body.id;
    const matchId = (await t.request('POST', '/api/v1/matches', { token: staff.token, body: { needId, offerId: providerId } })).body.id;
    const body = { type: 'training', summary: 'x', startDate: '2027-05-01', endDate: '2027-06-01', languages: ['fr'], ledBySouthernPartner: true, ledByIplc: false };
    expect((await t.request('POST', `/api/v1/matches/${matchId}/agreement`, { token: member.token, body })).status).toBe(409);
    await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: member.token, body: { transition: 'accept' } });
    await t.request('POST', `/api/v1/matches/${matchId}/transitions`, { token: focal.token, body: { transition: 'accept' } });
    const wrong = await t.request('POST', `/api/v1/matches/${matchId}/agreement`, { token: member.token, body: { ...body, endDate: '2027-01-01', languages: ['xx'] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['endDate', 'languages']);
    const stranger = await t.user({ roles: [] });
    expect((await t.request('POST', `/api/v1/matches/${matchId}/agreement`, { token: stranger.token, body })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/matches/${matchId}/agreement`, { token: null, body })).status).toBe(401);
  });
});
