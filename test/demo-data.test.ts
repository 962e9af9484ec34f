import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConcept } from '../src/vocab/catalog.ts';
import { seedDemoData } from '../src/services/demo/seed-demo.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const report = await seedDemoData(t.system);
  expect(report.errors).toEqual([]);
});
afterAll(() => t.close());

async function all(resource: string): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  for (let page = 1; ; page += 1) {
    const res = await t.request('GET', `/api/v1/${resource}?pageSize=100&page=${page}`);
    items.push(...res.body.items);
    if (items.length >= res.body.total) return items;
  }
}

describe('demo data', () => {
  it('holds at least 150 needs, 200 providers and 100 opportunities', async () => {
    expect((await all('needs')).length).toBeGreaterThanOrEqual(150);
    expect((await all('providers')).length).toBeGreaterThanOrEqual(200);
    expect((await all('opportunities')).length).toBeGreaterThanOrEqual(100);
  });

  it('has needs written in each of the six UN languages, at least 15 each', async () => {
    const needs = await all('needs');
    for (const language of ['ar', 'en', 'es', 'fr', 'ru', 'zh']) {
      expect(needs.filter((n) => n.language === language).length, language).toBeGreaterThanOrEqual(15);
    }
  });

  it('spreads needs and providers over every region of the world', async () => {
    const regionOf = (country: string) => getConcept('countries', country)?.attributes?.region;
    const needRegions = new Set((await all('needs')).flatMap((n) => n.countries.map(regionOf)));
    const providerRegions = new Set((await all('providers')).map((p) => regionOf(p.country ?? p.nationality)));
    for (const region of ['M49-002', 'M49-019', 'M49-142', 'M49-150', 'M49-009']) {
      expect(providerRegions, region).toContain(region);
    }
    for (const region of ['M49-002', 'M49-019', 'M49-142', 'M49-009']) expect(needRegions, region).toContain(region);
  });

  it('has distinct texts, not placeholders', async () => {
    const descriptions = [...(await all('needs')), ...(await all('providers')), ...(await all('opportunities'))].map((r) => r.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    for (const d of descriptions) expect(d).not.toMatch(/lorem ipsum|\bplaceholder\b|\bTODO\b|\bTBD\b|XXX/);
  });

  it('includes the Tunisian request to restore degraded rangelands, found by its French words', async () => {
    const res = await t.request('GET', `/api/v1/needs?q=${encodeURIComponent('parcours dégradés')}&country=TN`, { token: null });
    expect(res.body.total).toBeGreaterThanOrEqual(1);
    expect(res.body.items[0].language).toBe('fr');
  });
});
