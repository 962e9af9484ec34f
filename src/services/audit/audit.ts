import type { Db } from '../../db/client.ts';
import { insertAudit } from '../../db/queries/accounts.ts';
import { actorLabel } from '../../policies/actor.ts';
import type { ServiceContext } from '../context.ts';

/** What the audit log records: sign-ins, account changes, role grants, tokens, record changes. */
export type AuditAction =
  | 'auth.signin'
  | 'auth.signin_failed'
  | 'auth.signout'
  | 'auth.locked'
  | 'account.signup'
  | 'account.verified'
  | 'account.password_reset_requested'
  | 'account.password_reset'
  | 'account.password_changed'
  | 'account.email_change_requested'
  | 'account.email_changed'
  | 'account.totp_enabled'
  | 'account.totp_disabled'
  | 'account.invited'
  | 'account.invitation_accepted'
  | 'account.unlocked'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.totp_reset'
  | 'role.granted'
  | 'role.revoked'
  | 'token.created'
  | 'token.revoked'
  | 'centre.saved'
  | 'access.denied'
  | 'record.created'
  | 'record.updated'
  | 'record.imported'
  | 'records.exported'
  | 'need.transition'
  | 'match.moved'
  | 'reminder.sent'
  | 'case.updated';

export interface AuditEvent {
  action: AuditAction;
  /** The user the event is by or about. Defaults to the acting user. */
  userId?: string | null;
  /** What was acted on (record id, user id, token id, grant id). */
  subject?: string | null;
  success?: boolean;
  details?: Record<string, unknown>;
  /** Write as this actor label instead of the context's (e.g. a sign-in before a session exists). */
  actor?: string;
}

/** Appends events to the audit log, inside the caller's transaction when `db` is one. */
export async function audit(ctx: ServiceContext, events: AuditEvent | AuditEvent[], db: Db = ctx.db): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  const at = ctx.now();
  const actingUser = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  await insertAudit(
    db,
    list.map((e) => ({
      at,
      action: e.action,
      actor: e.actor ?? actorLabel(ctx.actor),
      userId: e.userId === undefined ? actingUser : e.userId,
      subject: e.subject ?? null,
      ip: ctx.client?.ip ?? null,
      success: e.success ?? true,
      details: e.details ?? {},
    })),
  );
}
