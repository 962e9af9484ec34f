/**
 * Matchmaking speed and memory. Generates 100,000 providers, 50,000 opportunities and 100,000
 * needs (bench/generate.ts), imports them with the ordinary import, loads the matchmaking index,
 * then measures through the HTTP app:
 *
 * - `needTop10Ms`: GET /api/v1/needs/{id}/matches?limit=10 for random published needs;
 * - `providerTop10Ms`: GET /api/v1/providers/{id}/matches?limit=10;
 * - `rematchAfterChangeMs`: PATCH of a need's text followed by GET of its matches (the index
 *   update happens inside the PATCH), and the index update alone;
 * - `server`: a real `coophub start` on the same database: seconds until the index is ready and
 *   resident memory after match requests;
 * - `scaling`: the in-memory index alone with 10,000, 100,000 and 1,000,000 offers (profiles of
 *   generated providers, repeated with new ids), query latency and memory at each size.
 *
 *   npm run bench:matching                                   embedded database (temporary folder)
 *   DATABASE_URL=postgres://… npm run bench:matching          PostgreSQL (temporary database)
 *   BENCH_NEEDS=10000 BENCH_PROVIDERS=10000 BENCH_OPPORTUNITIES=5000 BENCH_SCALE=10000,100000 npm run bench:matching
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { buildProfile, matchTags, type MatchProfile } from '../src/domain/matching/profile.ts';
import { prepareQuery } from '../src/domain/matching/score.ts';
import { createApp } from '../src/http/app.ts';
import { systemActor } from '../src/policies/actor.ts';
import { MatchIndex } from '../src/services/matching/match-index.ts';
import { Matching } from '../src/services/matching/matching.ts';
import { createToken } from '../src/services/tokens/tokens.ts';
import { countriesIn } from '../src/vocab/catalog.ts';
import { generateAndImport, openBenchDatabase } from './bench-db.ts';
import { startServerProcess } from './server-process.ts';
import { countries, idFor, mb, pick, summarise } from './generate.ts';

const N_NEEDS = Number(process.env.BENCH_NEEDS ?? 100_000);
const N_PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 100_000);
const N_OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 50_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const SCALE = (process.env.BENCH_SCALE ?? '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);

const memory = () => {
  global.gc?.();
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), arrayBuffers: mb(m.arrayBuffers) };
};

async function main() {
  const bench = await openBenchDatabase();
  const { database } = bench;
  const system = { db: database.db, actor: systemActor('bench'), now: () => new Date() };
  const { providerSample, needSample, importSeconds } = await generateAndImport(system, bench.dir, { needs: N_NEEDS, providers: N_PROVIDERS, opportunities: N_OPPORTUNITIES }, progress);
  if (database.mode === 'postgres') await database.db.execute('ANALYZE' as never);

  progress('loading the matchmaking index');
  // The index, loaded as the server loads it.
  const matching = new Matching(database.db);
  let started = performance.now();
  await matching.ready();
  const indexLoadSeconds = round1((performance.now() - started) / 1000);
  const afterLoad = memory();
  const app = createApp({ db: database.db, logger: pino({ level: 'silent' }), matching });
  const token = (await createToken(system, { name: 'bench', role: 'admin' })).token;

  const timed = async (path: string, init?: RequestInit) => {
    const t = performance.now();
    const res = await app.request(path, init);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
    return { ms: performance.now() - t, body };
  };
  progress('measuring matches');
  for (let i = 0; i < 20; i++) await timed(`/api/v1/needs/${pick(needSample).id}/matches?limit=10`);

  const needMs: number[] = [];
  let suggestions = 0;
  for (let i = 0; i < QUERIES; i++) {
    const r = await timed(`/api/v1/needs/${pick(needSample).id}/matches?limit=10`);
    needMs.push(r.ms);
    suggestions += (JSON.parse(r.body) as { items: unknown[] }).items.length;
  }
  const providerMs: number[] = [];
  for (let i = 0; i < QUERIES; i++) providerMs.push((await timed(`/api/v1/providers/${pick(providerSample).id}/matches?limit=10`)).ms);

  // A need's text changes: PATCH (which updates the index), then its matches.
  const rematchMs: number[] = [];
  const patchMs: number[] = [];
  const indexUpdateMs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const need = pick(needSample);
    const other = pick(needSample);
    const t = performance.now();
    const patched = await timed(`/api/v1/needs/${need.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: `${other.description}`.slice(0, 5000) }),
    });
    patchMs.push(patched.ms);
    await timed(`/api/v1/needs/${need.id}/matches?limit=10`);
    rematchMs.push(performance.now() - t);
    const u = performance.now();
    await matching.recordChanged('need', need.id);
    indexUpdateMs.push(performance.now() - u);
  }
  const stats = matching.index.stats();
  await database.close();

  progress('starting a server process');
  const server = await measureServer(bench.serverEnv, needSample.map((n) => n.id));
  progress(`index scaling: ${SCALE.join(', ')} offers`);
  const scaling = measureScaling(providerSample, needSample);

  const result = {
    benchmark: 'matching-speed',
    mode: database.mode,
    node: process.version,
    records: { needs: N_NEEDS, providers: N_PROVIDERS, opportunities: N_OPPORTUNITIES },
    importSeconds,
    indexLoadSeconds,
    index: stats,
    needTop10Ms: { ...summarise(needMs), targetP95: 50, averageSuggestions: round1(suggestions / QUERIES) },
    providerTop10Ms: { ...summarise(providerMs), targetP95: 100 },
    rematchAfterChangeMs: { patchThenMatches: { ...summarise(rematchMs), targetP95: 200 }, patch: summarise(patchMs), indexUpdateOnly: summarise(indexUpdateMs) },
    benchProcessMemoryMbAfterIndexLoad: afterLoad,
    server,
    scaling,
  };
  const json = JSON.stringify(result, null, 2);
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./out/matching-speed-${database.mode}.json`, import.meta.url), `${json}\n`);
  process.stdout.write(`${json}\n`);

  await bench.cleanup();
}

/** A real server on the loaded database: time until its index answers, and its memory. */
async function measureServer(env: Record<string, string>, needIds: string[]) {
  const started = performance.now();
  const server = await startServerProcess(env);
  await (await fetch(`${server.base}/api/v1/needs/${needIds[0]}/matches`)).text(); // waits for the index
  const indexReadySeconds = round1((performance.now() - started) / 1000);
  const afterLoad = server.rssMb();
  for (let i = 0; i < 200; i++) await (await fetch(`${server.base}/api/v1/needs/${needIds[i % needIds.length]}/matches?limit=10`)).text();
  const afterRequests = server.rssMb();
  await server.stop();
  return { listeningSeconds: server.startSeconds, indexReadySeconds, rssMbAfterIndexLoad: afterLoad, rssMbAfter200MatchRequests: afterRequests };
}

/** The index alone, growing to each size in SCALE: latency of a need's top 10 and memory. */
function measureScaling(providerSample: Array<Record<string, any>>, needSample: Array<Record<string, any>>) {
  const expand = (area: string) => countriesIn(area) ?? [];
  const published = (r: Record<string, any>) => ({ ...r, status: 'published' });
  const pool: MatchProfile[] = providerSample.map((r) => buildProfile('provider', r.id, published(r), matchTags('provider', r), expand));
  const queries = needSample.slice(0, 200).map((r) => buildProfile('need', r.id, published(r), matchTags('need', r), expand, 'query'));
  const index = new MatchIndex();
  const before = memory();
  const out: Array<Record<string, unknown>> = [];
  let n = 0;
  for (const size of SCALE.sort((a, b) => a - b)) {
    const t = performance.now();
    for (; n < size; n++) {
      const p = pool[n % pool.length]!;
      index.offers.upsert({ ...p, id: idFor('prov', n), countries: [pick(countries)] });
    }
    const buildSeconds = round1((performance.now() - t) / 1000);
    const samples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const q = queries[i % queries.length]!;
      const s = performance.now();
      index.offersFor(q, prepareQuery(q.features, index.offers), { limit: 10, kind: 'all', today: '2026-11-21' });
      samples.push(performance.now() - s);
    }
    const m = memory();
    out.push({ offers: size, addSeconds: buildSeconds, top10Ms: summarise(samples), heapUsedMb: m.heapUsed - before.heapUsed, arrayBuffersMb: m.arrayBuffers - before.arrayBuffers, rssMb: m.rss });
  }
  return { profilePool: pool.length, sizes: out };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
