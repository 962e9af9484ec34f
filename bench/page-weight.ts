/**
 * Page weight of the web portal: every response a page loads (document, CSS, images, fonts, anything),
 * as the bytes a compressing server would send. Budget from the web-portal issue: the home, search and
 * record pages each weigh at most 60 KB compressed, CSS and fonts included.
 *
 *   npm run bench:weight                      # starts a throw-away server with the demo data
 *   COOPHUB_URL=http://127.0.0.1:3000 npm run bench:weight   # measures a running server instead
 *
 * Each page is loaded in Chromium (playwright-core, /usr/bin/chromium or CHROME_PATH) in a new browser
 * context, in English, Arabic and Chinese. The server may not compress, so each response body is
 * compressed here: gzip (node:zlib, level 6, the budget's measure) and brotli (quality 11, for
 * information). Bodies already compressed by their format (PNG, JPEG, GIF, WebP, AVIF, WOFF, WOFF2,
 * audio, video, archives) count as they are: no server gzips them; so do bodies that compression would
 * make larger (a few dozen bytes). `transferredBytes` is what went over
 * the wire in this run (bodies as sent, plus response headers), and `contentEncoding` what the server
 * actually sent. Headless Chromium never asks for the page icon, which every other browser does: the icon
 * (<link rel="icon"> or /favicon.ico) is fetched separately and counted, whatever it answers.
 *
 * Nothing goes to the internet: Chromium's non-loopback traffic goes to a local proxy that refuses it
 * (its own background requests are listed under outbound.browserBackground, for information).
 *
 * Environment (all optional): CHROME_PATH (default /usr/bin/chromium), COOPHUB_URL, READY_TIMEOUT
 * (seconds, default 180), LOG_LEVEL (server, default warn).
 *
 * Prints one JSON object (progress on stderr), also written to bench/out/page-weight.json. Exit 0 all pages within budget, 1 a page over budget,
 * 2 setup error (the server did not start, a page did not answer 200, a page asked for a resource
 * outside this machine).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Response } from 'playwright-core';
import { isLocal, outboundReport, round1, startDemoServer, startOutboundTrap } from './web-server.ts';

const BUDGET_BYTES = 60 * 1024;
const OUT_DIR = fileURLToPath(new URL('./out', import.meta.url));
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const LANGS = ['en', 'ar', 'zh'] as const;
const PAGES: { name: string; kind: 'home' | 'search' | 'record'; path: string }[] = [
  { name: 'home', kind: 'home', path: '/' },
  { name: 'search-needs', kind: 'search', path: '/needs?q=restauration' },
  { name: 'search-providers', kind: 'search', path: '/providers?country=JO' },
  { name: 'need', kind: 'record', path: '/needs/need-fr00000001' },
  { name: 'provider', kind: 'record', path: '/providers/prov-p000000001' },
  { name: 'opportunity', kind: 'record', path: '/opportunities/opp-o000000001' },
];

/** Formats that are compressed already: counted as they are. */
const PRECOMPRESSED = /^(image\/(png|jpeg|jpg|gif|webp|avif|x-icon|vnd\.microsoft\.icon)|font\/woff2?|application\/(font-woff2?|x-font-woff|zip|gzip|x-gzip|x-brotli|zstd|pdf|octet-stream)|audio\/|video\/)/i;

interface Resource {
  url: string;
  resourceType: string;
  status: number;
  contentType: string;
  contentEncoding: string | null;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  transferredBytes: number | null;
  compressedHere: boolean;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

function sizes(body: Buffer, contentType: string): { gzip: number; brotli: number; compressedHere: boolean } {
  if (PRECOMPRESSED.test(contentType) || body.length === 0) return { gzip: body.length, brotli: body.length, compressedHere: false };
  const gzip = gzipSync(body, { level: 6 }).length;
  const brotli = brotliCompressSync(body, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT },
  }).length;
  // A tiny body grows when compressed; servers send those as they are.
  return { gzip: Math.min(gzip, body.length), brotli: Math.min(brotli, body.length), compressedHere: gzip < body.length };
}

async function measure(response: Response): Promise<Resource> {
  const req = response.request();
  const headers = await response.allHeaders();
  const status = response.status();
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim();
  // Redirects and 204/304 have no body; Playwright throws for those.
  const body = status >= 300 && status < 400 ? Buffer.alloc(0) : await response.body().catch(() => Buffer.alloc(0));
  const s = sizes(body, contentType);
  const wire = await req.sizes().catch(() => undefined);
  return {
    url: response.url(),
    resourceType: req.resourceType(),
    status,
    contentType,
    contentEncoding: headers['content-encoding'] ?? null,
    rawBytes: body.length,
    gzipBytes: s.gzip,
    brotliBytes: s.brotli,
    transferredBytes: wire ? wire.responseBodySize + wire.responseHeadersSize : null,
    compressedHere: s.compressedHere,
  };
}

async function fetchIcon(context: BrowserContext, url: string): Promise<Resource> {
  const res = await context.request.get(url, { failOnStatusCode: false, maxRedirects: 5 });
  const headers = res.headers();
  const body = await res.body().catch(() => Buffer.alloc(0));
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim();
  const s = sizes(body, contentType);
  return {
    url,
    resourceType: 'icon (fetched separately)',
    status: res.status(),
    contentType,
    contentEncoding: headers['content-encoding'] ?? null,
    rawBytes: body.length,
    gzipBytes: s.gzip,
    brotliBytes: s.brotli,
    transferredBytes: null,
    compressedHere: s.compressedHere,
  };
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const server = await startDemoServer({ log });
  log(`server ready after ${server.readySeconds}s: ${JSON.stringify(server.readyz)}`);
  const trap = await startOutboundTrap();
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--proxy-server=${trap.proxyArg}`],
  });
  const pages: Record<string, unknown>[] = [];
  const problems: string[] = [];
  const offMachine: string[] = [];
  try {
    for (const def of PAGES) {
      for (const lang of LANGS) {
        const path = lang === 'en' ? def.path : `${def.path}${def.path.includes('?') ? '&' : '?'}lang=${lang}`;
        const url = `${server.base}${path}`;
        const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
        const page = await context.newPage();
        const pending: Promise<Resource>[] = [];
        const failed: string[] = [];
        page.on('response', (r) => pending.push(measure(r)));
        page.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`));
        page.on('request', (r) => {
          if (!isLocal(r.url())) offMachine.push(`${def.name} ${lang}: ${r.url()}`);
        });
        const started = performance.now();
        const doc = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        // Anything requested after load (lazy images, late fonts) counts too.
        await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
        const loadMs = Math.round(performance.now() - started);
        const resources = await Promise.all(pending);
        // Headless Chromium does not ask for the page's icon; every other browser does, so it is fetched here.
        const iconHref = (await page.evaluate(`document.querySelector('link[rel~="icon"]')?.href ?? ''`).catch(() => '')) as string;
        const iconUrl = iconHref || new URL('/favicon.ico', url).href;
        if (!isLocal(iconUrl)) offMachine.push(`${def.name} ${lang}: ${iconUrl} (icon, not fetched)`);
        else if (!resources.some((r) => r.url === iconUrl)) resources.push(await fetchIcon(context, iconUrl));
        const lang0 = await page.evaluate('document.documentElement.lang + "/" + document.documentElement.dir').catch(() => '?');
        await context.close();

        const sum = (k: 'rawBytes' | 'gzipBytes' | 'brotliBytes') => resources.reduce((n, r) => n + r[k], 0);
        const transferred = resources.reduce((n, r) => n + (r.transferredBytes ?? 0), 0);
        const gzipBytes = sum('gzipBytes');
        const status = doc?.status() ?? 0;
        if (status !== 200) problems.push(`${def.name} ${lang}: ${url} answered ${status}`);
        const notOk = resources.filter((r) => r.status >= 400).map((r) => `${r.url.startsWith(server.base) ? r.url.slice(server.base.length) : r.url} ${r.status}`);
        const byType: Record<string, { requests: number; gzipBytes: number }> = {};
        for (const r of resources) {
          const t = (byType[r.resourceType] ??= { requests: 0, gzipBytes: 0 });
          t.requests++;
          t.gzipBytes += r.gzipBytes;
        }
        pages.push({
          page: def.name,
          kind: def.kind,
          lang,
          url: path,
          status,
          htmlLangDir: lang0,
          requests: resources.length,
          rawBytes: sum('rawBytes'),
          gzipBytes,
          brotliBytes: sum('brotliBytes'),
          transferredBytes: transferred,
          contentEncodingSent: [...new Set(resources.map((r) => r.contentEncoding ?? 'none'))],
          withinBudget: gzipBytes <= BUDGET_BYTES,
          budgetUsedPercent: Math.round((gzipBytes / BUDGET_BYTES) * 1000) / 10,
          loadMs,
          byType,
          failedRequests: failed,
          errorResponses: notOk,
          resources: resources.map((r) => ({ ...r, url: r.url.startsWith(server.base) ? r.url.slice(server.base.length) : r.url })),
        });
        log(`${def.name.padEnd(17)} ${lang}  ${resources.length} requests  raw ${sum('rawBytes')}  gzip ${gzipBytes}  br ${sum('brotliBytes')}  ${gzipBytes <= BUDGET_BYTES ? 'ok' : 'OVER BUDGET'}`);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await trap.close();
    await server.stop();
  }

  const outbound = outboundReport(trap, offMachine, problems);
  const over = pages.filter((p) => !p.withinBudget).map((p) => `${p.page} ${p.lang} (${p.gzipBytes} B)`);
  const encodings = [...new Set(pages.flatMap((p) => p.contentEncodingSent as string[]))];
  const gz = pages.map((p) => p.gzipBytes as number);
  const result = {
    bench: 'page-weight',
    date: new Date().toISOString(),
    budget: { gzipBytes: BUDGET_BYTES, measure: 'sum over all responses of the body gzipped (zlib level 6); bodies of already-compressed formats, or that gzip would enlarge, as they are' },
    server: { base: server.base, started: server.owned, readySeconds: server.readySeconds, readyz: server.readyz },
    browser: { executablePath: CHROME_PATH, version: browser.version() },
    serverCompression: {
      sentContentEncoding: encodings.some((e) => e !== 'none'),
      encodingsSeen: encodings,
      note: encodings.some((e) => e !== 'none') ? 'the server compressed some responses' : 'the server sent every response uncompressed (no Content-Encoding); gzip/brotli figures are computed here',
    },
    summary: {
      pages: pages.length,
      withinBudget: pages.length - over.length,
      overBudget: over,
      maxGzipBytes: Math.max(...gz),
      minGzipBytes: Math.min(...gz),
      problems,
    },
    pages,
    outbound,
    seconds: round1((performance.now() - t0) / 1000),
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(text);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(`${OUT_DIR}/page-weight.json`, text);
  if (problems.length > 0) return 2;
  return over.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`page-weight: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
