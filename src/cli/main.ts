import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openPreparedDatabase } from '../bootstrap.ts';
import { readConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { suggestFromText } from '../domain/matching/suggest.ts';
import { traceConcepts } from '../domain/matching/tagger.ts';
import { REGISTRIES } from '../domain/records/registry.ts';
import { getMatchConcept, listMatchConcepts } from '../vocab/concepts.ts';
import { AppError } from '../lib/errors.ts';
import { RECORD_TYPES, type RecordType } from '../lib/ids.ts';
import { createLogger } from '../lib/logger.ts';
import { startServer } from '../main.ts';
import { systemActor } from '../policies/actor.ts';
import type { ServiceContext } from '../services/context.ts';
import { isDatabaseEmpty, seedDemoData } from '../services/demo/seed-demo.ts';
import { describeDemoAccounts, seedDemoAccounts } from '../services/demo/demo-accounts.ts';
import { exportRecords } from '../services/records/export-records.ts';
import { type ImportProgress, importRecords } from '../services/records/import-records.ts';
import { createToken, listTokens, OPERATOR_ROLES, revokeToken } from '../services/tokens/tokens.ts';
import { inviteUser, listUsers } from '../services/accounts/roles.ts';
import { exportAudit } from '../services/audit/search-audit.ts';
import { createMailer, type Mailer } from '../services/mail/mailer.ts';
import { runReminders } from '../services/lifecycle/reminders.ts';
import { runDigests } from '../services/lifecycle/notify.ts';

const HELP = `coophub — Biodiversity Cooperation Hub

Usage: npx coophub <command> [options]

Commands:
  start                          Start the server (same as npm start)
  token create --name NAME --role ROLE [--read-only] [--expires-in DAYS]
                                 Create an operator API token and print it once (roles: ${OPERATOR_ROLES.join(', ')})
  token list                     List tokens (never their secrets)
  token revoke ID                Revoke a token at once
  user invite --email EMAIL --role ROLE [--scope SCOPE] [--name NAME] [--language LANG]
                                 Invite someone by e-mail with a role (the first administrator, say);
                                 SCOPE is a country code, provider id or support-centre id
  user list [--search TEXT]      List accounts with their roles
  audit export [--format csv|jsonl] [--action ACTION] [--from DATE] [--to DATE] [--output FILE]
                                 Write the audit log (sign-ins, role changes, tokens, record changes)
  import FILE [--dry-run]        Import JSON Lines records (use - for standard input); all or nothing
  export [--type TYPE] [--output FILE]
                                 Write records as JSON Lines (TYPE: need, provider, opportunity or all)
  seed                           Load the demo data into an empty database
  jobs run                       Run the reminder pass and the daily digests once now (servers run them every COOPHUB_JOB_MINUTES)
  concepts tag --language LANG TEXT
                                 Show the concepts found in a text, which label matched each, and the
                                 targets and subjects they suggest (for curating src/vocab/concepts)
  concepts list [--domain DOMAIN]
                                 List the matchmaking concepts with their English labels
  migrate                        Apply database migrations and update vocabularies

The database is PostgreSQL when DATABASE_URL is set, otherwise the embedded one in DATA_DIR (./data).
`;

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  if (command === 'start') {
    try {
      await startServer();
    } catch (err) {
      process.stderr.write(`Cannot start: ${describe(err)}\n`);
      return 1;
    }
    return -1; // keeps running
  }
  if (command === 'concepts') {
    try {
      return conceptsCommand(rest);
    } catch (err) {
      process.stderr.write(`${describe(err)}\n`);
      return 2;
    }
  }
  const commands: Record<string, (ctx: ServiceContext, args: string[]) => Promise<number>> = { token, user: userCommand, audit: auditCommand, jobs: jobsCommand, import: importCommand, export: exportCommand, seed, migrate: async () => 0 };
  const run = commands[command];
  if (!run) {
    process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  let database: Database | undefined;
  let mailer: Mailer | undefined;
  try {
    const config = readConfig();
    const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
    database = await openPreparedDatabase(config, logger);
    mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom, logger });
    const ctx: ServiceContext = { db: database.db, actor: systemActor(`cli-${command}`), now: () => new Date(), mail: { mailer, publicUrl: config.publicUrl } };
    return await run(ctx, rest);
  } catch (err) {
    process.stderr.write(`${describe(err)}\n`);
    return err instanceof AppError && err.code === 'validation_failed' ? 2 : 1;
  } finally {
    mailer?.close();
    await database?.close();
  }
}

function describe(err: unknown): string {
  if (err instanceof AppError) return [err.message, ...err.fields.map((f) => `  ${f.path}: ${f.message}`)].join('\n');
  if (err instanceof Error && 'code' in err && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS')) return `${err.message}\n\n${HELP}`;
  return err instanceof Error ? err.message : String(err);
}

async function jobsCommand(ctx: ServiceContext, args: string[]): Promise<number> {
  if (args[0] !== 'run' || args.length > 1) {
    process.stderr.write('Usage: npx coophub jobs run\n');
    return 2;
  }
  const run = await runReminders(ctx, readConfig().reminders);
  const digests = await runDigests(ctx);
  process.stdout.write(`${JSON.stringify({ ...run, digests })}\n`);
  return 0;
}

async function token(ctx: ServiceContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, role: { type: 'string' }, 'read-only': { type: 'boolean' }, 'expires-in': { type: 'string' } } });
    const expires = values['expires-in'];
    const { token: secret, info } = await createToken(ctx, {
      name: values.name ?? '',
      role: values.role ?? '',
      readOnly: values['read-only'],
      expiresInDays: expires === undefined ? undefined : Number(expires),
    });
    process.stderr.write(`Created token ${info.id} "${info.name}" (role ${info.role}${info.readOnly ? ', read-only' : ''}${info.expiresAt ? `, expires ${info.expiresAt}` : ''}).\nIt is shown only now; keep it secret:\n`);
    process.stdout.write(`${secret}\n`);
    return 0;
  }
  if (sub === 'list') {
    const tokens = await listTokens(ctx);
    if (tokens.length === 0) process.stdout.write('No tokens. Create one with: npx coophub token create --name NAME --role admin\n');
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt && new Date(t.expiresAt) <= new Date() ? `expired ${t.expiresAt}` : 'active';
      process.stdout.write(`${t.id}\t${t.name}\t${t.role}${t.readOnly ? ' (read-only)' : ''}\t${state}\tlast used ${t.lastUsedAt ?? 'never'}\n`);
    }
    return 0;
  }
  if (sub === 'revoke' && rest[0]) {
    await revokeToken(ctx, rest[0]);
    process.stderr.write(`Revoked ${rest[0]}.\n`);
    return 0;
  }
  process.stderr.write('Usage: npx coophub token create --name NAME --role ROLE | token list | token revoke ID\n');
  return 2;
}

async function userCommand(ctx: ServiceContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'invite') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' }, language: { type: 'string' } } });
    const user = await inviteUser(ctx, values);
    process.stderr.write(`Invited ${user.email} (${user.id}) as ${values.role}${values.scope ? ` of ${values.scope}` : ''}; the invitation was sent to ${ctx.mail!.mailer.description}.\n`);
    return 0;
  }
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { search: { type: 'string' } } });
    for (let page = 1; ; page++) {
      const { items, total } = await listUsers(ctx, { q: values.search, page, pageSize: 200 });
      if (total === 0) process.stdout.write('No accounts. Invite the first administrator with: npx coophub user invite --email EMAIL --role admin\n');
      for (const u of items) {
        const roles = u.roles.map((r) => (r.scope ? `${r.role}:${r.scope}` : r.role)).join(' ') || '-';
        process.stdout.write(`${u.id}\t${u.email}\t${u.emailVerified ? 'confirmed' : 'unconfirmed'}${u.locked ? ' locked' : ''}\t${roles}\n`);
      }
      if (page * 200 >= total) return 0;
    }
  }
  process.stderr.write('Usage: npx coophub user invite --email EMAIL --role ROLE [--scope SCOPE] | user list [--search TEXT]\n');
  return 2;
}

async function auditCommand(ctx: ServiceContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export') {
    process.stderr.write('Usage: npx coophub audit export [--format csv|jsonl] [--action ACTION] [--from DATE] [--to DATE] [--output FILE]\n');
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { format: { type: 'string' }, action: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, output: { type: 'string' } } });
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new AppError('validation_failed', 'The options are not valid', [{ path: '--format', message: 'must be csv or jsonl' }]);
  const out = values.output ? createWriteStream(values.output) : process.stdout;
  const n = await exportAudit(ctx, { action: values.action, from: values.from, to: values.to }, format, (chunk) => new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve()))));
  if (values.output) await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
  process.stderr.write(`${n} events written.\n`);
  return 0;
}

async function importCommand(ctx: ServiceContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('Usage: npx coophub import FILE [--dry-run]   (FILE - reads standard input)\n');
    return 2;
  }
  if (file !== '-' && !existsSync(file)) {
    process.stderr.write(`No such file: ${file}\n`);
    return 2;
  }
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const report = await importRecords(ctx, lines, { dryRun: values['dry-run'], onProgress: progressPrinter() });
  if (!report.ok) {
    const shown = report.errors.slice(0, 200);
    for (const e of shown) process.stderr.write(`line ${e.line}: ${e.path}: ${e.message}\n`);
    if (report.errors.length > shown.length) process.stderr.write(`… and ${report.errors.length - shown.length} more problems\n`);
    const badLines = new Set(report.errors.map((e) => e.line)).size;
    process.stderr.write(`\n${report.errors.length} problems on ${badLines} of ${report.lines} lines. Nothing was imported.\n`);
    return 1;
  }
  const summary =
    RECORD_TYPES.filter((t) => report.counts[t] > 0)
      .map((t) => `${report.counts[t].toLocaleString('en')} ${report.counts[t] === 1 ? REGISTRIES[t].label : REGISTRIES[t].plural}`)
      .join(', ') || 'no records';
  process.stderr.write(report.dryRun ? `All ${report.lines} lines are valid (${summary}). Dry run: nothing was imported.\n` : `Imported ${summary}.\n`);
  return 0;
}

/** Prints progress on long files to standard error, at most a few times a second. */
function progressPrinter(): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    const final = p.total > 0 && p.done === p.total;
    if (!final && p.phase !== 'indexing' && now - last < 500) return;
    last = now;
    const text =
      p.phase === 'validating'
        ? `validating: ${p.done.toLocaleString('en')} lines read`
        : p.phase === 'indexing'
          ? 'rebuilding search indexes'
          : `writing: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} records`;
    if (p.done >= 1000 || (final && p.total >= 1000)) process.stderr.write(`${text}\n`);
  };
}

async function exportCommand(ctx: ServiceContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { type: { type: 'string', default: 'all' }, output: { type: 'string' } } });
  const type = values.type!;
  if (type !== 'all' && !(RECORD_TYPES as readonly string[]).includes(type)) {
    process.stderr.write(`--type must be one of: ${[...RECORD_TYPES, 'all'].join(', ')}\n`);
    return 2;
  }
  const types: RecordType[] = type === 'all' ? [...RECORD_TYPES] : [type as RecordType];
  const out = values.output ? createWriteStream(values.output, { encoding: 'utf8' }) : process.stdout;
  const n = await exportRecords(ctx, types, (line) => {
    if (!out.write(`${line}\n`)) return new Promise<void>((resolve) => out.once('drain', () => resolve()));
  });
  if (values.output) await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())));
  process.stderr.write(`Exported ${n} record${n === 1 ? '' : 's'}.\n`);
  return 0;
}

async function seed(ctx: ServiceContext): Promise<number> {
  if (!(await isDatabaseEmpty(ctx))) {
    process.stderr.write('The database already holds records; the demo data is only loaded into an empty database.\n');
    return 1;
  }
  const report = await seedDemoData(ctx, { onProgress: progressPrinter() });
  if (!report.ok) {
    for (const e of report.errors.slice(0, 50)) process.stderr.write(`demo line ${e.line}: ${e.path}: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`Loaded the demo data: ${report.counts.need} needs, ${report.counts.provider} providers, ${report.counts.opportunity} opportunities.\n`);
  process.stderr.write(describeDemoAccounts(await seedDemoAccounts(ctx)));
  return 0;
}

/** Concept vocabulary tools; they need no database. */
function conceptsCommand(args: string[]): number {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { language: { type: 'string', short: 'l' }, domain: { type: 'string' } }, allowPositionals: true });
  if (sub === 'list') {
    const list = listMatchConcepts().filter((c) => !values.domain || c.domain === values.domain);
    for (const c of list) process.stdout.write(`${c.id}\t${c.domain}\t${c.labels.en[0]}\t${c.targets.join(',')}\n`);
    process.stdout.write(`${list.length} concepts\n`);
    return 0;
  }
  if (sub === 'tag') {
    const text = positionals.join(' ').trim();
    const language = values.language ?? '';
    if (!text || !/^[a-z]{2}$/.test(language)) {
      process.stderr.write('Usage: npx coophub concepts tag --language LANG TEXT   (LANG: ISO 639-1, e.g. fr)\n');
      return 2;
    }
    const seen = new Set<string>();
    for (const hit of traceConcepts(text, language)) {
      const key = `${hit.id}\u0000${hit.label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      process.stdout.write(`${hit.id}\t${getMatchConcept(hit.id)?.labels.en[0] ?? ''}\tmatched "${hit.label}"\n`);
    }
    const suggested = suggestFromText('', text, language);
    process.stdout.write(`targets: ${suggested.targets.map((t) => t.id).join(', ') || '-'}\nsubjects: ${suggested.subjects.map((t) => t.id).join(', ') || '-'}\n`);
    return 0;
  }
  process.stderr.write('Usage: npx coophub concepts tag --language LANG TEXT | concepts list [--domain DOMAIN]\n');
  return 2;
}
