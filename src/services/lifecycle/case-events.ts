import type { Db } from '../../db/client.ts';
import { insertCaseEvent } from '../../db/queries/cases.ts';
import { findRecord, type RecordRow } from '../../db/queries/records.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { canRead } from '../../policies/records.ts';
import { newRandomId } from '../../lib/ids.ts';
import { actorLabel } from '../../policies/actor.ts';
import { audit } from '../audit/audit.ts';
import type { ServiceContext } from '../context.ts';

export type Via = 'platform' | 'email' | 'phone';

/** A text people must write (a note, a question, a message): trimmed, not empty, at most `max` characters. */
export function requiredText(value: unknown, field: string, what: string, max = 5000): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!s) throw validationError([{ path: field, message: 'must not be empty', key: 'required' }], what);
  return optionalText(s, field, what, max)!;
}

/** A text people may write (a reason, a note on a proposal): trimmed, null when empty, at most `max` characters. */
export function optionalText(value: string | null | undefined, field: string, what: string, max = 2000): string | null {
  const s = value?.trim() || null;
  if (s && s.length > max) throw validationError([{ path: field, message: `must be at most ${max} characters`, key: 'tooLong', params: { max } }], what);
  return s;
}

/** The request, when the actor may read it; "not found" otherwise (drafts stay secret). */
export async function readableNeed(ctx: ServiceContext, id: string): Promise<RecordRow> {
  const need = await findRecord(ctx.db, 'need', id);
  if (!need || !canRead(ctx.actor, 'need', need)) throw new AppError('not_found', `No need has the id "${id}"`);
  return need;
}

/** Keeps a lifecycle move in the case's events and the audit log, in the caller's transaction. */
export async function recordMove(
  ctx: ServiceContext,
  tx: Db,
  move: { needId: string; name: string; from: string; to: string; reason: string | null; via: Via; at: Date },
): Promise<string> {
  const id = newRandomId('evt');
  await insertCaseEvent(tx, {
    id,
    needId: move.needId,
    at: move.at,
    kind: 'transition',
    name: move.name,
    fromState: move.from,
    toState: move.to,
    reason: move.reason,
    via: move.via,
    actor: actorLabel(ctx.actor),
    userId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
  });
  await audit(ctx, { action: 'need.transition', subject: move.needId, details: { transition: move.name, from: move.from, to: move.to, via: move.via } }, tx);
  return id;
}
