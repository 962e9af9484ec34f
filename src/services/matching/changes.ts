/**
 * Record changes, announced to every process sharing the database (NOTIFY), so that each server's
 * matchmaking index follows writes made by the others and by the command line.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { RecordType } from '../../lib/ids.ts';
import type { ServiceContext } from '../context.ts';
import { facetsChanged } from '../records/facets.ts';

export const CHANGES_CHANNEL = 'coophub_record_changes';

/** A change as announced: one record, or a reload of whole types after a bulk import. */
export type Change = { origin: string; kind: 'record'; type: RecordType; id: string } | { origin: string; kind: 'reload'; types: RecordType[] };

export function encodeChange(change: Change): string {
  return JSON.stringify(change);
}

export function decodeChange(payload: string): Change | null {
  try {
    const c = JSON.parse(payload) as Change;
    return c && typeof c.origin === 'string' && (c.kind === 'record' || c.kind === 'reload') ? c : null;
  } catch {
    return null;
  }
}

async function announce(db: Db, change: Change): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${encodeChange(change)})`);
}

/** After a record was created or changed: this process's index first, then the others. */
export async function recordChanged(ctx: ServiceContext, type: RecordType, id: string): Promise<void> {
  facetsChanged(ctx.db, [type]);
  await ctx.matching?.recordChanged(type, id);
  await announce(ctx.db, { origin: ctx.matching?.instanceId ?? 'cli', kind: 'record', type, id });
}

/** After a bulk write of these types. */
export async function typesReloaded(ctx: ServiceContext, types: RecordType[]): Promise<void> {
  facetsChanged(ctx.db, types);
  await ctx.matching?.reload(types);
  await announce(ctx.db, { origin: ctx.matching?.instanceId ?? 'cli', kind: 'reload', types });
}
