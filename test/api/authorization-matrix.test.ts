// The authorization matrix: every role, and anonymous, against every state-changing endpoint and
// every read of non-public data, for the actor's own records, another country's and another
// organisation's, with the exact status expected. A route the app serves that is neither here nor
// in PUBLIC_READS fails the first test, so a new endpoint cannot skip the matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../../src/services/records/create-record.ts';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { moveMatch, proposeMatch } from '../../src/services/lifecycle/matches.ts';
import { askClarification } from '../../src/services/lifecycle/helpdesk.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';

const ROLES = ['anon', 'admin', 'gce', 'advisory', 'staff', 'focal', 'member', 'expert', 'none', 'ro'] as const;
type RoleName = (typeof ROLES)[number];

/** Routes that only ever serve public data (or describe the API): the same answer for everyone. */
const PUBLIC_READS = new Set([
  'GET /', 'GET /api/openapi.json', 'GET /api/docs', 'GET /healthz', 'GET /readyz', 'GET /assets/site.css', 'GET /assets/api.css', 'GET /favicon.svg', 'GET /favicon.ico',
  'GET /api/v1/vocabularies', 'GET /api/v1/vocabularies/:vocabularyId', 'GET /api/v1/centres',
  'GET /search', // a redirect to a search page
  'GET /api/v1/lessons', // lessons learned their authors chose to publish
  'GET /api/v1/centres/coverage', // which centres serve which countries
  'GET /centres', // the same, as a page
  // Forms: what they show depends only on the language and whether someone is signed in.
  'GET /account/signup', 'GET /account/signin', 'GET /account/verify', 'GET /account/reset', 'GET /account/reset/confirm', 'GET /account/invitation',
]);

interface Credentials {
  cookie?: string;
  csrf?: string;
  token?: string;
}

interface Ids {
  provA: string; // organisation in JO, published; `member` belongs to it
  provB: string; // organisation in FR, published; nobody's
  provExpert: string; // expert, published; `expert` is this person
  provDraftTN: string; // draft organisation in TN (covered by the centre); nobody's
  provDraftFR: string; // draft organisation in FR (no centre); nobody's
}

type Req = { method: string; path: string; body?: unknown; form?: Record<string, string>; noCsrf?: boolean };

interface Case {
  route: string;
  what: string;
  /** Builds the request for one role (creating fresh records where the request changes them). */
  request: (ids: Ids, role: RoleName) => Promise<Req> | Req;
  expect: Record<RoleName, number>;
  /** Sign this role in afresh before (for requests that end the session). */
  freshSession?: boolean;
}

/** "401 anon; 201 admin gce focal; 403 *" → a status per role. */
function ex(spec: string): Record<RoleName, number> {
  const out: Partial<Record<RoleName, number>> = {};
  let fallback: number | undefined;
  for (const part of spec.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [status, ...roles] = part.split(/\s+/);
    for (const r of roles) {
      if (r === '*') fallback = Number(status);
      else if ((ROLES as readonly string[]).includes(r)) out[r as RoleName] = Number(status);
      else throw new Error(`unknown role ${r} in "${spec}"`);
    }
  }
  for (const r of ROLES) {
    if (out[r] === undefined) {
      if (fallback === undefined) throw new Error(`no status for ${r} in "${spec}"`);
      out[r] = fallback;
    }
  }
  return out as Record<RoleName, number>;
}

let t: TestApp;
let ids: Ids;
const creds: Partial<Record<RoleName, Credentials>> = {};
const userIds: Partial<Record<RoleName, string>> = {};
const emails: Partial<Record<RoleName, string>> = {};
const PASSWORD = 'correct horse battery staple';

async function signIn(role: RoleName): Promise<Credentials> {
  const res = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email: emails[role], password: PASSWORD } });
  expect(res.status, `sign-in of ${role}`).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken };
}

const sys = () => t.system;
const need = (o: Record<string, unknown>) => createRecord(sys(), 'need', needInput(o)).then((r) => r.id);
const provider = (o: Record<string, unknown>) => createRecord(sys(), 'provider', providerInput(o)).then((r) => r.id);
const opportunity = (providerId: string, o: Record<string, unknown>) => createRecord(sys(), 'opportunity', opportunityInput(providerId, o)).then((r) => r.id);

const matchOf = (needId: string, offerId: string) => proposeMatch(sys(), needId, { offerId }).then((m) => m.id);
const AGREEMENT = { type: 'training', summary: 'A course', startDate: '2027-01-01', endDate: '2027-02-01', languages: ['fr'], ledBySouthernPartner: true, ledByIplc: false };
/** A match accepted by both sides (the platform accepting for each). */
const acceptedMatch = async (ids: Ids) => {
  const id = await matchOf(await tnNeed('published'), ids.provA);
  await moveMatch(sys(), id, { transition: 'accept' });
  await moveMatch({ ...sys(), actor: { kind: 'system', name: 'provider-side' } }, id, { transition: 'accept' });
  return id;
};
/** An agreement proposed by the administrator: neither side has confirmed it yet. */
const pendingAgreement = async (ids: Ids) => {
  const created = await t.request('POST', `/api/v1/matches/${await acceptedMatch(ids)}/agreement`, { body: AGREEMENT });
  expect(created.status).toBe(201);
  return created.body.id as string;
};
const askedNeed = async (ids: Ids) => {
  const id = await ownNeed(ids);
  await askClarification(sys(), id, { question: 'Which area?' });
  return id;
};

// Fresh records for one request.
const ownNeed = (ids: Ids, status = 'submitted') => need({ status, countries: ['TN'], organisation: { name: 'Association', type: 'ORG-NGO', providerId: ids.provA } });
const tnNeed = (status = 'submitted') => need({ status, countries: ['TN'] });
const otherNeed = (status = 'submitted') => need({ status, countries: ['BR'], organisation: { name: 'Ministério', type: 'ORG-GOV-NATIONAL', providerId: null } });

const NEED_TN = needInput({ status: 'submitted', countries: ['TN'] });
const NEED_BR_OF_A = (ids: Ids) => needInput({ status: 'submitted', countries: ['BR'], organisation: { name: 'CDE', type: 'ORG-ACADEMIC', providerId: ids.provA } });
const NEED_BR = needInput({ status: 'submitted', countries: ['BR'] });

const CASES: Case[] = [
  // ---- needs: create
  { route: 'POST /api/v1/needs', what: 'a TN need (focal point of TN; staff of the centre covering TN)', request: () => ({ method: 'POST', path: '/api/v1/needs', body: NEED_TN }), expect: ex('401 anon; 201 admin gce staff focal; 403 *') },
  { route: 'POST /api/v1/needs', what: "a BR need of the member's organisation", request: (i) => ({ method: 'POST', path: '/api/v1/needs', body: NEED_BR_OF_A(i) }), expect: ex('401 anon; 201 admin gce member; 403 *') },
  { route: 'POST /api/v1/needs', what: 'another country’s need', request: () => ({ method: 'POST', path: '/api/v1/needs', body: NEED_BR }), expect: ex('401 anon; 201 admin gce; 403 *') },
  { route: 'POST /api/v1/needs', what: 'a TN need created as published (owners may not publish)', request: () => ({ method: 'POST', path: '/api/v1/needs', body: needInput({ countries: ['TN'], status: 'published' }) }), expect: ex('401 anon; 201 admin gce; 403 *') },
  // ---- needs: change
  { route: 'PATCH /api/v1/needs/:id', what: 'own submitted need (TN, of provider A): title', request: async (i) => ({ method: 'PATCH', path: `/api/v1/needs/${await ownNeed(i)}`, body: { title: 'Nouveau titre du besoin' } }), expect: ex('401 anon; 200 admin gce focal member; 403 staff ro; 404 *') },
  { route: 'PATCH /api/v1/needs/:id', what: 'own submitted need: a review field (subjects)', request: async (i) => ({ method: 'PATCH', path: `/api/v1/needs/${await ownNeed(i)}`, body: { subjects: ['CBD-SUBJECT-DSHL', 'CBD-SUBJECT-AGR'] } }), expect: ex('401 anon; 200 admin gce focal member staff; 403 ro; 404 *') },
  { route: 'PATCH /api/v1/needs/:id', what: 'own submitted need: publish', request: async (i) => ({ method: 'PATCH', path: `/api/v1/needs/${await ownNeed(i)}`, body: { status: 'published' } }), expect: ex('401 anon; 200 admin gce staff; 403 focal member ro; 404 *') },
  { route: 'PATCH /api/v1/needs/:id', what: 'own submitted need: withdraw', request: async (i) => ({ method: 'PATCH', path: `/api/v1/needs/${await ownNeed(i)}`, body: { status: 'withdrawn' } }), expect: ex('401 anon; 200 admin gce staff focal member; 403 ro; 404 *') },
  { route: 'PATCH /api/v1/needs/:id', what: 'own need moved to a country the editor does not represent', request: async () => ({ method: 'PATCH', path: `/api/v1/needs/${await tnNeed()}`, body: { countries: ['BR'] } }), expect: ex('401 anon; 200 admin gce; 403 staff focal ro; 404 *') },
  { route: 'PATCH /api/v1/needs/:id', what: 'another country’s submitted need', request: async () => ({ method: 'PATCH', path: `/api/v1/needs/${await otherNeed()}`, body: { title: 'Nouveau titre du besoin' } }), expect: ex('401 anon; 200 admin gce; 403 ro; 404 *') },
  { route: 'PATCH /api/v1/needs/:id', what: 'a published TN need of no organisation', request: async () => ({ method: 'PATCH', path: `/api/v1/needs/${await tnNeed('published')}`, body: { title: 'Nouveau titre du besoin' } }), expect: ex('401 anon; 200 admin gce focal; 403 *') },
  // ---- needs: lifecycle moves (who may make each: src/domain/lifecycle/need-lifecycle.ts)
  { route: 'POST /api/v1/needs/:id/transitions', what: 'own submitted need: start the review', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i)}/transitions`, body: { transition: 'start_review' } }), expect: ex('401 anon; 200 admin gce staff; 403 focal member ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/transitions', what: 'own draft: submit it', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i, 'draft')}/transitions`, body: { transition: 'submit' } }), expect: ex('401 anon; 200 admin gce staff focal member; 403 ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/transitions', what: 'own submitted need: return it without a reason', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i)}/transitions`, body: { transition: 'return' } }), expect: ex('401 anon; 400 admin gce staff; 403 focal member ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/transitions', what: 'a published need: decline it (not from this state)', request: async () => ({ method: 'POST', path: `/api/v1/needs/${await tnNeed('published')}/transitions`, body: { transition: 'decline', reason: 'Out of scope' } }), expect: ex('401 anon; 403 ro; 409 *') },
  { route: 'POST /api/v1/needs/:id/transitions', what: 'another country’s submitted need: publish it', request: async () => ({ method: 'POST', path: `/api/v1/needs/${await otherNeed()}/transitions`, body: { transition: 'publish' } }), expect: ex('401 anon; 200 admin gce; 403 ro; 404 *') },
  { route: 'POST /api/v1/matches', what: 'propose a provider for a published TN need', request: async (i) => ({ method: 'POST', path: '/api/v1/matches', body: { needId: await tnNeed('published'), offerId: i.provB } }), expect: ex('401 anon; 201 admin gce staff focal; 403 *') },
  { route: 'GET /api/v1/needs/:id/proposals', what: 'own submitted need', request: async (i) => ({ method: 'GET', path: `/api/v1/needs/${await ownNeed(i)}/proposals` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  { route: 'POST /api/v1/matches/:matchId/transitions', what: 'accept a match of a TN need with provider A', request: async (i) => ({ method: 'POST', path: `/api/v1/matches/${await matchOf(await tnNeed('published'), i.provA)}/transitions`, body: { transition: 'accept' } }), expect: ex('401 anon; 200 focal member; 403 admin gce staff ro; 404 *') },
  // ---- agreements (on a fresh accepted match of a published TN need with provider A)
  { route: 'POST /api/v1/matches/:matchId/agreement', what: 'propose the agreement', request: async (i) => ({ method: 'POST', path: `/api/v1/matches/${await acceptedMatch(i)}/agreement`, body: AGREEMENT }), expect: ex('401 anon; 201 admin gce staff focal member; 403 ro; 404 *') },
  { route: 'GET /api/v1/agreements/:agreementId', what: 'a pending agreement', request: async (i) => ({ method: 'GET', path: `/api/v1/agreements/${await pendingAgreement(i)}` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  { route: 'POST /api/v1/agreements/:agreementId/confirm', what: 'a pending agreement nobody confirmed', request: async (i) => ({ method: 'POST', path: `/api/v1/agreements/${await pendingAgreement(i)}/confirm` }), expect: ex('401 anon; 200 focal member; 403 admin gce staff ro; 404 *') },
  { route: 'POST /api/v1/agreements/:agreementId/updates', what: 'a pending agreement (not in force yet)', request: async (i) => ({ method: 'POST', path: `/api/v1/agreements/${await pendingAgreement(i)}/updates`, body: { text: 'Started' } }), expect: ex('401 anon; 409 admin gce staff focal member; 403 ro; 404 *') },
  { route: 'POST /api/v1/agreements/:agreementId/evaluations', what: 'a pending agreement (not completed)', request: async (i) => ({ method: 'POST', path: `/api/v1/agreements/${await pendingAgreement(i)}/evaluations`, body: { usefulness: 5, changes: 'x', lessons: 'y', language: 'en', publish: false } }), expect: ex('401 anon; 409 focal member; 403 admin gce staff ro; 404 *') },
  // ---- the help desk
  { route: 'GET /api/v1/centres/:centreId/queue', what: "the test centre's queue", request: () => ({ method: 'GET', path: '/api/v1/centres/tsc-test/queue' }), expect: ex('401 anon; 200 admin gce staff ro; 403 *') },
  { route: 'GET /api/v1/helpdesk/global', what: 'the global queue', request: () => ({ method: 'GET', path: '/api/v1/helpdesk/global' }), expect: ex('401 anon; 200 admin gce ro; 403 *') },
  { route: 'POST /api/v1/needs/:id/assignment', what: 'own submitted need, to the centre staff', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i)}/assignment`, body: { userId: userIds.staff } }), expect: ex('401 anon; 201 admin gce staff; 403 focal member ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/notes', what: 'own submitted need', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i)}/notes`, body: { text: 'Internal' } }), expect: ex('401 anon; 201 admin gce staff; 403 focal member ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/clarifications', what: 'own submitted need', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i)}/clarifications`, body: { question: 'Which area?' } }), expect: ex('401 anon; 201 admin gce staff; 403 focal member ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/clarifications/answer', what: 'own submitted need with a question', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await askedNeed(i)}/clarifications/answer`, body: { answer: '12 000 ha' } }), expect: ex('401 anon; 201 focal member; 403 admin gce staff ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/escalation', what: 'own submitted need', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i)}/escalation`, body: { reason: 'Regional' } }), expect: ex('401 anon; 201 admin gce staff; 403 focal member ro; 404 *') },
  { route: 'POST /api/v1/needs/:id/messages', what: 'own submitted need', request: async (i) => ({ method: 'POST', path: `/api/v1/needs/${await ownNeed(i)}/messages`, body: { text: 'Hello' } }), expect: ex('401 anon; 201 admin gce staff focal member; 403 ro; 404 *') },
  { route: 'GET /api/v1/needs/:id/events', what: 'own submitted need', request: async (i) => ({ method: 'GET', path: `/api/v1/needs/${await ownNeed(i)}/events` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  { route: 'GET /api/v1/needs/:id/lifecycle', what: 'own submitted need', request: async (i) => ({ method: 'GET', path: `/api/v1/needs/${await ownNeed(i)}/lifecycle` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  // ---- needs: non-public reads
  { route: 'GET /api/v1/needs/:id', what: 'own submitted need', request: async (i) => ({ method: 'GET', path: `/api/v1/needs/${await ownNeed(i)}` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  { route: 'GET /api/v1/needs/:id', what: 'another country’s submitted need', request: async () => ({ method: 'GET', path: `/api/v1/needs/${await otherNeed()}` }), expect: ex('200 admin gce ro; 404 *') },
  { route: 'GET /api/v1/needs/:id/history', what: 'own submitted need', request: async (i) => ({ method: 'GET', path: `/api/v1/needs/${await ownNeed(i)}/history` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  { route: 'GET /api/v1/needs/:id/matches', what: 'own submitted need', request: async (i) => ({ method: 'GET', path: `/api/v1/needs/${await ownNeed(i)}/matches` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  { route: 'GET /api/v1/needs/:id/matches', what: 'another country’s submitted need', request: async () => ({ method: 'GET', path: `/api/v1/needs/${await otherNeed()}/matches` }), expect: ex('200 admin gce ro; 404 *') },
  { route: 'GET /needs/:id', what: 'page of own submitted need', request: async (i) => ({ method: 'GET', path: `/needs/${await ownNeed(i)}` }), expect: ex('200 admin gce staff focal member ro; 404 *') },
  { route: 'GET /needs/:id', what: 'page of another country’s submitted need', request: async () => ({ method: 'GET', path: `/needs/${await otherNeed()}` }), expect: ex('200 admin gce ro; 404 *') },
  // ---- providers
  { route: 'POST /api/v1/providers', what: 'a new profile (its creator becomes its member)', request: () => ({ method: 'POST', path: '/api/v1/providers', body: providerInput({ status: 'draft' }) }), expect: ex('401 anon; 403 ro; 201 *') },
  { route: 'PATCH /api/v1/providers/:id', what: 'own organisation (A)', request: (i) => ({ method: 'PATCH', path: `/api/v1/providers/${i.provA}`, body: { expertise: ['rangeland restoration', `x${Math.random()}`] } }), expect: ex('401 anon; 200 admin member; 403 *') },
  { route: 'PATCH /api/v1/providers/:id', what: 'own expert profile', request: (i) => ({ method: 'PATCH', path: `/api/v1/providers/${i.provExpert}`, body: { expertise: ['seed banks', `x${Math.random()}`] } }), expect: ex('401 anon; 200 admin expert; 403 *') },
  { route: 'PATCH /api/v1/providers/:id', what: 'another organisation’s draft in a covered country', request: (i) => ({ method: 'PATCH', path: `/api/v1/providers/${i.provDraftTN}`, body: { expertise: [`x${Math.random()}`] } }), expect: ex('401 anon; 200 admin; 403 gce staff ro; 404 *') },
  { route: 'PATCH /api/v1/providers/:id', what: 'another organisation’s draft elsewhere', request: (i) => ({ method: 'PATCH', path: `/api/v1/providers/${i.provDraftFR}`, body: { expertise: [`x${Math.random()}`] } }), expect: ex('401 anon; 200 admin; 403 gce ro; 404 *') },
  { route: 'GET /api/v1/providers/:id', what: 'draft in a covered country', request: (i) => ({ method: 'GET', path: `/api/v1/providers/${i.provDraftTN}` }), expect: ex('200 admin gce staff ro; 404 *') },
  { route: 'GET /api/v1/providers/:id', what: 'draft elsewhere', request: (i) => ({ method: 'GET', path: `/api/v1/providers/${i.provDraftFR}` }), expect: ex('200 admin gce ro; 404 *') },
  { route: 'GET /api/v1/providers/:id/history', what: 'draft in a covered country', request: (i) => ({ method: 'GET', path: `/api/v1/providers/${i.provDraftTN}/history` }), expect: ex('200 admin gce staff ro; 404 *') },
  { route: 'GET /api/v1/providers/:id/matches', what: 'draft elsewhere', request: (i) => ({ method: 'GET', path: `/api/v1/providers/${i.provDraftFR}/matches` }), expect: ex('200 admin gce ro; 404 *') },
  { route: 'GET /providers/:id', what: 'page of a draft elsewhere', request: (i) => ({ method: 'GET', path: `/providers/${i.provDraftFR}` }), expect: ex('200 admin gce ro; 404 *') },
  // ---- opportunities
  { route: 'POST /api/v1/opportunities', what: "for the member's provider", request: (i) => ({ method: 'POST', path: '/api/v1/opportunities', body: opportunityInput(i.provA, { status: 'draft' }) }), expect: ex('401 anon; 201 admin member; 403 *') },
  { route: 'POST /api/v1/opportunities', what: "for another organisation's provider", request: (i) => ({ method: 'POST', path: '/api/v1/opportunities', body: opportunityInput(i.provB, { status: 'draft' }) }), expect: ex('401 anon; 201 admin; 403 *') },
  { route: 'PATCH /api/v1/opportunities/:id', what: 'own draft', request: async (i) => ({ method: 'PATCH', path: `/api/v1/opportunities/${await opportunity(i.provA, { status: 'draft' })}`, body: { title: 'Another field course' } }), expect: ex('401 anon; 200 admin member; 403 gce ro; 404 *') },
  { route: 'PATCH /api/v1/opportunities/:id', what: 'own draft moved to another provider', request: async (i) => ({ method: 'PATCH', path: `/api/v1/opportunities/${await opportunity(i.provA, { status: 'draft' })}`, body: { providerId: i.provB } }), expect: ex('401 anon; 200 admin; 403 gce member ro; 404 *') },
  { route: 'PATCH /api/v1/opportunities/:id', what: "another organisation's published one", request: async (i) => ({ method: 'PATCH', path: `/api/v1/opportunities/${await opportunity(i.provB, {})}`, body: { title: 'Another field course' } }), expect: ex('401 anon; 200 admin; 403 *') },
  { route: 'GET /api/v1/opportunities/:id', what: 'own draft', request: async (i) => ({ method: 'GET', path: `/api/v1/opportunities/${await opportunity(i.provA, { status: 'draft' })}` }), expect: ex('200 admin gce member ro; 404 *') },
  { route: 'GET /api/v1/opportunities/:id/history', what: "another organisation's draft", request: async (i) => ({ method: 'GET', path: `/api/v1/opportunities/${await opportunity(i.provB, { status: 'draft' })}/history` }), expect: ex('200 admin gce ro; 404 *') },
  { route: 'GET /api/v1/opportunities/:id/matches', what: 'own draft', request: async (i) => ({ method: 'GET', path: `/api/v1/opportunities/${await opportunity(i.provA, { status: 'draft' })}/matches` }), expect: ex('200 admin gce member ro; 404 *') },
  { route: 'GET /opportunities/:id', what: 'page of own draft', request: async (i) => ({ method: 'GET', path: `/opportunities/${await opportunity(i.provA, { status: 'draft' })}` }), expect: ex('200 admin gce member ro; 404 *') },
  // Lists are scoped in the query; what each role sees is checked in the list test below.
  { route: 'GET /api/v1/needs', what: 'list (scoped)', request: () => ({ method: 'GET', path: '/api/v1/needs?status=submitted' }), expect: ex('200 *') },
  { route: 'GET /api/v1/providers', what: 'list (scoped)', request: () => ({ method: 'GET', path: '/api/v1/providers?status=draft' }), expect: ex('200 *') },
  { route: 'GET /api/v1/opportunities', what: 'list (scoped)', request: () => ({ method: 'GET', path: '/api/v1/opportunities?status=draft' }), expect: ex('200 *') },
  { route: 'GET /api/v1/needs/facets', what: 'facets (scoped)', request: () => ({ method: 'GET', path: '/api/v1/needs/facets?status=submitted' }), expect: ex('200 *') },
  { route: 'GET /api/v1/providers/facets', what: 'facets (scoped)', request: () => ({ method: 'GET', path: '/api/v1/providers/facets?status=draft' }), expect: ex('200 *') },
  { route: 'GET /api/v1/opportunities/facets', what: 'facets (scoped)', request: () => ({ method: 'GET', path: '/api/v1/opportunities/facets?status=draft' }), expect: ex('200 *') },
  // Search pages list the same scoped records (their content per role is checked in test/api/portal-pages.test.ts).
  { route: 'GET /needs', what: 'search page (scoped)', request: () => ({ method: 'GET', path: '/needs?status=submitted' }), expect: ex('200 *') },
  { route: 'GET /providers', what: 'search page (scoped)', request: () => ({ method: 'GET', path: '/providers?status=draft' }), expect: ex('200 *') },
  { route: 'GET /opportunities', what: 'search page (scoped)', request: () => ({ method: 'GET', path: '/opportunities?status=draft' }), expect: ex('200 *') },
  { route: 'GET /countries', what: 'countries with scoped counts', request: () => ({ method: 'GET', path: '/countries' }), expect: ex('200 *') },
  { route: 'GET /countries/:code', what: 'a country page (scoped lists)', request: () => ({ method: 'GET', path: '/countries/TN' }), expect: ex('200 *') },
  // ---- matchmaking helper: reads nothing private, changes nothing
  { route: 'POST /api/v1/tags/suggest', what: 'tags for a text', request: () => ({ method: 'POST', path: '/api/v1/tags/suggest', body: { text: 'restauration des parcours dégradés', language: 'fr' } }), expect: ex('200 *') },
  // ---- accounts (sign-up and the like are open to all; settings need a browser session)
  { route: 'POST /api/v1/auth/signup', what: 'a new address', request: (_i, r) => ({ method: 'POST', path: '/api/v1/auth/signup', body: { email: `new-${r}-${Math.random()}@example.org`, password: 'a long enough pass phrase', name: 'New' } }), expect: ex('202 *') },
  { route: 'POST /api/v1/auth/verify', what: 'an unknown link', request: () => ({ method: 'POST', path: '/api/v1/auth/verify', body: { token: 'x'.repeat(43) } }), expect: ex('400 *') },
  { route: 'POST /api/v1/auth/signin', what: 'a wrong password', request: () => ({ method: 'POST', path: '/api/v1/auth/signin', body: { email: 'nobody@example.org', password: 'wrong password here' } }), expect: ex('401 *') },
  { route: 'POST /api/v1/auth/signout', what: 'end the session', freshSession: true, request: () => ({ method: 'POST', path: '/api/v1/auth/signout' }), expect: ex('204 *') },
  { route: 'POST /api/v1/auth/password-reset', what: 'any address', request: () => ({ method: 'POST', path: '/api/v1/auth/password-reset', body: { email: 'nobody@example.org' } }), expect: ex('202 *') },
  { route: 'POST /api/v1/auth/password-reset/confirm', what: 'an unknown link', request: () => ({ method: 'POST', path: '/api/v1/auth/password-reset/confirm', body: { token: 'x'.repeat(43), password: 'a long enough pass phrase' } }), expect: ex('400 *') },
  { route: 'POST /api/v1/auth/invitation/accept', what: 'an unknown link', request: () => ({ method: 'POST', path: '/api/v1/auth/invitation/accept', body: { token: 'x'.repeat(43), password: 'a long enough pass phrase' } }), expect: ex('400 *') },
  { route: 'GET /api/v1/account', what: 'own account', request: () => ({ method: 'GET', path: '/api/v1/account' }), expect: ex('401 anon; 200 *') },
  { route: 'PATCH /api/v1/account', what: 'own name', request: () => ({ method: 'PATCH', path: '/api/v1/account', body: { name: 'Renamed' } }), expect: ex('401 anon; 403 ro; 200 *') },
  { route: 'POST /api/v1/account/password', what: 'with a wrong current password', request: () => ({ method: 'POST', path: '/api/v1/account/password', body: { currentPassword: 'not my password', newPassword: 'another long pass phrase' } }), expect: ex('401 anon; 403 ro; 400 *') },
  { route: 'POST /api/v1/account/email', what: 'with a wrong password', request: () => ({ method: 'POST', path: '/api/v1/account/email', body: { password: 'not my password', newEmail: 'else@example.org' } }), expect: ex('401 anon; 403 ro; 400 *') },
  { route: 'POST /api/v1/account/totp/setup', what: 'start', request: () => ({ method: 'POST', path: '/api/v1/account/totp/setup' }), expect: ex('401 anon; 403 ro; 200 *') },
  { route: 'POST /api/v1/account/totp/enable', what: 'a wrong code', request: () => ({ method: 'POST', path: '/api/v1/account/totp/enable', body: { code: '000000' } }), expect: ex('401 anon; 403 ro; 400 *') },
  { route: 'POST /api/v1/account/totp/disable', what: 'when it is off', request: () => ({ method: 'POST', path: '/api/v1/account/totp/disable', body: { password: PASSWORD, code: '000000' } }), expect: ex('401 anon; 403 ro; 409 *') },
  { route: 'GET /api/v1/account/sessions', what: 'own sessions', request: () => ({ method: 'GET', path: '/api/v1/account/sessions' }), expect: ex('401 anon; 200 *') },
  { route: 'DELETE /api/v1/account/sessions', what: 'sign out everywhere else', request: () => ({ method: 'DELETE', path: '/api/v1/account/sessions' }), expect: ex('401 anon; 403 ro; 204 *') },
  { route: 'GET /api/v1/account/tokens', what: 'own tokens', request: () => ({ method: 'GET', path: '/api/v1/account/tokens' }), expect: ex('401 anon; 200 *') },
  { route: 'POST /api/v1/account/tokens', what: 'a new token', request: () => ({ method: 'POST', path: '/api/v1/account/tokens', body: { name: 'script' } }), expect: ex('401 anon; 403 ro; 201 *') },
  { route: 'DELETE /api/v1/account/tokens/:tokenId', what: "another user's token", request: async () => ({ method: 'DELETE', path: `/api/v1/account/tokens/${await otherToken()}` }), expect: ex('401 anon; 204 admin; 403 ro; 404 *') },
  // ---- administration
  { route: 'GET /api/v1/admin/users', what: 'find users', request: () => ({ method: 'GET', path: '/api/v1/admin/users' }), expect: ex('401 anon; 200 admin ro; 403 *') },
  { route: 'GET /api/v1/admin/users/:userId', what: 'a user', request: () => ({ method: 'GET', path: `/api/v1/admin/users/${userIds.none}` }), expect: ex('401 anon; 200 admin ro; 403 *') },
  { route: 'POST /api/v1/admin/invitations', what: 'invite a focal point', request: (_i, r) => ({ method: 'POST', path: '/api/v1/admin/invitations', body: { email: `invited-${r}@example.org`, role: 'focal_point', scope: 'MA' } }), expect: ex('401 anon; 201 admin; 403 *') },
  { route: 'POST /api/v1/admin/users/:userId/roles', what: 'grant a role', request: () => ({ method: 'POST', path: `/api/v1/admin/users/${userIds.none}/roles`, body: { role: 'advisory' } }), expect: ex('401 anon; 200 admin; 403 *') },
  { route: 'DELETE /api/v1/admin/users/:userId/roles/:grantId', what: 'revoke a role', request: async () => ({ method: 'DELETE', path: `/api/v1/admin/users/${userIds.none}/roles/${await freshGrant()}` }), expect: ex('401 anon; 200 admin; 403 *') },
  { route: 'POST /api/v1/admin/users/:userId/unlock', what: 'lift a lock-out', request: () => ({ method: 'POST', path: `/api/v1/admin/users/${userIds.none}/unlock` }), expect: ex('401 anon; 200 admin; 403 *') },
  { route: 'POST /api/v1/admin/users/:userId/disable', what: 'disable an account', request: async () => ({ method: 'POST', path: `/api/v1/admin/users/${(await t.user()).id}/disable` }), expect: ex('401 anon; 200 admin; 403 *') },
  { route: 'POST /api/v1/admin/users/:userId/enable', what: 'enable an account', request: () => ({ method: 'POST', path: `/api/v1/admin/users/${userIds.none}/enable` }), expect: ex('401 anon; 200 admin; 403 *') },
  { route: 'POST /api/v1/admin/users/:userId/totp/reset', what: 'reset two-step sign-in (not on)', request: () => ({ method: 'POST', path: `/api/v1/admin/users/${userIds.none}/totp/reset` }), expect: ex('401 anon; 409 admin; 403 *') },
  { route: 'GET /api/v1/admin/audit', what: 'search the audit log', request: () => ({ method: 'GET', path: '/api/v1/admin/audit' }), expect: ex('401 anon; 200 admin ro; 403 *') },
  { route: 'GET /api/v1/admin/audit/export', what: 'export the audit log', request: () => ({ method: 'GET', path: '/api/v1/admin/audit/export?action=role.' }), expect: ex('401 anon; 200 admin ro; 403 *') },
  { route: 'PUT /api/v1/admin/centres/:centreId', what: 'save a centre', request: () => ({ method: 'PUT', path: '/api/v1/admin/centres/tsc-test-2', body: { name: 'Another centre', countries: ['SN'] } }), expect: ex('401 anon; 200 admin; 403 *') },
  // ---- pages: every form needs its CSRF token; settings need a session
  ...(['/account/signup', '/account/signin', '/account/verify', '/account/reset', '/account/reset/confirm', '/account/invitation', '/account/signout'] as const).map(
    (path): Case => ({ route: `POST ${path}`, what: 'without the form token', request: () => ({ method: 'POST', path, form: { email: 'x@example.org' }, noCsrf: true }), expect: ex('403 *') }),
  ),
  ...(['/account/profile', '/account/password', '/account/email', '/account/totp/setup', '/account/totp/enable', '/account/totp/disable', '/account/tokens', '/account/sessions/end-others'] as const).map(
    (path): Case => ({ route: `POST ${path}`, what: 'without the form token', request: () => ({ method: 'POST', path, form: {}, noCsrf: true }), expect: ex('303 anon ro; 403 *') }),
  ),
  { route: 'POST /account/tokens/:tokenId/revoke', what: "another user's token, with the form token", request: async () => ({ method: 'POST', path: `/account/tokens/${await otherToken()}/revoke`, form: {} }), expect: ex('303 anon ro; 200 admin; 404 *') },
  { route: 'GET /account', what: 'settings', request: () => ({ method: 'GET', path: '/account' }), expect: ex('303 anon ro; 200 *') },
  // ---- help desk pages
  { route: 'GET /needs/:id/case', what: 'the case of own submitted need', request: async (i) => ({ method: 'GET', path: `/needs/${await ownNeed(i)}/case` }), expect: ex('303 anon ro; 200 admin gce staff focal member; 404 *') },
  { route: 'POST /needs/:id/case/:action', what: 'a note on own submitted need', request: async (i) => ({ method: 'POST', path: `/needs/${await ownNeed(i)}/case/note`, form: { text: 'Internal' } }), expect: ex('303 anon ro admin gce staff; 403 focal member; 404 *') },
  { route: 'POST /needs/:id/case/:action', what: 'a message, without the form token', request: async (i) => ({ method: 'POST', path: `/needs/${await ownNeed(i)}/case/message`, form: { text: 'Hello' }, noCsrf: true }), expect: ex('303 anon ro; 403 *') },
  { route: 'GET /helpdesk', what: 'the way to one’s queue', request: () => ({ method: 'GET', path: '/helpdesk' }), expect: ex('303 *') },
  { route: 'GET /helpdesk/centres/:centreId', what: "the test centre's queue", request: () => ({ method: 'GET', path: '/helpdesk/centres/tsc-test' }), expect: ex('303 anon ro; 200 admin gce staff; 403 *') },
  { route: 'GET /helpdesk/global', what: 'the global queue', request: () => ({ method: 'GET', path: '/helpdesk/global' }), expect: ex('303 anon ro; 200 admin gce; 403 *') },
  // ---- forms that create and edit records (a browser session; tokens are sent to sign in)
  // By now every signed-in role has created a provider profile above (and so belongs to one): all may
  // open the request and opportunity forms. Refusals of people without a role: test/api/record-forms.test.ts.
  { route: 'GET /needs/new', what: 'the request form', request: () => ({ method: 'GET', path: '/needs/new' }), expect: ex('303 anon ro; 200 *') },
  { route: 'POST /needs/new', what: 'submit a TN request', request: () => ({ method: 'POST', path: '/needs/new', form: needForm('TN') }), expect: ex('303 anon ro admin gce staff focal; 403 *') },
  { route: 'POST /needs/new', what: 'without the form token', request: () => ({ method: 'POST', path: '/needs/new', form: needForm('TN'), noCsrf: true }), expect: ex('303 anon ro; 403 *') },
  { route: 'GET /needs/:id/edit', what: 'own submitted need', request: async (i) => ({ method: 'GET', path: `/needs/${await ownNeed(i)}/edit` }), expect: ex('303 anon ro; 200 admin gce staff focal member; 404 *') },
  { route: 'GET /needs/:id/edit', what: 'a published need of another country', request: async () => ({ method: 'GET', path: `/needs/${await otherNeed('published')}/edit` }), expect: ex('303 anon ro; 200 admin gce; 403 *') },
  { route: 'POST /needs/:id/edit', what: 'own submitted need: new title', request: async (i) => ({ method: 'POST', path: `/needs/${await ownNeed(i)}/edit`, form: { ...needForm('TN', i.provA), title: 'Nouveau titre du besoin', version: '1' } }), expect: ex('303 anon ro admin gce focal member; 403 staff; 404 *') },
  { route: 'POST /needs/:id/edit', what: 'without the form token', request: async (i) => ({ method: 'POST', path: `/needs/${await ownNeed(i)}/edit`, form: needForm('TN', i.provA), noCsrf: true }), expect: ex('303 anon ro; 403 admin gce staff focal member; 404 *') },
  { route: 'GET /providers/new', what: 'the profile form', request: () => ({ method: 'GET', path: '/providers/new' }), expect: ex('303 anon ro; 200 *') },
  { route: 'POST /providers/new', what: 'without the form token', request: () => ({ method: 'POST', path: '/providers/new', form: { name: 'X' }, noCsrf: true }), expect: ex('303 anon ro; 403 *') },
  { route: 'GET /providers/:id/edit', what: "the member's published profile", request: (i) => ({ method: 'GET', path: `/providers/${i.provA}/edit` }), expect: ex('303 anon ro; 200 admin member; 403 *') },
  { route: 'GET /providers/:id/edit', what: 'a draft profile elsewhere', request: (i) => ({ method: 'GET', path: `/providers/${i.provDraftFR}/edit` }), expect: ex('303 anon ro; 200 admin; 403 gce; 404 *') },
  { route: 'POST /providers/:id/edit', what: "the member's profile, without the form token", request: (i) => ({ method: 'POST', path: `/providers/${i.provA}/edit`, form: { name: 'X' }, noCsrf: true }), expect: ex('303 anon ro; 403 *') },
  { route: 'GET /opportunities/new', what: 'the opportunity form', request: () => ({ method: 'GET', path: '/opportunities/new' }), expect: ex('303 anon ro; 200 *') },
  { route: 'POST /opportunities/new', what: 'without the form token', request: () => ({ method: 'POST', path: '/opportunities/new', form: { title: 'X' }, noCsrf: true }), expect: ex('303 anon ro; 403 *') },
  { route: 'GET /opportunities/:id/edit', what: "the member's published opportunity", request: async (i) => ({ method: 'GET', path: `/opportunities/${await opportunity(i.provA, {})}/edit` }), expect: ex('303 anon ro; 200 admin member; 403 *') },
  { route: 'POST /opportunities/:id/edit', what: 'without the form token', request: async (i) => ({ method: 'POST', path: `/opportunities/${await opportunity(i.provA, {})}/edit`, form: { title: 'X' }, noCsrf: true }), expect: ex('303 anon ro; 403 *') },
];

/** A complete request as the need form posts it. */
function needForm(country: string, providerId = ''): Record<string, string> {
  const n = needInput({ countries: [country] });
  return {
    title: n.title, description: n.description, language: n.language, countries: country,
    'organisation.name': 'Association', 'organisation.type': 'ORG-NGO', 'organisation.providerId': providerId,
    'iplc.involved': 'no', action: 'submit',
  };
}

async function otherToken(): Promise<string> {
  const u = await t.user({ roles: [] });
  const list = await t.request('GET', '/api/v1/account/tokens', { token: u.token });
  return list.body.items[0].id;
}

async function freshGrant(): Promise<string> {
  const res = await t.request('POST', `/api/v1/admin/users/${userIds.none}/roles`, { body: { role: 'focal_point', scope: `${['KE', 'GH', 'PE', 'VN'][Math.floor(Math.random() * 4)]}` } });
  return res.body.grants.find((g: { role: string; revokedAt: string | null }) => g.role === 'focal_point' && !g.revokedAt).id;
}

async function send(role: RoleName, req: Req): Promise<number> {
  const c = creds[role] ?? {};
  const headers: Record<string, string> = {};
  if (c.csrf && !req.noCsrf && !req.form) headers['x-csrf-token'] = c.csrf;
  if (req.form) {
    const form = new URLSearchParams(req.form);
    if (!req.noCsrf && c.csrf) form.set('_csrf', c.csrf);
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await t.request(req.method, req.path, { token: c.token ?? null, cookie: c.cookie, headers, raw: form.toString() });
    return res.status;
  }
  const res = await t.request(req.method, req.path, { token: c.token ?? null, cookie: c.cookie, headers, body: req.body });
  return res.status;
}

beforeAll(async () => {
  t = await createTestApp();
  await saveCentre(t.system, 'tsc-test', { name: 'Test support centre', countries: ['TN', 'DZ', 'MA'] });
  ids = {
    provA: await provider({ name: 'Centre for Dryland Ecology' }),
    provB: await provider({ name: 'Institut des forêts', country: 'FR', acronym: 'IF' }),
    provExpert: await provider({ kind: 'expert', name: 'Leila Haddad', acronym: null, organisationType: null, country: null, nationality: 'JO', affiliation: 'University', website: null }),
    provDraftTN: await provider({ status: 'draft', name: 'Association tunisienne', country: 'TN' }),
    provDraftFR: await provider({ status: 'draft', name: 'Association française', country: 'FR' }),
  };
  const roles: Record<Exclude<RoleName, 'anon' | 'ro'>, Array<{ role: string; scope?: string }>> = {
    admin: [{ role: 'admin' }],
    gce: [{ role: 'gce' }],
    advisory: [{ role: 'advisory' }],
    staff: [{ role: 'centre_staff', scope: 'tsc-test' }],
    focal: [{ role: 'focal_point', scope: 'TN' }],
    member: [{ role: 'provider_member', scope: ids.provA }],
    expert: [{ role: 'expert', scope: ids.provExpert }],
    none: [],
  };
  for (const [role, grants] of Object.entries(roles) as Array<[RoleName, Array<{ role: string; scope?: string }>]>) {
    const u = await t.user({ roles: grants, email: `${role}@example.org` });
    userIds[role] = u.id;
    emails[role] = u.email;
    creds[role] = await signIn(role);
  }
  // A read-only token of the administrator.
  const ro = await t.request('POST', '/api/v1/account/tokens', { token: null, cookie: creds.admin!.cookie, headers: { 'x-csrf-token': creds.admin!.csrf! }, body: { name: 'read-only', readOnly: true } });
  expect(ro.status).toBe(201);
  creds.ro = { token: ro.body.token };
  creds.anon = {};
}, 60_000);
afterAll(() => t.close());

describe('authorization matrix', () => {
  it('covers every route the app serves that changes something or may read non-public data', () => {
    const served = new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace('/:plural{needs|providers|opportunities}/:id', '/PAGE/:id')}`));
    const covered = new Set(CASES.map((c) => c.route.replace(/^GET \/(needs|providers|opportunities)\/:id$/, 'GET /PAGE/:id')));
    const missing = [...served].filter((r) => !covered.has(r) && !PUBLIC_READS.has(r));
    expect(missing, 'routes missing from the authorization matrix (add cases, or to PUBLIC_READS if they only serve public data)').toEqual([]);
    const unknown = [...covered].filter((r) => !served.has(r));
    expect(unknown, 'matrix cases for routes the app does not serve').toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.route} — ${c.what}`, async () => {
      const got: Partial<Record<RoleName, number>> = {};
      for (const role of ROLES) {
        if (c.freshSession && creds[role]?.cookie) creds[role] = await signIn(role);
        got[role] = await send(role, await c.request(ids, role));
        if (c.freshSession && creds[role]?.cookie) creds[role] = await signIn(role);
      }
      expect(got).toEqual(c.expect);
    });
  }

  it('scopes lists in the query: each role sees exactly the non-public records it may read', async () => {
    const own = await ownNeed(ids);
    const tn = await tnNeed();
    const other = await otherNeed();
    const seen = async (role: RoleName) => {
      const c = creds[role]!;
      const res = await t.request('GET', '/api/v1/needs?status=submitted&pageSize=100', { token: c.token ?? null, cookie: c.cookie });
      const listed = new Set(res.body.items.map((n: { id: string }) => n.id));
      return [own, tn, other].map((id) => (listed.has(id) ? 1 : 0)).join('');
    };
    const expected: Record<RoleName, string> = { anon: '000', admin: '111', gce: '111', advisory: '000', staff: '110', focal: '110', member: '100', expert: '000', none: '000', ro: '111' };
    const got: Partial<Record<RoleName, string>> = {};
    for (const role of ROLES) got[role] = await seen(role);
    expect(got).toEqual(expected);
    const drafts = async (role: RoleName) => {
      const c = creds[role]!;
      const res = await t.request('GET', '/api/v1/providers?status=draft&pageSize=100', { token: c.token ?? null, cookie: c.cookie });
      const listed = new Set(res.body.items.map((n: { id: string }) => n.id));
      return [ids.provDraftTN, ids.provDraftFR].map((id) => (listed.has(id) ? 1 : 0)).join('');
    };
    const gotDrafts: Partial<Record<RoleName, string>> = {};
    for (const role of ROLES) gotDrafts[role] = await drafts(role);
    expect(gotDrafts).toEqual({ anon: '00', admin: '11', gce: '11', advisory: '00', staff: '10', focal: '00', member: '00', expert: '00', none: '00', ro: '11' });
  });

  it('scopes facet counts like lists: each role counts exactly the non-public records it may read', async () => {
    await ownNeed(ids);
    await tnNeed();
    await otherNeed();
    const get = async (role: RoleName, path: string) => {
      const c = creds[role]!;
      const res = await t.request('GET', path, { token: c.token ?? null, cookie: c.cookie });
      expect(res.status, `${role} ${path}`).toBe(200);
      return res.body;
    };
    const count = (list: Array<{ value: string; count: number }>, value: string) => list.find((e) => e.value === value)?.count ?? 0;
    const submitted: Partial<Record<RoleName, number>> = {};
    for (const role of ROLES) {
      // The status facet leaves out the status filter: its `submitted` count is what the list of submitted needs holds.
      const needs = await get(role, '/api/v1/needs/facets?status=submitted&facets=status');
      submitted[role] = count(needs.facets.status, 'submitted');
      expect(needs.total, role).toBe(submitted[role]);
      expect(submitted[role], role).toBe((await get(role, '/api/v1/needs?status=submitted&pageSize=1')).total);
      const providers = await get(role, '/api/v1/providers/facets?facets=status');
      expect(count(providers.facets.status, 'draft'), role).toBe((await get(role, '/api/v1/providers?status=draft&pageSize=1')).total);
    }
    const all = submitted.admin!;
    expect(all).toBeGreaterThan(0);
    for (const role of ['anon', 'advisory', 'expert', 'none'] as const) expect(submitted[role], role).toBe(0);
    for (const role of ['gce', 'ro'] as const) expect(submitted[role], role).toBe(all);
    for (const role of ['staff', 'focal', 'member'] as const) {
      expect(submitted[role], role).toBeGreaterThan(0);
      expect(submitted[role], role).toBeLessThan(all);
    }
  });

  it('shows contact details only to those responsible for the record', async () => {
    const id = await tnNeed('published');
    const got: Partial<Record<RoleName, boolean>> = {};
    for (const role of ROLES) {
      const c = creds[role]!;
      const res = await t.request('GET', `/api/v1/needs/${id}`, { token: c.token ?? null, cookie: c.cookie });
      got[role] = JSON.stringify(res.body).includes('amira@example.org');
    }
    expect(got).toEqual({ anon: false, admin: true, gce: true, advisory: false, staff: true, focal: true, member: false, expert: false, none: false, ro: true });
  });

  it('refuses a state-changing API request signed in by cookie without the CSRF header', async () => {
    const res = await t.request('PATCH', '/api/v1/account', { token: null, cookie: creds.focal!.cookie, body: { name: 'No token' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });
});
