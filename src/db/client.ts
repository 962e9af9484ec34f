import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database in either storage mode. */
export interface Database {
  db: Db;
  mode: 'embedded' | 'postgres';
  /** Human-readable location, for logs (never includes a password). */
  location: string;
  migrate(): Promise<void>;
  /**
   * Receives NOTIFY payloads sent on a channel (by this process or others sharing the database);
   * returns the function that stops listening. PostgreSQL: a dedicated connection that reconnects
   * when it is lost.
   */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string (server mode). */
  databaseUrl?: string;
  /** Folder for the embedded database, or 'memory' for a throw-away one (tests). */
  dataDir?: string;
}

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Opens PostgreSQL when `databaseUrl` is given, otherwise the embedded PGlite database in `dataDir`.
 * Throws when the embedded folder is already in use by another live process (PGlite is single-process).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openEmbedded(options.dataDir ?? './data');
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection can be closed by the server (restart, administrator); the pool replaces it.
  // Without a listener that event would be an uncaught exception and stop the process.
  pool.on('error', (err) => {
    process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`);
  });
  // Fail fast with a clear message when the server is unreachable.
  const client = await pool.connect().catch(async (err: Error) => {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL (${redact(url)}): ${err.message}`);
  });
  client.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    mode: 'postgres',
    location: redact(url),
    migrate: () => migratePg(db as never, { migrationsFolder: MIGRATIONS }),
    listen: (channel, onMessage) => listenPostgres(url, channel, onMessage),
    close: () => pool.end(),
  };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const memory = dataDir === 'memory';
  let releaseLock = () => {};
  if (!memory) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireLock(dataDir);
  }
  let client: PGlite;
  try {
    client = memory ? new PGlite() : new PGlite(join(dataDir, 'pgdata'));
    await client.waitReady;
  } catch (err) {
    releaseLock();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    mode: 'embedded',
    location: memory ? 'memory' : dataDir,
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS }),
    listen: async (channel, onMessage) => {
      const stop = await client.listen(channel, onMessage);
      return () => stop();
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        releaseLock();
      }
    },
  };
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;
/** The payload a listener receives after its connection was lost and restored. */
export const RECONNECTED = '*reconnected';

async function listenPostgres(url: string, channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name "${channel}"`);
  let stopped = false;
  let client: pg.Client | undefined;
  let lost = false;
  const scheduleReconnect = (): void => {
    if (!stopped) setTimeout(() => connect().catch(scheduleReconnect), 1000).unref();
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (m) => {
      if (m.channel === channel) onMessage(m.payload ?? '');
    });
    c.on('error', () => {
      // Lost (server restart, network): try again shortly, unless stopping.
      lost = true;
      c.end().catch(() => {});
      scheduleReconnect();
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
    if (lost) {
      lost = false;
      onMessage(RECONNECTED); // messages sent meanwhile are lost: the listener must catch up
    }
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}

/** Takes `<dir>/coophub.lock`, refusing when a live process holds it; returns the release function. */
function acquireLock(dataDir: string): () => void {
  const lockFile = join(dataDir, 'coophub.lock');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid} (a running server or command). ` +
          'Stop it first, or choose another DATA_DIR, or use PostgreSQL with DATABASE_URL.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The URL without its password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
