import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// Routes that serve the description itself, or pages and their assets for people, not the API.
const NOT_IN_DOCUMENT = new Set(['GET /api/openapi.json', 'GET /api/docs', 'GET /']);
const isPage = (route: string) => !route.split(' ')[1]!.startsWith('/api/') && !['/healthz', '/readyz'].includes(route.split(' ')[1]!);

describe('OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const res = await t.request('GET', '/api/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route the app serves, and nothing it does not', async () => {
    const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const served = new Set(
      t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`).filter((r) => !NOT_IN_DOCUMENT.has(r) && !isPage(r)),
    );
    expect([...served].sort()).toEqual([...documented].sort());
    for (const resource of ['needs', 'providers', 'opportunities']) {
      for (const route of [`POST /api/v1/${resource}`, `GET /api/v1/${resource}`, `GET /api/v1/${resource}/:id`, `PATCH /api/v1/${resource}/:id`, `GET /api/v1/${resource}/:id/history`]) {
        expect(documented, route).toContain(route);
      }
    }
  });

  it('marks writes as needing a bearer token and documents the error shape', async () => {
    const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
    expect(doc.paths['/api/v1/needs'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toBeDefined();
    expect(doc.components.schemas.NeedInput.properties.targets).toBeDefined();
  });

  it('serves a browsable reference page', async () => {
    const res = await t.request('GET', '/api/docs', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.body).toContain('/api/v1/needs/{id}/history');
    expect(res.body).toContain('Merge Patch');
  });
});

describe('vocabularies', () => {
  it('lists the vocabularies with concept counts', async () => {
    const res = await t.request('GET', '/api/v1/vocabularies', { token: null });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((v: { id: string; conceptCount: number }) => [v.id, v.conceptCount]));
    expect(byId).toMatchObject({ 'gbf-targets': 27, countries: 249, 'cbd-regional-groups': 5 });
    for (const id of ['cbd-subjects', 'assistance-types', 'organisation-types', 'regions', 'country-groups', 'languages', 'currencies']) expect(byId[id], id).toBeGreaterThan(0);
  });

  it('returns one vocabulary with labels in the six UN languages', async () => {
    const res = await t.request('GET', '/api/v1/vocabularies/gbf-targets', { token: null });
    const target6 = res.body.concepts.find((c: { id: string }) => c.id === 'GBF-TARGET-06');
    expect(Object.keys(target6.labels).sort()).toEqual(['ar', 'en', 'es', 'fr', 'ru', 'zh']);
    const countries = await t.request('GET', '/api/v1/vocabularies/countries', { token: null });
    const tunisia = countries.body.concepts.find((c: { id: string }) => c.id === 'TN');
    expect(tunisia.labels.fr).toBe('Tunisie');
    expect(tunisia.attributes).toMatchObject({ region: 'M49-002', subregion: 'M49-015', cbdRegionalGroup: 'CBD-RG-AFRICA' });
  });

  it('answers 404 for an unknown vocabulary', async () => {
    const res = await t.request('GET', '/api/v1/vocabularies/planets', { token: null });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('keeps the vocabularies in the database as well', async () => {
    const { sql } = await import('drizzle-orm');
    const rows = await t.db.database.db.execute(sql`select count(*)::int as n from concepts where vocabulary_id = 'gbf-targets'`);
    expect((rows as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(27);
  });
});

describe('cross-origin reads', () => {
  it('lets any web page read the public API', async () => {
    const res = await t.request('GET', '/api/v1/vocabularies', { token: null, headers: { origin: 'https://chm.example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await t.request('GET', '/healthz', { token: null })).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/readyz', { token: null })).body).toEqual({ status: 'ok', matching: 'not started' });
  });
});
