// Accounts through the HTTP app, with mail delivered to a real SMTP server on loopback.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { linkIn } from '../support/smtp.ts';
import pino from 'pino';
import { createApp } from '../../src/http/app.ts';

let t: TestApp;
let clock = Date.parse('2026-11-21T10:00:00Z');
beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(clock) });
});
afterAll(() => t.close());

const anon = { token: null } as const;
const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

async function signIn(email: string, password: string, code?: string) {
  return t.request('POST', '/api/v1/auth/signin', { ...anon, body: { email, password, ...(code ? { code } : {}) } });
}

describe('sign-up, confirmation and sign-in', () => {
  it('signs up, mails a confirmation link in the chosen language, and signs in only once confirmed', async () => {
    const email = 'amira.bensalah@example.org';
    const res = await t.request('POST', '/api/v1/auth/signup', { ...anon, body: { email: 'Amira.BenSalah@Example.org ', password: 'restaurer les parcours 2027', name: 'Amira Ben Salah', language: 'fr' } });
    expect(res.status).toBe(202);
    const mail = await t.smtp.next(email);
    expect(mail.subject).toBe('Confirmez votre adresse électronique');
    expect(mail.text).toContain('Amira Ben Salah');
    const { token } = linkIn(mail.text, '/account/verify');

    const early = await signIn(email, 'restaurer les parcours 2027');
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('email_not_verified');

    expect((await t.request('POST', '/api/v1/auth/verify', { ...anon, body: { token } })).status).toBe(200);
    const reused = await t.request('POST', '/api/v1/auth/verify', { ...anon, body: { token } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.fields[0].path).toBe('token');

    const ok = await signIn(email, 'restaurer les parcours 2027');
    expect(ok.status).toBe(200);
    expect(ok.body.account).toMatchObject({ email, name: 'Amira Ben Salah', language: 'fr', emailVerified: true, twoStep: false, roles: [] });
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // http://localhost
    const me = await t.request('GET', '/api/v1/account', { token: null, cookie: cookieOf(ok) });
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(ok.body.csrfToken);

    const out = await t.request('POST', '/api/v1/auth/signout', { token: null, cookie: cookieOf(ok), headers: { 'x-csrf-token': ok.body.csrfToken } });
    expect(out.status).toBe(204);
    expect((await t.request('GET', '/api/v1/account', { token: null, cookie: cookieOf(ok) })).status).toBe(401);
  });

  it('names each bad field of a sign-up and keeps nothing', async () => {
    const res = await t.request('POST', '/api/v1/auth/signup', { ...anon, body: { email: 'not-an-address', password: 'short', name: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'name', 'password']);
    const common = await t.request('POST', '/api/v1/auth/signup', { ...anon, body: { email: 'x@example.org', password: 'password1234', name: 'X' } });
    expect(common.body.error.fields).toEqual([expect.objectContaining({ path: 'password', key: 'passwordCommon' })]);
    expect(t.smtp.messages.some((m) => m.to.includes('x@example.org'))).toBe(false);
  });

  it('answers a sign-up with a taken address exactly as any other, and tells the owner instead', async () => {
    const u = await t.user({ email: 'taken@example.org' });
    const res = await t.request('POST', '/api/v1/auth/signup', { ...anon, body: { email: 'taken@example.org', password: 'another long pass phrase', name: 'Someone' } });
    expect(res.status).toBe(202);
    const mail = await t.smtp.next('taken@example.org');
    expect(mail.subject).toBe('Someone tried to sign up with your address');
    expect((await signIn(u.email, u.password)).status).toBe(200); // the password did not change
  });

  it('refuses wrong passwords with one message, locks after five failures, tells the owner, and says when to retry', async () => {
    const u = await t.user({ email: 'lock@example.org' });
    const unknown = await signIn('nobody@example.org', 'whatever it may be');
    const wrong = await signIn(u.email, 'not the password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    for (let i = 0; i < 3; i++) expect((await signIn(u.email, 'not the password')).status).toBe(401);
    const fifth = await signIn(u.email, 'not the password');
    expect(fifth.status).toBe(423);
    expect(Number(fifth.headers.get('retry-after'))).toBe(900);
    expect((await signIn(u.email, u.password)).status).toBe(423); // even the right password, while locked
    const notice = await t.smtp.next(u.email);
    expect(notice.subject).toBe('Your account has been locked');
    clock += 16 * 60_000;
    expect((await signIn(u.email, u.password)).status).toBe(200);
  });
});

describe('password reset', () => {
  it('mails a one-hour link, sets the new password, ends every session, and answers the same for unknown addresses', async () => {
    const u = await t.user({ email: 'reset@example.org' });
    const session = await signIn(u.email, u.password);
    const unknown = await t.request('POST', '/api/v1/auth/password-reset', { ...anon, body: { email: 'nobody-here@example.org' } });
    const known = await t.request('POST', '/api/v1/auth/password-reset', { ...anon, body: { email: u.email } });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    const { token } = linkIn((await t.smtp.next(u.email)).text, '/account/reset/confirm');

    const weak = await t.request('POST', '/api/v1/auth/password-reset/confirm', { ...anon, body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0].path).toBe('password');
    // The failed attempt did not use the link up.
    expect((await t.request('POST', '/api/v1/auth/password-reset/confirm', { ...anon, body: { token, password: 'a brand new pass phrase' } })).status).toBe(204);
    expect((await t.smtp.next(u.email)).subject).toBe('Your password has been changed');
    expect((await t.request('GET', '/api/v1/account', { token: null, cookie: cookieOf(session) })).status).toBe(401);
    expect((await signIn(u.email, u.password)).status).toBe(401);
    expect((await signIn(u.email, 'a brand new pass phrase')).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/password-reset/confirm', { ...anon, body: { token, password: 'yet another pass phrase' } })).status).toBe(400);
  });

  it('refuses an expired link', async () => {
    const u = await t.user({ email: 'expired@example.org' });
    await t.request('POST', '/api/v1/auth/password-reset', { ...anon, body: { email: u.email } });
    const { token } = linkIn((await t.smtp.next(u.email)).text, '/account/reset/confirm');
    clock += 61 * 60_000;
    const res = await t.request('POST', '/api/v1/auth/password-reset/confirm', { ...anon, body: { token, password: 'a brand new pass phrase' } });
    expect(res.status).toBe(400);
  });
});

describe('account settings', () => {
  it('changes the password (ending other sessions) and the e-mail address (after confirming the new one)', async () => {
    const u = await t.user({ email: 'settings@example.org' });
    const a = await signIn(u.email, u.password);
    const b = await signIn(u.email, u.password);
    const asA = { token: null, cookie: cookieOf(a), headers: { 'x-csrf-token': a.body.csrfToken } };
    const wrong = await t.request('POST', '/api/v1/account/password', { ...asA, body: { currentPassword: 'nope', newPassword: 'a brand new pass phrase' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe('currentPassword');
    expect((await t.request('POST', '/api/v1/account/password', { ...asA, body: { currentPassword: u.password, newPassword: 'a brand new pass phrase' } })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/account', { token: null, cookie: cookieOf(b) })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/account', { token: null, cookie: cookieOf(a) })).status).toBe(200);
    await t.smtp.next(u.email);
    const c = await signIn(u.email, 'a brand new pass phrase');
    const sessions = await t.request('GET', '/api/v1/account/sessions', asA);
    expect(sessions.body.items.map((x: { current: boolean }) => x.current).sort()).toEqual([false, true]);
    expect((await t.request('DELETE', '/api/v1/account/sessions', asA)).status).toBe(204);
    expect((await t.request('GET', '/api/v1/account', { token: null, cookie: cookieOf(c) })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/account/sessions', asA)).body.items).toHaveLength(1);

    expect((await t.request('POST', '/api/v1/account/email', { ...asA, body: { password: 'a brand new pass phrase', newEmail: 'moved@example.org' } })).status).toBe(202);
    const { token } = linkIn((await t.smtp.next('moved@example.org')).text, '/account/verify');
    expect((await t.request('POST', '/api/v1/auth/verify', { ...anon, body: { token } })).body).toEqual({ email: 'moved@example.org', changed: true });
    expect((await t.smtp.next(u.email)).subject).toBe('Your account uses a new e-mail address');
    expect((await signIn('moved@example.org', 'a brand new pass phrase')).status).toBe(200);
  });

  it('turns two-step sign-in on with a code, then asks for a fresh code at every sign-in', async () => {
    const u = await t.user({ email: 'totp@example.org' });
    const s = await signIn(u.email, u.password);
    const as = { token: null, cookie: cookieOf(s), headers: { 'x-csrf-token': s.body.csrfToken } };
    const setup = await t.request('POST', '/api/v1/account/totp/setup', as);
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\//);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret) });
    const code = () => totp.generate({ timestamp: clock });
    expect((await t.request('POST', '/api/v1/account/totp/enable', { ...as, body: { code: '000000' } })).status).toBe(400);
    expect((await t.request('POST', '/api/v1/account/totp/enable', { ...as, body: { code: code() } })).status).toBe(204);
    expect((await t.smtp.next(u.email)).subject).toBe('Two-step sign-in is on');

    const without = await signIn(u.email, u.password);
    expect(without.status).toBe(401);
    expect(without.body.error.code).toBe('totp_required');
    clock += 30_000;
    expect((await signIn(u.email, u.password, code())).status).toBe(200);
    const replay = await signIn(u.email, u.password, code());
    expect(replay.status).toBe(401); // the same code twice
    clock += 30_000;
    expect((await signIn(u.email, u.password, code())).status).toBe(200);
  });

  it('makes API tokens that carry the user’s rights, can be read-only, expire and be revoked', async () => {
    const u = await t.user({ email: 'tokens@example.org', roles: [{ role: 'focal_point', scope: 'TN' }] });
    const s = await signIn(u.email, u.password);
    const as = { token: null, cookie: cookieOf(s), headers: { 'x-csrf-token': s.body.csrfToken } };
    const rw = await t.request('POST', '/api/v1/account/tokens', { ...as, body: { name: 'script', expiresInDays: 1 } });
    const ro = await t.request('POST', '/api/v1/account/tokens', { ...as, body: { name: 'reader', readOnly: true } });
    expect(rw.status).toBe(201);
    expect(ro.body.info.readOnly).toBe(true);
    const notice = await t.smtp.next(u.email);
    expect(notice.subject).toBe('A new API token was made');
    expect(notice.text).toContain('"script"');
    const bad = await t.request('POST', '/api/v1/account/tokens', { ...as, body: { name: '', expiresInDays: 1000 } });
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['expiresInDays', 'name']);
    const need = { title: 'Gestion des parcours', description: 'Restaurer les parcours dégradés avec les éleveurs du Centre-Ouest tunisien.', language: 'fr', countries: ['TN'], organisation: { name: 'DGF', type: 'ORG-GOV-NATIONAL' }, status: 'submitted' };
    expect((await t.request('POST', '/api/v1/needs', { token: rw.body.token, body: need })).status).toBe(201);
    expect((await t.request('POST', '/api/v1/needs', { token: ro.body.token, body: need })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/needs', { token: rw.body.token, body: { ...need, countries: ['DZ'] } })).status).toBe(403);
    // A token cannot make tokens.
    expect((await t.request('POST', '/api/v1/account/tokens', { token: rw.body.token, body: { name: 'child' } })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/account/tokens/${ro.body.info.id}`, as)).status).toBe(204);
    expect((await t.request('GET', '/api/v1/needs', { token: ro.body.token })).status).toBe(401);
    clock += 2 * 86_400_000;
    const expired = await t.request('GET', '/api/v1/needs', { token: rw.body.token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
  });
});

describe('invitations, roles and the audit log', () => {
  it('invites by e-mail with a role, lets the invitee choose a password, and records every step', async () => {
    const invite = await t.request('POST', '/api/v1/admin/invitations', { body: { email: 'fp.tunisia@example.org', name: 'Point focal', language: 'ar', role: 'focal_point', scope: 'TN' } });
    expect(invite.status).toBe(201);
    expect(invite.body.roles).toEqual([{ role: 'focal_point', scope: 'TN' }]);
    const mail = await t.smtp.next('fp.tunisia@example.org');
    expect(mail.text).toContain('جهة الاتصال الوطنية');
    const { token } = linkIn(mail.text, '/account/invitation');
    // Someone signing up with the invitee's address gets nothing: the owner is told instead.
    await t.request('POST', '/api/v1/auth/signup', { ...anon, body: { email: 'fp.tunisia@example.org', password: 'an attacker pass phrase', name: 'Intruder' } });
    expect((await t.smtp.next('fp.tunisia@example.org')).text).not.toContain('/account/verify');
    expect((await signIn('fp.tunisia@example.org', 'an attacker pass phrase')).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/invitation/accept', { ...anon, body: { token, password: 'une phrase de passe longue' } })).status).toBe(200);
    const s = await signIn('fp.tunisia@example.org', 'une phrase de passe longue');
    expect(s.body.account.roles).toEqual([{ role: 'focal_point', scope: 'TN' }]);

    const badScope = await t.request('POST', `/api/v1/admin/users/${invite.body.id}/roles`, { body: { role: 'focal_point', scope: 'XX' } });
    expect(badScope.status).toBe(400);
    expect(badScope.body.error.fields[0].path).toBe('scope');
    const grant = invite.body.grants[0].id;
    const revoked = await t.request('DELETE', `/api/v1/admin/users/${invite.body.id}/roles/${grant}`);
    expect(revoked.body.roles).toEqual([]);
    expect(revoked.body.grants[0]).toMatchObject({ role: 'focal_point', scope: 'TN', revokedBy: 'token:test-admin' });
    expect((await t.request('DELETE', `/api/v1/admin/users/${invite.body.id}/roles/${grant}`)).status).toBe(409);

    const log = await t.request('GET', `/api/v1/admin/audit?userId=${invite.body.id}&pageSize=50`);
    const actions = log.body.items.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual(['account.invited', 'role.granted', 'account.signup', 'auth.signin_failed', 'account.invitation_accepted', 'auth.signin', 'role.revoked']);
    const csv = await t.request('GET', `/api/v1/admin/audit/export?userId=${invite.body.id}`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body).trim().split('\n')).toHaveLength(8);
    const bad = await t.request('GET', '/api/v1/admin/audit?from=yesterday');
    expect(bad.status).toBe(400);
  });

  it('records failed sign-ins and record changes with who and from where', async () => {
    await signIn('ghost@example.org', 'no such account here');
    const failed = await t.request('GET', '/api/v1/admin/audit?action=auth.signin_failed&success=false');
    expect(failed.body.items.some((e: { details: { email?: string } }) => e.details.email === 'ghost@example.org')).toBe(true);
    const created = await t.request('GET', '/api/v1/admin/audit?action=record.');
    expect(created.body.items.length).toBeGreaterThan(0);
    expect(created.body.items[0]).toMatchObject({ action: 'record.created', actor: expect.stringMatching(/^user:/) });
  });
});

describe('administration', () => {
  it('disables an account at once (sessions and tokens too), enables it, and resets a lost second factor', async () => {
    const u = await t.user({ email: 'disable@example.org' });
    const s = await signIn(u.email, u.password);
    const disabled = await t.request('POST', `/api/v1/admin/users/${u.id}/disable`);
    expect(disabled.body.disabled).toBe(true);
    expect((await t.request('GET', '/api/v1/account', { token: u.token })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/account', { token: null, cookie: cookieOf(s) })).status).toBe(401);
    expect((await signIn(u.email, u.password)).status).toBe(401);
    expect((await t.request('POST', `/api/v1/admin/users/${u.id}/enable`)).body.disabled).toBe(false);
    const again = await signIn(u.email, u.password);
    expect(again.status).toBe(200);

    const as = { token: null, cookie: cookieOf(again), headers: { 'x-csrf-token': again.body.csrfToken } };
    const setup = await t.request('POST', '/api/v1/account/totp/setup', as);
    const code = new TOTP({ secret: Secret.fromBase32(setup.body.secret) }).generate({ timestamp: clock });
    expect((await t.request('POST', '/api/v1/account/totp/enable', { ...as, body: { code } })).status).toBe(204);
    expect((await signIn(u.email, u.password)).body.error.code).toBe('totp_required');
    expect((await t.request('POST', `/api/v1/admin/users/${u.id}/totp/reset`)).body.twoStep).toBe(false);
    expect((await signIn(u.email, u.password)).status).toBe(200);
    const log = await t.request('GET', `/api/v1/admin/audit?subject=${u.id}&action=account.`);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['account.disabled', 'account.enabled', 'account.totp_reset']));
  });
});

describe('refusals and https', () => {
  it('records refused writes and invalid tokens in the audit log', async () => {
    const u = await t.user({ roles: [{ role: 'focal_point', scope: 'MA' }] });
    const need = await t.request('POST', '/api/v1/needs', { body: { title: 'Gestion des parcours', description: 'Restaurer les parcours dégradés avec les éleveurs du Centre-Ouest tunisien.', language: 'fr', countries: ['TN'], organisation: { name: 'DGF', type: 'ORG-GOV-NATIONAL' }, status: 'published' } });
    expect((await t.request('PATCH', `/api/v1/needs/${need.body.id}`, { token: u.token, body: { title: 'Pris' } })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/needs', { token: 'chub_not-a-real-token' })).status).toBe(401);
    const log = await t.request('GET', '/api/v1/admin/audit?action=access.denied');
    expect(log.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: `user:${u.id}`, success: false, details: { code: 'forbidden', method: 'PATCH', path: `/api/v1/needs/${need.body.id}` } }),
        expect.objectContaining({ actor: 'anonymous', details: { code: 'invalid_token', method: 'GET', path: '/api/v1/needs' } }),
      ]),
    );
  });

  it('marks cookies Secure with the __Host- prefix and sends HSTS when the site is served over https', async () => {
    const u = await t.user();
    const secure = createApp({ db: t.system.db, logger: pino({ level: 'silent' }), publicUrl: 'https://hub.example.org', rateLimits: false, matching: t.matching });
    const res = await secure.request('/api/v1/auth/signin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: u.password }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-coophub_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Path=\//);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const session = cookie.split(';')[0]!;
    expect((await secure.request('/api/v1/account', { headers: { cookie: session } })).status).toBe(200);
    // The plain-http cookie name is not accepted by the https site.
    expect((await secure.request('/api/v1/account', { headers: { cookie: session.replace('__Host-', '') } })).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once the window’s allowance is used', async () => {
    const limited = await createTestApp({
      rateLimits: { signin: { limit: 3, windowSeconds: 60 }, signinPerAccount: { limit: 100, windowSeconds: 60 }, signup: { limit: 2, windowSeconds: 3600 }, mail: { limit: 2, windowSeconds: 3600 }, writes: { limit: 2, windowSeconds: 60 } },
    });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.request('POST', '/api/v1/auth/signin', { token: null, body: { email: 'a@example.org', password: 'x' } })).status);
      expect(codes).toEqual([401, 401, 401, 429]);
      const last = await limited.request('POST', '/api/v1/auth/signin', { token: null, body: { email: 'a@example.org', password: 'x' } });
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last.body.error.code).toBe('rate_limited');
      const resets = [];
      for (let i = 0; i < 3; i++) resets.push((await limited.request('POST', '/api/v1/auth/password-reset', { token: null, body: { email: 'a@example.org' } })).status);
      expect(resets).toEqual([202, 202, 429]);
      const writes = [];
      for (let i = 0; i < 3; i++) writes.push((await limited.request('POST', '/api/v1/tags/suggest', { body: { text: 'mangroves', language: 'en' } })).status);
      expect(writes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
