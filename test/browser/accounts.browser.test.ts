// What a person does, in Debian's Chromium: sign up in Arabic with a mistake, fix it, confirm the
// address from the mail the real SMTP server received, sign in; and open a record whose text is
// hostile without anything running. Needs /usr/bin/chromium (apt-get install -y chromium); without
// it the tests are skipped, unless COOPHUB_REQUIRE_BROWSER is set (as in CI), where they fail.
import type { Browser } from 'playwright-core';
import { type BrowserSession, browserAvailable, openBrowser } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { needInput } from '../support/factories.ts';
import { linkIn } from '../support/smtp.ts';

const available = browserAvailable;

let t: TestApp;
let session: BrowserSession;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  t = await createTestApp();
  session = await openBrowser(t);
  ({ base, browser } = session);
});

afterAll(async () => {
  if (!available) return;
  await session?.close();
  await t.close();
});

describe.skipIf(!available)('in a browser', () => {
  it('signs up in Arabic, fixes a mistake, confirms the address from the mail and signs in', async () => {
    const context = await browser.newContext({ locale: 'ar' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${base}/account/signup`);
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');

    await page.locator('#f-name').fill('ليلى حداد');
    expect(await page.locator('label[for=f-name]').textContent()).not.toBe('Your name'); // labelled in Arabic
    await page.locator('#f-email').fill('leila.haddad@example.org');
    await page.locator('#f-password').fill('short');
    await page.locator('form[action="/account/signup"] button[type=submit]').click();
    // The error is next to the field, in Arabic, and the other values are kept.
    const error = page.locator('#e-password');
    await expect.poll(() => error.textContent()).toContain('12');
    expect(await page.locator('#f-password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-name').inputValue()).toBe('ليلى حداد');
    expect(await page.locator('#f-email').inputValue()).toBe('leila.haddad@example.org');

    await page.locator('#f-password').fill('استعادة المراعي المتدهورة 2027');
    await page.locator('form[action="/account/signup"] button[type=submit]').click();
    await expect.poll(() => page.locator('[role=status]').count()).toBe(1);

    const mail = await t.smtp.next('leila.haddad@example.org');
    const { url } = linkIn(mail.text, '/account/verify');
    await page.goto(url.replace('http://localhost:3000', base));
    await page.locator('form[action="/account/verify"] button').click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('leila.haddad@example.org');

    await page.goto(`${base}/account/signin`);
    await page.locator('#f-email').fill('leila.haddad@example.org');
    await page.locator('#f-password').fill('استعادة المراعي المتدهورة 2027');
    await page.locator('form[action="/account/signin"] button[type=submit]').click();
    await page.waitForURL(`${base}/account`);
    expect(await page.locator('#f-profile-name').inputValue()).toBe('ليلى حداد');
    expect(await page.locator('[id]').evaluateAll((els) => els.length - new Set(els.map((e) => e.id)).size)).toBe(0); // ids are unique
    // Signing out from the header works without JavaScript too.
    await page.locator('header form[action="/account/signout"] button').click();
    await expect.poll(() => page.locator('[role=status]').count()).toBe(1);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('shows hostile text as text: nothing runs, nothing is injected', async () => {
    const hostile = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script><svg onload="window.__xss=3">';
    const need = await t.request('POST', '/api/v1/needs', { body: needInput({ title: hostile.slice(0, 300), genderAspects: hostile, organisation: { name: hostile, type: 'ORG-NGO' } }) });
    expect(need.status).toBe(201);
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${base}/needs/${need.body.id}`);
    expect(await page.locator('h1').textContent()).toBe(hostile.slice(0, 300));
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
