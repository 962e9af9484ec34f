import { findRecord, insertRecords, insertVersions } from '../../db/queries/records.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { validateDocument } from '../../domain/records/validate.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { newRecordId, type RecordType } from '../../lib/ids.ts';
import { actorLabel } from '../../policies/actor.ts';
import { assertCanWrite, canSeePersonalData } from '../../policies/records.ts';
import * as catalog from '../../vocab/catalog.ts';
import type { ServiceContext } from '../context.ts';
import { type PresentedRecord, presentRecord } from './present-record.ts';
import { toRecordWrite } from './record-write.ts';
import { recordChanged } from '../matching/changes.ts';

/**
 * Creates a record of `type` from client input and keeps it as version 1.
 * Throws AppError: authentication_required / forbidden, validation_failed (nothing is written).
 */
export async function createRecord(ctx: ServiceContext, type: RecordType, input: unknown): Promise<PresentedRecord> {
  assertCanWrite(ctx.actor, type);
  const def = REGISTRIES[type];
  const result = validateDocument(def, input, catalog);
  if (!result.ok) throw validationError(result.errors, `The ${def.label}`);
  const doc = result.doc;
  if (type === 'opportunity') await assertProviderExists(ctx, String(doc.providerId));

  const now = ctx.now();
  const by = actorLabel(ctx.actor);
  const write = toRecordWrite(def, doc, { id: newRecordId(type), version: 1, createdAt: now, updatedAt: now, createdBy: by, updatedBy: by });
  await ctx.db.transaction(async (tx) => {
    await insertRecords(tx, type, [write]);
    await insertVersions(tx, [{ recordType: type, recordId: write.id, version: 1, action: 'create', changes: [], actor: by, createdAt: now }]);
  });
  await recordChanged(ctx, type, write.id);
  const row = { id: write.id, version: 1, status: write.status, doc, createdAt: now, updatedAt: now };
  return presentRecord(type, row, { personal: canSeePersonalData(ctx.actor, type, row) });
}

/** Throws a validation error on `providerId` unless that provider exists. */
export async function assertProviderExists(ctx: ServiceContext, providerId: string): Promise<void> {
  const provider = await findRecord(ctx.db, 'provider', providerId);
  if (!provider) throw validationError([{ path: 'providerId', message: `no provider has the id "${providerId}"` }], 'The opportunity');
  if (provider.status === 'withdrawn') {
    throw new AppError('validation_failed', 'The opportunity is not valid', [{ path: 'providerId', message: `provider "${providerId}" is withdrawn` }]);
  }
}
