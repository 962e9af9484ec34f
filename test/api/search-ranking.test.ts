import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needInput } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('keyword relevance', () => {
  it('ranks a need with the word in its title above one with it only in the description', async () => {
    // Created first, so only the title's weight can put it ahead of the newer record.
    const inTitle = await t.request('POST', '/api/v1/needs', {
      body: needInput({ title: 'Mangrove nurseries for the delta', language: 'en', description: 'Community groups want to grow seedlings and replant degraded areas of the delta.' }),
    });
    const inBody = await t.request('POST', '/api/v1/needs', {
      body: needInput({ title: 'Coastal restoration plan', language: 'en', description: 'We also need help with seagrass and mangrove nurseries along the coast, and with monitoring.' }),
    });
    const res = await t.request('GET', '/api/v1/needs?q=mangroves', { token: null });
    expect(res.body.items.map((n: { id: string }) => n.id)).toEqual([inTitle.body.id, inBody.body.id]);
  });

  it('stores lexemes with quotes and backslashes and finds them again', async () => {
    const created = await t.request('POST', '/api/v1/needs', {
      body: needInput({ title: "O'Brien's reef \\ survey", language: 'en', description: "Quotes ' and backslashes \\ must not break the search index of a record." }),
    });
    expect(created.status).toBe(201);
    const res = await t.request('GET', `/api/v1/needs?q=${encodeURIComponent("o'brien reef")}`, { token: null });
    expect(res.body.items.map((n: { id: string }) => n.id)).toContain(created.body.id);
  });
});
