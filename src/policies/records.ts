import { AppError } from '../lib/errors.ts';
import type { RecordType } from '../lib/ids.ts';
import { PUBLIC_STATUSES } from '../domain/records/statuses.ts';
import type { Actor } from './actor.ts';

// The one place that says who may do what with records. Every service asks here; queries are
// scoped with visibleStatuses(). Accounts, country focal points and centre staff extend these
// functions; callers do not change.

function hasFullRights(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.kind === 'token' && actor.roles.includes('admin'));
}

/** Throws unless `actor` may create or change a record of `type` (the record, when it exists). */
export function assertCanWrite(actor: Actor, type: RecordType, _record?: { id: string; status: string }): void {
  if (actor.kind === 'anonymous') {
    throw new AppError('authentication_required', 'Writing needs an API token: send Authorization: Bearer <token>');
  }
  if (actor.kind === 'token' && actor.readOnly) {
    throw new AppError('forbidden', 'This API token is read-only');
  }
  if (!hasFullRights(actor)) throw new AppError('forbidden', `You may not change this ${type}`);
}

/** Statuses of `type` the actor may see; 'all' when unrestricted. */
export function visibleStatuses(actor: Actor, type: RecordType): readonly string[] | 'all' {
  return hasFullRights(actor) ? 'all' : PUBLIC_STATUSES[type];
}

/** Whether the actor may read this record at all (others get "not found", so drafts stay secret). */
export function canRead(actor: Actor, type: RecordType, record: { status: string }): boolean {
  const visible = visibleStatuses(actor, type);
  return visible === 'all' || visible.includes(record.status);
}

/** Whether contact e-mails and phone numbers of this record may be shown to the actor. */
export function canSeePersonalData(actor: Actor, _type: RecordType, _record: { id: string }): boolean {
  return hasFullRights(actor);
}
