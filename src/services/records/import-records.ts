import {
  countRecords, dropGinIndexes, existingRecordIds, insertRecordRows, insertVersions, recreateIndexes, type VersionWrite,
} from '../../db/queries/records.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { validateDocument } from '../../domain/records/validate.ts';
import { AppError } from '../../lib/errors.ts';
import { RECORD_TYPES, type RecordType, recordIdPattern, newRecordId } from '../../lib/ids.ts';
import { actorLabel } from '../../policies/actor.ts';
import { assertCanAdminister } from '../../policies/records.ts';
import { audit } from '../audit/audit.ts';
import * as catalog from '../../vocab/catalog.ts';
import type { ServiceContext } from '../context.ts';
import { inlinePreparer, threadedPreparer } from './write-preparer.ts';
import { recordChanged, typesReloaded } from '../matching/changes.ts';

/** One problem on one line of an import file. */
export interface LineError {
  line: number;
  path: string;
  message: string;
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  lines: number;
  /** Records per type that were (or, in a dry run, would be) imported. */
  counts: Record<RecordType, number>;
  errors: LineError[];
}

export interface ImportProgress {
  phase: 'validating' | 'writing' | 'indexing';
  done: number;
  total: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Called now and then on long files. */
  onProgress?: (p: ImportProgress) => void;
  /** Timestamps for lines that carry none (the demo loader spreads them over past weeks). */
  defaultTimestamp?: (line: number) => Date;
  action?: 'import' | 'create';
  /** Rebuild search indexes at the end from this many records of a type (default BULK_REBUILD_MIN). */
  bulkRebuildMin?: number;
  /** Prepare rows on a worker thread (default: from THREADED_MIN records). */
  threaded?: boolean;
}

interface Parsed {
  line: number;
  type: RecordType;
  id: string;
  doc: Record<string, unknown>;
  createdAt?: Date;
  updatedAt?: Date;
}

const BATCH = 1000;
/**
 * From this many records of one type, and at least as many as the table already holds, an import
 * rebuilds the search indexes once at the end instead of updating them row by row.
 */
export const BULK_REBUILD_MIN = 5000;
/** From this many records, rows are prepared on a worker thread (starting one takes about a second). */
export const THREADED_MIN = 2000;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Imports JSON Lines records (`{"type": "need" | "provider" | "opportunity", …}`): validates every
 * line first and reports every problem with its line number and field; writes nothing unless all
 * lines are valid, then writes everything in one transaction. Ids, createdAt and updatedAt are kept
 * when given. Throws AppError authentication_required / forbidden.
 */
export async function importRecords(ctx: ServiceContext, lines: Iterable<string> | AsyncIterable<string>, options: ImportOptions = {}): Promise<ImportReport> {
  assertCanAdminister(ctx.actor);
  const errors: LineError[] = [];
  const parsed: Parsed[] = [];
  const seen = new Map<string, number>();
  let lineNo = 0;
  const progress = options.onProgress ?? (() => {});

  for await (const raw of lines) {
    lineNo += 1;
    if (raw.trim() === '') continue;
    const p = parseLine(raw, lineNo, errors);
    if (!p) continue;
    const firstLine = seen.get(p.id);
    if (firstLine !== undefined) errors.push({ line: lineNo, path: 'id', message: `"${p.id}" already appears on line ${firstLine}` });
    else seen.set(p.id, lineNo);
    parsed.push(p);
    if (lineNo % 5000 === 0) progress({ phase: 'validating', done: lineNo, total: 0 });
  }
  const total = lineNo;
  progress({ phase: 'validating', done: total, total });

  // Checks against what is already stored, and between lines of the file.
  for (const type of RECORD_TYPES) {
    const ids = parsed.filter((p) => p.type === type).map((p) => p.id);
    const existing = await existingRecordIds(ctx.db, type, ids);
    for (const p of parsed) if (p.type === type && existing.has(p.id)) errors.push({ line: p.line, path: 'id', message: `a ${type} with id "${p.id}" already exists` });
  }
  const providerIds = new Set(parsed.filter((p) => p.type === 'provider').map((p) => p.id));
  const referenced = [...new Set(parsed.filter((p) => p.type === 'opportunity').map((p) => String(p.doc.providerId)))];
  const storedProviders = await existingRecordIds(ctx.db, 'provider', referenced.filter((id) => !providerIds.has(id)));
  for (const p of parsed) {
    if (p.type !== 'opportunity') continue;
    const providerId = String(p.doc.providerId);
    if (!providerIds.has(providerId) && !storedProviders.has(providerId)) {
      errors.push({ line: p.line, path: 'providerId', message: `no provider has the id "${providerId}" (in the file or the database)` });
    }
  }

  errors.sort((a, b) => a.line - b.line);
  const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, parsed.filter((p) => p.type === t).length])) as Record<RecordType, number>;
  const report: ImportReport = { ok: errors.length === 0, dryRun: Boolean(options.dryRun), lines: total, counts, errors };
  if (!report.ok || options.dryRun) return report;

  await writeAll(ctx, parsed, options, progress);
  return report;
}

function parseLine(raw: string, line: number, errors: LineError[]): Parsed | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    errors.push({ line, path: '(line)', message: `is not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ line, path: '(line)', message: 'must be a JSON object' });
    return undefined;
  }
  const { type, id, createdAt, updatedAt, version: _version, ...fields } = value as Record<string, unknown>;
  if (typeof type !== 'string' || !(RECORD_TYPES as readonly string[]).includes(type)) {
    errors.push({ line, path: 'type', message: `must be one of: ${RECORD_TYPES.join(', ')}` });
    return undefined;
  }
  const recordType = type as RecordType;
  const def = REGISTRIES[recordType];
  let ok = true;
  const fail = (path: string, message: string) => {
    errors.push({ line, path, message });
    ok = false;
  };
  if (id !== undefined && (typeof id !== 'string' || !recordIdPattern(recordType).test(id))) {
    fail('id', `must look like "${newRecordId(recordType)}"`);
  }
  const created = timestamp(createdAt, 'createdAt', fail);
  const updated = timestamp(updatedAt, 'updatedAt', fail);
  if (created && updated && updated < created) fail('updatedAt', 'must not be before createdAt');
  const result = validateDocument(def, fields, catalog);
  if (!result.ok) {
    for (const e of result.errors) errors.push({ line, ...e });
    return undefined;
  }
  if (!ok) return undefined;
  return { line, type: recordType, id: (id as string | undefined) ?? newRecordId(recordType), doc: result.doc, createdAt: created, updatedAt: updated };
}

function timestamp(value: unknown, path: string, fail: (path: string, message: string) => void): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
    fail(path, 'must be an ISO 8601 timestamp such as 2026-05-01T09:30:00.000Z');
    return undefined;
  }
  return new Date(value);
}

async function writeAll(ctx: ServiceContext, parsed: Parsed[], options: ImportOptions, progress: (p: ImportProgress) => void): Promise<void> {
  const by = actorLabel(ctx.actor);
  const now = ctx.now();
  const action = options.action ?? 'import';
  const total = parsed.length;
  const preparer = (options.threaded ?? total >= THREADED_MIN) ? await threadedPreparer() : inlinePreparer();
  let done = 0;
  try {
    await ctx.db.transaction(async (tx) => {
      // Providers first: opportunities refer to them.
      for (const type of RECORD_TYPES.slice().sort((a, b) => order(a) - order(b))) {
        const ofType = parsed.filter((p) => p.type === type);
        const rebuild = ofType.length >= (options.bulkRebuildMin ?? BULK_REBUILD_MIN) && ofType.length >= (await countRecords(tx, type));
        const indexes = rebuild ? await dropGinIndexes(tx, type) : [];
        const batches: Parsed[][] = [];
        for (let i = 0; i < ofType.length; i += BATCH) batches.push(ofType.slice(i, i + BATCH));
        const timestamps = (p: Parsed) => {
          const createdAt = p.createdAt ?? p.updatedAt ?? options.defaultTimestamp?.(p.line) ?? now;
          return { createdAt, updatedAt: p.updatedAt ?? createdAt };
        };
        const prepare = (batch: Parsed[]) => {
          const prepared = preparer.prepare(type, batch.map((p) => ({ doc: p.doc, meta: { id: p.id, version: 1, ...timestamps(p), createdBy: by, updatedBy: by } })));
          prepared.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
          return prepared;
        };
        // The next batch is prepared (text analysis, search vectors) while this one is written:
        // on the worker thread, or here while PostgreSQL works in its own process. One
        // statement is in flight at a time, as a transaction requires.
        let next = batches.length ? prepare(batches[0]!) : undefined;
        for (let b = 0; b < batches.length; b += 1) {
          const rows = await next!;
          const versions: VersionWrite[] = batches[b]!.map((p) => ({ recordType: type, recordId: p.id, version: 1, action, changes: [], actor: by, createdAt: timestamps(p).updatedAt }));
          const writing = (async () => {
            await insertRecordRows(tx, type, rows);
            await insertVersions(tx, versions);
          })();
          next = b + 1 < batches.length ? prepare(batches[b + 1]!) : undefined;
          await writing;
          done += batches[b]!.length;
          progress({ phase: 'writing', done, total });
        }
        if (rebuild) {
          progress({ phase: 'indexing', done, total });
          await recreateIndexes(tx, indexes);
        }
      }
      // One audit event per import; every record's version rows name the importer too.
      const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, parsed.filter((p) => p.type === t).length]));
      await audit(ctx, { action: 'record.imported', details: { ...counts, action } }, tx);
    });
  } catch (err) {
    throw new AppError('internal', `The import was rolled back, nothing was written: ${(err as Error).message}`);
  } finally {
    await preparer.close();
  }
  const types = RECORD_TYPES.filter((t) => parsed.some((p) => p.type === t));
  if (parsed.length <= 100) for (const p of parsed) await recordChanged(ctx, p.type, p.id);
  else await typesReloaded(ctx, types);
}

function order(type: RecordType): number {
  return type === 'provider' ? 0 : type === 'need' ? 1 : 2;
}
