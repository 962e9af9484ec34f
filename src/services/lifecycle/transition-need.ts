import { type CaseEventRow, listCaseEvents, listMatchesOfNeed } from '../../db/queries/cases.ts';
import { notify } from './notify.ts';
import { availableTransitions, type Role, type Transition } from '../../domain/lifecycle/need-lifecycle.ts';
import { scopesOf } from '../../policies/actor.ts';
import { completeAgreements } from './agreements.ts';
import { AppError } from '../../lib/errors.ts';
import { assertMove, assertSignedInWriter, canSeePersonalData, lifecycleRoles } from '../../policies/records.ts';
import { getConcept } from '../../vocab/catalog.ts';
import type { ServiceContext } from '../context.ts';
import type { PresentedRecord } from '../records/present-record.ts';
import { canonicalDoc } from '../records/record-write.ts';
import { writeNewVersion } from '../records/update-record.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { optionalText, readableNeed, recordMove, type Via } from './case-events.ts';

export interface TransitionInput {
  transition: string;
  reason?: string | null;
  /** How the requester reached the centre when staff act for them: 'email' or 'phone'. */
  via?: Via;
}

export interface LifecycleView {
  state: string;
  /** The moves the reader may make now. */
  available: Array<{ transition: string; to: string; reasonRequired: boolean }>;
  events: Array<{ id: string; at: string; kind: string; transition: string | null; from: string | null; to: string | null; reason: string | null; via: string; actor: string }>;
}


/**
 * Moves a request along its lifecycle (domain/lifecycle/need-lifecycle.ts): checks the move is
 * legal from its state and the actor's to make, keeps the new state as a new version with the
 * move in the case's events and the audit log (one transaction), then tells the people concerned
 * by e-mail in their own language.
 * Throws AppError: not_found, authentication_required / forbidden, validation_failed (reason),
 * conflict (not from this state, or someone saved in between), version_mismatch.
 */
export async function transitionNeed(ctx: ServiceContext, id: string, input: TransitionInput, expectedVersion?: number): Promise<PresentedRecord> {
  assertSignedInWriter(ctx.actor);
  const row = await readableNeed(ctx, id);
  const reason = optionalText(input.reason, 'reason', 'The move');
  const via = input.via ?? 'platform';
  const roles = lifecycleRoles(ctx.actor, row);
  if (via !== 'platform' && !roles.includes('reviewer')) {
    throw new AppError('forbidden', 'Only support-centre staff record a move made for a requester who wrote or phoned (via)');
  }
  const move = assertMove(ctx.actor, row, input.transition, reason, await providerRoles(ctx, row.id));
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new AppError('version_mismatch', `The need is at version ${row.version}, not ${expectedVersion}: reload it and try again`);
  }
  const before = canonicalDoc(REGISTRIES.need, row.doc);
  const doc = { ...before, status: move.to };
  const saved = await writeNewVersion(ctx, 'need', row, doc, [{ field: 'status', from: row.status, to: move.to }], {
    personal: canSeePersonalData(ctx.actor, 'need', row),
    within: async (tx, at) => {
      await recordMove(ctx, tx, { needId: id, name: move.name, from: row.status, to: move.to, reason, via, at });
      if (move.name === 'complete') await completeAgreements(tx, id, at);
    },
  });
  await notifyMove(ctx, saved, move, reason);
  return saved;
}

/** A request's state, the moves the reader may make, and its events (for those responsible for it). */
export async function needLifecycle(ctx: ServiceContext, id: string): Promise<LifecycleView> {
  const row = await readableNeed(ctx, id);
  const roles = ctx.actor.kind === 'anonymous' ? [] : [...lifecycleRoles(ctx.actor, row), ...(await providerRoles(ctx, id))];
  const responsible = canSeePersonalData(ctx.actor, 'need', row);
  const events: CaseEventRow[] = responsible ? await listCaseEvents(ctx.db, id) : [];
  return {
    state: row.status,
    available: availableTransitions(row.status, roles).map((t) => ({ transition: t.name, to: t.to, reasonRequired: t.reason === 'required' })),
    events: events.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, transition: e.name, from: e.fromState, to: e.toState, reason: e.reason, via: e.via, actor: e.actor })),
  };
}

/** 'provider' when the actor belongs to a provider whose match on the request was accepted or agreed. */
async function providerRoles(ctx: ServiceContext, needId: string): Promise<Role[]> {
  const mine = scopesOf(ctx.actor, 'provider_member', 'expert');
  if (mine.length === 0) return [];
  const matches = await listMatchesOfNeed(ctx.db, needId);
  return matches.some((m) => mine.includes(m.providerId) && (m.state === 'accepted' || m.state === 'agreed')) ? ['provider'] : [];
}

/** Tells the people concerned, in their language; a mail that cannot be sent is logged, the move stands. */
async function notifyMove(ctx: ServiceContext, need: PresentedRecord, move: Transition, reason: string | null): Promise<void> {
  if (!ctx.mail) return;
  // The providers concerned are those party to the request's matches still under way.
  const providerIds = move.notify.includes('providers') ? (await listMatchesOfNeed(ctx.db, need.id)).filter((m) => m.state !== 'declined').map((m) => m.providerId) : [];
  await notify(ctx, { need, providerId: providerIds, audiences: move.notify }, { subject: 'mail.needMoved.subject', body: `mail.needMoved.body_${move.name}` }, (lang) => ({
    state: getConcept('need-statuses', move.to)?.labels[lang] ?? move.to,
    ...(reason ? { reason } : {}),
  }));
}
