// Support centres as records: host, region, contact, and the countries they serve, assigned one by
// one or by UN M49 subregion (a country may be served by several); the coverage and the countries
// no centre serves; the 18 centres of the demo data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCentres } from '../../src/services/demo/seed-demo.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('support centres', () => {
  it('serve the countries of their subregions and those assigned one by one', async () => {
    const res = await t.request('PUT', '/api/v1/admin/centres/tsc-oss', {
      body: { name: 'Sahara and Sahel Observatory (OSS)', host: 'Observatoire du Sahara et du Sahel', region: 'M49-002', email: 'helpdesk@oss.example.org', subregions: ['M49-015'], countries: ['ML', 'NE'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'tsc-oss', region: 'M49-002', subregions: ['M49-015'], assignedCountries: ['ML', 'NE'] });
    expect(res.body.countries).toEqual(expect.arrayContaining(['TN', 'DZ', 'MA', 'EG', 'LY', 'SD', 'ML', 'NE']));
    expect(res.body.countries).not.toContain('SN');
    const list = (await t.request('GET', '/api/v1/centres', { token: null })).body.items;
    expect(list.find((c: { id: string }) => c.id === 'tsc-oss').host).toBe('Observatoire du Sahara et du Sahel');
  });

  it('refuses unknown regions, subregions, countries and addresses, naming each', async () => {
    const res = await t.request('PUT', '/api/v1/admin/centres/tsc-bad', { body: { name: 'Bad', region: 'M49-015', subregions: ['M49-999'], countries: ['ZZ'], email: 'not an address' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['countries[0]', 'email', 'region', 'subregions[0]']);
    expect((await t.request('GET', '/api/v1/centres', { token: null })).body.items.map((c: { id: string }) => c.id)).not.toContain('tsc-bad');
  });

  it('show the coverage: several centres may serve a country, and some countries none', async () => {
    await t.request('PUT', '/api/v1/admin/centres/tsc-iucn-med', { body: { name: 'IUCN Centre for Mediterranean Cooperation', subregions: ['M49-039'], countries: ['TN', 'MA'] } });
    const cov = (await t.request('GET', '/api/v1/centres/coverage', { token: null })).body;
    expect(cov.countries.find((c: { code: string }) => c.code === 'TN').centres.sort()).toEqual(['tsc-iucn-med', 'tsc-oss']);
    expect(cov.uncovered).toContain('BR');
    expect(cov.uncovered).not.toContain('TN');
  });

  it('come in the demo data: the 18 host organisations selected in 2024, with a plausible coverage', async () => {
    expect(await seedDemoCentres(t.system)).toBe(18);
    const centres = (await t.request('GET', '/api/v1/centres', { token: null })).body.items;
    expect(centres.length).toBeGreaterThanOrEqual(18);
    const cov = (await t.request('GET', '/api/v1/centres/coverage', { token: null })).body;
    // Every region has centres; a few countries are left for the global coordinating entity to assign.
    expect(cov.uncovered.length).toBeGreaterThan(0);
    expect(cov.uncovered.length).toBeLessThan(cov.countries.length / 4);
    for (const code of ['TN', 'SN', 'KE', 'CO', 'JM', 'PH', 'CN', 'KZ', 'FJ', 'BE']) expect(cov.uncovered, code).not.toContain(code);
  });
});
