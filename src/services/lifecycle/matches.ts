import { findMatch, findOpenMatch, insertMatch, listMatchesOfNeed, type MatchRow, updateMatchAtVersion } from '../../db/queries/cases.ts';
import { findRecord } from '../../db/queries/records.ts';
import { checkMatchMove, type MatchRole } from '../../domain/lifecycle/match-lifecycle.ts';
import { MATCHABLE_STATUSES } from '../../domain/records/statuses.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { newRandomId, type RecordType, recordTypeOfId } from '../../lib/ids.ts';
import { type Actor, actorLabel, scopesOf } from '../../policies/actor.ts';
import { assertSignedInWriter, canRead, lifecycleRoles, type RecordFacts, refuseMove } from '../../policies/records.ts';
import type { ServiceContext } from '../context.ts';
import { insertCaseEvent } from '../../db/queries/cases.ts';
import { audit } from '../audit/audit.ts';
import { optionalText, readableNeed } from './case-events.ts';
import { withPlatformMove } from './platform-move.ts';
import { notify, type Recipients } from './notify.ts';
import type { Db } from '../../db/client.ts';

export interface MatchView {
  id: string;
  needId: string;
  offerType: 'provider' | 'opportunity';
  offerId: string;
  providerId: string;
  state: string;
  proposedAs: string;
  note: string | null;
  requesterAccepted: boolean;
  providerAccepted: boolean;
  declineReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The moves the reader may make now. */
  available: string[];
}


/** The parts the actor plays in a match. */
export function matchRoles(actor: Actor, need: RecordFacts, providerId: string): MatchRole[] {
  const roles: MatchRole[] = [];
  const onNeed = lifecycleRoles(actor, need);
  if (onNeed.includes('owner')) roles.push('requester');
  if (scopesOf(actor, 'provider_member', 'expert').includes(providerId) || actor.kind === 'system') roles.push('provider');
  if (onNeed.includes('reviewer')) roles.push('reviewer');
  if (actor.kind === 'system') roles.push('system');
  return roles;
}

function view(m: MatchRow, roles: MatchRole[]): MatchView {
  const available = ['express_interest', 'accept', 'decline'].filter((name) => checkMatchMove(m, name, roles, 'x').ok);
  return {
    id: m.id,
    needId: m.needId,
    offerType: m.offerType as 'provider' | 'opportunity',
    offerId: m.offerId,
    providerId: m.providerId,
    state: m.state,
    proposedAs: m.proposedAs,
    note: m.note,
    requesterAccepted: !!m.requesterAcceptedAt,
    providerAccepted: !!m.providerAcceptedAt,
    declineReason: m.declineReason,
    version: m.version,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    available,
  };
}

/**
 * Proposes a match between a request and an offer (a provider profile or an opportunity). Made by
 * the request's owners, the centre staff reviewing it, or a member of the provider. The request must
 * be looking for partners and the offer published; a request that was only published now enters
 * matchmaking. The other side and the covering centre are told.
 */
export async function proposeMatch(ctx: ServiceContext, needId: string, input: { offerId: string; note?: string | null }): Promise<MatchView> {
  assertSignedInWriter(ctx.actor);
  const need = await readableNeed(ctx, needId);
  const offerType = recordTypeOfId(input.offerId);
  if (offerType !== 'provider' && offerType !== 'opportunity') throw validationError([{ path: 'offerId', message: 'must be the id of a provider or an opportunity', key: 'format' }], 'The match');
  const offer = await findRecord(ctx.db, offerType, input.offerId);
  if (!offer || !canRead(ctx.actor, offerType, offer)) throw validationError([{ path: 'offerId', message: `no ${offerType} has the id "${input.offerId}"`, key: 'unknownProvider' }], 'The match');
  const providerId = offerType === 'provider' ? offer.id : String(offer.doc.providerId);
  const roles = matchRoles(ctx.actor, need, providerId);
  const as = roles.includes('reviewer') ? 'reviewer' : roles.includes('requester') ? 'requester' : roles.includes('provider') ? 'provider' : undefined;
  if (!as) throw new AppError('forbidden', "A match is proposed by the request's owners, the support centre reviewing it, or a member of the provider");
  if (!MATCHABLE_STATUSES.need.includes(need.status)) throw new AppError('conflict', `A request that is ${need.status} is not looking for partners: matches are proposed while it is published or in matchmaking`);
  if (!MATCHABLE_STATUSES[offerType].includes(offer.status)) throw new AppError('conflict', `The ${offerType} is ${offer.status}: only published offers are matched`);
  if (await findOpenMatch(ctx.db, needId, offerType, offer.id)) throw new AppError('conflict', 'This request and this offer are matched already');
  const note = optionalText(input.note, 'note', 'The match');

  const now = ctx.now();
  const row: MatchRow = {
    id: newRandomId('mat'),
    needId,
    offerType,
    offerId: offer.id,
    providerId,
    state: 'proposed',
    proposedBy: actorLabel(ctx.actor),
    proposedAs: as,
    note,
    // Whoever proposes from one side has said yes for that side.
    requesterAcceptedAt: as === 'requester' ? now : null,
    providerAcceptedAt: as === 'provider' ? now : null,
    providerAnsweredAt: as === 'provider' ? now : null,
    declineReason: null,
    declinedBy: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const within = async (tx: Db, at: Date) => {
    await insertMatch(tx, row);
    await matchEvent(ctx, tx, row, 'propose', null, at);
  };
  // The first proposal opens matchmaking on a request that was only published.
  await withPlatformMove(ctx, need, 'open_matchmaking', within, { by: 'matchmaking', moveFirst: true });
  await notify(ctx, { need: { ...need.doc, id: needId }, providerId, audiences: as === 'provider' ? ['owners', 'centre'] : as === 'requester' ? ['providers', 'centre'] : ['owners', 'providers'] } satisfies Recipients, 'matchProposed', { offer: String(offer.doc.title ?? offer.doc.name) });
  return view(row, roles);
}

/** A request's matches, for its owners and reviewers (all) and a provider's members (their own). */
export async function listMatches(ctx: ServiceContext, needId: string): Promise<MatchView[]> {
  const need = await readableNeed(ctx, needId);
  const rows = await listMatchesOfNeed(ctx.db, needId);
  return rows
    .map((m) => ({ m, roles: matchRoles(ctx.actor, need, m.providerId) }))
    .filter(({ roles }) => roles.length > 0)
    .map(({ m, roles }) => view(m, roles));
}

/**
 * Moves a match: express interest, accept (the match is accepted once both sides have), decline
 * with a reason. When both sides have accepted, the request is matched (if it was still looking).
 */
export async function moveMatch(ctx: ServiceContext, matchId: string, input: { transition: string; reason?: string | null }, expectedVersion?: number): Promise<MatchView> {
  assertSignedInWriter(ctx.actor);
  const m = await findMatch(ctx.db, matchId);
  const need = m ? await findRecord(ctx.db, 'need', m.needId) : undefined;
  const roles = m && need && canRead(ctx.actor, 'need', need) ? matchRoles(ctx.actor, need, m.providerId) : [];
  if (!m || !need || roles.length === 0) throw new AppError('not_found', `No match has the id "${matchId}"`);
  const reason = optionalText(input.reason, 'reason', 'The move');
  if (input.transition === 'agree') throw new AppError('conflict', 'A match is agreed by recording the cooperation agreement');
  const move = checkMatchMove(m, input.transition, roles, reason);
  if (!move.ok) refuseMove(move.problem, move.message);
  if (expectedVersion !== undefined && expectedVersion !== m.version) throw new AppError('version_mismatch', `The match is at version ${m.version}, not ${expectedVersion}: reload it and try again`);
  const now = ctx.now();
  const bySide: 'requester' | 'provider' | 'reviewer' = move.accepts ?? (roles.includes('provider') && !roles.includes('requester') ? 'provider' : roles.includes('requester') ? 'requester' : 'reviewer');
  const values: Partial<MatchRow> = { state: move.to, updatedAt: now };
  if (move.accepts === 'requester') values.requesterAcceptedAt = now;
  if (move.accepts === 'provider') values.providerAcceptedAt = now;
  if (bySide === 'provider' && !m.providerAnsweredAt) values.providerAnsweredAt = now;
  if (move.to === 'declined') Object.assign(values, { declineReason: reason, declinedBy: actorLabel(ctx.actor) });
  const after = { ...m, ...values, version: m.version + 1 } as MatchRow;
  const save = async (tx: Db, at: Date) => {
    if (!(await updateMatchAtVersion(tx, m.id, m.version, values))) throw new AppError('conflict', 'The match was changed by someone else at the same moment: reload it and try again');
    await matchEvent(ctx, tx, after, input.transition, reason, at);
  };
  // Accepted by both sides: the request, if still looking for partners, is matched.
  if (move.to === 'accepted') await withPlatformMove(ctx, need, 'match', save, { by: 'matchmaking' });
  else await ctx.db.transaction(async (tx) => save(tx, now));
  const offer = await findRecord(ctx.db, m.offerType as RecordType, m.offerId);
  const audiences = bySide === 'provider' ? (['owners', 'centre'] as const) : bySide === 'requester' ? (['providers', 'centre'] as const) : (['owners', 'providers'] as const);
  const kind = move.to === 'accepted' ? 'matchAccepted' : move.to === 'declined' ? 'matchDeclined' : 'matchInterest';
  await notify(ctx, { need: { ...need.doc, id: need.id }, providerId: m.providerId, audiences: move.to === 'accepted' ? ['owners', 'providers', 'centre'] : [...audiences] }, kind, { offer: String(offer?.doc.title ?? offer?.doc.name ?? m.offerId), reason: reason ?? '' });
  return view(after, roles);
}

async function matchEvent(ctx: ServiceContext, tx: Db, m: MatchRow, name: string, reason: string | null, at: Date): Promise<void> {
  await insertCaseEvent(tx, {
    id: newRandomId('evt'),
    needId: m.needId,
    at,
    kind: 'match',
    name,
    fromState: null,
    toState: m.state,
    reason,
    via: 'platform',
    actor: actorLabel(ctx.actor),
    userId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    data: { matchId: m.id, offerId: m.offerId, providerId: m.providerId },
  });
  await audit(ctx, { action: 'match.moved', subject: m.id, details: { need: m.needId, move: name, state: m.state } }, tx);
}
