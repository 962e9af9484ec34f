import { startJobs } from './services/jobs/scheduler.ts';
import { serve } from '@hono/node-server';
import { openPreparedDatabase } from './bootstrap.ts';
import { readConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { createLogger } from './lib/logger.ts';
import { systemActor } from './policies/actor.ts';
import { Matching } from './services/matching/matching.ts';
import { createMailer } from './services/mail/mailer.ts';
import { pruneRateLimits } from './db/queries/accounts.ts';
import { isDatabaseEmpty, seedDemoData } from './services/demo/seed-demo.ts';
import { describeDemoAccounts, seedDemoAccounts } from './services/demo/demo-accounts.ts';

/** Starts the server: database, migrations, vocabularies, demo data on first start, HTTP. */
export async function startServer(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const database = await openPreparedDatabase(config, logger);
  const ctx = { db: database.db, actor: systemActor('demo'), now: () => new Date() };
  let demoAccounts = '';
  if (config.loadDemo && (await isDatabaseEmpty(ctx))) {
    logger.info('empty database: loading the demo data (COOPHUB_DEMO=false to start empty)');
    const report = await seedDemoData(ctx);
    if (!report.ok) {
      logger.error({ errors: report.errors.slice(0, 20) }, 'the demo data did not validate; starting with an empty database');
    } else {
      logger.info({ ...report.counts }, 'demo data loaded');
      demoAccounts = describeDemoAccounts(await seedDemoAccounts(ctx));
    }
  }
  const matching = new Matching(database.db, logger);
  await matching.follow(database); // writes by other processes (another server, a CLI import)
  // Load the matchmaking index in the background; the first match request waits for it.
  matching.ready().catch((err: unknown) => logger.error({ err }, 'could not load the matchmaking index'));
  // Rate-limit counters of windows long past are dropped now and then (every process may do it).
  const prune = setInterval(() => {
    pruneRateLimits(database.db, new Date(Date.now() - 86_400_000)).catch((err: unknown) => logger.warn({ err }, 'could not prune rate-limit counters'));
  }, 3_600_000);
  prune.unref();
  const mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom, logger });
  logger.info(`e-mail goes to ${mailer.description}`);
  const app = createApp({ db: database.db, logger, matching, mailer, publicUrl: config.publicUrl, rateLimits: config.rateLimits ? undefined : false, trustProxy: config.trustProxy });
  // Reminders and flags (background jobs): the same functions the tests run with a controlled clock.
  const stopJobs = startJobs({ db: database.db, actor: systemActor('jobs'), now: () => new Date(), mail: { mailer, publicUrl: config.publicUrl }, logger, matching }, { minutes: config.jobMinutes, reminders: config.reminders, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    logger.info({ port: info.port }, 'listening');
    process.stdout.write(`\nBiodiversity Cooperation Hub is running at http://${host}:${info.port}/\nAPI reference: http://${host}:${info.port}/api/docs\n${demoAccounts ? `\n${demoAccounts}` : ''}\n`);
  });

  server.on('error', (err: NodeJS.ErrnoException) => {
    const reason = err.code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT to another)` : err.message;
    process.stderr.write(`Cannot start: ${reason}\n`);
    database.close().finally(() => process.exit(1));
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stopJobs();
    server.close(() => {
      matching
        .stop()
        .catch(() => {})
        .then(() => database.close())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
