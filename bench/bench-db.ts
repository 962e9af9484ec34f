/**
 * The database a benchmark runs on, filled with generated records: a temporary embedded one, or a
 * temporary PostgreSQL database when DATABASE_URL is set (dropped by cleanup()).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/client.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importRecords } from '../src/services/records/import-records.ts';
import { syncVocabularies } from '../src/services/vocab/sync-vocabularies.ts';
import { idFor, random, writeFile } from './generate.ts';

export interface BenchDatabase {
  database: Database;
  /** For a server process: DATA_DIR or DATABASE_URL. */
  serverEnv: Record<string, string>;
  dir: string;
  cleanup(): Promise<void>;
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'coophub-bench-'));
  let dbName: string | undefined;
  let url: string | undefined;
  if (adminUrl) {
    dbName = `coophub_bench_${randomBytes(4).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const database = await openDatabase(url ? { databaseUrl: url } : { dataDir: join(dir, 'data') });
  await database.migrate();
  await syncVocabularies(database.db);
  return {
    database,
    dir,
    serverEnv: url ? { DATABASE_URL: url } : { DATA_DIR: join(dir, 'data') },
    cleanup: async () => {
      rmSync(dir, { recursive: true, force: true });
      if (adminUrl && dbName) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/**
 * Generates providers, needs and opportunities (bench/generate.ts) as JSON Lines files and imports
 * each through the ordinary import. Returns samples of published records and the seconds per file.
 */
export async function generateAndImport(
  ctx: ServiceContext,
  dir: string,
  sizes: { needs: number; providers: number; opportunities: number },
  progress: (message: string) => void = () => {},
) {
  const files = { provider: join(dir, 'providers.jsonl'), need: join(dir, 'needs.jsonl'), opportunity: join(dir, 'opportunities.jsonl') };
  const providerSample = writeFile(files.provider, 'provider', sizes.providers, 'prov');
  const needSample = writeFile(files.need, 'need', sizes.needs, 'need');
  writeFile(files.opportunity, 'opportunity', sizes.opportunities, 'opp', (r) => {
    r.providerId = idFor('prov', Math.floor(random() * sizes.providers));
  });
  const importSeconds: Record<string, number> = {};
  for (const type of ['provider', 'need', 'opportunity'] as const) {
    progress(`importing ${type} records`);
    const started = performance.now();
    const lines = createInterface({ input: createReadStream(files[type], { encoding: 'utf8' }), crlfDelay: Infinity });
    const report = await importRecords(ctx, lines);
    if (!report.ok) throw new Error(`${type} import failed: ${JSON.stringify(report.errors.slice(0, 5))}`);
    importSeconds[type] = Math.round((performance.now() - started) / 100) / 10;
  }
  return { providerSample, needSample, importSeconds };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}
