// Hostile strings in every text field: stored and returned intact as data through the API, and
// rendered as inert text on pages (escaped, no markup, no script can run under the CSP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/http/security.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';

const HOSTILE = [
  '<script>alert("xss")</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)' x='",
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(document.cookie)',
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)} #{7*7} <%= 7*7 %> {{7*7}} [[${7*7}]]',
  '</textarea></title><style>body{display:none}</style>',
  "'; DROP TABLE needs; -- \" OR 1=1 --",
  '\u202Eevil\u202C \u200B\u200D \uFEFF bidi and zero-width',
  'e\u0301 combining, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral 🦎🌿, عربي, 中文, русский',
  '&lt;script&gt; already escaped &amp; &#x3C;',
];
const LONG = `${'<b>'.repeat(600)}${'ä'.repeat(3000)}`; // within every field's limit (5,000)

// Single-line fields are trimmed on input, as for any value.
const cut = (s: string, n: number) => s.slice(0, n).trim();

// Every free-text field of each record type.
const textFields = (s: string) => ({
  need: { title: cut(s, 300), description: `${s} ${'x'.repeat(20)}`, organisation: { name: cut(s, 300), acronym: cut(s, 40), type: 'ORG-NGO' }, contact: { name: cut(s, 200), position: cut(s, 200) }, genderAspects: s, youthAspects: s, cofinancing: { amount: 10, currency: 'USD', source: cut(s, 300) } },
  provider: { name: cut(s, 300), acronym: cut(s, 40), affiliation: null, expertise: [cut(s, 200)], description: `${s} ${'x'.repeat(20)}`, trackRecord: s, contact: { name: cut(s, 200) } },
  opportunity: { title: cut(s, 300), description: `${s} ${'x'.repeat(20)}`, applicationProcess: s, cost: { free: false, amount: 10, currency: 'USD', notes: s.slice(0, 1000) } },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** No live markup from the hostile text: no script element but none at all, no event handler attribute, no javascript: link. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script\b/i);
  expect(html).not.toMatch(/<(img|svg|iframe|style|a)\b[^>]*\s(on\w+|srcdoc)\s*=/i);
  expect(html).not.toMatch(/\shref\s*=\s*["']?\s*javascript:/i);
  expect(html).not.toMatch(/<svg\b|<iframe\b|<style\b|<img\b/i);
}

describe('hostile input', () => {
  for (const [i, s] of [...HOSTILE, LONG].entries()) {
    it(`is stored as given and shown as text: ${i < HOSTILE.length ? JSON.stringify(s).slice(0, 50) : 'a very long string'}`, async () => {
      const f = textFields(s);
      const prov = await t.request('POST', '/api/v1/providers', { body: providerInput(f.provider) });
      expect(prov.status, JSON.stringify(prov.body)).toBe(201);
      const opp = await t.request('POST', '/api/v1/opportunities', { body: opportunityInput(prov.body.id, f.opportunity) });
      expect(opp.status, JSON.stringify(opp.body)).toBe(201);
      const need = await t.request('POST', '/api/v1/needs', { body: needInput(f.need) });
      expect(need.status, JSON.stringify(need.body)).toBe(201);

      for (const [plural, id, fields] of [['providers', prov.body.id, f.provider], ['opportunities', opp.body.id, f.opportunity], ['needs', need.body.id, f.need]] as const) {
        // Intact as data, read back one by one and in a search.
        const back = await t.request('GET', `/api/v1/${plural}/${id}`);
        expect(back.body).toMatchObject(JSON.parse(JSON.stringify(fields)));
        const page = await t.request('GET', `/${plural}/${id}`, { token: null });
        expect(page.status).toBe(200);
        expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
        expectInert(page.body as string);
        // The text is there, escaped: the title (or name) appears as text in the heading.
        const title = String((fields as { title?: string; name?: string }).title ?? (fields as { name?: string }).name);
        const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
        expect((page.body as string).includes(escaped) || (page.body as string).includes(title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))).toBe(true);
      }
      const list = await t.request('GET', `/api/v1/needs?pageSize=100`, { token: null });
      expect(list.body.items.find((n: { id: string }) => n.id === need.body.id).title).toBe(f.need.title);
    });
  }

  it('refuses javascript: and other non-web addresses in URL fields', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', '//evil.example.org']) {
      const res = await t.request('POST', '/api/v1/providers', { body: providerInput({ website: url }) });
      expect(res.status, url).toBe(400);
      expect(res.body.error.fields[0].path).toBe('website');
    }
  });

  it('refuses text that cannot be stored (NUL, broken surrogates) with a 400 naming the field, and keeps nothing', async () => {
    const before = (await t.request('GET', '/api/v1/needs?pageSize=1')).body.total;
    for (const bad of ['nul\u0000inside', 'half \uD800 a pair', 'lone \uDC00 low']) {
      const res = await t.request('POST', '/api/v1/needs', { body: needInput({ genderAspects: bad }) });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'genderAspects' })]);
    }
    const signup = await t.request('POST', '/api/v1/auth/signup', { token: null, body: { email: 'nul@example.org', password: 'a long enough pass phrase', name: 'A\u0000B' } });
    expect(signup.status).toBe(400);
    expect((await t.request('GET', '/api/v1/needs?pageSize=1')).body.total).toBe(before);
  });

  it('keeps a hostile name as text on the account page, and pages carry no inline script', async () => {
    const u = await t.user({ name: HOSTILE[1]! });
    const s = await t.request('POST', '/api/v1/auth/signin', { token: null, body: { email: u.email, password: u.password } });
    const cookie = (s.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await t.request('GET', '/account', { token: null, cookie });
    expect(page.status).toBe(200);
    expectInert(page.body as string);
    expect(page.body as string).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    for (const path of ['/', '/account/signin', '/account/signup', '/account/reset', '/api/docs']) {
      const res = await t.request('GET', path, { token: null });
      expect(res.status, path).toBe(200);
      expect(res.body as string, path).not.toMatch(/<script\b|<style\b|\sstyle=|\son\w+=/i);
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});
