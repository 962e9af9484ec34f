import { AppError } from '../lib/errors.ts';
import type { RecordType } from '../lib/ids.ts';
import { PUBLIC_STATUSES } from '../domain/records/statuses.ts';
import { type Actor, hasRole, isAdmin, scopesOf } from './actor.ts';
import { availableTransitions, checkTransition, type Role as LifecycleRole, type Transition, transitionBetween } from '../domain/lifecycle/need-lifecycle.ts';

// The one place that says who may do what with records (docs/SECURITY.md has the table). Services
// ask assertCanWrite / canRead / canSeePersonalData; list queries are scoped with readScope(),
// which the query layer turns into SQL conditions with the same meaning as canRead().
//
// Ownership:
// - a need belongs to the focal points of its requesting countries and to the members of the
//   submitting organisation's provider profile (organisation.providerId); the staff of a centre
//   covering one of its countries may read it and edit its review fields; the global coordinating
//   entity may edit any need;
// - a provider profile belongs to its members (provider_member or expert grants on its id); staff
//   of a centre covering the country it is based in may read it;
// - an opportunity belongs to the members of its provider.

/** The facts about a record the rules look at. */
export interface RecordFacts {
  id: string;
  status: string;
  doc: Record<string, unknown>;
}

/** Fields centre staff may change on a need they review (triage, classification, status). */
export const NEED_REVIEW_FIELDS = ['status', 'targets', 'subjects', 'assistanceTypes'] as const;

/** Statuses a need may start in when its owners create it; reviewers (centre staff, the global coordinating entity, administrators) move it on. */
export const NEED_OWNER_STATUSES = ['draft', 'submitted'] as const;

const needCountries = (doc: Record<string, unknown>) => (Array.isArray(doc.countries) ? (doc.countries as string[]) : []);
const needProvider = (doc: Record<string, unknown>) => (doc.organisation as { providerId?: string | null } | undefined)?.providerId ?? null;
const providerBase = (doc: Record<string, unknown>) => (doc.kind === 'expert' ? doc.nationality : doc.country) as string | undefined;

function memberOf(actor: Actor, providerId: string | null | undefined): boolean {
  return !!providerId && scopesOf(actor, 'provider_member', 'expert').includes(providerId);
}

function centreCovers(actor: Actor, countries: readonly (string | undefined)[]): boolean {
  if (actor.kind !== 'user' || actor.centreCountries.length === 0) return false;
  return countries.some((c) => c !== undefined && actor.centreCountries.includes(c));
}

/** Owns the record: may edit all its fields (within the status rules). */
function owns(actor: Actor, type: RecordType, r: RecordFacts): boolean {
  switch (type) {
    case 'need':
      return needCountries(r.doc).some((c) => scopesOf(actor, 'focal_point').includes(c)) || memberOf(actor, needProvider(r.doc));
    case 'provider':
      return memberOf(actor, r.id);
    case 'opportunity':
      return memberOf(actor, r.doc.providerId as string);
  }
}

/** Responsible centre staff: may read the record (and review a need). */
function reviews(actor: Actor, type: RecordType, r: RecordFacts): boolean {
  if (type === 'need') return centreCovers(actor, needCountries(r.doc));
  if (type === 'provider') return centreCovers(actor, [providerBase(r.doc)]);
  return false;
}

/** The parts the actor plays in a request's lifecycle (domain/lifecycle/need-lifecycle.ts). */
export function lifecycleRoles(actor: Actor, need: RecordFacts): LifecycleRole[] {
  if (actor.kind === 'system') return ['owner', 'reviewer', 'provider', 'system'];
  const roles: LifecycleRole[] = [];
  if (owns(actor, 'need', need)) roles.push('owner');
  if (isAdmin(actor) || hasRole(actor, 'gce') || reviews(actor, 'need', need)) roles.push('reviewer');
  return roles;
}

/**
 * Throws unless moving the request from its state to `to` is a move of its lifecycle that the
 * actor may make: 409 when no move leads there, 403 when the move is someone else's, 400 when the
 * move needs a reason (given through the transitions endpoint, not by editing the status).
 */
export function assertLegalMove(actor: Actor, need: RecordFacts, to: string, reason?: string | null): Transition {
  const move = transitionBetween(need.status, to);
  if (!move) {
    const allowed = availableTransitions(need.status, lifecycleRoles(actor, need)).map((t) => `${t.name} → ${t.to}`);
    throw new AppError('conflict', `A request that is ${need.status} cannot become ${to}${allowed.length ? `; from here: ${allowed.join(', ')}` : ''}`, [{ path: 'status', message: `cannot go from ${need.status} to ${to}`, key: 'illegalTransition' }]);
  }
  return assertMove(actor, need, move.name, reason);
}

/** Throws unless the actor may make the lifecycle move `name` on the request now (see assertLegalMove). */
export function assertMove(actor: Actor, need: RecordFacts, name: string, reason?: string | null, extraRoles: readonly LifecycleRole[] = []): Transition {
  const check = checkTransition(need.status, name, [...lifecycleRoles(actor, need), ...extraRoles], reason);
  if (check.ok) return check.transition;
  return refuseMove(check.problem, check.message);
}

/**
 * The error for a refused move of a request or of a match: someone else's move 403, a missing
 * reason or an unknown move 400, a move not possible from here 409.
 */
export function refuseMove(problem: string, message: string): never {
  if (problem === 'not_yours') throw new AppError('forbidden', message);
  if (problem === 'reason_required') throw new AppError('validation_failed', message, [{ path: 'reason', message: 'is required for this move', key: 'reasonRequired' }]);
  if (problem === 'unknown_transition') throw new AppError('validation_failed', message, [{ path: 'transition', message, key: 'choice' }]);
  throw new AppError('conflict', message, [{ path: 'transition', message, key: 'illegalTransition' }]);
}

/** Throws unless the actor could write anything at all: signed in, and not with a read-only token. */
export function assertSignedInWriter(actor: Actor): void {
  if (actor.kind === 'anonymous') {
    throw new AppError('authentication_required', 'Sign in, or send an API token as Authorization: Bearer <token>');
  }
  if (actor.kind === 'user' && actor.readOnly) throw new AppError('forbidden', 'This API token is read-only');
}

/**
 * Throws unless `actor` may create a record (`before` absent) or change `before` into `after`.
 * `changed` lists the fields that differ (for review-only rights). Call it once without `after`
 * before validating input (to refuse early), and once with the validated result.
 */
export function assertCanWrite(actor: Actor, type: RecordType, change: { before?: RecordFacts; after?: RecordFacts; changed?: readonly string[] } = {}): void {
  assertSignedInWriter(actor);
  const { before, after, changed } = change;
  // A request changes state only by a move of its lifecycle, whoever edits it.
  if (type === 'need' && before && after && after.status !== before.status) assertLegalMove(actor, before, after.status);
  if (isAdmin(actor)) return;
  const label = type === 'opportunity' ? 'opportunity' : type;
  if (type === 'need') {
    const gce = hasRole(actor, 'gce');
    if (gce) return;
    const ownerBefore = before ? owns(actor, type, before) : true;
    const ownerAfter = after ? owns(actor, type, after) : true;
    if (before && !ownerBefore && reviews(actor, type, before)) {
      // Centre staff: review fields only.
      const outside = (changed ?? []).filter((f) => !(NEED_REVIEW_FIELDS as readonly string[]).includes(f));
      if (outside.length) throw new AppError('forbidden', `Support-centre staff may change only ${NEED_REVIEW_FIELDS.join(', ')} of a need, not ${outside.join(', ')}`);
      if (after && !reviews(actor, type, after)) throw new AppError('forbidden', 'This change would move the need out of the countries your centre covers');
      return;
    }
    if (!before && !after) {
      // Refusing early: anyone with a focal-point, provider or centre role may try; the validated record decides.
      if (scopesOf(actor, 'focal_point', 'provider_member', 'centre_staff').length === 0) {
        throw new AppError('forbidden', "Only a country's focal point, a member of the requesting organisation's profile or a support centre covering the country may submit a need");
      }
      return;
    }
    if (!ownerBefore) throw new AppError('forbidden', `You may not change this ${label}: it belongs to its requesting countries' focal points and its organisation`);
    // Centre staff record a request for a requester who wrote or phoned, in a country their centre covers.
    if (!before && after && !ownerAfter && reviews(actor, type, after)) {
      if (!(NEED_OWNER_STATUSES as readonly string[]).includes(after.status)) {
        throw new AppError('forbidden', `A new need starts as ${NEED_OWNER_STATUSES.join(' or ')}; it is published after its review`);
      }
      return;
    }
    if (!ownerAfter) {
      throw new AppError('forbidden', "The need must name a requesting country you are the focal point of, or an organisation profile (organisation.providerId) you are a member of");
    }
    const status = after?.status;
    if (!before && status && !(NEED_OWNER_STATUSES as readonly string[]).includes(status)) {
      throw new AppError('forbidden', `A new need starts as ${NEED_OWNER_STATUSES.join(' or ')}; "${status}" is set later by the support centre that reviews it`);
    }
    return;
  }
  if (type === 'provider') {
    // Any signed-in person may create a profile (and becomes its member); only members change it.
    if (before && !owns(actor, type, before)) throw new AppError('forbidden', 'You may not change this provider profile: it belongs to its members');
    return;
  }
  // Opportunities: members of the provider offering it, before and after.
  if (before && !owns(actor, type, before)) throw new AppError('forbidden', "You may not change this opportunity: it belongs to its provider's members");
  if (after && !owns(actor, type, after)) throw new AppError('forbidden', 'You may offer opportunities only for a provider profile you are a member of (providerId)');
  if (!before && !after && scopesOf(actor, 'provider_member', 'expert').length === 0) {
    throw new AppError('forbidden', 'Only members of a provider profile may offer opportunities');
  }
}

/**
 * Throws unless an administrator acts (accounts, roles, centres, the audit log, bulk import and
 * export). A read-only token of one may only read (`reading`).
 */
export function assertCanAdminister(actor: Actor, options: { reading?: boolean } = {}): void {
  if (actor.kind === 'anonymous') throw new AppError('authentication_required', 'Sign in, or send an API token as Authorization: Bearer <token>');
  if (!isAdmin(actor)) throw new AppError('forbidden', 'Only an administrator may do this');
  if (!options.reading && actor.kind === 'user' && actor.readOnly) throw new AppError('forbidden', 'This API token is read-only');
}

/** Whether the actor may read this record at all (others get "not found", so drafts stay secret). */
export function canRead(actor: Actor, type: RecordType, record: RecordFacts): boolean {
  if (PUBLIC_STATUSES[type].includes(record.status)) return true;
  if (isAdmin(actor) || hasRole(actor, 'gce')) return true;
  return owns(actor, type, record) || reviews(actor, type, record);
}

/** Whether contact e-mails and phone numbers of this record may be shown to the actor. */
export function canSeePersonalData(actor: Actor, type: RecordType, record: RecordFacts): boolean {
  if (isAdmin(actor) || hasRole(actor, 'gce')) return true;
  return owns(actor, type, record) || reviews(actor, type, record);
}

/**
 * Which records of `type` the actor may read, for list queries: 'all', or the public statuses plus
 * the records the actor owns or reviews. The query layer turns it into SQL (db/queries/records.ts
 * scopeCondition) with exactly canRead()'s meaning.
 */
export type ReadScope =
  | 'all'
  | {
      publicStatuses: readonly string[];
      /** Needs: requesting countries the actor is focal point of. */
      focalCountries: string[];
      /** Provider profiles the actor is a member of. */
      providers: string[];
      /** Countries covered by the actor's centres (needs by requesting country, providers by base country). */
      centreCountries: string[];
    };

export function readScope(actor: Actor, type: RecordType): ReadScope {
  if (isAdmin(actor) || hasRole(actor, 'gce')) return 'all';
  const user = actor.kind === 'user';
  return {
    publicStatuses: PUBLIC_STATUSES[type],
    focalCountries: type === 'need' ? scopesOf(actor, 'focal_point') : [],
    providers: scopesOf(actor, 'provider_member', 'expert'),
    centreCountries: user && type !== 'opportunity' ? [...actor.centreCountries] : [],
  };
}
