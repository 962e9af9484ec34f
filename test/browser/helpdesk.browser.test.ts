// The help desk in Debian's Chromium, in English, Arabic and Chinese: centre staff sign in, open
// their queue, open a request's case, ask the requester a question, publish the request and propose
// a partner from the suggestions — all by plain forms. Skipped without /usr/bin/chromium unless
// COOPHUB_REQUIRE_BROWSER is set (as in CI).
import { browserAvailable, signInHere, useBrowserApp } from '../support/browser.ts';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { needInput, providerInput } from '../support/factories.ts';

const available = browserAvailable;
const app = useBrowserApp(async (t) => {
  await saveCentre(t.system, 'tsc-oss', { name: 'Sahara and Sahel Observatory', subregions: ['M49-015'] });
  await t.request('POST', '/api/v1/providers', { body: providerInput() });
  for (const lang of ['en', 'ar', 'zh']) await t.user({ email: `staff-${lang}@oss.example.org`, language: lang, roles: [{ role: 'centre_staff', scope: 'tsc-oss' }] });
  await t.matching.ready();
});

describe.skipIf(!available)('the help desk in a browser', () => {
  for (const lang of ['en', 'ar', 'zh'] as const) {
    it(`lets centre staff work a request from the queue in ${lang}`, async () => {
      const tr = translator(lang);
      const title = `Restaurer les parcours steppiques (${lang})`;
      const id = (await app.t.request('POST', '/api/v1/needs', { body: needInput({ status: 'submitted', title }) })).body.id;
      const context = await app.browser.newContext({ locale: lang });
      const page = await context.newPage();
      await page.goto(`${app.base}/helpdesk`);
      await page.waitForURL(/\/account\/signin/);
      await signInHere(page, `staff-${lang}@oss.example.org`);
      await page.waitForURL(`${app.base}/helpdesk/centres/tsc-oss`); // back where they asked to go: their centre's queue
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.locator('h1').textContent()).toBe(tr('queue.centre', { name: 'Sahara and Sahel Observatory' }));
      await page.locator(`a[href="/needs/${id}/case"]`).click();
      await page.waitForURL(`${app.base}/needs/${id}/case`);

      // A question to the requester.
      await page.locator('#case-question').fill('Quelle superficie est concernée ?');
      await page.locator('form[action$="/case/question"] button').click();
      await page.waitForURL(/done=question/);
      expect(await page.locator('[role=status]').textContent()).toBe(tr('case.done_question'));
      expect(await page.locator('ol.history').textContent()).toContain('Quelle superficie est concernée ?');

      // Publish, then propose the first suggested partner.
      await page.locator('form:has(input[name=transition][value=publish]) button').click();
      await page.waitForURL(/done=move/);
      expect((await app.t.request('GET', `/api/v1/needs/${id}`)).body.status).toBe('published');
      const propose = page.locator('form[action$="/case/propose"] button').first();
      await expect.poll(() => propose.count()).toBeGreaterThan(0);
      await propose.click();
      await page.waitForURL(/done=propose/);
      expect((await app.t.request('GET', `/api/v1/needs/${id}`)).body.status).toBe('in_matchmaking');
      expect(await page.locator('#case-matches + p, #case-matches ~ ul.records li').first().textContent()).toContain(tr('case.matchState_proposed'));
      await context.close();
    }, 120_000);
  }
});
