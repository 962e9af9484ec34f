// Pages and JSON go out compressed to clients that accept it, and plain to those that do not; the
// form token in a page is masked afresh on every response, so compression cannot leak it (BREACH).
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('compression', () => {
  it('gzips a page for a browser that accepts it, and sends it plain otherwise', async () => {
    const zipped = await t.app.request('/needs?lang=fr', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const body = gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8');
    expect(body).toContain('<html lang="fr"');
    const plain = await t.app.request('/needs?lang=fr');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(body);
  });

  it('gzips the API’s JSON and the style sheet too', async () => {
    for (const path of ['/api/v1/vocabularies/countries', '/assets/site.css']) {
      const res = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers.get('content-encoding'), path).toBe('gzip');
      expect(gunzipSync(Buffer.from(await res.arrayBuffer())).length, path).toBeGreaterThan(1000);
    }
  });

  it('masks the form token differently on every page, and accepts each', async () => {
    const first = await t.app.request('/account/signin');
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const a = token(await first.text());
    const b = token(await (await t.app.request('/account/signin', { headers: { cookie } })).text());
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThan(60);
    for (const csrf of [a, b]) {
      const res = await t.app.request('/account/signin', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'nobody@example.org', password: 'not the password at all' }).toString(),
      });
      expect(res.status).toBe(401); // the token was accepted; the password was not
    }
    const forged = await t.app.request('/account/signin', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: `${a.slice(0, -2)}AA`, email: 'nobody@example.org', password: 'not the password at all' }).toString(),
    });
    expect(forged.status).toBe(403);
  });
});
