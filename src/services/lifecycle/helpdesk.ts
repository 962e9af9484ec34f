import { centresCovering, insertCaseEvent, listCaseEvents, listMatchesOfNeed, queueRows, userWithGrant } from '../../db/queries/cases.ts';
import { findCentre } from '../../db/queries/accounts.ts';
import type { RecordRow } from '../../db/queries/records.ts';
import { OPEN_STATES } from '../../domain/lifecycle/need-lifecycle.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { newRandomId } from '../../lib/ids.ts';
import { actorLabel, hasRole, isAdmin, scopesOf } from '../../policies/actor.ts';
import { assertSignedInWriter, lifecycleRoles } from '../../policies/records.ts';
import type { ServiceContext } from '../context.ts';
import { audit } from '../audit/audit.ts';
import { readableNeed, requiredText, type Via } from './case-events.ts';
import { notify } from './notify.ts';

// The support centres' help desk: queues, assignment, internal notes, questions to the requester
// and answers, escalation to the global coordinating entity, and the conversation on a request.
// Everything is a case event (case_events), so the case's memory survives changes of staff.

/** What a centre has to do next with a request in each state (a key of the interface catalogs: queue.next_<state>). */
export const NEXT_ACTION: Record<string, string> = {
  draft: 'none',
  submitted: 'review',
  under_review: 'decide',
  returned: 'wait_requester',
  published: 'propose',
  in_matchmaking: 'follow_matches',
  matched: 'agreement',
  agreed: 'start',
  in_implementation: 'follow_progress',
};
const QUEUE_STATES = OPEN_STATES.filter((s) => s !== 'draft');

export interface QueueItem {
  id: string;
  title: string;
  status: string;
  countries: string[];
  /** Days since the request was created, and since anything last happened. */
  ageDays: number;
  idleDays: number;
  nextAction: string;
  assignee: string | null;
  escalated: boolean;
  openQuestion: boolean;
  flagged: boolean;
}

export interface CaseEventView {
  id: string;
  at: string;
  kind: string;
  name: string | null;
  text: string | null;
  via: string;
  actor: string;
  data: Record<string, unknown>;
}

function assertReviewer(ctx: ServiceContext, need: RecordRow, what: string): void {
  if (!lifecycleRoles(ctx.actor, need).includes('reviewer')) throw new AppError('forbidden', `Only the support centres covering the request, the global coordinating entity and administrators ${what}`);
}

function ageOf(ctx: ServiceContext, from: Date): number {
  return Math.max(0, Math.floor((ctx.now().getTime() - from.getTime()) / 86_400_000));
}

async function queueOf(ctx: ServiceContext, countries: string[] | null, page: number, pageSize: number) {
  const { rows, total } = await queueRows(ctx.db, { countries, states: QUEUE_STATES, limit: pageSize, offset: (page - 1) * pageSize });
  const items: QueueItem[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    countries: r.countries,
    ageDays: ageOf(ctx, r.createdAt),
    idleDays: ageOf(ctx, r.lastActivity),
    nextAction: r.openQuestion ? 'wait_requester' : NEXT_ACTION[r.status] ?? 'none',
    assignee: r.assignee,
    escalated: r.escalated,
    openQuestion: r.openQuestion,
    flagged: r.flagged,
  }));
  return { items, total, page, pageSize };
}

/** A centre's queue: the open requests of the countries it covers, the longest idle first. Its staff, the global coordinating entity and administrators. */
export async function centreQueue(ctx: ServiceContext, centreId: string, page = 1, pageSize = 50) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('authentication_required', 'Sign in, or send an API token as Authorization: Bearer <token>');
  const centre = await findCentre(ctx.db, centreId);
  const mine = scopesOf(ctx.actor, 'centre_staff').includes(centreId) || isAdmin(ctx.actor) || hasRole(ctx.actor, 'gce');
  if (!centre || !mine) throw new AppError(centre ? 'forbidden' : 'not_found', centre ? "Only this centre's staff, the global coordinating entity and administrators see its queue" : `No support centre has the id "${centreId}"`);
  return { centre: { id: centre.id, name: centre.name }, ...(await queueOf(ctx, centre.countries, page, pageSize)) };
}

/** The global help desk: requests escalated by a centre, and open requests of countries no centre covers. The global coordinating entity and administrators. */
export async function globalQueue(ctx: ServiceContext, page = 1, pageSize = 50) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('authentication_required', 'Sign in, or send an API token as Authorization: Bearer <token>');
  if (!isAdmin(ctx.actor) && !hasRole(ctx.actor, 'gce')) throw new AppError('forbidden', 'Only the global coordinating entity and administrators see the global queue');
  return queueOf(ctx, null, page, pageSize);
}

async function addEvent(ctx: ServiceContext, needId: string, kind: string, fields: { name?: string; reason?: string | null; via?: Via; data?: Record<string, unknown> }): Promise<string> {
  const id = newRandomId('evt');
  await ctx.db.transaction(async (tx) => {
    await insertCaseEvent(tx, {
      id,
      needId,
      at: ctx.now(),
      kind,
      name: fields.name ?? kind,
      reason: fields.reason ?? null,
      via: fields.via ?? 'platform',
      actor: actorLabel(ctx.actor),
      userId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      data: fields.data ?? {},
    });
    await audit(ctx, { action: 'case.updated', subject: needId, details: { kind, event: id } }, tx);
  });
  return id;
}

/** Gives the case to a colleague who may review it (or takes it: `userId` of oneself); the assignee is told. */
export async function assignCase(ctx: ServiceContext, needId: string, input: { userId?: unknown }) {
  assertSignedInWriter(ctx.actor);
  const need = await readableNeed(ctx, needId);
  assertReviewer(ctx, need, 'assign a case');
  const userId = typeof input.userId === 'string' ? input.userId : '';
  const centres = await centresCovering(ctx.db, (need.doc.countries as string[]) ?? []);
  const assignee = await userWithGrant(ctx.db, userId, [...centres.map((c) => ({ role: 'centre_staff', scope: c })), { role: 'gce', scope: '' }, { role: 'admin', scope: '' }]);
  if (!assignee) throw validationError([{ path: 'userId', message: 'must be a colleague who may review this request (staff of a centre covering it, or of the global coordinating entity)', key: 'choice' }], 'The assignment');
  const id = await addEvent(ctx, needId, 'assignment', { data: { userId: assignee.id, name: assignee.name } });
  if (assignee.id !== (ctx.actor.kind === 'user' ? ctx.actor.userId : '')) {
    await notify(ctx, { need: { ...need.doc, id: needId }, audiences: [] }, 'caseAssigned', {}, [assignee]);
  }
  return { id, assignee: { id: assignee.id, name: assignee.name } };
}

/** An internal note on the case: seen by the reviewers only. */
export async function addNote(ctx: ServiceContext, needId: string, input: { text?: unknown }) {
  assertSignedInWriter(ctx.actor);
  const need = await readableNeed(ctx, needId);
  assertReviewer(ctx, need, 'write internal notes');
  return { id: await addEvent(ctx, needId, 'note', { reason: requiredText(input.text, 'text', 'The note') }) };
}

/** Asks the requester a question; the request's owners are told and answer on the platform. */
export async function askClarification(ctx: ServiceContext, needId: string, input: { question?: unknown }) {
  assertSignedInWriter(ctx.actor);
  const need = await readableNeed(ctx, needId);
  assertReviewer(ctx, need, 'ask the requester for clarification');
  const question = requiredText(input.question, 'question', 'The question');
  const id = await addEvent(ctx, needId, 'clarification', { reason: question });
  await notify(ctx, { need: { ...need.doc, id: needId }, audiences: ['owners'] }, 'clarificationAsked', { text: question });
  return { id };
}

/** The question to the requester still waiting for an answer, among a case's events in order. */
export function openQuestion<E extends { kind: string }>(events: readonly E[]): E | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.kind === 'answer') return undefined;
    if (events[i]!.kind === 'clarification') return events[i];
  }
  return undefined;
}

/** The requester's answer (or the centre recording one that came by e-mail or phone); the centre is told. */
export async function answerClarification(ctx: ServiceContext, needId: string, input: { answer?: unknown; via?: Via }) {
  assertSignedInWriter(ctx.actor);
  const need = await readableNeed(ctx, needId);
  const roles = lifecycleRoles(ctx.actor, need);
  const via = input.via ?? 'platform';
  if (!roles.includes('owner') && !(roles.includes('reviewer') && via !== 'platform')) {
    throw new AppError('forbidden', "The request's owners answer; centre staff may record an answer that came by e-mail or phone (via)");
  }
  const answer = requiredText(input.answer, 'answer', 'The answer');
  const lastQuestion = openQuestion(await listCaseEvents(ctx.db, needId));
  if (!lastQuestion) throw new AppError('conflict', 'No question is waiting for an answer on this request');
  const id = await addEvent(ctx, needId, 'answer', { reason: answer, via, data: { question: lastQuestion.id } });
  await notify(ctx, { need: { ...need.doc, id: needId }, audiences: ['centre'] }, 'clarificationAnswered', { text: answer });
  return { id };
}

/** A centre hands the case to the global coordinating entity, which is told; it then appears in the global queue. */
export async function escalateCase(ctx: ServiceContext, needId: string, input: { reason?: unknown }) {
  assertSignedInWriter(ctx.actor);
  const need = await readableNeed(ctx, needId);
  assertReviewer(ctx, need, 'escalate a case');
  const reason = requiredText(input.reason, 'reason', 'The escalation');
  const id = await addEvent(ctx, needId, 'escalation', { reason });
  await notify(ctx, { need: { ...need.doc, id: needId }, audiences: ['gce'] }, 'caseEscalated', { reason });
  return { id };
}

/** Who takes part in a request's conversation: owners, reviewers, providers with a match on it. */
async function conversationRoles(ctx: ServiceContext, need: RecordRow) {
  const roles = lifecycleRoles(ctx.actor, need);
  const matches = (await listMatchesOfNeed(ctx.db, need.id)).filter((m) => m.state !== 'declined');
  const providers = scopesOf(ctx.actor, 'provider_member', 'expert');
  const myMatches = matches.filter((m) => providers.includes(m.providerId)).map((m) => m.id);
  return { owner: roles.includes('owner'), reviewer: roles.includes('reviewer'), myMatches, matches };
}

/**
 * Posts a message on a request's conversation (or, with `matchId`, on one match's), seen by its
 * owners, the reviewing centre and the providers party to it; they are told by e-mail.
 */
export async function postMessage(ctx: ServiceContext, needId: string, input: { text?: unknown; matchId?: unknown }) {
  assertSignedInWriter(ctx.actor);
  const need = await readableNeed(ctx, needId);
  const who = await conversationRoles(ctx, need);
  const matchId = typeof input.matchId === 'string' && input.matchId ? input.matchId : null;
  const match = matchId ? who.matches.find((m) => m.id === matchId) : undefined;
  if (matchId && !match) throw validationError([{ path: 'matchId', message: 'is not a match of this request under way', key: 'choice' }], 'The message');
  const allowed = who.owner || who.reviewer || (match ? who.myMatches.includes(match.id) : who.myMatches.length > 0);
  if (!allowed) throw new AppError('forbidden', "Messages on a request are written by its owners, the centre reviewing it and the providers party to its matches");
  const body = requiredText(input.text, 'text', 'The message');
  const id = await addEvent(ctx, needId, 'message', { reason: body, data: match ? { matchId: match.id, providerId: match.providerId } : {} });
  const providerIds = match ? [match.providerId] : who.matches.map((m) => m.providerId);
  await notify(ctx, { need: { ...need.doc, id: needId }, providerId: providerIds, audiences: ['owners', 'centre', 'providers'] }, 'newMessage', { text: body });
  return { id };
}

/**
 * A request's case events as the reader may see them: reviewers everything; owners all but the
 * internal notes; providers party to a match the conversation about it (and the general one).
 */
export async function caseEvents(ctx: ServiceContext, needId: string, options: { kinds?: string[] } = {}): Promise<CaseEventView[]> {
  const need = await readableNeed(ctx, needId);
  if (ctx.actor.kind === 'anonymous') return [];
  const who = await conversationRoles(ctx, need);
  const events = await listCaseEvents(ctx.db, needId);
  return events
    .filter((e) => {
      if (who.reviewer) return true;
      if (e.kind === 'note' || e.kind === 'flag' || e.kind === 'assignment' || e.kind === 'escalation') return false;
      if (who.owner) return true;
      if (!who.myMatches.length) return false;
      const m = (e.data as { matchId?: string }).matchId;
      return e.kind === 'message' ? !m || who.myMatches.includes(m) : e.kind === 'match' && !!m && who.myMatches.includes(m);
    })
    .filter((e) => !options.kinds || options.kinds.includes(e.kind))
    .map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, name: e.name, text: e.reason, via: e.via, actor: e.actor, data: e.data as Record<string, unknown> }));
}

