import { archiveVersion, findRecord, insertVersions, type RecordRow, updateRecordAtVersion } from '../../db/queries/records.ts';
import type { Db } from '../../db/client.ts';
import { transitionBetween } from '../../domain/lifecycle/need-lifecycle.ts';
import { recordMove } from '../lifecycle/case-events.ts';
import { nullsNotAllowed } from '../../domain/records/normalize.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { validateDocument } from '../../domain/records/validate.ts';
import { AppError, validationError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import { applyMergePatch, diffFields, isPlainObject } from '../../lib/merge-patch.ts';
import { actorLabel } from '../../policies/actor.ts';
import { assertCanWrite, assertSignedInWriter, canRead, canSeePersonalData } from '../../policies/records.ts';
import { audit } from '../audit/audit.ts';
import { assertProviderExists, needProviderId } from './create-record.ts';
import * as catalog from '../../vocab/catalog.ts';
import type { ServiceContext } from '../context.ts';
import { type PresentedRecord, presentRecord } from './present-record.ts';
import { canonicalDoc, toRecordWrite } from './record-write.ts';
import { recordChanged } from '../matching/changes.ts';

type FieldChange = ReturnType<typeof diffFields>[number];

/**
 * Applies a JSON Merge Patch to a record and keeps the result as a new version. A patch that
 * changes nothing returns the record unchanged. With `expectedVersion`, refuses to overwrite a
 * newer version.
 * Throws AppError: not_found, authentication_required / forbidden, version_mismatch, conflict
 * (someone saved in between), validation_failed (nothing is written).
 */
export async function updateRecord(
  ctx: ServiceContext,
  type: RecordType,
  id: string,
  patch: unknown,
  expectedVersion?: number,
): Promise<PresentedRecord> {
  const def = REGISTRIES[type];
  assertSignedInWriter(ctx.actor); // 401 / 403 before anything about the record is revealed
  const row = await findRecord(ctx.db, type, id);
  if (!row || !canRead(ctx.actor, type, row)) throw new AppError('not_found', `No ${def.label} has the id "${id}"`);
  assertCanWrite(ctx.actor, type, { before: row });
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new AppError('version_mismatch', `The ${def.label} is at version ${row.version}, not ${expectedVersion}: reload it and apply your change again`);
  }
  if (!isPlainObject(patch)) throw validationError([{ path: '(body)', message: 'must be a JSON object' }], 'The change');
  const cannotRemove = nullsNotAllowed(def.fields, patch);
  if (cannotRemove.length) throw validationError(cannotRemove.map((path) => ({ path, message: 'cannot be removed (null)' })), 'The change');

  const before = canonicalDoc(def, row.doc);
  const result = validateDocument(def, applyMergePatch(before, patch), catalog);
  if (!result.ok) throw validationError(result.errors, `The ${def.label}`);
  const doc = result.doc;
  const changes = diffFields(before, doc);
  const personal = canSeePersonalData(ctx.actor, type, row);
  if (changes.length === 0) return presentRecord(type, row, { personal });
  assertCanWrite(ctx.actor, type, { before: row, after: { id, status: String(doc.status), doc }, changed: changes.map((c) => c.field) });
  if (type === 'need' && needProviderId(doc) && needProviderId(doc) !== needProviderId(before)) await assertProviderExists(ctx, needProviderId(doc)!, 'organisation.providerId', 'The need');
  if (type === 'opportunity' && doc.providerId !== before.providerId) await assertProviderExists(ctx, String(doc.providerId));

  if (type === 'need' && doc.status !== row.status) {
    // A change of state by editing is a lifecycle move too: it leaves the same trace as one made through the transitions endpoint.
    const move = transitionBetween(row.status, String(doc.status))!;
    return writeNewVersion(ctx, type, row, doc, changes, { personal, within: async (tx, at) => void (await recordMove(ctx, tx, { needId: id, name: move.name, from: row.status, to: String(doc.status), reason: null, via: 'platform', at })) });
  }
  return writeNewVersion(ctx, type, row, doc, changes, { personal });
}

/**
 * Saves `doc` as the record's next version in one transaction — only if nobody saved in between —
 * with its history row and audit event, plus whatever `within` adds in the same transaction; then
 * brings the matchmaking index up to date.
 */
export async function writeNewVersion(
  ctx: ServiceContext,
  type: RecordType,
  row: RecordRow,
  doc: Record<string, unknown>,
  changes: FieldChange[],
  options: { personal: boolean; within?: (tx: Db, at: Date) => Promise<void> },
): Promise<PresentedRecord> {
  const def = REGISTRIES[type];
  const id = row.id;
  const now = ctx.now();
  const by = actorLabel(ctx.actor);
  const version = row.version + 1;
  const write = toRecordWrite(def, doc, { id, version, createdAt: row.createdAt, updatedAt: now, createdBy: by, updatedBy: by });
  await ctx.db.transaction(async (tx) => {
    if (!(await updateRecordAtVersion(tx, type, row.version, write))) {
      throw new AppError('conflict', `The ${def.label} was changed by someone else while you were saving: reload it and apply your change again`);
    }
    await archiveVersion(tx, type, id, row.version, row.doc);
    await insertVersions(tx, [{ recordType: type, recordId: id, version, action: 'update', changes, actor: by, createdAt: now }]);
    await audit(ctx, { action: 'record.updated', subject: id, details: { version, fields: changes.map((c) => c.field) } }, tx);
    await options.within?.(tx, now);
  });
  await recordChanged(ctx, type, id);
  return presentRecord(type, { id, version, status: write.status, doc, createdAt: row.createdAt, updatedAt: now }, { personal: options.personal });
}
