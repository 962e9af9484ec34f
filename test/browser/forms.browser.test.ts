// What people do with the forms, in Debian's Chromium without any script of ours: a focal point
// signs in from the request form, writes a request in English, Arabic or Chinese with a mistake,
// fixes it, previews it with the Enter key, adopts a suggested tag and submits it; a provider's
// member edits the profile, with a mistake first. Skipped without /usr/bin/chromium unless
// COOPHUB_REQUIRE_BROWSER is set (as in CI).
import { browserAvailable, signInHere, useBrowserApp } from '../support/browser.ts';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { providerInput } from '../support/factories.ts';

const available = browserAvailable;

let providerId = '';

const REQUESTS = {
  en: {
    title: 'Restore degraded rangelands in the central steppe',
    description: 'Our steppe rangelands are degraded by overgrazing and drought. We need expertise in rangeland restoration, native seed banks and community grazing management.',
  },
  ar: {
    title: 'استعادة المراعي المتدهورة في السهوب الوسطى',
    description: 'تتدهور مراعي السهوب لدينا بسبب الرعي الجائر والجفاف. نحتاج إلى خبرة في استعادة المراعي وبنوك البذور المحلية والإدارة المجتمعية للرعي.',
  },
  zh: {
    title: '恢复中部草原退化的牧场',
    description: '我们的草原牧场因过度放牧和干旱而退化。我们需要牧场恢复、本地种子库和社区放牧管理方面的专业知识。',
  },
} as const;

const app = useBrowserApp(async (t) => {
  providerId = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id;
  for (const lang of Object.keys(REQUESTS)) await t.user({ email: `focal-${lang}@example.org`, language: lang, roles: [{ role: 'focal_point', scope: 'TN' }] });
  await t.user({ email: 'member@example.org', roles: [{ role: 'provider_member', scope: providerId }] });
});

describe.skipIf(!available)('forms in a browser', () => {
  for (const lang of ['en', 'ar', 'zh'] as const) {
    it(`creates a request in ${lang} with a mistake, fixes it, previews, adopts a tag and submits it`, async () => {
      const tr = translator(lang);
      const context = await app.browser.newContext({ locale: lang });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      // Not signed in: the form sends the person to sign in, then back.
      await page.goto(`${app.base}/needs?lang=${lang}`);
      await page.locator(`main a[href="/needs/new"]`).click();
      await page.waitForURL(/\/account\/signin\?next=/);
      await signInHere(page, `focal-${lang}@example.org`);
      await page.waitForURL(`${app.base}/needs/new`);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.locator('h1').textContent()).toBe(tr('form.new_need'));
      expect(await page.locator('#f-countries').evaluate((s) => Array.from((s as unknown as { selectedOptions: ArrayLike<{ value: string }> }).selectedOptions, (o) => o.value))).toEqual(['TN']);

      // A mistake: a description too short, and the organisation's type forgotten.
      const r = REQUESTS[lang];
      await page.locator('#f-title').fill(r.title);
      await page.locator('#f-description').fill('—');
      await page.locator('#f-organisation\\.name').fill(lang === 'zh' ? '环境总局' : lang === 'ar' ? 'الإدارة العامة للبيئة' : 'General Directorate for the Environment');
      await page.locator('#f-budget\\.amount').fill('120 000');
      await page.locator('#f-budget\\.currency').selectOption('USD');
      await page.locator('button[value=submit]').click();
      await page.waitForSelector('#problems');
      expect(await page.locator('#e-description').textContent()).toBe(tr('errors.tooShort', { min: 20 }));
      expect(await page.locator('#e-organisation\\.type').textContent()).toBe(tr('errors.required'));
      expect(await page.locator('#f-description').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#f-title').inputValue()).toBe(r.title); // kept
      expect(await page.locator('#f-budget\\.amount').inputValue()).toBe('120 000');
      // The summary's link takes keyboard focus to the field.
      await page.locator('#problems a[href="#f-description"]').click();
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement?: { id: string } } }).document.activeElement?.id)).toBe('f-description');

      // Fixed; Enter in a text field previews (nothing is saved yet).
      await page.locator('#f-description').fill(r.description);
      await page.locator('#f-organisation\\.type').selectOption('ORG-GOV-NATIONAL');
      await page.locator('#f-title').press('Enter');
      await page.waitForSelector('#preview');
      expect(await page.locator('.preview h3').textContent()).toBe(r.title);
      expect((await app.t.request('GET', '/api/v1/needs?status=submitted&pageSize=1')).body.total).toBe(Object.keys(REQUESTS).indexOf(lang));

      // Tags suggested from the text, one adopted with a click.
      const adopt = page.locator('button[name=adopt]:not([value=all])').first();
      await expect.poll(() => adopt.count()).toBeGreaterThan(0);
      const tag = (await adopt.getAttribute('value'))!;
      await adopt.click();
      await page.waitForURL(/#suggested$/);
      expect(await page.locator(`input[name=${tag.startsWith('GBF-') ? 'targets' : 'subjects'}][value="${tag}"]`).isChecked()).toBe(true);

      await page.locator('button[value=submit]').click();
      await page.waitForURL(/\/needs\/need-[0-9a-z]{10}\?saved=submitted$/);
      expect(await page.locator('[role=status]').textContent()).toBe(tr('form.saved_submitted'));
      const id = new URL(page.url()).pathname.split('/').pop()!;
      const saved = (await app.t.request('GET', `/api/v1/needs/${id}`)).body;
      expect(saved).toMatchObject({ status: 'submitted', title: r.title, language: lang, countries: ['TN'], budget: { amount: 120000, currency: 'USD' } });
      expect([...saved.targets, ...saved.subjects]).toContain(tag);
      expect(dialogs).toEqual([]);
      await context.close();
    }, 120_000);
  }

  for (const lang of ['en', 'ar', 'zh'] as const) it(`edits a provider profile from the account page in ${lang}, with a mistake first`, async () => {
    const context = await app.browser.newContext({ locale: lang });
    const page = await context.newPage();
    await page.goto(`${app.base}/account/signin?lang=${lang}`);
    await signInHere(page, 'member@example.org');
    await page.waitForURL(`${app.base}/account`);
    await page.locator(`a[href="/providers/${providerId}/edit"]`).click();
    await page.waitForURL(`${app.base}/providers/${providerId}/edit`);
    expect(await page.locator('#f-name').inputValue()).toBe(lang === 'en' ? 'Centre for Dryland Ecology' : 'Centre for Dryland Ecology and Restoration');
    expect(await page.getAttribute('html', 'lang')).toBe(lang);

    await page.locator('#f-website').fill('drylands dot example');
    await page.locator('#f-expertise').fill('rangeland restoration\nnative seed banks');
    await page.locator('select[name="languages.level"]').first().selectOption('native');
    await page.locator('button[value=save]').click();
    await page.waitForSelector('#problems');
    expect(await page.locator('#e-website').textContent()).toBe(translator(lang)('errors.url'));
    expect(await page.locator('#f-expertise').inputValue()).toBe('rangeland restoration\nnative seed banks');

    await page.locator('#f-website').fill('https://drylands.example.org/');
    await page.locator('#f-name').fill('Centre for Dryland Ecology and Restoration');
    await page.locator('button[value=save]').click();
    await page.waitForURL(`${app.base}/providers/${providerId}?saved=changed`);
    expect(await page.locator('h1').textContent()).toBe('Centre for Dryland Ecology and Restoration');
    expect(await page.locator('[role=status]').textContent()).toBe(translator(lang)('form.saved_changed'));
    const p = (await app.t.request('GET', `/api/v1/providers/${providerId}`)).body;
    expect(p.expertise).toEqual(['rangeland restoration', 'native seed banks']);
    expect(p.languages[0]).toEqual({ code: 'ar', level: 'native' });
    await context.close();
  }, 120_000);
});
