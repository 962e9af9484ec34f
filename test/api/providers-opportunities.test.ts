import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opportunityInput, providerInput } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('providers registry', () => {
  it('creates, reads, updates, lists and keeps the history of a provider', async () => {
    const created = await t.request('POST', '/api/v1/providers', { body: providerInput() });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(id).toMatch(/^prov-[0-9a-z]{10}$/);
    expect(created.body).toMatchObject({ kind: 'organisation', country: 'JO', nationality: null, countriesServed: [], version: 1 });

    const read = await t.request('GET', `/api/v1/providers/${id}`, { token: null });
    expect(read.status).toBe(200);
    expect(read.body.contact).toEqual({ name: 'Omar Haddad' });

    const patched = await t.request('PATCH', `/api/v1/providers/${id}`, { body: { expertise: ['rangeland restoration', 'seed banks', 'grazing plans'] }, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(2);

    const list = await t.request('GET', '/api/v1/providers?country=JO', { token: null });
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);

    const history = await t.request('GET', `/api/v1/providers/${id}/history`, { token: null });
    expect(history.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.body.items[0].changes).toEqual([{ field: 'expertise', from: ['rangeland restoration', 'native seed banks'], to: ['rangeland restoration', 'seed banks', 'grazing plans'] }]);
  });

  it('creates an individual expert with languages and levels, and requires a nationality', async () => {
    const expert = providerInput({
      kind: 'expert',
      name: 'Dr Leila Mansour',
      acronym: null,
      organisationType: null,
      country: null,
      nationality: 'MA',
      affiliation: 'Institut agronomique',
      languages: [{ code: 'ar', level: 'native' }, { code: 'fr', level: 'fluent' }, { code: 'en', level: 'working' }],
    });
    const created = await t.request('POST', '/api/v1/providers', { body: expert });
    expect(created.status).toBe(201);
    expect(created.body.languages[2]).toEqual({ code: 'en', level: 'working' });
    const missing = await t.request('POST', '/api/v1/providers', { body: { ...expert, nationality: null } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([{ path: 'nationality', message: 'is required for an expert', key: 'requiredForExpert' }]);
  });

  it('requires type and country of an organisation, and checks served areas and language levels', async () => {
    const res = await t.request('POST', '/api/v1/providers', {
      body: providerInput({ organisationType: null, country: undefined, regionsServed: ['M49-999', 'GROUP-LDC'], languages: [{ code: 'fr', level: 'expert' }] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['languages[0].level']);
    const second = await t.request('POST', '/api/v1/providers', { body: providerInput({ organisationType: null, country: undefined, regionsServed: ['M49-999', 'GROUP-LDC'] }) });
    expect(second.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['country', 'organisationType', 'regionsServed[0]']);
  });

  it('refuses anonymous writes', async () => {
    expect((await t.request('POST', '/api/v1/providers', { body: providerInput(), token: null })).status).toBe(401);
  });
});

describe('opportunities registry', () => {
  it('creates an opportunity of an existing provider and keeps its history', async () => {
    const provider = await t.request('POST', '/api/v1/providers', { body: providerInput() });
    const created = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(provider.body.id) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^opp-[0-9a-z]{10}$/), providerId: provider.body.id, cost: { free: true, amount: null, currency: null, notes: null } });
    const patched = await t.request('PATCH', `/api/v1/opportunities/${created.body.id}`, { body: { applicationDeadline: '2030-04-15' } });
    expect(patched.body.version).toBe(2);
    const history = await t.request('GET', `/api/v1/opportunities/${created.body.id}/history?pageSize=1`);
    expect(history.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0].changes).toEqual([{ field: 'applicationDeadline', from: '2030-03-31', to: '2030-04-15' }]);
  });

  it('rejects an unknown provider, bad dates, unknown kinds and eligibility ids', async () => {
    const missing = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput('prov-zzzzzzzzzz') });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([{ path: 'providerId', message: 'no provider has the id "prov-zzzzzzzzzz"', key: 'unknownProvider' }]);
    const provider = await t.request('POST', '/api/v1/providers', { body: providerInput() });
    const bad = await t.request('POST', '/api/v1/opportunities', {
      body: opportunityInput(provider.body.id, { startDate: '2030-06-01', endDate: '2030-05-01', eligibility: { regions: ['GROUP-NOPE'], countries: ['ZZ'] } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['eligibility.countries[0]', 'eligibility.regions[0]', 'endDate']);
    const dates = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(provider.body.id, { startDate: '2030-06-01', endDate: '2030-05-01' }) });
    expect(dates.body.error.fields).toEqual([{ path: 'endDate', message: 'must not be before startDate', key: 'endBeforeStart' }]);
    const kind = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(provider.body.id, { kind: 'party', applicationDeadline: '31/03/2030' }) });
    expect(kind.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['applicationDeadline', 'kind']);
  });
});
