import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import type { Logger } from './lib/logger.ts';
import { syncVocabularies } from './services/vocab/sync-vocabularies.ts';

/** Opens the configured database, applies pending migrations and brings the vocabularies up to date. */
export async function openPreparedDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, logger: Logger): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    const changed = await syncVocabularies(database.db);
    if (changed.length) logger.info({ vocabularies: changed }, 'vocabularies updated');
  } catch (err) {
    await database.close();
    throw err;
  }
  logger.info({ mode: database.mode, location: database.location }, 'database ready');
  return database;
}
