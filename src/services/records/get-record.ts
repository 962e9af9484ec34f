import { findRecord } from '../../db/queries/records.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { AppError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import { canRead, canSeePersonalData } from '../../policies/records.ts';
import type { ServiceContext } from '../context.ts';
import { type PresentedRecord, presentRecord } from './present-record.ts';

/** One record the actor may see. Throws AppError not_found otherwise (drafts are not revealed). */
export async function getRecord(ctx: ServiceContext, type: RecordType, id: string): Promise<PresentedRecord> {
  const row = await findRecord(ctx.db, type, id);
  if (!row || !canRead(ctx.actor, type, row)) throw new AppError('not_found', `No ${REGISTRIES[type].label} has the id "${id}"`);
  return presentRecord(type, row, { personal: canSeePersonalData(ctx.actor, type, row) });
}
