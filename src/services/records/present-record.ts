import type { RecordRow } from '../../db/queries/records.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import type { RecordType } from '../../lib/ids.ts';
import { canonicalDoc } from './record-write.ts';

export type PresentedRecord = Record<string, unknown> & { id: string; version: number; status: string };

/**
 * A record as the API and exports show it: id, the fields in schema order, version and timestamps.
 * Without `personal`, contact e-mail addresses and phone numbers are left out.
 */
export function presentRecord(type: RecordType, row: RecordRow, options: { personal: boolean }): PresentedRecord {
  const doc = canonicalDoc(REGISTRIES[type], row.doc);
  if (!options.personal) doc.contact = redactContact(doc.contact);
  return {
    id: row.id,
    ...doc,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  } as unknown as PresentedRecord;
}

/** A contact without the ways to reach a person (e-mail, phone). */
export function redactContact(contact: unknown): unknown {
  if (!contact || typeof contact !== 'object') return contact ?? null;
  const { email: _e, phone: _p, ...rest } = contact as Record<string, unknown>;
  return rest;
}
