import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { syncVocabularies } from '../../src/services/vocab/sync-vocabularies.ts';

export interface TestDatabase {
  database: Database;
  /** The connection string, in PostgreSQL mode (for CLI subprocesses). */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: PGlite in memory by default; a new PostgreSQL
 * database (dropped afterwards) when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const database = await openDatabase({ dataDir: 'memory' });
    await database.migrate();
    await syncVocabularies(database.db);
    return { database, close: () => database.close() };
  }
  const name = `coophub_test_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  const database = await openDatabase({ databaseUrl: url });
  await database.migrate();
  await syncVocabularies(database.db);
  return {
    database,
    url,
    close: async () => {
      await database.close();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** A second empty database of the same mode (for round trips); closed by the caller. */
export const createEmptyDatabase = createTestDatabase;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Drops a test database. The pool's connections may still be closing on the server side, so a plain
 * DROP is retried for a while; only then are stragglers terminated (WITH FORCE), because a forced
 * drop sends a FATAL error to a connection the client is still shutting down.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006') throw err; // object_in_use: someone is still connected
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
