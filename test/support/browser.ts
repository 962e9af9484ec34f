// Browser tests drive Debian's Chromium (apt-get install -y chromium). Without it they are skipped,
// unless COOPHUB_REQUIRE_BROWSER is set (as in CI), where a missing browser fails the run.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import type { TestApp } from './test-app.ts';

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
