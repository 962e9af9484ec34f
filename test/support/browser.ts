// Browser tests drive Debian's Chromium (apt-get install -y chromium). Without it they are skipped,
// unless COOPHUB_REQUIRE_BROWSER is set (as in CI), where a missing browser fails the run.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.COOPHUB_REQUIRE_BROWSER) throw new Error(`No browser at ${CHROMIUM}: apt-get install -y chromium`);

export interface BrowserSession {
  /** http://127.0.0.1:port of the test app, served over a real socket. */
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves the test app on a free loopback port and launches headless Chromium. */
export async function openBrowser(t: TestApp): Promise<BrowserSession> {
  const server: ServerType = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * For a browser test file: before its tests, a fresh test app (seeded by `setup`) served to a headless
 * Chromium; after them, both closed. Nothing happens without a browser (the tests are skipped).
 */
export function useBrowserApp(setup: (t: TestApp) => Promise<void> = async () => undefined): { t: TestApp; base: string; browser: Browser } {
  const state = {} as { t: TestApp; base: string; browser: Browser; session?: BrowserSession };
  beforeAll(async () => {
    if (!browserAvailable) return;
    state.t = await createTestApp();
    await setup(state.t);
    state.session = await openBrowser(state.t);
    state.base = state.session.base;
    state.browser = state.session.browser;
  }, 120_000);
  afterAll(async () => {
    if (!browserAvailable) return;
    await state.session?.close();
    await state.t?.close();
  });
  return state;
}

/** Signs in on the sign-in page the browser is on. */
export async function signInHere(page: Page, email: string, password = 'correct horse battery staple'): Promise<void> {
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await page.locator('form[action="/account/signin"] button[type=submit]').click();
}
