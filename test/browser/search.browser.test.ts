// A person searching, in English, Arabic and Chinese, in Debian's Chromium: keywords, a facet
// ticked, the filter applied, a request opened, its suggestions read with their reasons.
import { browserAvailable, useBrowserApp } from '../support/browser.ts';
import { describe, expect, it } from 'vitest';
import { needInput, providerInput } from '../support/factories.ts';

const available = browserAvailable;

const ids: Record<string, string> = {};

const app = useBrowserApp(async (t) => {
  ids.provider = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id;
  ids.tn = (await t.request('POST', '/api/v1/needs', { body: needInput() })).body.id;
  ids.dz = (await t.request('POST', '/api/v1/needs', { body: needInput({ title: 'Restaurer les steppes de l’Atlas saharien', countries: ['DZ'] }) })).body.id;
  ids.cn = (await t.request('POST', '/api/v1/needs', { body: needInput({ title: '恢复退化草原', description: '内蒙古的退化草原需要恢复，我们希望获得关于本地灌木种子库和社区放牧管理的专家建议。', language: 'zh', countries: ['CN'] }) })).body.id;
  await t.matching.ready();
});

const LABELS = { en: 'Tunisia', ar: 'تونس', zh: '突尼斯' } as const;

describe.skipIf(!available)('searching in a browser', () => {
  for (const lang of ['en', 'ar', 'zh'] as const) {
    it(`searches, ticks a country, opens the request and reads its suggestions (${lang})`, async () => {
      const context = await app.browser.newContext({ locale: lang });
      const page = await context.newPage();
      await page.goto(`${app.base}/`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await page.locator('#home-q').fill('parcours');
      await page.locator('form[role=search] button[type=submit]').click();
      await page.waitForURL(/\/needs\?q=parcours/);
      // Both the Tunisian and the Algerian request match; the country facet offers both.
      expect(await page.locator('.results h3 a').count()).toBe(2);
      await page.getByLabel(LABELS[lang]).check();
      await page.locator('.filters button[type=submit]').click();
      await page.waitForURL(/country=TN/);
      expect(await page.locator('.results h3 a').count()).toBe(1);
      expect(await page.locator(`input[name=country][value=TN]`).isChecked()).toBe(true);
      // The address can be shared: opening it again gives the same page.
      const shared = await (await context.newPage()).goto(page.url());
      expect(await shared!.text()).toContain(`/needs/${ids.tn}`);

      await page.locator('.results h3 a').click();
      await page.waitForURL(`${app.base}/needs/${ids.tn}`);
      const suggestion = page.locator(`ol.matches a[href="/providers/${ids.provider}"]`);
      expect(await suggestion.textContent()).toBe('Centre for Dryland Ecology');
      const reasons = await page.locator('ol.matches > li').first().locator('ul.reasons li').allTextContents();
      expect(reasons.length).toBeGreaterThan(0);
      // Reasons in the reader's language: Arabic or Chinese script on those pages.
      if (lang === 'ar') expect(reasons.join(' ')).toMatch(/[\u0600-\u06FF]/);
      if (lang === 'zh') expect(reasons.join(' ')).toMatch(/[\u4e00-\u9fff]/);
      await context.close();
    });
  }
});
