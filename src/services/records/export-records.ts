import { streamRecords } from '../../db/queries/records.ts';
import type { RecordType } from '../../lib/ids.ts';
import { assertCanAdminister } from '../../policies/records.ts';
import type { ServiceContext } from '../context.ts';
import { presentRecord } from './present-record.ts';

/** The types in the order an import needs them (providers before the opportunities that name them). */
export const EXPORT_ORDER: readonly RecordType[] = ['provider', 'need', 'opportunity'];

/**
 * Writes every record of the given types, all statuses and personal data included, as JSON Lines
 * in the import format; `importRecords` of the output into an empty database gives the same export.
 * Only for actors with full rights (operators at the command line). Returns the number of lines.
 */
export async function exportRecords(ctx: ServiceContext, types: readonly RecordType[], write: (line: string) => void | Promise<void>): Promise<number> {
  assertCanAdminister(ctx.actor);
  let n = 0;
  for (const type of EXPORT_ORDER.filter((t) => types.includes(t))) {
    for await (const batch of streamRecords(ctx.db, type)) {
      for (const row of batch) {
        const { version: _v, ...record } = presentRecord(type, row, { personal: true });
        await write(JSON.stringify({ type, ...record }));
        n += 1;
      }
    }
  }
  return n;
}
