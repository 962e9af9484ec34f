import { OpenAPIHono } from '@hono/zod-openapi';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../db/client.ts';
import { AppError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { ANONYMOUS } from '../policies/actor.ts';
import { type AppEnv, authenticate, clientIp, sessionCookieName } from './auth.ts';
import { accountRoutes } from './api/accounts/routes.ts';
import { checkRateLimit, DEFAULT_RATE_LIMITS, type RateLimitSettings, securityHeaders, writerKey } from './security.ts';
import type { Mailer } from '../services/mail/mailer.ts';
import { audit } from '../services/audit/audit.ts';
import type { ServiceContext } from '../services/context.ts';
import { handleError, validationHook } from './errors.ts';
import { needRoutes } from './api/records/needs.ts';
import { opportunityRoutes } from './api/records/opportunities.ts';
import { providerRoutes } from './api/records/providers.ts';
import { matchingRoutes } from './api/matching/routes.ts';
import { lifecycleRoutes } from './api/lifecycle/routes.ts';
import { systemRoutes } from './api/system/routes.ts';
import { Matching } from '../services/matching/matching.ts';
import { vocabularyRoutes } from './api/vocabularies/routes.ts';
import { ApiReference } from './web/api-reference.tsx';
import { pageRoutes } from './web/pages.tsx';
import { renderDocument } from './web/layout.tsx';

export interface AppDeps {
  db: Db;
  logger: Logger;
  now?: () => Date;
  /** The matchmaking index; one is created when not given. */
  matching?: Matching;
  /** Outgoing mail (sign-up, password reset, invitations); account e-mails fail with 503 without it. */
  mailer?: Mailer;
  /** The address people reach the site at (links in mails); https makes cookies Secure. */
  publicUrl?: string;
  /** Limits on sign-in, sign-up, mail and writes; false turns them off. */
  rateLimits?: RateLimitSettings | false;
  trustProxy?: boolean;
}

/** Refusals that go to the audit log (401s for anonymous reads and 429s would only flood it). */
const DENIALS = new Set(['forbidden', 'csrf_failed', 'invalid_token']);

/** The largest request body accepted (a record's longest text is 20,000 characters). */
export const MAX_BODY_BYTES = 1_000_000;

export const OPENAPI_INFO = {
  title: 'Biodiversity Cooperation Hub',
  version: '1.0.0',
  description:
    'Registries of needs (requests for assistance), providers and opportunities for technical and scientific cooperation under the Convention on Biological Diversity, with the vocabularies that classify them.',
};

/** The whole HTTP application: JSON API v1, its OpenAPI document and reference page, health checks. */
export function createApp(deps: AppDeps) {
  const { db, logger, now = () => new Date(), matching = new Matching(db, logger), mailer, publicUrl = 'http://localhost:3000', trustProxy = false } = deps;
  const limits = deps.rateLimits === false ? undefined : (deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  const secureCookies = publicUrl.startsWith('https:');
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const onError = handleError(logger);
  app.onError(async (err, c) => {
    // Refused access is a security event (ASVS 7.2.2): recorded with who, what and from where.
    if (err instanceof AppError && DENIALS.has(err.code)) {
      const ctx = c.get('ctx') as ServiceContext | undefined;
      const base = ctx ?? { db, actor: ANONYMOUS, now, client: { ip: clientIp(c, trustProxy) } };
      await audit(base, { action: 'access.denied', success: false, details: { code: err.code, method: c.req.method, path: c.req.path } }).catch((e: unknown) => logger.warn({ err: e }, 'could not record a refusal'));
    }
    return onError(err, c);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.method} ${c.req.path}` } }, 404));

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (c.req.path !== '/healthz' && c.req.path !== '/readyz') {
      logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  });
  app.use('*', securityHeaders(secureCookies));
  // Pages, styles and JSON travel compressed to browsers that accept it (most users are on slow mobile links).
  app.use('*', compress());
  // No request needs more than this; larger bodies are refused before they are read.
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new AppError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1_000_000} MB`); } }));
  // Published records are public: any web page (a national clearing-house portal, say) may read them.
  app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['ETag', 'Location'], maxAge: 86400 }));
  app.use('/api/v1/*', async (c, next) => {
    const method = c.req.method;
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined || c.req.header('content-type') !== undefined;
    if ((method === 'POST' || method === 'PATCH' || method === 'PUT') && hasBody) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(merge-patch\+)?json\s*(;|$)/i.test(type)) {
        throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
      }
    }
    await next();
  });
  const mail = mailer ? { mailer, publicUrl } : undefined;
  // Static files need nobody's identity: a browser sending its session cookie with them costs no query.
  const auth = authenticate({ db, now, matching, mail, secureCookies, trustProxy, logger });
  app.use('*', (c, next) => (c.req.path.startsWith('/assets/') || c.req.path.startsWith('/favicon.') ? next() : auth(c, next)));
  // Writes count against the writer; sign-in, sign-up and mail have their own limits (api/accounts).
  app.use('/api/v1/*', async (c, next) => {
    const m = c.req.method;
    if (limits && m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS' && !c.req.path.startsWith('/api/v1/auth/')) {
      await checkRateLimit(db, now(), `writes:${writerKey(c)}`, limits.writes);
    }
    await next();
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token: made by a signed-in person (POST /api/v1/account/tokens, carries their rights) or by an operator (`npx coophub token create --name NAME --role admin`)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookieName(secureCookies),
    description: 'The session cookie set by POST /api/v1/auth/signin; changes also need the X-CSRF-Token header',
  });
  app.route('/api/v1', vocabularyRoutes);
  app.route('/api/v1', needRoutes);
  app.route('/api/v1', providerRoutes);
  app.route('/api/v1', opportunityRoutes);
  app.route('/api/v1', matchingRoutes);
  app.route('/api/v1', lifecycleRoutes);
  app.route('/api/v1', accountRoutes({ secureCookies, rateLimits: limits }));
  app.route('/', systemRoutes(db, matching));
  app.route('/', pageRoutes({ secureCookies, publicUrl, rateLimits: limits }));

  const document = () => app.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO, tags: TAGS });
  app.get('/api/openapi.json', (c) => c.json(document()));
  app.get('/api/docs', async (c) => c.html(await renderDocument(ApiReference({ doc: document() as never }))));
  return app;
}

const TAGS = [
  { name: 'Needs', description: 'Requests for assistance from countries and organisations' },
  { name: 'Providers', description: 'Organisations and individual experts able to help' },
  { name: 'Opportunities', description: 'Training, fellowships, calls, technologies and expert missions offered by providers' },
  { name: 'Matchmaking', description: 'Suggested matches between needs and offers across the six UN languages, with reasons; suggested tags for a text' },
  { name: 'Lifecycle', description: 'A request from submission to evaluation: its state, the moves people may make, its events (docs/LIFECYCLE.md)' },
  { name: 'Help desk', description: "Support centres' queues and the global one; assignment, internal notes, questions to the requester, escalation, the conversation on a request" },
  { name: 'Vocabularies', description: 'GBF targets, CBD subjects, assistance and organisation types, countries, regions and groups, with labels in the six UN languages' },
  { name: 'Accounts', description: 'Sign-up with e-mail confirmation, sign-in (session cookie), password reset, two-step sign-in, your API tokens' },
  { name: 'Administration', description: 'Users, roles, support centres and the audit log (administrators)' },
  { name: 'Support centres', description: 'Regional and subregional support centres and the countries they serve' },
  { name: 'System', description: 'Health checks' },
];
