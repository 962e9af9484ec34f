import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const BIN = fileURLToPath(new URL('../../bin/coophub.mjs', import.meta.url));

let server: ChildProcess;
let base: string;
let pgDb: TestDatabase | undefined;
let startOutput = '';

/** Starts `coophub start` as `npm start` does, on a free port, and waits for the URL it prints. */
beforeAll(async () => {
  pgDb = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  const env = { ...cliEnv(pgDb?.url), COOPHUB_DEMO: 'true', PORT: '0' };
  server = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (d: Buffer) => {
      output += d;
      const match = /running at (http:\/\/\S+?)\/?\n/.exec(output);
      if (match && /\n\n$/.test(output)) {
        startOutput = output;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', (d) => (output += d));
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await pgDb?.close();
});

describe('starting the app', () => {
  it('serves the demo data on first start, in all six languages', async () => {
    const needs = (await (await fetch(`${base}/api/v1/needs?pageSize=1`)).json()) as { total: number };
    const providers = (await (await fetch(`${base}/api/v1/providers?pageSize=1`)).json()) as { total: number };
    const opportunities = (await (await fetch(`${base}/api/v1/opportunities?pageSize=1`)).json()) as { total: number };
    // Public counts leave out drafts and withdrawn records; the demo holds more.
    expect(needs.total).toBeGreaterThanOrEqual(120);
    expect(providers.total).toBeGreaterThanOrEqual(180);
    expect(opportunities.total).toBeGreaterThanOrEqual(90);
    for (const language of ['ar', 'en', 'es', 'fr', 'ru', 'zh']) {
      const res = (await (await fetch(`${base}/api/v1/needs?language=${language}&pageSize=1`)).json()) as { total: number };
      expect(res.total, language).toBeGreaterThanOrEqual(15);
    }
  });

  it('serves the landing page, the API reference and health checks', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Biodiversity Cooperation Hub');
    expect((await fetch(`${base}/api/docs`)).status).toBe(200);
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { status: string; matching: string };
    expect(ready.status).toBe('ok');
    expect(['loading', 'ready']).toContain(ready.matching); // the index loads in the background at start
  });

  it('suggests the Jordanian dryland centre for the Tunisian rangelands request, in French', async () => {
    const res = await fetch(`${base}/api/v1/needs/need-fr00000001/matches?lang=fr&limit=5`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ id: string; title: string; reasons: Array<{ text: string }> }> };
    expect(body.items[0]!.title).toBe('Centre for Dryland Ecology, Amman');
    expect(body.items[0]!.reasons.map((r) => r.text)).toContain('Portent tous deux sur : restauration des parcours');
    expect((await (await fetch(`${base}/readyz`)).json()) as { matching: string }).toMatchObject({ matching: 'ready' });
  });

  it('prints demo accounts once, and the Tunisian focal point signs in through the pages', async () => {
    const password = /Demo accounts .*: (\S+)\n/.exec(startOutput)?.[1];
    expect(password, startOutput).toBeDefined();
    expect(startOutput).toContain('focal.point.tn@demo.example.org');
    const form = await fetch(`${base}/account/signin`);
    const csrfCookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: csrf, email: 'focal.point.tn@demo.example.org', password: password! });
    const signIn = await fetch(`${base}/account/signin`, { method: 'POST', body, headers: { cookie: csrfCookie }, redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/account');
    const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const account = await fetch(`${base}/account`, { headers: { cookie: session } });
    expect(account.status).toBe(200);
    const html = await account.text();
    expect(html).toContain('lang="fr"');
    expect(html).toContain('Correspondant national');
    expect(account.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
