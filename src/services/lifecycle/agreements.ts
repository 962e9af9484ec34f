import {
  type AgreementRow, agreementsOfNeed, evaluationsOf, findAgreement, findAgreementOfMatch, findMatch, insertAgreement, insertCaseEvent, insertEvaluation, publishedLessons, updateAgreementAtVersion, updateMatchAtVersion,
} from '../../db/queries/cases.ts';
import type { Db } from '../../db/client.ts';
import { findRecord } from '../../db/queries/records.ts';
import { agreementFields, checkAgreement, modalityOf } from '../../domain/lifecycle/agreement.ts';
import type { MatchRole } from '../../domain/lifecycle/match-lifecycle.ts';
import { unstorableText, zodIssuesToFieldErrors } from '../../domain/records/validate.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { newRandomId } from '../../lib/ids.ts';
import { actorLabel } from '../../policies/actor.ts';
import { assertSignedInWriter, canRead } from '../../policies/records.ts';
import { getConcept, hasConcept } from '../../vocab/catalog.ts';
import { audit } from '../audit/audit.ts';
import type { ServiceContext } from '../context.ts';
import { readableNeed, requiredText } from './case-events.ts';
import { withPlatformMove } from './platform-move.ts';
import { matchRoles } from './matches.ts';
import { notify } from './notify.ts';

export interface AgreementView {
  id: string;
  needId: string;
  matchId: string;
  providerId: string;
  state: string;
  modality: string;
  countries: string[];
  requesterConfirmed: boolean;
  providerConfirmed: boolean;
  evaluations: Array<{ side: string; usefulness: number; changes: string; lessons: string; language: string; publish: boolean; at: string }>;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** What the reader may do now: confirm, update, evaluate. */
  available: string[];
  [field: string]: unknown;
}


function isDeveloped(country: string): boolean {
  const groups = (getConcept('countries', country)?.attributes as { groups?: string[] } | undefined)?.groups ?? [];
  return groups.includes('GROUP-DEVELOPED');
}

function sideOf(roles: MatchRole[]): 'requester' | 'provider' | undefined {
  return roles.includes('requester') ? 'requester' : roles.includes('provider') ? 'provider' : undefined;
}

async function view(ctx: ServiceContext, a: AgreementRow, roles: MatchRole[]): Promise<AgreementView> {
  const evals = await evaluationsOf(ctx.db, a.id);
  const side = sideOf(roles);
  const available: string[] = [];
  if (a.state === 'pending' && side && !(side === 'requester' ? a.requesterConfirmedAt : a.providerConfirmedAt)) available.push('confirm');
  if (a.state === 'active' && (side || roles.includes('reviewer'))) available.push('update');
  if (a.state === 'completed' && side && !evals.some((e) => e.side === side)) available.push('evaluate');
  return {
    id: a.id,
    needId: a.needId,
    matchId: a.matchId,
    providerId: a.providerId,
    state: a.state,
    modality: a.modality,
    countries: a.countries,
    ...(a.doc as Record<string, unknown>),
    requesterConfirmed: !!a.requesterConfirmedAt,
    providerConfirmed: !!a.providerConfirmedAt,
    evaluations: evals.map((e) => ({ side: e.side, usefulness: e.usefulness, changes: e.changes, lessons: e.lessons, language: e.language, publish: e.publish, at: e.createdAt.toISOString() })),
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    available,
  };
}

async function context(ctx: ServiceContext, agreementId: string) {
  const a = await findAgreement(ctx.db, agreementId);
  const need = a ? await findRecord(ctx.db, 'need', a.needId) : undefined;
  const roles = a && need && canRead(ctx.actor, 'need', need) ? matchRoles(ctx.actor, need, a.providerId) : [];
  if (!a || !need || roles.length === 0) throw new AppError('not_found', `No agreement has the id "${agreementId}"`);
  return { a, need, roles };
}

/** Keeps an event in the request's case and the audit log; returns the event's id. */
async function event(ctx: ServiceContext, tx: Db, needId: string, kind: string, name: string, text: string | null, data: Record<string, unknown>, at: Date): Promise<string> {
  const id = newRandomId('evt');
  await insertCaseEvent(tx, { id, needId, at, kind, name, reason: text, via: 'platform', actor: actorLabel(ctx.actor), userId: ctx.actor.kind === 'user' ? ctx.actor.userId : null, data });
  await audit(ctx, { action: 'case.updated', subject: needId, details: { kind, name, ...data } }, tx);
  return id;
}

/**
 * Proposes the cooperation agreement of an accepted match: its type, dates, budget and funds by
 * source, languages, leadership and beneficiaries. The proposing side has confirmed it; the other
 * side confirms (confirmAgreement). The modality is computed from the parties' countries.
 */
export async function proposeAgreement(ctx: ServiceContext, matchId: string, input: unknown): Promise<AgreementView> {
  assertSignedInWriter(ctx.actor);
  const m = await findMatch(ctx.db, matchId);
  const need = m ? await findRecord(ctx.db, 'need', m.needId) : undefined;
  const roles = m && need && canRead(ctx.actor, 'need', need) ? matchRoles(ctx.actor, need, m.providerId) : [];
  if (!m || !need || roles.length === 0) throw new AppError('not_found', `No match has the id "${matchId}"`);
  if (m.state !== 'accepted') throw new AppError('conflict', `An agreement is made on a match accepted by both sides; this one is ${m.state}`);
  if (await findAgreementOfMatch(ctx.db, matchId)) throw new AppError('conflict', 'This match has an agreement already');
  const bad = unstorableText(input);
  if (bad.length) throw validationError(bad, 'The agreement');
  const parsed = agreementFields.safeParse(input);
  if (!parsed.success) throw validationError(zodIssuesToFieldErrors(parsed.error.issues, 'agreement'), 'The agreement');
  const doc = parsed.data;
  const problems = [...checkAgreement(doc), ...(doc.languages.filter((l) => !hasConcept('languages', l)).map((l) => ({ path: 'languages', message: `"${l}" is not a language code`, key: 'choice' })))];
  for (const c of doc.otherPartyCountries ?? []) if (!hasConcept('countries', c)) problems.push({ path: 'otherPartyCountries', message: `"${c}" is not a country code`, key: 'choice' });
  if (problems.length) throw validationError(problems, 'The agreement');

  const provider = await findRecord(ctx.db, 'provider', m.providerId);
  const providerCountry = (provider?.doc.country ?? provider?.doc.nationality) as string | undefined;
  const countries = [...new Set([...((need.doc.countries as string[]) ?? []), ...(providerCountry ? [providerCountry] : []), ...(doc.otherPartyCountries ?? [])])];
  const side = sideOf(roles);
  const now = ctx.now();
  const row: AgreementRow = {
    id: newRandomId('agr'),
    needId: need.id,
    matchId,
    providerId: m.providerId,
    state: 'pending',
    type: doc.type,
    modality: modalityOf(countries, isDeveloped),
    countries,
    doc,
    requesterConfirmedAt: side === 'requester' ? now : null,
    providerConfirmedAt: side === 'provider' ? now : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.transaction(async (tx) => {
    await insertAgreement(tx, row);
    await event(ctx, tx, need.id, 'agreement', 'propose_agreement', null, { agreementId: row.id, matchId }, now);
  });
  await notify(ctx, { need: { ...need.doc, id: need.id }, providerId: m.providerId, audiences: side === 'provider' ? ['owners', 'centre'] : side === 'requester' ? ['providers', 'centre'] : ['owners', 'providers'] }, 'agreementProposed', {});
  return view(ctx, row, roles);
}

/** One side confirms the agreement; with both, it is in force: the match is agreed and the request too. */
export async function confirmAgreement(ctx: ServiceContext, agreementId: string): Promise<AgreementView> {
  assertSignedInWriter(ctx.actor);
  const { a, need, roles } = await context(ctx, agreementId);
  const side = sideOf(roles);
  if (!side) throw new AppError('forbidden', 'An agreement is confirmed by the requesting side and the providing side');
  if (a.state !== 'pending') throw new AppError('conflict', `This agreement is ${a.state}; only a pending one is confirmed`);
  if (side === 'requester' ? a.requesterConfirmedAt : a.providerConfirmedAt) throw new AppError('conflict', `The ${side === 'requester' ? 'requesting' : 'providing'} side has confirmed this agreement already`);
  const now = ctx.now();
  const values: Partial<AgreementRow> = side === 'requester' ? { requesterConfirmedAt: now } : { providerConfirmedAt: now };
  const both = side === 'requester' ? !!a.providerConfirmedAt : !!a.requesterConfirmedAt;
  if (both) values.state = 'active';
  values.updatedAt = now;
  const save = async (tx: Db, at: Date) => {
    if (!(await updateAgreementAtVersion(tx, a.id, a.version, values))) throw new AppError('conflict', 'The agreement was changed at the same moment: reload it and try again');
    await event(ctx, tx, need.id, 'agreement', both ? 'agreement_in_force' : 'confirm_agreement', null, { agreementId: a.id, side }, at);
    if (both) {
      const m = await findMatch(tx, a.matchId);
      if (m && m.state === 'accepted') await updateMatchAtVersion(tx, m.id, m.version, { state: 'agreed', updatedAt: at });
    }
  };
  if (both) await withPlatformMove(ctx, need, 'agree', save, { by: 'lifecycle' });
  else await ctx.db.transaction(async (tx) => save(tx, now));
  if (both) await notify(ctx, { need: { ...need.doc, id: need.id }, providerId: a.providerId, audiences: ['owners', 'providers', 'centre'] }, 'agreementConfirmed', {});
  return view(ctx, { ...a, ...values, version: a.version + 1 } as AgreementRow, roles);
}

/** A progress update during implementation, from either side or the centre; the others are told. */
export async function addProgress(ctx: ServiceContext, agreementId: string, input: { text?: unknown }): Promise<{ id: string }> {
  assertSignedInWriter(ctx.actor);
  const { a, need, roles } = await context(ctx, agreementId);
  if (!sideOf(roles) && !roles.includes('reviewer')) throw new AppError('forbidden', 'Progress is reported by the parties and the centre');
  if (a.state !== 'active') throw new AppError('conflict', `Progress is reported while the agreement is active; it is ${a.state}`);
  const text = requiredText(input.text, 'text', 'The update');
  const id = await ctx.db.transaction(async (tx) => event(ctx, tx, need.id, 'progress', 'progress', text, { agreementId: a.id }, ctx.now()));
  await notify(ctx, { need: { ...need.doc, id: need.id }, providerId: a.providerId, audiences: ['owners', 'providers', 'centre'] }, 'progressUpdate', { text });
  return { id };
}

/**
 * One side's evaluation of a completed cooperation: usefulness (1–5), what changed, lessons learned,
 * and whether to publish the lessons. Once both sides have evaluated, the agreement and the request
 * are evaluated.
 */
export async function evaluateAgreement(ctx: ServiceContext, agreementId: string, input: { usefulness?: unknown; changes?: unknown; lessons?: unknown; publish?: unknown; language?: unknown }): Promise<AgreementView> {
  assertSignedInWriter(ctx.actor);
  const { a, need, roles } = await context(ctx, agreementId);
  const side = sideOf(roles);
  if (!side) throw new AppError('forbidden', 'The cooperation is evaluated by the requesting side and the providing side');
  if (a.state !== 'completed') throw new AppError('conflict', `A cooperation is evaluated once completed; this one is ${a.state}`);
  const errors = [];
  const usefulness = Number(input.usefulness);
  if (!Number.isInteger(usefulness) || usefulness < 1 || usefulness > 5) errors.push({ path: 'usefulness', message: 'must be a whole number from 1 (not useful) to 5 (very useful)', key: 'choice' });
  const textOf = (v: unknown, path: string) => {
    const s = typeof v === 'string' ? v.trim() : '';
    if (!s) errors.push({ path, message: 'must not be empty', key: 'required' });
    else if (s.length > 5000) errors.push({ path, message: 'must be at most 5000 characters', key: 'tooLong', params: { max: 5000 } });
    return s;
  };
  const changes = textOf(input.changes, 'changes');
  const lessons = textOf(input.lessons, 'lessons');
  const language = typeof input.language === 'string' && hasConcept('languages', input.language) ? input.language : null;
  if (!language) errors.push({ path: 'language', message: 'must be the ISO 639-1 code of the language the answers are written in', key: 'languageCode' });
  if (typeof input.publish !== 'boolean') errors.push({ path: 'publish', message: 'must be true or false', key: 'choice' });
  if (errors.length) throw validationError(errors, 'The evaluation');
  const now = ctx.now();
  const other = (await evaluationsOf(ctx.db, a.id)).some((e) => e.side !== side);
  const save = async (tx: Db, at: Date) => {
    if (!(await insertEvaluation(tx, { id: newRandomId('evl'), agreementId: a.id, side, usefulness, changes, lessons, language: language!, publish: input.publish as boolean, by: actorLabel(ctx.actor), createdAt: at }))) {
      throw new AppError('conflict', `The ${side === 'requester' ? 'requesting' : 'providing'} side has evaluated this cooperation already`);
    }
    await event(ctx, tx, need.id, 'evaluation', 'evaluate', null, { agreementId: a.id, side, usefulness }, at);
    if (other && !(await updateAgreementAtVersion(tx, a.id, a.version, { state: 'evaluated', updatedAt: at }))) throw new AppError('conflict', 'The agreement was changed at the same moment: try again');
  };
  if (other) await withPlatformMove(ctx, need, 'evaluate', save, { by: 'lifecycle' });
  else await ctx.db.transaction(async (tx) => save(tx, now));
  const fresh = await findAgreement(ctx.db, a.id);
  return view(ctx, fresh!, roles);
}

/** An agreement, for its parties and the reviewers. */
export async function getAgreement(ctx: ServiceContext, agreementId: string): Promise<AgreementView> {
  const { a, roles } = await context(ctx, agreementId);
  return view(ctx, a, roles);
}

/** Lessons learned that the side evaluating chose to publish: public. */
export async function listLessons(ctx: ServiceContext, page = 1, pageSize = 20) {
  const rows = await publishedLessons(ctx.db, pageSize, (page - 1) * pageSize);
  return { items: rows.map((r) => ({ needId: r.needId, type: r.type, modality: r.modality, side: r.side, usefulness: r.usefulness, changes: r.changes, lessons: r.lessons, language: r.language, at: r.createdAt.toISOString() })), page, pageSize };
}

/** After a request is completed: its agreements in force are completed too (called in the move's transaction). */
export async function completeAgreements(tx: Db, needId: string, at: Date): Promise<void> {
  for (const a of await agreementsOfNeed(tx, needId)) {
    if (a.state === 'active') await updateAgreementAtVersion(tx, a.id, a.version, { state: 'completed', updatedAt: at });
  }
}

/** A request's agreements the reader may see (its parties and reviewers). */
export async function listAgreements(ctx: ServiceContext, needId: string): Promise<AgreementView[]> {
  const need = await readableNeed(ctx, needId);
  const out: AgreementView[] = [];
  for (const a of await agreementsOfNeed(ctx.db, needId)) {
    const roles = matchRoles(ctx.actor, need, a.providerId);
    if (roles.length) out.push(await view(ctx, a, roles));
  }
  return out;
}
