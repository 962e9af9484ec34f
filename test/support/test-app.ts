import pino from 'pino';
import { createApp } from '../../src/http/app.ts';
import { systemActor } from '../../src/policies/actor.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { Matching } from '../../src/services/matching/matching.ts';
import { createToken } from '../../src/services/tokens/tokens.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';
import { createMailer } from '../../src/services/mail/mailer.ts';
import type { RateLimitSettings } from '../../src/http/security.ts';
import { insertUser, rightsOf } from '../../src/db/queries/accounts.ts';
import { hashPassword } from '../../src/services/accounts/passwords.ts';
import { grantRole } from '../../src/services/accounts/roles.ts';

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  /** An API token carrying the user's rights. */
  token: string;
}

export interface RequestOptions {
  /** A session cookie value (`name=value`) to send instead of a token. */
  cookie?: string;
  body?: unknown;
  /** A bearer token; `null` sends no Authorization header (anonymous). Defaults to the admin token. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Send this exact body text instead of JSON-encoding `body`. */
  raw?: string;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: TestDatabase;
  adminToken: string;
  /** The app's matchmaking index. */
  matching: Matching;
  /** A context with all rights, for setting up data through the services. */
  system: ServiceContext;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  /** Creates another operator token with the given options and returns its secret. */
  token(options?: { readOnly?: boolean; expiresInDays?: number; name?: string }): Promise<string>;
  /** A confirmed account with these roles, and an API token of theirs. */
  user(options?: { email?: string; name?: string; language?: string; roles?: Array<{ role: string; scope?: string }>; readOnly?: boolean }): Promise<TestUser>;
  /** The real SMTP server on loopback the app sends its mail to. */
  smtp: TestSmtp;
  close(): Promise<void>;
}

/** The real HTTP app on a fresh real database, with an admin token. */
export async function createTestApp(options: { now?: () => Date; rateLimits?: RateLimitSettings } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const now = options.now ?? (() => new Date());
  const logger = pino({ level: 'silent' });
  const matching = new Matching(db.database.db, logger);
  const smtp = await startSmtp();
  const mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Biodiversity Cooperation Hub <hub@example.org>', logger });
  const publicUrl = 'http://localhost:3000';
  const system: ServiceContext = { db: db.database.db, actor: systemActor('test'), now, matching, mail: { mailer, publicUrl } };
  const app = createApp({ db: db.database.db, logger, now, matching, mailer, publicUrl, rateLimits: options.rateLimits ?? false });
  const token = async (o: { readOnly?: boolean; expiresInDays?: number; name?: string } = {}) =>
    (await createToken(system, { name: o.name ?? 'test', role: 'admin', readOnly: o.readOnly, expiresInDays: o.expiresInDays })).token;
  const adminToken = await token({ name: 'test-admin' });

  async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...o.headers };
    const bearer = o.token === undefined && o.cookie === undefined ? adminToken : o.token;
    if (bearer !== null && bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
    if (o.cookie) headers.cookie = o.cookie;
    let body: string | undefined = o.raw;
    if (body === undefined && o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  let users = 0;
  async function user(o: { email?: string; name?: string; language?: string; roles?: Array<{ role: string; scope?: string }>; readOnly?: boolean } = {}): Promise<TestUser> {
    users += 1;
    const email = o.email ?? `user${users}-${Math.random().toString(36).slice(2, 8)}@example.org`;
    const password = 'correct horse battery staple';
    const id = `usr_test${String(users).padStart(4, '0')}${Math.random().toString(16).slice(2, 6)}`;
    const at = now();
    await insertUser(system.db, { id, email, name: o.name ?? `Test user ${users}`, language: o.language ?? 'en', passwordHash: await hashPassword(password), emailVerifiedAt: at, createdAt: at, updatedAt: at });
    for (const r of o.roles ?? []) await grantRole({ ...system, mail: undefined }, id, r); // setup: no "new role" mail
    const rights = await rightsOf(system.db, id);
    const actor = { kind: 'user' as const, userId: id, label: `user:${id}`, ...rights, readOnly: false, via: 'session' as const };
    // Made as setup, without the "new token" notice a person making one gets.
    const { token: secret } = await createToken({ ...system, mail: undefined, actor }, { name: 'test', readOnly: o.readOnly });
    return { id, email, password, token: secret };
  }

  return {
    app, db, adminToken, matching, system, request, token, user, smtp,
    close: async () => {
      mailer.close();
      await smtp.close();
      await db.close();
    },
  };
}
