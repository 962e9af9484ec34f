/**
 * Screenshots of the main pages in English, Arabic and Chinese for docs/screenshots (linked from the
 * README): home, a search with filters, the Tunisian rangelands request with its suggestions, and
 * the request form showing a mistake (signed in as the demo focal point), on a throw-away server
 * with the demo data, in Debian's Chromium at a laptop width.
 *
 *   node --import tsx scripts/screenshots.ts     (needs /usr/bin/chromium and, for Chinese, fonts-noto-cjk)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../bench/web-server.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const PAGES: Array<[string, string]> = [
  ['home', '/'],
  ['search', '/needs?target=GBF-TARGET-02&region=M49-002'],
  ['need', '/needs/need-fr00000001'],
];

const FORM_TITLE: Record<string, string> = { en: 'Restore degraded rangelands in the central steppe', ar: 'استعادة المراعي المتدهورة في السهوب الوسطى', zh: '恢复中部草原退化的牧场' };

const server = await startDemoServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
try {
  for (const lang of ['en', 'ar', 'zh']) {
    for (const [name, path] of PAGES) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${server.base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      const file = join(OUT, `${name}-${lang}.png`);
      await page.screenshot({ path: file });
      process.stderr.write(`${file}\n`);
      await context.close();
    }
    // The request form after a mistake, as the demo focal point sees it.
    const password = /Demo accounts[^\n]*: (demo-\S+)/.exec(readFileSync(server.logFile ?? '', 'utf8'))?.[1];
    if (!password) throw new Error('the demo password was not found in the server output');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.base}/account/signin?next=/needs/new&lang=${lang}`);
    await page.locator('#f-email').fill('focal.point.tn@demo.example.org');
    await page.locator('#f-password').fill(password);
    await page.locator('form[action="/account/signin"] button[type=submit]').click();
    await page.waitForURL(`${server.base}/needs/new`);
    await page.locator('#f-title').fill(FORM_TITLE[lang]!);
    await page.locator('#f-description').fill('…');
    await page.locator('button[value=submit]').click();
    await page.waitForSelector('#problems');
    const file = join(OUT, `form-${lang}.png`);
    await page.screenshot({ path: file });
    process.stderr.write(`${file}\n`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
