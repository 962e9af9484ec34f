import {
  activeGrants,
  allGrants, findCentre, findGrant, findUserByEmail, findUserById, insertGrant, insertUser, listCentres as queryCentres, listUsers as queryUsers, type CentreRow,
  revokeGrant, revokeUserSessions, updateUser, upsertCentre, type GrantRow, type UserRow,
} from '../../db/queries/accounts.ts';
import { revokeUserTokens } from '../../db/queries/tokens.ts';
import { findRecord } from '../../db/queries/records.ts';
import type { Db } from '../../db/client.ts';
import { isLanguage } from '../../i18n/index.ts';
import { AppError, type FieldError, validationError } from '../../lib/errors.ts';
import { newRandomId } from '../../lib/ids.ts';
import { actorLabel, ROLE_SCOPES, ROLES, type Role } from '../../policies/actor.ts';
import { assertCanAdminister } from '../../policies/records.ts';
import { countriesIn, getConcept, getVocabulary, hasConcept } from '../../vocab/catalog.ts';
import { audit } from '../audit/audit.ts';
import type { ServiceContext } from '../context.ts';
import { accountView, normalizeEmail, notifyUser, roleGrantedMail, sendInvitation, type AccountView } from './accounts.ts';

/** Checks a role and its scope; returns field errors (role, scope). */
export async function grantProblems(db: Db, role: unknown, scope: unknown): Promise<FieldError[]> {
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return [{ path: 'role', message: `must be one of: ${ROLES.join(', ')}` }];
  const kind = ROLE_SCOPES[role as Role];
  const s = typeof scope === 'string' ? scope.trim() : scope === undefined || scope === null ? '' : null;
  if (s === null) return [{ path: 'scope', message: 'must be a string' }];
  if (kind === null) return s ? [{ path: 'scope', message: `must be empty: ${role} applies everywhere` }] : [];
  if (!s) return [{ path: 'scope', message: `is required for ${role}: a ${kind === 'country' ? 'country code (ISO 3166-1 alpha-2)' : kind === 'provider' ? 'provider id' : 'support-centre id'}` }];
  if (kind === 'country' && !hasConcept('countries', s)) return [{ path: 'scope', message: `"${s}" is not a country code` }];
  if (kind === 'provider') {
    const provider = /^prov-[0-9a-z]{10}$/.test(s) ? await findRecord(db, 'provider', s) : undefined;
    if (!provider) return [{ path: 'scope', message: `no provider has the id "${s}"` }];
    if (role === 'expert' && provider.doc.kind !== 'expert') return [{ path: 'scope', message: `"${s}" is an organisation: use provider_member` }];
    if (role === 'provider_member' && provider.doc.kind !== 'organisation') return [{ path: 'scope', message: `"${s}" is an individual expert: use expert` }];
  }
  if (kind === 'centre' && !(await findCentre(db, s))) return [{ path: 'scope', message: `no support centre has the id "${s}"` }];
  return [];
}

export interface GrantView {
  id: string;
  role: string;
  scope: string;
  grantedBy: string;
  grantedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
}

const grantView = (g: GrantRow): GrantView => ({
  id: g.id,
  role: g.role,
  scope: g.scope,
  grantedBy: g.grantedBy,
  grantedAt: g.grantedAt.toISOString(),
  revokedBy: g.revokedBy,
  revokedAt: g.revokedAt?.toISOString() ?? null,
});

export interface UserAdminView extends AccountView {
  locked: boolean;
  disabled: boolean;
  grants: GrantView[];
}

async function userAdminView(ctx: ServiceContext, user: UserRow): Promise<UserAdminView> {
  const grants = await allGrants(ctx.db, user.id);
  const active = grants.filter((g) => !g.revokedAt).map((g) => ({ role: g.role, scope: g.scope }));
  return { ...accountView(user, active), locked: Boolean(user.lockedUntil && user.lockedUntil > ctx.now()), disabled: Boolean(user.disabledAt), grants: grants.map(grantView) };
}

/**
 * Invites someone by e-mail with a role already attached. A new address gets an account without a
 * password and a link to choose one; an existing account simply gets the role (and a notice).
 */
export async function inviteUser(ctx: ServiceContext, input: { email?: unknown; name?: unknown; language?: unknown; role?: unknown; scope?: unknown }): Promise<UserAdminView> {
  assertCanAdminister(ctx.actor);
  const errors: FieldError[] = [];
  let email = '';
  try {
    email = normalizeEmail(input.email);
  } catch (e) {
    errors.push(...(e as AppError).fields);
  }
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim().length < 1 || input.name.length > 200)) errors.push({ path: 'name', message: 'must be 1 to 200 characters' });
  if (input.language !== undefined && !isLanguage(input.language)) errors.push({ path: 'language', message: 'must be one of ar, en, es, fr, ru, zh' });
  errors.push(...(await grantProblems(ctx.db, input.role, input.scope)));
  if (errors.length) throw validationError(errors, 'The invitation');
  const role = input.role as Role;
  const scope = typeof input.scope === 'string' ? input.scope.trim() : '';
  const now = ctx.now();
  let after: () => Promise<void> = async () => {};
  const userId = await ctx.db.transaction(async (tx) => {
    let user = await findUserByEmail(tx, email);
    if (!user) {
      const id = newRandomId('usr');
      const name = typeof input.name === 'string' ? input.name.trim() : email.split('@')[0]!;
      await insertUser(tx, { id, email, name, language: isLanguage(input.language) ? input.language : 'en', passwordHash: null, createdAt: now, updatedAt: now });
      user = (await findUserById(tx, id))!;
      after = await sendInvitation(ctx, tx, user, role);
      await audit(ctx, { action: 'account.invited', userId: id, subject: id, details: { email, role, scope } }, tx);
    } else if (!user.passwordHash) {
      after = await sendInvitation(ctx, tx, user, role);
    } else {
      after = roleGrantedMail(ctx, user, role);
    }
    await addGrant(ctx, tx, user.id, role, scope);
    return user.id;
  });
  await after();
  return userAdminView(ctx, (await findUserById(ctx.db, userId))!);
}

async function addGrant(ctx: ServiceContext, db: Db, userId: string, role: Role, scope: string): Promise<string> {
  const active = (await allGrants(db, userId)).find((g) => !g.revokedAt && g.role === role && g.scope === scope);
  if (active) return active.id;
  const id = newRandomId('grt');
  await insertGrant(db, { id, userId, role, scope, grantedBy: actorLabel(ctx.actor), grantedAt: ctx.now() });
  await audit(ctx, { action: 'role.granted', userId, subject: id, details: { role, scope } }, db);
  return id;
}

/** Gives a user a role (idempotent: an active identical grant is kept). */
export async function grantRole(ctx: ServiceContext, userId: string, input: { role?: unknown; scope?: unknown }): Promise<UserAdminView> {
  assertCanAdminister(ctx.actor);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('not_found', `No user has the id "${userId}"`);
  const problems = await grantProblems(ctx.db, input.role, input.scope);
  if (problems.length) throw validationError(problems, 'The role');
  const scope = typeof input.scope === 'string' ? input.scope.trim() : '';
  await ctx.db.transaction((tx) => addGrant(ctx, tx, userId, input.role as Role, scope));
  if (user.passwordHash && ctx.mail) await roleGrantedMail(ctx, user, String(input.role))().catch(() => undefined);
  return userAdminView(ctx, user);
}

/** Gives the creator of a provider profile membership of it (inside the creating transaction). */
export async function grantCreatorMembership(ctx: ServiceContext, db: Db, providerId: string, kind: string): Promise<void> {
  const a = ctx.actor;
  if (a.kind !== 'user' || !a.userId) return;
  await addGrant(ctx, db, a.userId, kind === 'expert' ? 'expert' : 'provider_member', providerId);
}

export async function revokeRole(ctx: ServiceContext, userId: string, grantId: string): Promise<UserAdminView> {
  assertCanAdminister(ctx.actor);
  const grant = await findGrant(ctx.db, grantId);
  if (!grant || grant.userId !== userId) throw new AppError('not_found', `User "${userId}" has no grant "${grantId}"`);
  await ctx.db.transaction(async (tx) => {
    if (!(await revokeGrant(tx, grantId, actorLabel(ctx.actor), ctx.now()))) throw new AppError('conflict', 'This grant was revoked already');
    await audit(ctx, { action: 'role.revoked', userId, subject: grantId, details: { role: grant.role, scope: grant.scope } }, tx);
  });
  return userAdminView(ctx, (await findUserById(ctx.db, userId))!);
}

export async function listUsers(ctx: ServiceContext, query: { q?: string; page: number; pageSize: number }): Promise<{ items: UserAdminView[]; total: number; page: number; pageSize: number }> {
  assertCanAdminister(ctx.actor, { reading: true });
  const { rows, total } = await queryUsers(ctx.db, query.q, query.page, query.pageSize);
  const items = [];
  for (const u of rows) items.push(await userAdminView(ctx, u));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function getUser(ctx: ServiceContext, userId: string): Promise<UserAdminView> {
  assertCanAdminister(ctx.actor, { reading: true });
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('not_found', `No user has the id "${userId}"`);
  return userAdminView(ctx, user);
}

/** Lifts a lock-out before it ends. */
export async function unlockUser(ctx: ServiceContext, userId: string): Promise<UserAdminView> {
  assertCanAdminister(ctx.actor);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('not_found', `No user has the id "${userId}"`);
  await updateUser(ctx.db, userId, { lockedUntil: null, failedSignins: 0, updatedAt: ctx.now() });
  await audit(ctx, { action: 'account.unlocked', userId, subject: userId });
  return getUser(ctx, userId);
}

/**
 * Disables an account (it can no longer sign in; its sessions end and its tokens stop working) or
 * enables it again. An administrator cannot disable their own account.
 */
export async function setUserDisabled(ctx: ServiceContext, userId: string, disabled: boolean): Promise<UserAdminView> {
  assertCanAdminister(ctx.actor);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('not_found', `No user has the id "${userId}"`);
  if (disabled && ctx.actor.kind === 'user' && ctx.actor.userId === userId) throw new AppError('conflict', 'You cannot disable your own account');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, userId, { disabledAt: disabled ? now : null, updatedAt: now });
    if (disabled) {
      await revokeUserSessions(tx, userId, now);
      await revokeUserTokens(tx, userId, now);
    }
    await audit(ctx, { action: disabled ? 'account.disabled' : 'account.enabled', userId, subject: userId }, tx);
  });
  return getUser(ctx, userId);
}

/** Turns a user's two-step sign-in off (they lost their authenticator); they are told by e-mail. */
export async function resetTwoStep(ctx: ServiceContext, userId: string): Promise<UserAdminView> {
  assertCanAdminister(ctx.actor);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('not_found', `No user has the id "${userId}"`);
  if (!user.totpEnabledAt) throw new AppError('conflict', 'Two-step sign-in is not on for this account');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, userId, { totpEnabledAt: null, totpSecret: null, totpLastStep: null, updatedAt: now });
    await audit(ctx, { action: 'account.totp_reset', userId, subject: userId }, tx);
  });
  await notifyUser(ctx, userId, 'twoStepOff');
  return getUser(ctx, userId);
}

export interface CentreView {
  id: string;
  name: string;
  host: string | null;
  region: string | null;
  email: string | null;
  /** UN M49 subregions assigned whole. */
  subregions: string[];
  /** Countries assigned one by one. */
  assignedCountries: string[];
  /** Every country served: the assigned ones and those of the subregions. */
  countries: string[];
}

function centreView(c: CentreRow): CentreView {
  return { id: c.id, name: c.name, host: c.host, region: c.region, email: c.email, subregions: c.subregions, assignedCountries: c.assignedCountries, countries: c.countries };
}

/** Support centres and the countries they serve (public). */
export async function listCentres(ctx: ServiceContext): Promise<CentreView[]> {
  return (await queryCentres(ctx.db)).map(centreView);
}

/**
 * Creates or replaces a support centre (administrators): its name, host organisation, region,
 * contact address, and the countries it serves — one by one, or by UN M49 subregion.
 */
export async function saveCentre(ctx: ServiceContext, id: string, input: { name?: unknown; host?: unknown; region?: unknown; email?: unknown; countries?: unknown; subregions?: unknown }): Promise<CentreView> {
  assertCanAdminister(ctx.actor);
  const errors: FieldError[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id)) errors.push({ path: 'id', message: 'must be 2 to 63 lower-case letters, digits and hyphens' });
  if (typeof input.name !== 'string' || input.name.trim().length < 1 || input.name.length > 300) errors.push({ path: 'name', message: 'must be 1 to 300 characters' });
  const optional = (v: unknown, field: string, max: number): string | null => {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string' || v.length > max) {
      errors.push({ path: field, message: `must be a text of at most ${max} characters` });
      return null;
    }
    return v.trim() || null;
  };
  const host = optional(input.host, 'host', 300);
  const region = optional(input.region, 'region', 20);
  if (region && (!hasConcept('regions', region) || (getConcept('regions', region)?.attributes as { level?: string } | undefined)?.level !== 'region')) errors.push({ path: 'region', message: `"${region}" is not a UN M49 region such as "M49-002"` });
  const email = optional(input.email, 'email', 320);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push({ path: 'email', message: 'must be an e-mail address', key: 'email' });
  const list = (v: unknown, field: string): string[] | null => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      errors.push({ path: field, message: 'must be a list' });
      return null;
    }
    return v as string[];
  };
  const countries = list(input.countries, 'countries');
  const subregions = list(input.subregions, 'subregions');
  countries?.forEach((c, i) => (typeof c === 'string' && hasConcept('countries', c)) || errors.push({ path: `countries[${i}]`, message: `"${String(c)}" is not a country code` }));
  subregions?.forEach((r, i) => (typeof r === 'string' && hasConcept('regions', r) && (countriesIn(r)?.length ?? 0) > 0) || errors.push({ path: `subregions[${i}]`, message: `"${String(r)}" is not a UN M49 subregion such as "M49-015"` }));
  if (errors.length) throw validationError(errors, 'The support centre');
  const assigned = [...new Set(countries!)].sort();
  const areas = [...new Set(subregions!)].sort();
  const served = [...new Set([...assigned, ...areas.flatMap((r) => countriesIn(r) ?? [])])].sort();
  const row = { id, name: String(input.name).trim(), host, region, email, subregions: areas, assignedCountries: assigned, countries: served };
  await ctx.db.transaction(async (tx) => {
    await upsertCentre(tx, { ...row, at: ctx.now() });
    await audit(ctx, { action: 'centre.saved', userId: null, subject: id, details: { countries: served.length, subregions: areas } }, tx);
  });
  return row;
}

/**
 * Which centres serve each UN member state, and those no centre serves (territories and
 * observer States are left out of both lists). Public.
 */
export async function centreCoverage(ctx: ServiceContext): Promise<{ countries: Array<{ code: string; centres: string[] }>; uncovered: string[] }> {
  const centres = await queryCentres(ctx.db);
  const all = (getVocabulary('countries')?.concepts ?? []).filter((c) => (c.attributes as { unMember?: boolean } | undefined)?.unMember !== false).map((c) => c.id);
  const countries = all.map((code) => ({ code, centres: centres.filter((c) => c.countries.includes(code)).map((c) => c.id) }));
  return { countries, uncovered: countries.filter((c) => c.centres.length === 0).map((c) => c.code) };
}

/** A user's active roles as {role, scope}. */
export async function getUserRoles(db: Db, userId: string): Promise<Array<{ role: string; scope: string }>> {
  return (await activeGrants(db, userId)).map((g) => ({ role: g.role, scope: g.scope }));
}
