import { findRecord, insertRecords, insertVersions } from '../../db/queries/records.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { validateDocument } from '../../domain/records/validate.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import { newRandomId, newRecordId, type RecordType } from '../../lib/ids.ts';
import { actorLabel } from '../../policies/actor.ts';
import { assertCanWrite, canSeePersonalData, lifecycleRoles } from '../../policies/records.ts';
import { insertCaseEvent } from '../../db/queries/cases.ts';
import { audit } from '../audit/audit.ts';
import { grantCreatorMembership } from '../accounts/roles.ts';
import * as catalog from '../../vocab/catalog.ts';
import type { ServiceContext } from '../context.ts';
import { type PresentedRecord, presentRecord } from './present-record.ts';
import { toRecordWrite } from './record-write.ts';
import { recordChanged } from '../matching/changes.ts';

/**
 * Creates a record of `type` from client input and keeps it as version 1.
 * Throws AppError: authentication_required / forbidden, validation_failed (nothing is written).
 */
export async function createRecord(ctx: ServiceContext, type: RecordType, input: unknown, options: { via?: 'platform' | 'email' | 'phone' } = {}): Promise<PresentedRecord> {
  assertCanWrite(ctx.actor, type);
  const def = REGISTRIES[type];
  const result = validateDocument(def, input, catalog);
  if (!result.ok) throw validationError(result.errors, `The ${def.label}`);
  const doc = result.doc;
  assertCanWrite(ctx.actor, type, { after: { id: '', status: String(doc.status), doc } });
  if (type === 'opportunity') await assertProviderExists(ctx, String(doc.providerId));
  if (type === 'need' && needProviderId(doc)) await assertProviderExists(ctx, needProviderId(doc)!, 'organisation.providerId', 'The need');

  const now = ctx.now();
  const by = actorLabel(ctx.actor);
  const write = toRecordWrite(def, doc, { id: newRecordId(type), version: 1, createdAt: now, updatedAt: now, createdBy: by, updatedBy: by });
  await ctx.db.transaction(async (tx) => {
    await insertRecords(tx, type, [write]);
    await insertVersions(tx, [{ recordType: type, recordId: write.id, version: 1, action: 'create', changes: [], actor: by, createdAt: now }]);
    // Whoever creates a provider profile becomes its member (recorded as a grant).
    if (type === 'provider') await grantCreatorMembership(ctx, tx, write.id, String(doc.kind));
    await audit(ctx, { action: 'record.created', subject: write.id, details: { type, status: write.status } }, tx);
    // A request recorded by someone other than its owners (centre staff for a requester who wrote or
    // phoned), or said to come by e-mail or phone, is kept as such in its case.
    if (type === 'need' && ((options.via && options.via !== 'platform') || !lifecycleRoles(ctx.actor, { id: write.id, status: write.status, doc }).includes('owner'))) {
      if (options.via && options.via !== 'platform' && !lifecycleRoles(ctx.actor, { id: write.id, status: write.status, doc }).includes('reviewer')) {
        throw new AppError('forbidden', 'Only support-centre staff record a request made by e-mail or phone (via)');
      }
      await insertCaseEvent(tx, { id: newRandomId('evt'), needId: write.id, at: now, kind: 'created', name: 'create', toState: write.status, via: options.via ?? 'platform', actor: by, userId: ctx.actor.kind === 'user' ? ctx.actor.userId : null });
    }
  });
  await recordChanged(ctx, type, write.id);
  const row = { id: write.id, version: 1, status: write.status, doc, createdAt: now, updatedAt: now };
  return presentRecord(type, row, { personal: canSeePersonalData(ctx.actor, type, row) });
}

/** Throws a validation error on `field` unless that provider exists and is not withdrawn. */
export async function assertProviderExists(ctx: ServiceContext, providerId: string, field = 'providerId', what = 'The opportunity'): Promise<void> {
  const provider = await findRecord(ctx.db, 'provider', providerId);
  if (!provider) throw validationError([{ path: field, message: `no provider has the id "${providerId}"`, key: 'unknownProvider' }], what);
  if (provider.status === 'withdrawn') {
    throw new AppError('validation_failed', `${what} is not valid`, [{ path: field, message: `provider "${providerId}" is withdrawn`, key: 'providerWithdrawn' }]);
  }
}

/** A need's submitting organisation's provider profile, if it names one. */
export function needProviderId(doc: Record<string, unknown>): string | null {
  return (doc.organisation as { providerId?: string | null } | undefined)?.providerId ?? null;
}
