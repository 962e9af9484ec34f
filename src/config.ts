import { resolve } from 'node:path';
import { DEFAULT_REMINDERS, type ReminderSettings } from './domain/lifecycle/reminder-settings.ts';

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
  /** The address people reach the site at; links in e-mails start with it. Cookies are Secure when it is https. */
  publicUrl: string;
  /** `smtp://…` or `smtps://…`; without it, mail is written to `outboxDir` and printed in the log. */
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxDir: string;
  /** Rate limits on sign-in, sign-up, password reset and writes (COOPHUB_RATE_LIMITS=off turns them off, e.g. for load tests). */
  rateLimits: boolean;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** When reminders and flags go out (COOPHUB_REMINDERS, e.g. "provider=7,14;match=21;idle=30;escalate=45"). */
  reminders: ReminderSettings;
  /** How often the background jobs run, in minutes (COOPHUB_JOB_MINUTES; 0 turns them off in this process). */
  jobMinutes: number;
}

/** Reads COOPHUB_REMINDERS: `provider=7,14;match=21;idle=30;escalate=45`, any part optional. */
export function parseReminders(text: string | undefined): ReminderSettings {
  const out: ReminderSettings = { ...DEFAULT_REMINDERS, providerReminderDays: [...DEFAULT_REMINDERS.providerReminderDays] };
  for (const part of (text ?? '').split(';').map((s) => s.trim()).filter(Boolean)) {
    const [key, value = ''] = part.split('=').map((s) => s.trim());
    const days = value.split(',').map((v) => Number(v.trim()));
    if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 3650)) throw new Error(`COOPHUB_REMINDERS: "${part}" must give whole numbers of days, such as provider=7,14`);
    if (key === 'provider') out.providerReminderDays = days;
    else if (key === 'match' && days.length === 1) out.matchFlagDays = days[0]!;
    else if (key === 'idle' && days.length === 1) out.idleFlagDays = days[0]!;
    else if (key === 'escalate' && days.length === 1) out.idleEscalateDays = days[0]!;
    else throw new Error(`COOPHUB_REMINDERS: "${part}" is not one of provider=…, match=…, idle=…, escalate=… (one number each but provider)`);
  }
  return out;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be on or off, not "${env[name]}"`);
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
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(publicUrl)) throw new Error(`PUBLIC_URL must be an http(s) address such as https://coophub.example.org, not "${env.PUBLIC_URL}"`);
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir,
    loadDemo: ['true', '1', 'yes'].includes(demo),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    publicUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'Biodiversity Cooperation Hub <no-reply@localhost>',
    outboxDir: resolve(env.OUTBOX_DIR?.trim() || `${dataDir}/outbox`),
    rateLimits: flag(env, 'COOPHUB_RATE_LIMITS', true),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    reminders: parseReminders(env.COOPHUB_REMINDERS),
    jobMinutes: jobMinutes(env.COOPHUB_JOB_MINUTES),
  };
}

function jobMinutes(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 15;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1440) throw new Error(`COOPHUB_JOB_MINUTES must be a number of minutes from 0 (off) to 1440, not "${value}"`);
  return n;
}
