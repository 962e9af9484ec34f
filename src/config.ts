import { resolve } from 'node:path';

/** Settings read from the environment once at start; see the README's Configuration table. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded database (PGlite) in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Load the demo data into an empty database on start. */
  loadDemo: boolean;
  logLevel: string;
}

/** Reads the configuration from `env`; throws an Error naming the variable when a value is malformed. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number between 0 and 65535, not "${env.PORT}"`);
  }
  const demo = (env.COOPHUB_DEMO ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(demo)) {
    throw new Error(`COOPHUB_DEMO must be true or false, not "${env.COOPHUB_DEMO}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    loadDemo: ['true', '1', 'yes'].includes(demo),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
  };
}
