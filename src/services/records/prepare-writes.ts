import { recordRowsJson } from '../../db/queries/records.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import type { RecordType } from '../../lib/ids.ts';
import { toRecordWrite } from './record-write.ts';

/** A validated document and the row metadata it is to be stored with. */
export interface PrepareItem {
  doc: Record<string, unknown>;
  meta: Parameters<typeof toRecordWrite>[2];
}

/**
 * A batch of validated documents of one type as the JSON rows insertRecordRows takes (filter
 * columns, search vector). Pure CPU work, so it can run on a worker thread.
 */
export function prepareRows(type: RecordType, items: readonly PrepareItem[]): string {
  return recordRowsJson(type, items.map((item) => toRecordWrite(REGISTRIES[type], item.doc, item.meta)));
}
