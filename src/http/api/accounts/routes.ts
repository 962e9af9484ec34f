import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import * as accounts from '../../../services/accounts/accounts.ts';
import * as roles from '../../../services/accounts/roles.ts';
import { exportAudit, searchAudit } from '../../../services/audit/search-audit.ts';
import { createToken, listTokens, revokeToken } from '../../../services/tokens/tokens.ts';
import { ROLES } from '../../../policies/actor.ts';
import { type AppEnv, clearSessionCookie, setSessionCookie } from '../../auth.ts';
import { clientAddress, limiter, type RateLimitSettings } from '../../security.ts';
import { errorResponses } from '../schemas.ts';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const str = (description: string, example?: string) => z.string().optional().openapi({ description, example });

const Account = z
  .object({
    id: z.string().openapi({ example: 'usr_3f9a1c2b7d4e5f60' }),
    email: z.string(),
    name: z.string(),
    language: z.string().openapi({ example: 'fr' }),
    emailVerified: z.boolean(),
    notifications: z.enum(['immediate', 'daily']).openapi({ description: 'Mails about the requests you follow: at once, or in one daily digest' }),
    twoStep: z.boolean().openapi({ description: 'Whether sign-in asks for a one-time code (TOTP)' }),
    roles: z.array(z.object({ role: z.string(), scope: z.string() })),
    createdAt: z.string(),
  })
  .openapi('Account');
const Grant = z.object({ id: z.string(), role: z.string(), scope: z.string(), grantedBy: z.string(), grantedAt: z.string(), revokedBy: z.string().nullable(), revokedAt: z.string().nullable() });
const UserAdmin = Account.extend({ locked: z.boolean(), disabled: z.boolean(), grants: z.array(Grant) }).openapi('UserAdmin');
const TokenInfo = z
  .object({ id: z.string(), name: z.string(), userId: z.string().nullable(), role: z.string(), readOnly: z.boolean(), createdAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() })
  .openapi('TokenInfo');
const Message = z.object({ message: z.string() }).openapi('Message');
const Centre = z
  .object({
    id: z.string().openapi({ example: 'tsc-oss' }),
    name: z.string().openapi({ example: 'Sahara and Sahel Observatory (OSS)' }),
    host: z.string().nullable().openapi({ description: 'The host organisation' }),
    region: z.string().nullable().openapi({ description: 'UN M49 region', example: 'M49-002' }),
    email: z.string().nullable(),
    subregions: z.array(z.string()).openapi({ description: 'UN M49 subregions assigned whole', example: ['M49-015'] }),
    assignedCountries: z.array(z.string()).openapi({ description: 'Countries assigned one by one' }),
    countries: z.array(z.string()).openapi({ description: 'Every country served (assigned, and those of the subregions)' }),
  })
  .openapi('SupportCentre');
const CentreInput = z
  .object({
    name: z.string(),
    host: z.string().nullable().optional(),
    region: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    countries: z.array(z.string()).optional().openapi({ description: 'Countries assigned one by one' }),
    subregions: z.array(z.string()).optional().openapi({ description: 'UN M49 subregions assigned whole (their countries are served)' }),
  })
  .openapi('SupportCentreInput');
const AuditEvent = z
  .object({ seq: z.number(), at: z.string(), action: z.string(), actor: z.string(), userId: z.string().nullable(), subject: z.string().nullable(), ip: z.string().nullable(), success: z.boolean(), details: z.record(z.string(), z.unknown()) })
  .openapi('AuditEvent');
const page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
const idParam = (name: string) => z.object({ [name]: z.string().max(100).openapi({ param: { name, in: 'path' } }) });
const auditQuery = {
  action: str('An action (`auth.signin`) or a family ending in a dot (`role.`)', 'auth.signin_failed'),
  actor: str('As written in histories: `user:usr_…`, `token:name`, `system:cli`'),
  userId: str('Events by or about this user'),
  subject: str('What was acted on: a record, user, token or grant id'),
  from: str('From this time on (ISO 8601)'),
  to: str('Before this time (ISO 8601)'),
  success: z.enum(['true', 'false']).optional(),
};

export interface AccountRouteOptions {
  secureCookies: boolean;
  rateLimits: RateLimitSettings | undefined;
}

/** Accounts (sign-up, sign-in, password, e-mail, two-step sign-in, tokens) and administration (users, roles, centres, audit log). */
export function accountRoutes(o: AccountRouteOptions) {
  const app = new OpenAPIHono<AppEnv>();
  const limit = limiter(o.rateLimits);
  const ip = clientAddress;
  const A = ['Accounts'];
  const ADM = ['Administration'];

  app.openapi(
    createRoute({
      method: 'post', path: '/auth/signup', tags: A, summary: 'Sign up',
      description: 'Creates an account and mails a link to confirm the address. The answer is the same whether or not the address has an account already.',
      request: body(z.object({ email: z.string(), password: z.string().openapi({ description: '12 to 128 characters' }), name: z.string(), language: z.enum(['ar', 'en', 'es', 'fr', 'ru', 'zh']).optional() })),
      responses: { 202: { description: 'Mail on its way', ...json(Message) }, ...errorResponses(400, 429) },
    }),
    (async (c: any) => {
      await limit(c, 'signup', ip(c));
      return c.json(await accounts.signUp(c.get('ctx'), c.req.valid('json')), 202);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/verify', tags: A, summary: 'Confirm an e-mail address', description: 'With the token from the mailed link (sign-up, or a change of address).',
      request: body(z.object({ token: z.string() })),
      responses: { 200: { description: 'Confirmed', ...json(z.object({ email: z.string(), changed: z.boolean() })) }, ...errorResponses(400, 409) },
    }),
    (async (c: any) => c.json(await accounts.verifyEmail(c.get('ctx'), c.req.valid('json').token), 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/signin', tags: A, summary: 'Sign in',
      description: 'Sets the session cookie (HttpOnly, SameSite=Lax). Requests using the cookie that change something must send `csrfToken` in the `X-CSRF-Token` header. Five failures in a row lock the account for 15 minutes.',
      request: body(z.object({ email: z.string(), password: z.string(), code: z.string().optional().openapi({ description: 'The six-digit code, when two-step sign-in is on' }) })),
      responses: {
        200: { description: 'Signed in', ...json(z.object({ account: Account, csrfToken: z.string(), expiresAt: z.string() })) },
        401: { description: 'Wrong address, password or code (`invalid_credentials`), or a code is needed (`totp_required`)' },
        ...errorResponses(403, 423, 429),
      },
    }),
    (async (c: any) => {
      const input = c.req.valid('json');
      await limit(c, 'signin', ip(c));
      await limit(c, 'signinPerAccount', String(input.email).trim().toLowerCase().slice(0, 320));
      const signedIn = await accounts.signIn(c.get('ctx'), input);
      setSessionCookie(c, o.secureCookies, signedIn);
      const roleRows = (await roles.getUserRoles(c.get('ctx').db, signedIn.user.id));
      return c.json({ account: accounts.accountView(signedIn.user, roleRows), csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt.toISOString() }, 200);
    }) as never,
  );
  app.openapi(
    createRoute({ method: 'post', path: '/auth/signout', tags: A, summary: 'Sign out', description: 'Ends the session.', responses: { 204: { description: 'Signed out' }, ...errorResponses(403) } }),
    (async (c: any) => {
      await accounts.signOut(c.get('ctx'));
      clearSessionCookie(c, o.secureCookies);
      return c.body(null, 204);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/password-reset', tags: A, summary: 'Ask for a password-reset link', description: 'The answer is the same whether or not the address has an account.',
      request: body(z.object({ email: z.string() })),
      responses: { 202: { description: 'Mail on its way if the account exists', ...json(Message) }, ...errorResponses(400, 429) },
    }),
    (async (c: any) => {
      await limit(c, 'mail', ip(c));
      return c.json(await accounts.requestPasswordReset(c.get('ctx'), c.req.valid('json')), 202);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/password-reset/confirm', tags: A, summary: 'Choose a new password with a reset link', description: 'Ends every session of the account.',
      request: body(z.object({ token: z.string(), password: z.string() })),
      responses: { 204: { description: 'Password changed' }, ...errorResponses(400) },
    }),
    (async (c: any) => {
      await accounts.resetPassword(c.get('ctx'), c.req.valid('json'));
      return c.body(null, 204);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/invitation/accept', tags: A, summary: 'Accept an invitation', description: 'Chooses a password with the token from the invitation mail.',
      request: body(z.object({ token: z.string(), password: z.string(), name: z.string().optional() })),
      responses: { 200: { description: 'Account ready: sign in', ...json(z.object({ email: z.string() })) }, ...errorResponses(400) },
    }),
    (async (c: any) => c.json(await accounts.acceptInvitation(c.get('ctx'), c.req.valid('json')), 200)) as never,
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/account', tags: A, summary: 'Your account and roles', description: 'With a session cookie, also the CSRF token to send in `X-CSRF-Token`.',
      responses: { 200: { description: 'The account', ...json(z.object({ account: Account, csrfToken: z.string().optional() })) }, ...errorResponses(401) },
    }),
    (async (c: any) => c.json({ account: await accounts.getAccount(c.get('ctx')), ...(c.get('csrfToken') ? { csrfToken: c.get('csrfToken') } : {}) }, 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'patch', path: '/account', tags: A, summary: 'Change your name, language or how mails arrive',
      request: body(z.object({ name: z.string().optional(), language: z.string().optional(), notifications: z.enum(['immediate', 'daily']).optional() })),
      responses: { 200: { description: 'The account', ...json(Account) }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => c.json(await accounts.updateProfile(c.get('ctx'), c.req.valid('json')), 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/account/password', tags: A, summary: 'Change your password', description: 'Ends your other sessions.',
      request: body(z.object({ currentPassword: z.string(), newPassword: z.string() })),
      responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => {
      await limit(c, 'signin', ip(c)); // proves the current password: limited like a sign-in
      await accounts.changePassword(c.get('ctx'), c.req.valid('json'));
      return c.body(null, 204);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/account/email', tags: A, summary: 'Change your e-mail address', description: 'Mails a confirmation link to the new address; the change happens when it is opened.',
      request: body(z.object({ password: z.string(), newEmail: z.string() })),
      responses: { 202: { description: 'Mail on its way', ...json(Message) }, ...errorResponses(400, 401, 403, 429) },
    }),
    (async (c: any) => {
      await limit(c, 'mail', ip(c));
      return c.json(await accounts.requestEmailChange(c.get('ctx'), c.req.valid('json')), 202);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/account/totp/setup', tags: A, summary: 'Start two-step sign-in', description: 'A new TOTP secret (and its otpauth:// address) for an authenticator app; confirm a code to turn it on.',
      responses: { 200: { description: 'The secret', ...json(z.object({ secret: z.string(), uri: z.string() })) }, ...errorResponses(401, 403, 409) },
    }),
    (async (c: any) => c.json(await accounts.setupTotp(c.get('ctx')), 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/account/totp/enable', tags: A, summary: 'Turn two-step sign-in on', request: body(z.object({ code: z.string() })),
      responses: { 204: { description: 'On' }, ...errorResponses(400, 401, 403, 409) },
    }),
    (async (c: any) => {
      await accounts.enableTotp(c.get('ctx'), c.req.valid('json'));
      return c.body(null, 204);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/account/totp/disable', tags: A, summary: 'Turn two-step sign-in off', request: body(z.object({ password: z.string(), code: z.string() })),
      responses: { 204: { description: 'Off' }, ...errorResponses(400, 401, 403, 409) },
    }),
    (async (c: any) => {
      await limit(c, 'signin', ip(c));
      await accounts.disableTotp(c.get('ctx'), c.req.valid('json'));
      return c.body(null, 204);
    }) as never,
  );
  const Session = z
    .object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean() })
    .openapi('Session');
  app.openapi(
    createRoute({ method: 'get', path: '/account/sessions', tags: A, summary: 'Where you are signed in', responses: { 200: { description: 'Open sessions', ...json(z.object({ items: z.array(Session) })) }, ...errorResponses(401) } }),
    (async (c: any) => c.json({ items: await accounts.listSessions(c.get('ctx')) }, 200)) as never,
  );
  app.openapi(
    createRoute({ method: 'delete', path: '/account/sessions', tags: A, summary: 'Sign out everywhere else', description: 'Ends every session but this one.', responses: { 204: { description: 'Done' }, ...errorResponses(401, 403) } }),
    (async (c: any) => {
      await accounts.endOtherSessions(c.get('ctx'));
      return c.body(null, 204);
    }) as never,
  );
  app.openapi(
    createRoute({ method: 'get', path: '/account/tokens', tags: A, summary: 'Your API tokens', responses: { 200: { description: 'Tokens (never their secrets)', ...json(z.object({ items: z.array(TokenInfo) })) }, ...errorResponses(401) } }),
    (async (c: any) => c.json({ items: await listTokens(c.get('ctx')) }, 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/account/tokens', tags: A, summary: 'Make an API token',
      description: 'The token carries your rights (as they are when it is used); `readOnly` limits it to reading. It expires after `expiresInDays` (default 90, at most 365). The secret is shown once.',
      request: body(z.object({ name: z.string(), readOnly: z.boolean().optional(), expiresInDays: z.number().int().optional() })),
      responses: { 201: { description: 'The token and its secret', ...json(z.object({ token: z.string(), info: TokenInfo })) }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => c.json(await createToken(c.get('ctx'), c.req.valid('json')), 201)) as never,
  );
  app.openapi(
    createRoute({
      method: 'delete', path: '/account/tokens/{tokenId}', tags: A, summary: 'Revoke an API token', description: 'Your own; administrators any.',
      request: { params: idParam('tokenId') },
      responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 404, 409) },
    }),
    (async (c: any) => {
      await revokeToken(c.get('ctx'), c.req.valid('param').tokenId);
      return c.body(null, 204);
    }) as never,
  );

  // ---- administration
  app.openapi(
    createRoute({
      method: 'get', path: '/admin/users', tags: ADM, summary: 'Find users', request: { query: z.object({ q: str('Part of an e-mail address or name'), ...page }) },
      responses: { 200: { description: 'A page of users', ...json(z.object({ items: z.array(UserAdmin), total: z.number(), page: z.number(), pageSize: z.number() })) }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => {
      const q = c.req.valid('query');
      return c.json(await roles.listUsers(c.get('ctx'), { q: q.q?.trim() || undefined, page: q.page, pageSize: q.pageSize }), 200);
    }) as never,
  );
  app.openapi(
    createRoute({ method: 'get', path: '/admin/users/{userId}', tags: ADM, summary: 'A user, with every grant ever made', request: { params: idParam('userId') }, responses: { 200: { description: 'The user', ...json(UserAdmin) }, ...errorResponses(401, 403, 404) } }),
    (async (c: any) => c.json(await roles.getUser(c.get('ctx'), c.req.valid('param').userId), 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/admin/invitations', tags: ADM, summary: 'Invite someone with a role', description: `Mails a link to choose a password; an existing account just gets the role. Roles: ${ROLES.join(', ')}; scope: a country code (focal_point), provider id (provider_member, expert) or centre id (centre_staff).`,
      request: body(z.object({ email: z.string(), name: z.string().optional(), language: z.string().optional(), role: z.string(), scope: z.string().optional() })),
      responses: { 201: { description: 'Invited', ...json(UserAdmin) }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => c.json(await roles.inviteUser(c.get('ctx'), c.req.valid('json')), 201)) as never,
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/admin/users/{userId}/roles', tags: ADM, summary: 'Grant a role', request: { params: idParam('userId'), ...body(z.object({ role: z.string(), scope: z.string().optional() })) },
      responses: { 200: { description: 'The user', ...json(UserAdmin) }, ...errorResponses(400, 401, 403, 404) },
    }),
    (async (c: any) => c.json(await roles.grantRole(c.get('ctx'), c.req.valid('param').userId, c.req.valid('json')), 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'delete', path: '/admin/users/{userId}/roles/{grantId}', tags: ADM, summary: 'Revoke a role', request: { params: idParam('userId').extend(idParam('grantId').shape) },
      responses: { 200: { description: 'The user', ...json(UserAdmin) }, ...errorResponses(401, 403, 404, 409) },
    }),
    (async (c: any) => {
      const p = c.req.valid('param');
      return c.json(await roles.revokeRole(c.get('ctx'), p.userId, p.grantId), 200);
    }) as never,
  );
  app.openapi(
    createRoute({ method: 'post', path: '/admin/users/{userId}/unlock', tags: ADM, summary: 'Lift a lock-out', request: { params: idParam('userId') }, responses: { 200: { description: 'The user', ...json(UserAdmin) }, ...errorResponses(401, 403, 404) } }),
    (async (c: any) => c.json(await roles.unlockUser(c.get('ctx'), c.req.valid('param').userId), 200)) as never,
  );
  for (const [action, summary, run] of [
    ['disable', 'Disable an account: it can no longer sign in, its sessions end and its tokens stop working', (ctx: any, id: string) => roles.setUserDisabled(ctx, id, true)],
    ['enable', 'Enable a disabled account again', (ctx: any, id: string) => roles.setUserDisabled(ctx, id, false)],
    ['totp/reset', 'Turn off two-step sign-in for someone who lost their authenticator', (ctx: any, id: string) => roles.resetTwoStep(ctx, id)],
  ] as const) {
    app.openapi(
      createRoute({ method: 'post', path: `/admin/users/{userId}/${action}`, tags: ADM, summary, request: { params: idParam('userId') }, responses: { 200: { description: 'The user', ...json(UserAdmin) }, ...errorResponses(401, 403, 404, 409) } }),
      (async (c: any) => c.json(await run(c.get('ctx'), c.req.valid('param').userId), 200)) as never,
    );
  }
  app.openapi(
    createRoute({
      method: 'get', path: '/admin/audit', tags: ADM, summary: 'Search the audit log', description: 'Sign-ins, account changes, role grants, tokens and record changes, newest first.',
      request: { query: z.object({ ...auditQuery, ...page }) },
      responses: { 200: { description: 'A page of events', ...json(z.object({ items: z.array(AuditEvent), total: z.number(), page: z.number(), pageSize: z.number() })) }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => {
      const q = c.req.valid('query');
      return c.json(await searchAudit(c.get('ctx'), { ...q, success: q.success === undefined ? undefined : q.success === 'true' }), 200);
    }) as never,
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/admin/audit/export', tags: ADM, summary: 'Export the audit log', description: 'Every matching event, oldest first, as CSV (default) or JSON Lines.',
      request: { query: z.object({ ...auditQuery, format: z.enum(['csv', 'jsonl']).default('csv') }) },
      responses: { 200: { description: 'The events', content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } } }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => {
      const { format, ...q } = c.req.valid('query');
      const query = { ...q, success: q.success === undefined ? undefined : q.success === 'true' };
      const ctx = c.get('ctx');
      // Check rights and the query before the stream starts, so errors keep their status.
      await searchAudit(ctx, { ...query, page: 1, pageSize: 1 });
      c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="audit.${format === 'csv' ? 'csv' : 'jsonl'}"`);
      return stream(c, async (s) => {
        await exportAudit(ctx, query, format, (chunk) => s.write(chunk).then(() => undefined));
      });
    }) as never,
  );
  app.openapi(
    createRoute({ method: 'get', path: '/centres', tags: ['Support centres'], summary: 'Support centres and the countries they serve', responses: { 200: { description: 'The centres', ...json(z.object({ items: z.array(Centre) })) } } }),
    (async (c: any) => c.json({ items: await roles.listCentres(c.get('ctx')) }, 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/centres/coverage', tags: ['Support centres'], summary: 'Which centres serve each country, and the countries no centre serves',
      responses: { 200: { description: 'Coverage', ...json(z.object({ countries: z.array(z.object({ code: z.string(), centres: z.array(z.string()) })), uncovered: z.array(z.string()) }).openapi('CentreCoverage')) } },
    }),
    (async (c: any) => c.json(await roles.centreCoverage(c.get('ctx')), 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'put', path: '/admin/centres/{centreId}', tags: ADM, summary: 'Create or replace a support centre', request: { params: idParam('centreId'), ...body(CentreInput) },
      responses: { 200: { description: 'The centre', ...json(Centre) }, ...errorResponses(400, 401, 403) },
    }),
    (async (c: any) => c.json(await roles.saveCentre(c.get('ctx'), c.req.valid('param').centreId, c.req.valid('json')), 200)) as never,
  );
  return app;
}
