import { findRecord, listVersions } from '../../db/queries/records.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { AppError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import { canRead, canSeePersonalData } from '../../policies/records.ts';
import type { ServiceContext } from '../context.ts';
import { presentRecord, redactContact } from './present-record.ts';

export interface HistoryEntry {
  version: number;
  action: string;
  actor: string;
  at: string;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  record: Record<string, unknown>;
}

/** Every version of a record, newest first, a page at a time: who changed which fields, when, and the record as it was. */
export async function getRecordHistory(
  ctx: ServiceContext,
  type: RecordType,
  id: string,
  page: number,
  pageSize: number,
): Promise<{ items: HistoryEntry[]; total: number; page: number; pageSize: number }> {
  const row = await findRecord(ctx.db, type, id);
  if (!row || !canRead(ctx.actor, type, row)) throw new AppError('not_found', `No ${REGISTRIES[type].label} has the id "${id}"`);
  const personal = canSeePersonalData(ctx.actor, type, row);
  const { rows, total } = await listVersions(ctx.db, type, id, page, pageSize);
  const items = rows.map((v) => ({
    version: v.version,
    action: v.action,
    actor: v.actor,
    at: v.createdAt.toISOString(),
    changes: personal ? v.changes : v.changes.map((c) => (c.field === 'contact' ? { ...c, from: redactContact(c.from), to: redactContact(c.to) } : c)),
    // Each version's own timestamps: created with the record, updated when this version was saved.
    record: presentRecord(type, { id, version: v.version, status: String((v.doc ?? row.doc).status), doc: v.doc ?? row.doc, createdAt: row.createdAt, updatedAt: v.createdAt }, { personal }),
  }));
  return { items, total, page, pageSize };
}
