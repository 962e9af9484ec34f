/**
 * Lighthouse on the web portal: home, a search and a need page, with Lighthouse's defaults (mobile form
 * factor, simulated throttling: slow 4G, 4x CPU slowdown). Targets from the web-portal issue:
 * performance ≥ 0.95, accessibility 1.0, best practices ≥ 0.95 on every page; SEO is reported for
 * information.
 *
 *   npm run bench:lighthouse                   # starts a throw-away server with the demo data
 *   COOPHUB_URL=http://127.0.0.1:3000 npm run bench:lighthouse   # audits a running server instead
 *   LIGHTHOUSE_RUNS=3 npm run bench:lighthouse # each page 3 times, the median run counts
 *
 * Environment (all optional): CHROME_PATH (default /usr/bin/chromium), LIGHTHOUSE_RUNS (default 1),
 * LIGHTHOUSE_PAGES (comma-separated paths instead of the three below), LIGHTHOUSE_REPORT_DIR (where the
 * full JSON and HTML reports go; default bench/out/lighthouse), READY_TIMEOUT, COOPHUB_URL.
 *
 * Nothing goes to the internet: Lighthouse runs through its Node API (no error reporting, no update
 * check), Chromium is launched by chrome-launcher with background networking off and with a proxy that
 * is a local trap refusing and recording everything not on loopback, and the Node process records any
 * non-loopback connection it opens. Both lists are printed.
 *
 * Prints one JSON object, also written to LIGHTHOUSE_REPORT_DIR/summary.json. Exit 0 every target met, 1 a target missed, 2 setup error (a page did not
 * load, Lighthouse failed, a page requested something outside this machine).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { isLocal, outboundReport, round1, startDemoServer, startOutboundTrap } from './web-server.ts';

type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1) || 1);
const PAGES = (process.env.LIGHTHOUSE_PAGES?.split(',').map((s) => s.trim()).filter(Boolean)) ?? ['/', '/needs?q=restauration', '/needs/need-fr00000001'];
const REPORT_DIR = process.env.LIGHTHOUSE_REPORT_DIR || fileURLToPath(new URL('./out/lighthouse', import.meta.url));
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const TARGETS: Record<string, number> = { performance: 0.95, accessibility: 1, 'best-practices': 0.95 };

const log = (s: string) => process.stderr.write(`${s}\n`);

/** A short, readable line for one item of an audit's details (an element, a console message, a resource). */
function describeItem(item: Record<string, any>): string {
  const parts: string[] = [];
  const node = item.node ?? (item.subItems ? undefined : item);
  if (node?.type === 'node') {
    if (node.nodeLabel) parts.push(`"${String(node.nodeLabel).slice(0, 80)}"`);
    if (node.selector) parts.push(String(node.selector));
    if (node.snippet) parts.push(String(node.snippet).slice(0, 200));
    if (node.explanation) parts.push(String(node.explanation).replace(/\s+/g, ' ').slice(0, 300));
  }
  if (item.description) parts.push(String(item.description).slice(0, 300));
  if (item.source && typeof item.source === 'string') parts.push(`source: ${item.source}`);
  if (item.sourceLocation?.url) parts.push(String(item.sourceLocation.url));
  if (item.url) parts.push(String(item.url));
  if (item.issueType) parts.push(String(item.issueType));
  if (item.subItems?.items?.length) parts.push(...item.subItems.items.slice(0, 3).map((s: Record<string, any>) => JSON.stringify(s).slice(0, 200)));
  if (typeof item.wastedBytes === 'number') parts.push(`wasted ${item.wastedBytes} B`);
  if (typeof item.wastedMs === 'number') parts.push(`wasted ${Math.round(item.wastedMs)} ms`);
  return parts.length > 0 ? parts.join(' | ') : JSON.stringify(item).slice(0, 300);
}

function failingAudits(lhr: Result, categoryId: string) {
  const category = lhr.categories[categoryId];
  if (!category || category.score === null || category.score >= 1) return [];
  const out: Record<string, unknown>[] = [];
  for (const ref of category.auditRefs) {
    const a = lhr.audits[ref.id];
    if (!a || a.score === null || a.score >= 1) continue;
    if (['informative', 'notApplicable', 'manual', 'error'].includes(a.scoreDisplayMode)) continue;
    const details = a.details as { items?: Record<string, any>[] } | undefined;
    const items = Array.isArray(details?.items) ? details!.items : [];
    out.push({
      id: a.id,
      title: a.title,
      score: a.score,
      weight: ref.weight,
      ...(a.displayValue ? { displayValue: a.displayValue } : {}),
      ...(items.length > 0 ? { items: items.slice(0, 8).map(describeItem), itemCount: items.length } : {}),
    });
  }
  return out.sort((x, y) => (y.weight as number) - (x.weight as number));
}

/** The browser of the audit under way: killed if this process ends during it (Ctrl-C, an error). */
let currentChrome: chromeLauncher.LaunchedChrome | undefined;
let currentProfile: string | undefined;
process.on('exit', () => {
  const pid = currentChrome?.pid;
  try {
    if (pid) process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  if (currentProfile) rmSync(currentProfile, { recursive: true, force: true });
});

async function auditOnce(url: string, proxyArg: string): Promise<{ lhr: Result; html: string; json: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'coophub-lighthouse-profile-'));
  currentProfile = profile;
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    userDataDir: profile,
    // chrome-launcher adds its defaults too (no extensions, sync, component updates, translate, ...).
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--proxy-server=${proxyArg}`],
    logLevel: 'silent',
  });
  currentChrome = chrome;
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: ['json', 'html'],
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const [json, html] = result.report as string[];
    return { lhr: result.lhr, json: json!, html: html! };
  } finally {
    await chrome.kill();
    currentChrome = undefined;
    currentProfile = undefined;
    rmSync(profile, { recursive: true, force: true });
  }
}

function slug(path: string): string {
  return path === '/' ? 'home' : path.replace(/^\//, '').replace(/[^a-zA-Z0-9-]+/g, '_');
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const trap = await startOutboundTrap(); // before anything opens sockets
  const server = await startDemoServer({ log });
  log(`server ready after ${server.readySeconds}s: ${JSON.stringify(server.readyz)}`);
  mkdirSync(REPORT_DIR, { recursive: true });
  const pages: Record<string, unknown>[] = [];
  const missed: string[] = [];
  const problems: string[] = [];
  const offMachine: string[] = [];
  let versions: { lighthouse?: string; chrome?: string; benchmarkIndex?: number } = {};
  try {
    for (const path of PAGES) {
      const url = `${server.base}${path}`;
      const runs: Result[] = [];
      let kept: { json: string; html: string }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const r = await auditOnce(url, trap.proxyArg);
        runs.push(r.lhr);
        kept.push(r);
        const s = (id: string) => r.lhr.categories[id]?.score;
        log(`${path} run ${i + 1}/${RUNS}: perf ${s('performance')} a11y ${s('accessibility')} bp ${s('best-practices')} seo ${s('seo')} (${round1((performance.now() - started) / 1000)}s)`);
      }
      const lhr = RUNS > 1 ? computeMedianRun(runs) : runs[0]!;
      const chosen = kept[runs.indexOf(lhr)]!;
      kept = [];
      writeFileSync(`${REPORT_DIR}/${slug(path)}.report.json`, chosen.json);
      writeFileSync(`${REPORT_DIR}/${slug(path)}.report.html`, chosen.html);
      versions = { lighthouse: lhr.lighthouseVersion, chrome: lhr.environment.hostUserAgent, benchmarkIndex: lhr.environment.benchmarkIndex };

      if (lhr.runtimeError) problems.push(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const finalUrl = lhr.finalDisplayedUrl;
      const networkItems = ((lhr.audits['network-requests']?.details as { items?: { url: string; statusCode?: number }[] } | undefined)?.items ?? []);
      for (const it of networkItems) {
        if (!isLocal(it.url)) offMachine.push(`${path}: ${it.url}`);
      }
      const scores: Record<string, number | null> = {};
      for (const id of CATEGORIES) scores[id] = lhr.categories[id]?.score ?? null;
      for (const [id, min] of Object.entries(TARGETS)) {
        const s = scores[id];
        if (s === null || s === undefined || s < min) missed.push(`${path} ${id} ${s} < ${min}`);
      }
      const failing: Record<string, unknown> = {};
      for (const id of CATEGORIES) {
        const f = failingAudits(lhr, id);
        if (f.length > 0) failing[id] = f;
      }
      // Audits that could not run: a category score is null when one of its weighted audits errored.
      const auditErrors = (Object.values(lhr.audits) as Result['audits'][string][])
        .filter((a) => a.scoreDisplayMode === 'error')
        .map((a) => ({ id: a.id, title: a.title, error: a.errorMessage ?? '' }));
      if (CATEGORIES.some((id) => scores[id] === null)) problems.push(`${path}: a category has no score (see auditErrors)`);
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? null;
      pages.push({
        path,
        finalUrl: finalUrl.startsWith(server.base) ? finalUrl.slice(server.base.length) : finalUrl,
        scores,
        ...(RUNS > 1 ? { performanceScoresOfRuns: runs.map((r) => r.categories.performance?.score ?? null) } : {}),
        metrics: {
          firstContentfulPaint: metric('first-contentful-paint'),
          largestContentfulPaint: metric('largest-contentful-paint'),
          totalBlockingTime: metric('total-blocking-time'),
          cumulativeLayoutShift: metric('cumulative-layout-shift'),
          speedIndex: metric('speed-index'),
          totalByteWeight: metric('total-byte-weight'),
        },
        failingAudits: failing,
        auditErrors,
        warnings: lhr.runWarnings,
        report: `${REPORT_DIR}/${slug(path)}.report.html`,
      });
    }
  } finally {
    await server.stop();
    await trap.close();
  }

  const outbound = outboundReport(trap, offMachine, problems);
  const result = {
    bench: 'lighthouse',
    date: new Date().toISOString(),
    settings: { formFactor: 'mobile (Lighthouse default)', throttling: 'simulated (Lighthouse default: slow 4G, 4x CPU slowdown)', runsPerPage: RUNS, categories: CATEGORIES },
    versions,
    targets: TARGETS,
    server: { base: server.base, started: server.owned, readySeconds: server.readySeconds },
    summary: { pages: pages.length, targetsMissed: missed, problems },
    pages,
    outbound,
    seconds: round1((performance.now() - t0) / 1000),
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(text);
  writeFileSync(`${REPORT_DIR}/summary.json`, text);
  if (problems.length > 0) return 2;
  return missed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`lighthouse: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
