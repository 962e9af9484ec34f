/**
 * Registry benchmark: generates 100,000 needs, 100,000 providers and 50,000 opportunities from the
 * demo records (texts recombined, countries, targets and dates varied), imports them through the
 * same import the CLI uses, then measures a filtered list query (country + target + keyword) and
 * GET /api/v1/needs/{id} in-process, and the process's memory. Prints one JSON object.
 *
 *   npm run bench:registry                        embedded database (a temporary folder)
 *   DATABASE_URL=postgres://… npm run bench:registry   PostgreSQL (a temporary database, dropped after)
 *
 * Sizes can be lowered for a quick run: BENCH_NEEDS=10000 BENCH_PROVIDERS=10000 BENCH_OPPORTUNITIES=5000.
 */
import pino from 'pino';
import { createApp } from '../src/http/app.ts';
import { systemActor } from '../src/policies/actor.ts';
import { listRecords } from '../src/services/records/list-records.ts';

const N_NEEDS = Number(process.env.BENCH_NEEDS ?? 100_000);
const N_PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 100_000);
const N_OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 50_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

import { generateAndImport, openBenchDatabase } from './bench-db.ts';
import { startServerProcess } from './server-process.ts';
import { idFor, mb, pick, random, summarise, targets } from './generate.ts';

/** A query a user could make for a sampled record: one of its countries and targets and a word of its title. */
function queryFor(r: Record<string, any>) {
  const words = String(r.title).split(/[\s,.;:()«»"'’-]+/u).filter((w) => w.length >= 5 && !/^\d+$/.test(w));
  const cjk = /[\u3400-\u9fff]/u.test(r.title) ? String(r.title).replace(/[^\u3400-\u9fff]/gu, '').slice(0, 4) : '';
  return { country: [r.countries[0] as string], target: [r.targets[0] as string], q: cjk || (words.length ? pick(words) : 'biodiversity'), page: 1, pageSize: 20 };
}

/**
 * Starts `coophub start` on the loaded database as a user would, sends it list, search and read
 * requests, and reads its resident memory from /proc: the server's memory after loading.
 */
async function measureServer(env: Record<string, string>) {
  const server = await startServerProcess(env);
  const afterStart = server.rssMb();
  for (let i = 0; i < 200; i += 1) {
    const paths = ['/api/v1/needs?pageSize=100', `/api/v1/needs?q=restoration&page=${1 + (i % 5)}`, '/api/v1/providers?pageSize=50&region=M49-002', `/api/v1/needs/${idFor('need', i * 97)}`];
    await (await fetch(server.base + paths[i % paths.length])).text();
  }
  const afterRequests = server.rssMb();
  await server.stop();
  return { startSeconds: server.startSeconds, rssMbAfterStart: afterStart, rssMbAfter200Requests: afterRequests };
}

async function main() {
  const bench = await openBenchDatabase();
  const { database } = bench;
  const ctx = { db: database.db, actor: systemActor('bench'), now: () => new Date() };
  const { needSample, importSeconds } = await generateAndImport(ctx, bench.dir, { needs: N_NEEDS, providers: N_PROVIDERS, opportunities: N_OPPORTUNITIES });
  if (database.mode === 'postgres') await database.db.execute('ANALYZE' as never);

  // Filtered list: a country with needs, a target, and a keyword in one of six languages.
  const listSamples: number[] = [];
  const listHttpSamples: number[] = [];
  let matched = 0;
  const app = createApp({ db: database.db, logger: pino({ level: 'silent' }) });
  for (let i = 0; i < QUERIES; i += 1) {
    const query = queryFor(pick(needSample));
    let t = performance.now();
    const result = await listRecords({ ...ctx, actor: { kind: 'anonymous' } }, 'need', query);
    listSamples.push(performance.now() - t);
    matched += result.total;
    t = performance.now();
    const res = await app.request(`/api/v1/needs?country=${query.country[0]}&target=${query.target[0]}&q=${encodeURIComponent(query.q)}`);
    await res.text();
    listHttpSamples.push(performance.now() - t);
  }
  // Broader lists (one filter, no keyword), where the count covers many rows.
  const broadSamples: number[] = [];
  for (let i = 0; i < Math.min(QUERIES, 100); i += 1) {
    const t = performance.now();
    await listRecords({ ...ctx, actor: { kind: 'anonymous' } }, 'need', { target: [pick(targets)], page: 1 + Math.floor(random() * 5), pageSize: 20 });
    broadSamples.push(performance.now() - t);
  }

  const getSamples: number[] = [];
  for (let i = 0; i < QUERIES * 2; i += 1) {
    const id = idFor('need', Math.floor(random() * N_NEEDS));
    const t = performance.now();
    const res = await app.request(`/api/v1/needs/${id}`);
    await res.text();
    getSamples.push(performance.now() - t);
    if (res.status !== 200 && res.status !== 404) throw new Error(`GET ${id} answered ${res.status}`);
  }

  global.gc?.();
  const memory = process.memoryUsage();
  await database.close();
  const server = await measureServer(bench.serverEnv);
  const result = {
    benchmark: 'registry',
    mode: database.mode,
    node: process.version,
    records: { needs: N_NEEDS, providers: N_PROVIDERS, opportunities: N_OPPORTUNITIES },
    importSeconds: { ...importSeconds, targetNeeds100k: 60 },
    filteredListMs: { inProcess: summarise(listSamples), throughHttp: summarise(listHttpSamples), targetP95: 50, averageMatches: Math.round(matched / QUERIES), languages: [...new Set(needSample.map((r) => r.language))].sort() },
    broadListMs: summarise(broadSamples),
    getNeedByIdMs: { ...summarise(getSamples), targetP95: 10 },
    benchProcessMemoryMb: { rss: mb(memory.rss), heapUsed: mb(memory.heapUsed), external: mb(memory.external) },
    serverProcess: server,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  await bench.cleanup();
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
