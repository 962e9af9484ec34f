import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../../db/client.ts';
import {
  countFailedSignin, findEmailToken, findSession, findUserByEmail, findUserById, insertEmailToken, insertSession, insertUser,
  openSessions, revokeSession, revokeUserSessions, rightsOf, touchSession, updateUser, useEmailToken, voidEmailTokens, type UserRow,
} from '../../db/queries/accounts.ts';
import { translator, isLanguage, type Language, DEFAULT_LANGUAGE } from '../../i18n/index.ts';
import { AppError, type FieldError, validationError } from '../../lib/errors.ts';
import { newRandomId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { audit } from '../audit/audit.ts';
import type { ServiceContext } from '../context.ts';
import { unstorableText } from '../../domain/records/validate.ts';
import { revokeUserTokens } from '../../db/queries/tokens.ts';
import { hashPassword, passwordProblems, verifyNothing, verifyPassword } from './passwords.ts';

/** Failed sign-ins in a row that lock an account, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** A session ends after this long without a request, and at the latest this long after sign-in (ASVS 3.3.2). */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 12;

const HOUR = 3_600_000;
const LINK_TTL = { verify: 48 * HOUR, reset: 1 * HOUR, invite: 7 * 24 * HOUR, email_change: 24 * HOUR } as const;
type LinkPurpose = keyof typeof LINK_TTL;
const LINK_PATH: Record<LinkPurpose, string> = {
  verify: '/account/verify',
  email_change: '/account/verify',
  reset: '/account/reset/confirm',
  invite: '/account/invitation',
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const emailSchema = z.email().max(320);

/** Lower-cases and trims an address; throws a field error on `field` when it is not one. */
export function normalizeEmail(value: unknown, field = 'email'): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!emailSchema.safeParse(email).success) throw validationError([{ path: field, message: 'must be an e-mail address', key: 'email' }]);
  return email;
}

function nameProblems(name: unknown, field = 'name'): FieldError[] {
  if (typeof name !== 'string' || name.trim().length < 1) return [{ path: field, message: 'is required', key: 'required' }];
  if (name.trim().length > 200) return [{ path: field, message: 'must be at most 200 characters', key: 'tooLong', params: { max: 200 } }];
  return unstorableText(name, field);
}

function languageOf(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

function mailer(ctx: ServiceContext) {
  if (!ctx.mail) throw new AppError('unavailable', 'E-mail is not configured on this server');
  return ctx.mail;
}

/** Sends one of the catalog's e-mails (`mail.<kind>`) to `to`, in `language`. */
async function sendMail(ctx: ServiceContext, to: string, language: Language, kind: string, vars: Record<string, string>): Promise<void> {
  const t = translator(language);
  const { mailer: m, publicUrl } = mailer(ctx);
  const all = { site: publicUrl, ...vars };
  await m.send({ to, subject: t(`mail.${kind}.subject`, all), text: `${t(`mail.${kind}.body`, all)}\n\n-- \n${t('mail.signature', all)}\n` });
}

/** Creates a one-time link and returns its URL. */
async function createLink(ctx: ServiceContext, db: Db, userId: string, purpose: LinkPurpose, data: Record<string, string> = {}): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await insertEmailToken(db, { id: newRandomId('lnk'), tokenHash: sha256(secret), purpose, userId, data, createdAt: now, expiresAt: new Date(now.getTime() + LINK_TTL[purpose]) });
  return `${mailer(ctx).publicUrl}${LINK_PATH[purpose]}?token=${secret}`;
}

/** Uses a one-time link: returns its row and user, or throws bad_request (unknown, used, expired, other purpose). */
async function consumeLink(ctx: ServiceContext, db: Db, secret: unknown, purposes: LinkPurpose[]) {
  const invalid = () => new AppError('bad_request', 'This link is not valid any more: it was used already, has expired, or was copied incompletely. Ask for a new one.', [{ path: 'token', message: 'is not valid' }]);
  if (typeof secret !== 'string' || secret.length < 20 || secret.length > 100) throw invalid();
  const row = await findEmailToken(db, sha256(secret));
  if (!row || row.usedAt || row.expiresAt <= ctx.now() || !(purposes as string[]).includes(row.purpose)) throw invalid();
  if (!(await useEmailToken(db, row.id, ctx.now()))) throw invalid();
  const user = await findUserById(db, row.userId);
  if (!user || user.disabledAt) throw invalid();
  return { link: row, user };
}

function requireUser(ctx: ServiceContext, options: { session?: boolean } = {}): { userId: string; actor: Extract<Actor, { kind: 'user' }> } {
  const a = ctx.actor;
  if (a.kind !== 'user' || !a.userId) throw new AppError('authentication_required', 'Sign in first');
  if (options.session && a.via !== 'session') throw new AppError('forbidden', 'Account settings can be changed only when signed in with a password, not with an API token');
  return { userId: a.userId, actor: a };
}

export const SIGNUP_MESSAGE = 'If the address can be used, a message with a link to confirm it is on its way. Open it to finish signing up.';

/**
 * Signs up: creates an unverified account and mails a confirmation link. Answers the same whether
 * or not the address already has an account (the owner of that address is told by e-mail instead).
 */
export async function signUp(ctx: ServiceContext, input: { email?: unknown; password?: unknown; name?: unknown; language?: unknown }): Promise<{ message: string }> {
  const errors: FieldError[] = [...nameProblems(input.name)];
  let email = '';
  try {
    email = normalizeEmail(input.email);
  } catch (e) {
    errors.push(...(e as AppError).fields);
  }
  errors.push(...passwordProblems(input.password, 'password', [email, String(input.name ?? '')]));
  if (input.language !== undefined && !isLanguage(input.language)) errors.push({ path: 'language', message: 'must be one of ar, en, es, fr, ru, zh', key: 'language' });
  if (errors.length) throw validationError(errors, 'The sign-up');
  const name = String(input.name).trim();
  const language = languageOf(input.language);
  const now = ctx.now();
  const passwordHash = await hashPassword(String(input.password));
  const existing = await findUserByEmail(ctx.db, email);
  // A confirmed, disabled or invited (no password yet) account is never taken over by a sign-up.
  if (existing && (existing.emailVerifiedAt || existing.disabledAt || !existing.passwordHash)) {
    await sendMail(ctx, email, languageOf(existing.language), 'alreadyRegistered', { name: existing.name, link: `${mailer(ctx).publicUrl}/account/reset` });
    await audit(ctx, { action: 'account.signup', userId: existing.id, success: false, details: { reason: 'address already registered' } });
    return { message: SIGNUP_MESSAGE };
  }
  let link = '';
  let userId = existing?.id ?? newRandomId('usr');
  await ctx.db.transaction(async (tx) => {
    if (existing) {
      // Not confirmed yet: whoever confirms from the mailbox gets the account with these details.
      await voidEmailTokens(tx, existing.id, 'verify', now);
      await updateUser(tx, existing.id, { name, language, passwordHash, updatedAt: now });
      userId = existing.id;
    } else {
      await insertUser(tx, { id: userId, email, name, language, passwordHash, createdAt: now, updatedAt: now });
    }
    link = await createLink(ctx, tx, userId, 'verify');
    await audit(ctx, { action: 'account.signup', userId, subject: userId }, tx);
  });
  await sendMail(ctx, email, language, 'verify', { name, link });
  return { message: SIGNUP_MESSAGE };
}

/** Confirms an address from a mailed link (a new account's, or a changed one's). */
export async function verifyEmail(ctx: ServiceContext, token: unknown): Promise<{ email: string; changed: boolean }> {
  let notice: { to: string; language: Language; name: string; email: string } | undefined;
  const result = await ctx.db.transaction(async (tx) => {
    const { link, user } = await consumeLink(ctx, tx, token, ['verify', 'email_change']);
    const now = ctx.now();
    if (link.purpose === 'verify') {
      await updateUser(tx, user.id, { emailVerifiedAt: user.emailVerifiedAt ?? now, updatedAt: now });
      await audit(ctx, { action: 'account.verified', userId: user.id, subject: user.id, actor: `user:${user.id}` }, tx);
      return { email: user.email, changed: false };
    }
    const email = link.data.email!;
    const taken = await findUserByEmail(tx, email);
    if (taken && taken.id !== user.id) throw new AppError('conflict', 'Another account uses this address now', [{ path: 'email', message: 'is used by another account' }]);
    await updateUser(tx, user.id, { email, emailVerifiedAt: now, updatedAt: now });
    await revokeUserSessions(tx, user.id, now);
    await audit(ctx, { action: 'account.email_changed', userId: user.id, subject: user.id, actor: `user:${user.id}`, details: { from: user.email, to: email } }, tx);
    notice = { to: user.email, language: languageOf(user.language), name: user.name, email };
    return { email, changed: true };
  });
  if (notice) await sendMail(ctx, notice.to, notice.language, 'emailChanged', { name: notice.name, email: notice.email });
  return result;
}

export interface SignedIn {
  /** The session cookie's value (not stored). */
  sessionSecret: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
}

/**
 * Checks e-mail, password and (when enabled) the one-time code, and opens a session. Failures count
 * towards a lock-out; a locked account answers account_locked with the seconds left.
 */
export async function signIn(ctx: ServiceContext, input: { email?: unknown; password?: unknown; code?: unknown }): Promise<SignedIn> {
  const invalid = () => new AppError('invalid_credentials', 'The e-mail address or the password is not right');
  const password = typeof input.password === 'string' ? input.password : '';
  let email: string;
  try {
    email = normalizeEmail(input.email);
  } catch {
    throw invalid();
  }
  if (!password || password.length > 1024) throw invalid();
  const now = ctx.now();
  const user = await findUserByEmail(ctx.db, email);
  if (!user || !user.passwordHash || user.disabledAt) {
    await verifyNothing(password);
    await audit(ctx, { action: 'auth.signin_failed', userId: user?.id ?? null, success: false, details: { email, reason: user ? 'no password or disabled' : 'unknown address' } });
    throw invalid();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await audit(ctx, { action: 'auth.signin_failed', userId: user.id, subject: user.id, success: false, details: { reason: 'locked' } });
    throw lockedError(user.lockedUntil, now);
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await failSignin(ctx, user, 'wrong password');
    throw invalid();
  }
  if (!user.emailVerifiedAt) {
    throw new AppError('email_not_verified', 'Confirm your e-mail address first: open the link we sent when you signed up (sign up again to get a new one)');
  }
  if (user.totpEnabledAt && user.totpSecret) {
    const code = typeof input.code === 'string' ? input.code.replace(/\s+/g, '') : '';
    if (!code) throw new AppError('totp_required', 'Enter the six-digit code from your authenticator app', [{ path: 'code', message: 'is required', key: 'totp_required' }]);
    const step = totpStep(user.totpSecret, code, now);
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) {
      await failSignin(ctx, user, 'wrong code');
      throw new AppError('invalid_credentials', 'The code is not right, or was used already', [{ path: 'code', message: 'is not right', key: 'invalid_code' }]);
    }
    await updateUser(ctx.db, user.id, { totpLastStep: step });
  }
  const secret = randomBytes(32).toString('base64url');
  const session = {
    id: sha256(secret),
    userId: user.id,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * HOUR),
    ip: ctx.client?.ip ?? null,
    userAgent: ctx.client?.userAgent?.slice(0, 300) ?? null,
  };
  await ctx.db.transaction(async (tx) => {
    await insertSession(tx, session);
    await updateUser(tx, user.id, { failedSignins: 0, lockedUntil: null, updatedAt: now });
    await audit(ctx, { action: 'auth.signin', userId: user.id, subject: user.id, actor: `user:${user.id}`, details: { mfa: Boolean(user.totpEnabledAt) } }, tx);
  });
  return { sessionSecret: secret, sessionId: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt, user };
}

function lockedError(until: Date, now: Date): AppError {
  const seconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
  return new AppError('account_locked', `Too many failed sign-ins: this account is locked for ${Math.ceil(seconds / 60)} more minutes. The owner has been told by e-mail.`, [], { retryAfter: seconds });
}

async function failSignin(ctx: ServiceContext, user: UserRow, reason: string): Promise<void> {
  const now = ctx.now();
  const failures = await countFailedSignin(ctx.db, user.id, now);
  await audit(ctx, { action: 'auth.signin_failed', userId: user.id, subject: user.id, success: false, details: { reason, failures } });
  if (failures < LOCK_AFTER_FAILURES) return;
  const until = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  await updateUser(ctx.db, user.id, { lockedUntil: until, failedSignins: 0, updatedAt: now });
  await revokeUserSessions(ctx.db, user.id, now);
  await audit(ctx, { action: 'auth.locked', userId: user.id, subject: user.id, success: false, details: { until: until.toISOString(), failures } });
  await sendMail(ctx, user.email, languageOf(user.language), 'locked', { name: user.name, minutes: String(LOCK_MINUTES), link: `${mailer(ctx).publicUrl}/account/reset` });
  throw lockedError(until, now);
}

/** The TOTP generator of a base32 secret (RFC 6238: 6 digits, 30 s, SHA-1, as authenticator apps expect). */
function totpOf(secret: string, label?: string): TOTP {
  return new TOTP({ issuer: 'Biodiversity Cooperation Hub', label, secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
}

/** The time step a TOTP code belongs to (±1 step of clock drift), or null when it is wrong. */
function totpStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpOf(secret);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
}

/**
 * The actor of a session cookie, or undefined when the session is unknown, ended, idle too long or
 * past its maximum age. Records activity at most once a minute.
 */
export async function authenticateSession(ctx: Pick<ServiceContext, 'db' | 'now'>, secret: string): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(secret)) return undefined;
  const found = await findSession(ctx.db, sha256(secret));
  const now = ctx.now();
  if (!found) return undefined;
  const { session, user } = found;
  const idle = now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MINUTES * 60_000;
  if (session.revokedAt || session.expiresAt <= now || idle || user.disabledAt) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await touchSession(ctx.db, session.id, now);
  const rights = await rightsOf(ctx.db, user.id);
  return {
    actor: { kind: 'user', userId: user.id, label: `user:${user.id}`, ...rights, readOnly: false, via: 'session', sessionId: session.id, language: user.language },
    csrfToken: session.csrfToken,
  };
}

export async function signOut(ctx: ServiceContext): Promise<void> {
  const a = ctx.actor;
  if (a.kind !== 'user' || !a.sessionId) return;
  await revokeSession(ctx.db, a.sessionId, ctx.now());
  await audit(ctx, { action: 'auth.signout', subject: a.userId });
}

export const RESET_MESSAGE = 'If an account uses this address, a message with a link to choose a new password is on its way. The link works for one hour.';

/** Mails a password-reset link when the address has an account; answers the same either way. */
export async function requestPasswordReset(ctx: ServiceContext, input: { email?: unknown }): Promise<{ message: string }> {
  const email = normalizeEmail(input.email);
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.disabledAt) {
    await audit(ctx, { action: 'account.password_reset_requested', userId: null, success: false, details: { email, reason: 'unknown address' } });
    return { message: RESET_MESSAGE };
  }
  const now = ctx.now();
  let link = '';
  await ctx.db.transaction(async (tx) => {
    await voidEmailTokens(tx, user.id, 'reset', now);
    link = await createLink(ctx, tx, user.id, 'reset');
    await audit(ctx, { action: 'account.password_reset_requested', userId: user.id, subject: user.id }, tx);
  });
  // Sent after answering, so the answer takes as long for a known address as for an unknown one.
  const sending = sendMail(ctx, user.email, languageOf(user.language), 'reset', { name: user.name, link });
  sending.catch((err: unknown) => ctx.logger?.error({ err, to: user.email }, 'could not send a password-reset mail'));
  return { message: RESET_MESSAGE };
}

/** Sets a new password from a reset link; ends every session and lifts a lock-out. */
export async function resetPassword(ctx: ServiceContext, input: { token?: unknown; password?: unknown }): Promise<void> {
  const passwordHashOf = async (user: UserRow) => {
    const problems = passwordProblems(input.password, 'password', [user.email, user.name]);
    if (problems.length) throw validationError(problems, 'The new password');
    return hashPassword(String(input.password));
  };
  const user = await ctx.db.transaction(async (tx) => {
    const { user } = await consumeLink(ctx, tx, input.token, ['reset']);
    const now = ctx.now();
    await updateUser(tx, user.id, { passwordHash: await passwordHashOf(user), failedSignins: 0, lockedUntil: null, emailVerifiedAt: user.emailVerifiedAt ?? now, updatedAt: now });
    await revokeUserSessions(tx, user.id, now);
    await revokeUserTokens(tx, user.id, now); // a reset may follow a compromise: tokens made meanwhile go too
    await audit(ctx, { action: 'account.password_reset', userId: user.id, subject: user.id, actor: `user:${user.id}` }, tx);
    return user;
  });
  await sendMail(ctx, user.email, languageOf(user.language), 'passwordChanged', { name: user.name });
}

/** Changes the password of the signed-in user (who proves the current one); ends their other sessions. */
export async function changePassword(ctx: ServiceContext, input: { currentPassword?: unknown; newPassword?: unknown }): Promise<void> {
  const { userId, actor } = requireUser(ctx, { session: true });
  const user = (await findUserById(ctx.db, userId))!;
  if (typeof input.currentPassword !== 'string' || !user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw validationError([{ path: 'currentPassword', message: 'is not your current password', key: 'notCurrentPassword' }], 'The change');
  }
  const problems = passwordProblems(input.newPassword, 'newPassword', [user.email, user.name]);
  if (problems.length) throw validationError(problems, 'The new password');
  const now = ctx.now();
  const passwordHash = await hashPassword(String(input.newPassword));
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, userId, { passwordHash, updatedAt: now });
    await revokeUserSessions(tx, userId, now, actor.sessionId);
    await audit(ctx, { action: 'account.password_changed', subject: userId }, tx);
  });
  await sendMail(ctx, user.email, languageOf(user.language), 'passwordChanged', { name: user.name });
}

/** Starts moving the account to a new address: the change happens when the link mailed there is opened. */
export async function requestEmailChange(ctx: ServiceContext, input: { password?: unknown; newEmail?: unknown }): Promise<{ message: string }> {
  const { userId } = requireUser(ctx, { session: true });
  const user = (await findUserById(ctx.db, userId))!;
  const newEmail = normalizeEmail(input.newEmail, 'newEmail');
  if (typeof input.password !== 'string' || !user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
    throw validationError([{ path: 'password', message: 'is not your current password', key: 'notCurrentPassword' }], 'The change');
  }
  if (newEmail === user.email) throw validationError([{ path: 'newEmail', message: 'is your current address', key: 'sameEmail' }], 'The change');
  const taken = await findUserByEmail(ctx.db, newEmail);
  const message = `A message with a confirmation link was sent to ${newEmail}. Your address changes when you open it.`;
  if (taken) {
    await sendMail(ctx, newEmail, languageOf(taken.language), 'emailTaken', { name: taken.name });
    return { message };
  }
  let link = '';
  await ctx.db.transaction(async (tx) => {
    await voidEmailTokens(tx, userId, 'email_change', ctx.now());
    link = await createLink(ctx, tx, userId, 'email_change', { email: newEmail });
    await audit(ctx, { action: 'account.email_change_requested', subject: userId, details: { to: newEmail } }, tx);
  });
  await sendMail(ctx, newEmail, languageOf(user.language), 'emailChange', { name: user.name, link });
  return { message };
}

/** Starts TOTP set-up: a new secret to put in an authenticator app; enabled once a code is confirmed. */
export async function setupTotp(ctx: ServiceContext): Promise<{ secret: string; uri: string }> {
  const { userId } = requireUser(ctx, { session: true });
  const user = (await findUserById(ctx.db, userId))!;
  if (user.totpEnabledAt) throw new AppError('conflict', 'Two-step sign-in is on already: turn it off first to use a new secret');
  const secret = new Secret({ size: 20 });
  await updateUser(ctx.db, userId, { totpSecret: secret.base32, updatedAt: ctx.now() });
  return { secret: secret.base32, uri: totpOf(secret.base32, user.email).toString() };
}

/** Turns TOTP on when `code` matches the secret from setupTotp. */
export async function enableTotp(ctx: ServiceContext, input: { code?: unknown }): Promise<void> {
  const { userId } = requireUser(ctx, { session: true });
  const user = (await findUserById(ctx.db, userId))!;
  if (user.totpEnabledAt) throw new AppError('conflict', 'Two-step sign-in is on already');
  if (!user.totpSecret) throw new AppError('conflict', 'Start the set-up first (a new secret)');
  const now = ctx.now();
  const step = totpStep(user.totpSecret, String(input.code ?? '').replace(/\s+/g, ''), now);
  if (step === null) throw validationError([{ path: 'code', message: 'is not the code your app shows now', key: 'codeWrong' }], 'The code');
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, userId, { totpEnabledAt: now, totpLastStep: step, updatedAt: now });
    await audit(ctx, { action: 'account.totp_enabled', subject: userId }, tx);
  });
  await notifyUser(ctx, userId, 'twoStepOn');
}

/** Turns TOTP off; needs the password and a current code. */
export async function disableTotp(ctx: ServiceContext, input: { password?: unknown; code?: unknown }): Promise<void> {
  const { userId } = requireUser(ctx, { session: true });
  const user = (await findUserById(ctx.db, userId))!;
  if (!user.totpEnabledAt || !user.totpSecret) throw new AppError('conflict', 'Two-step sign-in is not on');
  const errors: FieldError[] = [];
  if (typeof input.password !== 'string' || !user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) errors.push({ path: 'password', message: 'is not your current password', key: 'notCurrentPassword' });
  if (totpStep(user.totpSecret, String(input.code ?? '').replace(/\s+/g, ''), ctx.now()) === null) errors.push({ path: 'code', message: 'is not the code your app shows now', key: 'codeWrong' });
  if (errors.length) throw validationError(errors, 'The change');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, userId, { totpEnabledAt: null, totpSecret: null, totpLastStep: null, updatedAt: now });
    await audit(ctx, { action: 'account.totp_disabled', subject: userId }, tx);
  });
  await notifyUser(ctx, userId, 'twoStepOff');
}

export interface AccountView {
  id: string;
  email: string;
  name: string;
  language: string;
  emailVerified: boolean;
  twoStep: boolean;
  /** Mails about the requests one follows: at once, or in one daily digest. */
  notifications: 'immediate' | 'daily';
  roles: Array<{ role: string; scope: string }>;
  createdAt: string;
}

export function accountView(user: UserRow, roles: Array<{ role: string; scope: string }>): AccountView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    language: user.language,
    emailVerified: Boolean(user.emailVerifiedAt),
    twoStep: Boolean(user.totpEnabledAt),
    notifications: user.notifyMode === 'daily' ? 'daily' : 'immediate',
    roles,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The signed-in user's account and roles. */
export async function getAccount(ctx: ServiceContext): Promise<AccountView> {
  const { userId, actor } = requireUser(ctx);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('authentication_required', 'Sign in first');
  return accountView(user, actor.grants.map((g) => ({ role: g.role, scope: g.scope })));
}

/** Changes the name or language of the signed-in user. */
export async function updateProfile(ctx: ServiceContext, input: { name?: unknown; language?: unknown; notifications?: unknown }): Promise<AccountView> {
  const { userId } = requireUser(ctx, { session: true });
  const errors: FieldError[] = [];
  if (input.name !== undefined) errors.push(...nameProblems(input.name));
  if (input.language !== undefined && !isLanguage(input.language)) errors.push({ path: 'language', message: 'must be one of ar, en, es, fr, ru, zh', key: 'language' });
  if (input.notifications !== undefined && input.notifications !== 'immediate' && input.notifications !== 'daily') errors.push({ path: 'notifications', message: 'must be immediate or daily', key: 'choice' });
  if (errors.length) throw validationError(errors, 'The profile');
  const values: { name?: string; language?: string; notifyMode?: string; updatedAt: Date } = { updatedAt: ctx.now() };
  if (input.name !== undefined) values.name = String(input.name).trim();
  if (input.language !== undefined) values.language = String(input.language);
  if (input.notifications !== undefined) values.notifyMode = String(input.notifications);
  await updateUser(ctx.db, userId, values);
  return getAccount(ctx);
}

/** Mails an invitation link to a user who has no password yet; used by roles.ts. */
export async function sendInvitation(ctx: ServiceContext, db: Db, user: UserRow, role: string): Promise<() => Promise<void>> {
  const link = await createLink(ctx, db, user.id, 'invite');
  const language = languageOf(user.language);
  return () => sendMail(ctx, user.email, language, 'invite', { name: user.name, role: translator(language)(`roles.${role}`), link });
}

/** Notifies an existing user of a new role (after the transaction that granted it). */
export function roleGrantedMail(ctx: ServiceContext, user: UserRow, role: string): () => Promise<void> {
  const language = languageOf(user.language);
  return () => sendMail(ctx, user.email, language, 'roleGranted', { name: user.name, role: translator(language)(`roles.${role}`), link: `${mailer(ctx).publicUrl}/account` });
}

/** Accepts an invitation: chooses a password (and confirms the address, since the link came there). */
export async function acceptInvitation(ctx: ServiceContext, input: { token?: unknown; password?: unknown; name?: unknown }): Promise<{ email: string }> {
  if (input.name !== undefined) {
    const problems = nameProblems(input.name);
    if (problems.length) throw validationError(problems, 'The invitation');
  }
  return ctx.db.transaction(async (tx) => {
    const { user } = await consumeLink(ctx, tx, input.token, ['invite']);
    const problems = passwordProblems(input.password, 'password', [user.email, user.name]);
    if (problems.length) throw validationError(problems, 'The password');
    const now = ctx.now();
    await updateUser(tx, user.id, {
      passwordHash: await hashPassword(String(input.password)),
      name: input.name !== undefined ? String(input.name).trim() : user.name,
      emailVerifiedAt: user.emailVerifiedAt ?? now,
      updatedAt: now,
    });
    await audit(ctx, { action: 'account.invitation_accepted', userId: user.id, subject: user.id, actor: `user:${user.id}` }, tx);
    return { email: user.email };
  });
}

/** The secret of a two-step set-up started but not confirmed yet, to show it again; undefined when there is none. */
export async function pendingTotpSetup(ctx: ServiceContext): Promise<{ secret: string; uri: string } | undefined> {
  const { userId } = requireUser(ctx, { session: true });
  const user = (await findUserById(ctx.db, userId))!;
  if (user.totpEnabledAt || !user.totpSecret) return undefined;
  return { secret: user.totpSecret, uri: totpOf(user.totpSecret, user.email).toString() };
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** The signed-in user's open sessions (idle ones past the timeout are left out). */
export async function listSessions(ctx: ServiceContext): Promise<SessionView[]> {
  const { userId, actor } = requireUser(ctx);
  const now = ctx.now();
  const idleSince = now.getTime() - SESSION_IDLE_MINUTES * 60_000;
  return (await openSessions(ctx.db, userId, now))
    .filter((s) => s.lastSeenAt.getTime() >= idleSince)
    .map((s) => ({ id: s.id.slice(0, 16), createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), ip: s.ip, userAgent: s.userAgent, current: s.id === actor.sessionId }));
}

/** Signs the user out everywhere but here (this browser session). */
export async function endOtherSessions(ctx: ServiceContext): Promise<void> {
  const { userId, actor } = requireUser(ctx, { session: true });
  await revokeUserSessions(ctx.db, userId, ctx.now(), actor.sessionId);
  await audit(ctx, { action: 'auth.signout', subject: userId, details: { everywhereElse: true } });
}

/**
 * Tells a user by e-mail that something changed on their account (two-step sign-in, a new token).
 * Quietly does nothing where no mail is configured (scripts working on the database directly).
 */
export async function notifyUser(ctx: ServiceContext, userId: string, kind: 'twoStepOn' | 'twoStepOff' | 'tokenCreated', vars: Record<string, string> = {}): Promise<void> {
  if (!ctx.mail) return;
  const user = await findUserById(ctx.db, userId);
  if (!user) return;
  await sendMail(ctx, user.email, languageOf(user.language), kind, { name: user.name, link: `${ctx.mail.publicUrl}/account`, ...vars });
}
