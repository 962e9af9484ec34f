import { type AuditFilter, type AuditRow, searchAudit as querySearch, streamAudit } from '../../db/queries/accounts.ts';
import { AppError } from '../../lib/errors.ts';
import { assertCanAdminister } from '../../policies/records.ts';
import { audit } from './audit.ts';
import type { ServiceContext } from '../context.ts';

export interface AuditEventView {
  seq: number;
  at: string;
  action: string;
  actor: string;
  userId: string | null;
  subject: string | null;
  ip: string | null;
  success: boolean;
  details: Record<string, unknown>;
}

const view = (r: AuditRow): AuditEventView => ({
  seq: r.seq,
  at: r.at.toISOString(),
  action: r.action,
  actor: r.actor,
  userId: r.userId,
  subject: r.subject,
  ip: r.ip,
  success: r.success,
  details: r.details,
});

export interface AuditQuery {
  action?: string;
  actor?: string;
  userId?: string;
  subject?: string;
  from?: string;
  to?: string;
  success?: boolean;
}

function toFilter(q: AuditQuery): AuditFilter {
  const date = (v: string | undefined, field: string) => {
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new AppError('validation_failed', 'The query is not valid', [{ path: field, message: 'must be a date or date-time (ISO 8601)' }]);
    return d;
  };
  return { action: q.action, actor: q.actor, userId: q.userId, subject: q.subject, from: date(q.from, 'from'), to: date(q.to, 'to'), success: q.success };
}

/** The audit log, newest first (administrators). `action` ending in "." matches a family (`auth.`). */
export async function searchAudit(ctx: ServiceContext, q: AuditQuery & { page: number; pageSize: number }) {
  assertCanAdminister(ctx.actor, { reading: true });
  const { rows, total } = await querySearch(ctx.db, toFilter(q), q.page, q.pageSize);
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
}

const CSV_COLUMNS = ['seq', 'at', 'action', 'actor', 'userId', 'subject', 'ip', 'success', 'details'] as const;

/** A CSV cell: quoted, quotes doubled, and formula-starting text defused for spreadsheets. */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Writes every matching event, oldest first, as CSV or JSON Lines; the export itself is audited. */
export async function exportAudit(ctx: ServiceContext, q: AuditQuery, format: 'csv' | 'jsonl', write: (chunk: string) => void | Promise<void>): Promise<number> {
  assertCanAdminister(ctx.actor, { reading: true });
  const filter = toFilter(q);
  await audit(ctx, { action: 'records.exported', subject: 'audit_events', details: { format, ...q } });
  let n = 0;
  if (format === 'csv') await write(`${CSV_COLUMNS.join(',')}\n`);
  for await (const batch of streamAudit(ctx.db, filter)) {
    let out = '';
    for (const r of batch) {
      const v = view(r);
      out += format === 'csv' ? `${CSV_COLUMNS.map((k) => csvCell(v[k])).join(',')}\n` : `${JSON.stringify(v)}\n`;
    }
    n += batch.length;
    await write(out);
  }
  return n;
}
