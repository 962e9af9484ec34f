// What a person does, in Debian's Chromium: sign up in Arabic, English or Chinese with a mistake, fix it, confirm the
// address from the mail the real SMTP server received, sign in; and open a record whose text is
// hostile without anything running. Needs /usr/bin/chromium (apt-get install -y chromium); without
// it the tests are skipped, unless COOPHUB_REQUIRE_BROWSER is set (as in CI), where they fail.
import { browserAvailable, useBrowserApp } from '../support/browser.ts';
import { describe, expect, it } from 'vitest';
import { needInput } from '../support/factories.ts';
import { linkIn } from '../support/smtp.ts';
import { translator } from '../../src/i18n/index.ts';

const available = browserAvailable;


const app = useBrowserApp();


const PEOPLE: Record<string, { name: string; email: string; password: string }> = {
  ar: { name: 'ليلى حداد', email: 'leila.haddad@example.org', password: 'استعادة المراعي المتدهورة 2027' },
  en: { name: 'Grace Mensah', email: 'grace.mensah@example.org', password: 'restoring coastal wetlands 2027' },
  zh: { name: '王芳', email: 'wang.fang@example.org', password: '恢复退化草原的长期计划2027' },
};

describe.skipIf(!available)('in a browser', () => {
  for (const [lang, who] of Object.entries(PEOPLE)) it(`signs up in ${lang}, fixes a mistake, confirms the address from the mail and signs in`, async () => {
    const context = await app.browser.newContext({ locale: lang });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.base}/account/signup`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');

    await page.locator('#f-name').fill(who.name);
    expect(await page.locator('label[for=f-name]').textContent()).toBe(translator(lang as 'ar')('signup.name')); // labelled in the reader's language
    await page.locator('#f-email').fill(who.email);
    await page.locator('#f-password').fill('short');
    await page.locator('form[action="/account/signup"] button[type=submit]').click();
    // The error is next to the field, in the reader's language, and the other values are kept.
    const error = page.locator('#e-password');
    await expect.poll(() => error.textContent()).toContain('12');
    expect(await page.locator('#f-password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-name').inputValue()).toBe(who.name);
    expect(await page.locator('#f-email').inputValue()).toBe(who.email);

    await page.locator('#f-password').fill(who.password);
    await page.locator('form[action="/account/signup"] button[type=submit]').click();
    await expect.poll(() => page.locator('[role=status]').count()).toBe(1);

    const mail = await app.t.smtp.next(who.email);
    const { url } = linkIn(mail.text, '/account/verify');
    await page.goto(url.replace('http://localhost:3000', app.base));
    await page.locator('form[action="/account/verify"] button').click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain(who.email);

    await page.goto(`${app.base}/account/signin`);
    await page.locator('#f-email').fill(who.email);
    await page.locator('#f-password').fill(who.password);
    await page.locator('form[action="/account/signin"] button[type=submit]').click();
    await page.waitForURL(`${app.base}/account`);
    expect(await page.locator('#f-profile-name').inputValue()).toBe(who.name);
    expect(await page.locator('[id]').evaluateAll((els) => els.length - new Set(els.map((e) => e.id)).size)).toBe(0); // ids are unique
    // Signing out from the header works without JavaScript too.
    await page.locator('header form[action="/account/signout"] button').click();
    await expect.poll(() => page.locator('[role=status]').count()).toBe(1);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('shows hostile text as text: nothing runs, nothing is injected', async () => {
    const hostile = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script><svg onload="window.__xss=3">';
    const need = await app.t.request('POST', '/api/v1/needs', { body: needInput({ title: hostile.slice(0, 300), genderAspects: hostile, organisation: { name: hostile, type: 'ORG-NGO' } }) });
    expect(need.status).toBe(201);
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.base}/needs/${need.body.id}`);
    expect(await page.locator('h1').textContent()).toBe(hostile.slice(0, 300));
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
