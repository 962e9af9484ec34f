/**
 * Accounts and access-control benchmark: what signing in costs, and what authentication and the
 * policy scoping in the list queries add to a request. Generates needs, providers and opportunities
 * (as bench:registry), creates a focal point, a centre's staff member and a provider member, and
 * measures in-process through the HTTP app:
 *   - argon2id hash and verify;
 *   - POST /api/v1/auth/signin;
 *   - GET /api/v1/needs (a filtered, keyword list) anonymous, with a session cookie (focal point,
 *     centre staff: their non-public records are OR-ed into the query), and with an API token;
 *   - GET /api/v1/account (the session lookup alone).
 * Prints one JSON object.
 *
 *   npm run bench:auth                               embedded database (a temporary folder)
 *   DATABASE_URL=postgres://… npm run bench:auth     PostgreSQL (a temporary database, dropped after)
 *
 * Sizes: BENCH_NEEDS (default 100000), BENCH_PROVIDERS (20000), BENCH_OPPORTUNITIES (10000), BENCH_QUERIES (200).
 */
import pino from 'pino';
import { createApp } from '../src/http/app.ts';
import { insertUser } from '../src/db/queries/accounts.ts';
import { systemActor } from '../src/policies/actor.ts';
import { hashPassword, verifyPassword } from '../src/services/accounts/passwords.ts';
import { grantRole, saveCentre } from '../src/services/accounts/roles.ts';
import { generateAndImport, openBenchDatabase } from './bench-db.ts';
import { idFor, summarise } from './generate.ts';

const N_NEEDS = Number(process.env.BENCH_NEEDS ?? 100_000);
const N_PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 20_000);
const N_OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const PASSWORD = 'a benchmark pass phrase';

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main() {
  const bench = await openBenchDatabase();
  const { database } = bench;
  const ctx = { db: database.db, actor: systemActor('bench'), now: () => new Date() };
  const { needSample, importSeconds } = await generateAndImport(ctx, bench.dir, { needs: N_NEEDS, providers: N_PROVIDERS, opportunities: N_OPPORTUNITIES });
  if (database.mode === 'postgres') await database.db.execute('ANALYZE' as never);
  const app = createApp({ db: database.db, logger: pino({ level: 'silent' }), rateLimits: false });
  const request = async (path: string, init: RequestInit = {}) => {
    const r = await app.request(path, init);
    return { status: r.status, headers: r.headers, body: await r.text() };
  };

  // argon2id
  const hashes: number[] = [];
  const verifies: number[] = [];
  let hash = '';
  for (let i = 0; i < 10; i++) hashes.push(await time(async () => (hash = await hashPassword(PASSWORD))));
  for (let i = 0; i < 10; i++) verifies.push(await time(() => verifyPassword(hash, PASSWORD)));

  // People: a focal point of the commonest country, staff of a centre covering 20 countries, a provider member.
  const countries = [...new Set(needSample.flatMap((n) => n.countries as string[]))];
  const focalCountry = countries[0]!;
  await saveCentre(ctx, 'bench-centre', { name: 'Bench centre', countries: countries.slice(0, 20) });
  const people = { focal: { role: 'focal_point', scope: focalCountry }, staff: { role: 'centre_staff', scope: 'bench-centre' }, member: { role: 'provider_member', scope: idFor('prov', 1) } };
  const cookies: Record<string, string> = {};
  const signIns: number[] = [];
  for (const [name, grant] of Object.entries(people)) {
    const id = `usr_bench_${name}`;
    const now = new Date();
    await insertUser(database.db, { id, email: `${name}@bench.example.org`, name, language: 'en', passwordHash: hash, emailVerifiedAt: now, createdAt: now, updatedAt: now });
    await grantRole(ctx, id, grant);
  }
  for (let i = 0; i < 30; i++) {
    const name = Object.keys(people)[i % 3]!;
    let res: Awaited<ReturnType<typeof request>> | undefined;
    signIns.push(await time(async () => (res = await request('/api/v1/auth/signin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${name}@bench.example.org`, password: PASSWORD }) }))));
    if (res!.status !== 200) throw new Error(`sign-in failed: ${res!.body}`);
    cookies[name] = (res!.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
  const tokenRes = await request('/api/v1/account/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.focal!, 'x-csrf-token': JSON.parse((await request('/api/v1/account', { headers: { cookie: cookies.focal! } })).body).csrfToken },
    body: JSON.stringify({ name: 'bench' }),
  });
  const token = JSON.parse(tokenRes.body).token as string;

  // Lists: a country and a keyword taken from sampled needs.
  const paths = needSample.slice(0, QUERIES).map((n) => {
    const word = String(n.title).split(/[\s,.;:()«»"'’-]+/u).find((w) => w.length >= 5) ?? 'biodiversity';
    return `/api/v1/needs?country=${(n.countries as string[])[0]}&q=${encodeURIComponent(word)}&pageSize=20`;
  });
  const lists: Record<string, number[]> = { anonymous: [], focalPointSession: [], centreStaffSession: [], apiToken: [], unfilteredAnonymous: [], unfilteredCentreStaff: [] };
  for (const path of paths) {
    lists.anonymous!.push(await time(() => request(path)));
    lists.focalPointSession!.push(await time(() => request(path, { headers: { cookie: cookies.focal! } })));
    lists.centreStaffSession!.push(await time(() => request(path, { headers: { cookie: cookies.staff! } })));
    lists.apiToken!.push(await time(() => request(path, { headers: { authorization: `Bearer ${token}` } })));
  }
  for (let i = 0; i < Math.min(QUERIES, 100); i++) {
    lists.unfilteredAnonymous!.push(await time(() => request(`/api/v1/needs?page=${1 + (i % 10)}&pageSize=20`)));
    lists.unfilteredCentreStaff!.push(await time(() => request(`/api/v1/needs?page=${1 + (i % 10)}&pageSize=20`, { headers: { cookie: cookies.staff! } })));
  }
  // The portal on the same data: search pages (HTML with facet counts) and the facets API.
  const portal: Record<string, number[]> = { facetsUnfiltered: [], facetsFiltered: [], searchPageUnfiltered: [], searchPageFiltered: [], searchPageFocalPoint: [] };
  for (let i = 0; i < Math.min(QUERIES, 50); i++) {
    const path = paths[i % paths.length]!;
    const query = path.slice(path.indexOf('?'));
    portal.facetsUnfiltered!.push(await time(() => request('/api/v1/needs/facets')));
    portal.facetsFiltered!.push(await time(() => request(`/api/v1/needs/facets${query}`)));
    portal.searchPageUnfiltered!.push(await time(() => request(`/needs?page=${1 + (i % 10)}`)));
    portal.searchPageFiltered!.push(await time(() => request(`/needs${query}`)));
    portal.searchPageFocalPoint!.push(await time(() => request(`/needs${query}`, { headers: { cookie: cookies.focal! } })));
  }
  const account: number[] = [];
  for (let i = 0; i < QUERIES; i++) account.push(await time(() => request('/api/v1/account', { headers: { cookie: cookies.member! } })));

  console.log(
    JSON.stringify(
      {
        mode: database.mode,
        records: { needs: N_NEEDS, providers: N_PROVIDERS, opportunities: N_OPPORTUNITIES, importSeconds },
        argon2idMs: { hash: summarise(hashes), verify: summarise(verifies) },
        signInMs: summarise(signIns),
        needListMs: Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, summarise(v)])),
        accountWithSessionMs: summarise(account),
        portalMs: Object.fromEntries(Object.entries(portal).map(([k, v]) => [k, summarise(v)])),
      },
      null,
      2,
    ),
  );
  await bench.cleanup();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
