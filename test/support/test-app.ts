import pino from 'pino';
import { createApp } from '../../src/http/app.ts';
import { systemActor } from '../../src/policies/actor.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { Matching } from '../../src/services/matching/matching.ts';
import { createToken } from '../../src/services/tokens/tokens.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
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
  /** Creates another token with the given options and returns its secret. */
  token(options?: { readOnly?: boolean; expiresInDays?: number; name?: string }): Promise<string>;
  close(): Promise<void>;
}

/** The real HTTP app on a fresh real database, with an admin token. */
export async function createTestApp(options: { now?: () => Date } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const now = options.now ?? (() => new Date());
  const logger = pino({ level: 'silent' });
  const matching = new Matching(db.database.db, logger);
  const system: ServiceContext = { db: db.database.db, actor: systemActor('test'), now, matching };
  const app = createApp({ db: db.database.db, logger, now, matching });
  const token = async (o: { readOnly?: boolean; expiresInDays?: number; name?: string } = {}) =>
    (await createToken(system, { name: o.name ?? 'test', role: 'admin', readOnly: o.readOnly, expiresInDays: o.expiresInDays })).token;
  const adminToken = await token({ name: 'test-admin' });

  async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...o.headers };
    const bearer = o.token === undefined ? adminToken : o.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined = o.raw;
    if (body === undefined && o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  return { app, db, adminToken, matching, system, request, token, close: () => db.close() };
}
