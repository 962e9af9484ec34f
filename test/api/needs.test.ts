import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needInput } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('needs registry', () => {
  it('creates a need, answers 201 with its id, Location and ETag, and fills defaults', async () => {
    const res = await t.request('POST', '/api/v1/needs', { body: needInput({ status: undefined, targets: undefined }) });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^need-[0-9a-z]{10}$/);
    expect(res.headers.get('location')).toBe(`/api/v1/needs/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({ status: 'draft', version: 1, targets: [], countries: ['TN'], cofinancing: null, genderAspects: null });
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
  });

  it('reads a published need without a token, without the contact’s e-mail and phone', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    const res = await t.request('GET', `/api/v1/needs/${created.body.id}`, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe(needInput().title);
    expect(res.body.contact).toEqual({ name: 'Amira Ben Salah', position: null });
    const asAdmin = await t.request('GET', `/api/v1/needs/${created.body.id}`);
    expect(asAdmin.body.contact.email).toBe('amira@example.org');
  });

  it('hides drafts from anonymous readers (404) but shows them with a token', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput({ status: 'draft' }) });
    expect((await t.request('GET', `/api/v1/needs/${created.body.id}`, { token: null })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/needs/${created.body.id}`)).status).toBe(200);
    const list = await t.request('GET', '/api/v1/needs?pageSize=100', { token: null });
    expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(created.body.id);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await t.request('GET', '/api/v1/needs/need-zzzzzzzzzz')).body.error.code).toBe('not_found');
    expect((await t.request('GET', '/api/v1/needs/not-an-id')).status).toBe(404);
    expect((await t.request('PATCH', '/api/v1/needs/need-zzzzzzzzzz', { body: { title: 'x y z' } })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/needs/need-zzzzzzzzzz/history')).status).toBe(404);
  });

  it('updates with a merge patch, bumps the version and keeps every version in the history', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    const id = created.body.id;
    const patched = await t.request('PATCH', `/api/v1/needs/${id}`, {
      body: { title: 'Restaurer les parcours dégradés du Sud', organisation: { acronym: 'DGE' }, budget: null },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(patched.body).toMatchObject({ version: 2, title: 'Restaurer les parcours dégradés du Sud', budget: null });
    expect(patched.body.organisation).toEqual({ name: "Direction générale de l'environnement", acronym: 'DGE', type: 'ORG-GOV-NATIONAL', providerId: null });
    expect(patched.body.createdAt).toBe(created.body.createdAt);

    const history = await t.request('GET', `/api/v1/needs/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(2);
    const [latest, first] = history.body.items;
    expect(latest).toMatchObject({ version: 2, action: 'update', actor: 'token:test-admin' });
    expect(latest.changes.map((c: { field: string }) => c.field).sort()).toEqual(['budget', 'organisation', 'title']);
    expect(latest.changes.find((c: { field: string }) => c.field === 'title')).toMatchObject({ from: needInput().title, to: 'Restaurer les parcours dégradés du Sud' });
    expect(first).toMatchObject({ version: 1, action: 'create', changes: [] });
    expect(first.record.title).toBe(needInput().title);
    expect(first.record.budget).toEqual({ amount: 150000, currency: 'USD' });
  });

  it('does not create a new version for a patch that changes nothing', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    const res = await t.request('PATCH', `/api/v1/needs/${created.body.id}`, { body: { title: needInput().title } });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
  });

  it('accepts application/merge-patch+json', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    const res = await t.request('PATCH', `/api/v1/needs/${created.body.id}`, { body: { status: 'withdrawn' }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
  });

  it('refuses a stale If-Match with 412 and keeps the newer version', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    const id = created.body.id;
    await t.request('PATCH', `/api/v1/needs/${id}`, { body: { title: 'First editor wins' }, headers: { 'if-match': '"1"' } });
    const stale = await t.request('PATCH', `/api/v1/needs/${id}`, { body: { title: 'Second editor overwrites' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('version_mismatch');
    const now = await t.request('GET', `/api/v1/needs/${id}`);
    expect(now.body).toMatchObject({ title: 'First editor wins', version: 2 });
    expect((await t.request('PATCH', `/api/v1/needs/${id}`, { body: { title: 'x y z' }, headers: { 'if-match': 'yesterday' } })).status).toBe(400);
  });

  it('lets only one of two concurrent edits of the same version through', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    const id = created.body.id;
    const results = await Promise.all(
      ['Edit A', 'Edit B'].map((title) => t.request('PATCH', `/api/v1/needs/${id}`, { body: { title: `${title} of the need` }, headers: { 'if-match': '"1"' } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
    expect((await t.request('GET', `/api/v1/needs/${id}/history`)).body.total).toBe(2);
  });
});

describe('needs validation', () => {
  async function countNeeds() {
    return (await t.request('GET', '/api/v1/needs?pageSize=1')).body.total as number;
  }

  it('names every bad field and writes nothing', async () => {
    const before = await countNeeds();
    const res = await t.request('POST', '/api/v1/needs', {
      body: needInput({ title: '', countries: [], language: 'French', budget: { amount: -5, currency: 'usd' }, extra: 1 }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'countries', 'language', 'budget.amount', 'budget.currency', 'extra']));
    for (const f of res.body.error.fields) expect(f.message.length).toBeGreaterThan(3);
    expect(await countNeeds()).toBe(before);
  });

  it('rejects unknown vocabulary identifiers, naming the field and the vocabulary', async () => {
    const res = await t.request('POST', '/api/v1/needs', {
      body: needInput({ targets: ['GBF-TARGET-06', 'GBF-TARGET-99'], subjects: ['CBD-SUBJECT-NOPE'], countries: ['TN', 'XX'], beneficiaries: ['ORG-ALIENS'] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'targets[1]', message: '"GBF-TARGET-99" is not in the gbf-targets vocabulary', key: 'choice' },
        { path: 'subjects[0]', message: '"CBD-SUBJECT-NOPE" is not in the cbd-subjects vocabulary', key: 'choice' },
        { path: 'countries[1]', message: '"XX" is not in the countries vocabulary', key: 'choice' },
        expect.objectContaining({ path: 'beneficiaries[0]' }),
      ]),
    );
  });

  it('allows at most three assistance types', async () => {
    const res = await t.request('POST', '/api/v1/needs', {
      body: needInput({ assistanceTypes: ['ASSIST-TRAINING', 'ASSIST-EQUIPMENT', 'ASSIST-FUNDING', 'ASSIST-DATA-TOOLS'] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0]).toMatchObject({ path: 'assistanceTypes', message: 'must list at most 3 assistance types', key: 'tooMany', params: { max: 3 } });
  });

  it('requires the FPIC status when IPLC are involved, and a timeframe that ends after it starts', async () => {
    const res = await t.request('POST', '/api/v1/needs', {
      body: needInput({ iplc: { involved: true }, timeframe: { start: '2028-01-01', end: '2027-01-01' } }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['iplc.fpicStatus', 'timeframe.end']);
  });

  it('validates the merged record on PATCH, refuses to remove required fields, and writes nothing', async () => {
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    const id = created.body.id;
    const bad = await t.request('PATCH', `/api/v1/needs/${id}`, { body: { targets: ['GBF-TARGET-77'], title: 'A valid new title' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: 'targets[0]', message: '"GBF-TARGET-77" is not in the gbf-targets vocabulary', key: 'choice' }]);
    const removal = await t.request('PATCH', `/api/v1/needs/${id}`, { body: { title: null, countries: null } });
    expect(removal.status).toBe(400);
    expect(removal.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['countries', 'title']);
    const unknownField = await t.request('PATCH', `/api/v1/needs/${id}`, { body: { id: 'need-0000000000' } });
    expect(unknownField.status).toBe(400);
    const after = await t.request('GET', `/api/v1/needs/${id}`);
    expect(after.body).toMatchObject({ version: 1, title: needInput().title, targets: ['GBF-TARGET-02'] });
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const malformed = await t.request('POST', '/api/v1/needs', { raw: '{"title": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('bad_request');
    const form = await t.request('POST', '/api/v1/needs', { raw: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
  });
});

describe('needs write access', () => {
  it('refuses anonymous writes with 401 and a WWW-Authenticate header', async () => {
    const res = await t.request('POST', '/api/v1/needs', { body: needInput(), token: null });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('authentication_required');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const created = await t.request('POST', '/api/v1/needs', { body: needInput() });
    expect((await t.request('PATCH', `/api/v1/needs/${created.body.id}`, { body: { title: 'Changed by nobody' }, token: null })).status).toBe(401);
  });

  it('refuses unknown, malformed, expired and revoked tokens with 401', async () => {
    expect((await t.request('GET', '/api/v1/needs', { token: 'chub_not-a-real-token' })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/needs', { token: null, headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const expired = await createExpiredToken();
    const res = await t.request('POST', '/api/v1/needs', { body: needInput(), token: expired });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('refuses writes with a read-only token (403) but lets it read drafts', async () => {
    const readOnly = await t.token({ readOnly: true, name: 'reader' });
    const res = await t.request('POST', '/api/v1/needs', { body: needInput(), token: readOnly });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const draft = await t.request('POST', '/api/v1/needs', { body: needInput({ status: 'draft' }) });
    expect((await t.request('GET', `/api/v1/needs/${draft.body.id}`, { token: readOnly })).status).toBe(200);
  });
});

async function createExpiredToken(): Promise<string> {
  const { createToken } = await import('../../src/services/tokens/tokens.ts');
  const past = new Date(Date.now() - 3 * 86_400_000);
  const { token } = await createToken({ ...t.system, now: () => past }, { name: 'old', role: 'admin', expiresInDays: 1 });
  return token;
}
