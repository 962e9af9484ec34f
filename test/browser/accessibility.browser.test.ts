// axe-core (WCAG 2.1 A and AA rules) on every page type in the six languages (home, search, record, country, account pages), in Debian's Chromium:
// zero violations. Arabic pages are right-to-left. Skipped without /usr/bin/chromium unless
// COOPHUB_REQUIRE_BROWSER is set (as in CI).
import AxeBuilder from '@axe-core/playwright';
import { browserAvailable, useBrowserApp } from '../support/browser.ts';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/index.ts';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';
import { saveCentre } from '../../src/services/accounts/roles.ts';
import { askClarification } from '../../src/services/lifecycle/helpdesk.ts';
import { moveMatch, proposeMatch } from '../../src/services/lifecycle/matches.ts';

const available = browserAvailable;

let sessionCookie: { name: string; value: string };
const paths: Record<string, string> = {};

const app = useBrowserApp(async (t) => {
  const prov = (await t.request('POST', '/api/v1/providers', { body: providerInput() })).body.id;
  const opp = (await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(prov) })).body.id;
  const need = (await t.request('POST', '/api/v1/needs', { body: needInput() })).body.id;
  await t.matching.ready();
  Object.assign(paths, {
    home: '/',
    needs: '/needs?q=parcours',
    providers: '/providers?country=JO',
    opportunities: '/opportunities?open=true',
    noResults: '/needs?q=zzzzqqqq',
    need: `/needs/${need}`,
    provider: `/providers/${prov}`,
    opportunity: `/opportunities/${opp}`,
    countries: '/countries',
    country: '/countries/TN',
    signin: '/account/signin',
    signup: '/account/signup',
    reset: '/account/reset',
    account: '/account',
    centres: '/centres',
    needForm: '/needs/new',
    case: `/needs/${need}/case`,
    queue: '/helpdesk/centres/tsc-a11y',
    globalQueue: '/helpdesk/global',
    providerEdit: `/providers/${prov}/edit`,
    opportunityForm: `/opportunities/new?providerId=${prov}`,
  });
  // The case page with a match accepted by both sides (so the agreement form shows) and a question asked.
  await saveCentre(t.system, 'tsc-a11y', { name: 'Sahara and Sahel Observatory', subregions: ['M49-015'] });
  const match = await proposeMatch(t.system, need, { offerId: prov });
  await moveMatch(t.system, match.id, { transition: 'accept' });
  await askClarification(t.system, need, { question: 'Quelle superficie ?' });
  const u = await t.user({ roles: [{ role: 'focal_point', scope: 'TN' }, { role: 'provider_member', scope: prov }, { role: 'centre_staff', scope: 'tsc-a11y' }, { role: 'gce' }] });
  const s = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email: u.email, password: u.password } });
  const [name, value] = (s.headers.get('set-cookie') ?? '').split(';')[0]!.split('=');
  sessionCookie = { name: name!, value: value! };
});


const SIGNED_IN = new Set(['account', 'needForm', 'providerEdit', 'opportunityForm', 'case', 'queue', 'globalQueue']);

describe.skipIf(!available)('accessibility (axe, WCAG 2.1 AA)', () => {
  for (const lang of LANGUAGES) {
    it(`has no violations on any page type in ${lang}`, async () => {
      const context = await app.browser.newContext();
      await context.addCookies([{ ...sessionCookie, url: app.base }]);
      const page = await context.newPage();
      const problems: string[] = [];
      for (const [kind, path] of Object.entries(paths)) {
        // The account page and the forms signed in; the others as a visitor.
        if (!SIGNED_IN.has(kind)) await context.clearCookies();
        else await context.addCookies([{ ...sessionCookie, url: app.base }]);
        const res = await page.goto(`${app.base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res?.status(), `${kind} ${lang}`).toBeLessThan(400);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        if (SIGNED_IN.has(kind)) expect(new URL(page.url()).pathname).toBe(path.split('?')[0]); // signed in, not sent to sign-in
        const check = async (what: string) => {
          const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
          expect(result.passes.length, `${what}: axe ran its checks`).toBeGreaterThan(10);
          for (const v of result.violations) problems.push(`${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
        };
        await check(kind);
        if (kind === 'needForm') {
          // The same form showing errors and the tags suggested from the text.
          await page.locator('#f-description').fill('Les parcours steppiques sont dégradés par le surpâturage.');
          await page.locator('button[value=submit]').click();
          await page.waitForSelector('#problems');
          await check('needForm with errors');
          await page.locator('#f-title').fill('Restaurer les parcours dégradés');
          await page.locator('#f-description').fill('Les parcours steppiques sont dégradés par le surpâturage; nous cherchons une expertise en restauration.');
          await page.locator('#f-organisation\\.name').fill('Direction générale des forêts');
          await page.locator('#f-organisation\\.type').selectOption('ORG-GOV-NATIONAL');
          await page.locator('.form-actions button[value=preview]').click();
          await page.waitForSelector('#preview');
          await check('needForm preview');
        }
      }
      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
