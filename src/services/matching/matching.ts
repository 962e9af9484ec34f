/**
 * The matchmaking index of a running app: loaded from the database once (in the background at
 * start), then kept fresh record by record by the write services.
 */
import { facetsChanged } from '../records/facets.ts';
import { randomUUID } from 'node:crypto';
import { type Database, type Db, RECONNECTED } from '../../db/client.ts';
import { findMatchRows, type MatchRow, readState, saveMatchTags, staleTagRows, streamPublishedForIndex, writeState } from '../../db/queries/matching.ts';
import { matchTags, TAGS_VERSION, type MatchTags } from '../../domain/matching/profile.ts';
import { RECORD_TYPES, type RecordType } from '../../lib/ids.ts';
import type { Logger } from '../../lib/logger.ts';
import { CHANGES_CHANNEL, decodeChange } from './changes.ts';
import { MatchIndex } from './match-index.ts';

/** app_state key: the tagging version all records' stored match tags are known to have. */
export const TAGS_STATE_KEY = 'match_tags_version';

export class Matching {
  readonly index = new MatchIndex();
  /** Identifies this process's announcements (services/matching/changes.ts), so it skips its own. */
  readonly instanceId = randomUUID();
  private unlisten: (() => Promise<void>) | undefined;
  private loading: Promise<void> | undefined;
  private loaded = false;
  /** Changes are applied one after another, in the order they were reported. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly logger?: Logger,
  ) {}

  /** Where the index is: not started (nobody asked yet), loading, or ready. */
  get state(): 'not started' | 'loading' | 'ready' {
    return this.loaded ? 'ready' : this.loading ? 'loading' : 'not started';
  }

  /** Resolves once the index holds every published record; the first call starts the load. */
  ready(): Promise<void> {
    this.loading ??= this.load().then(
      () => {
        this.loaded = true;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  private async load(): Promise<void> {
    const started = performance.now();
    const retagged = await this.retagStale();
    for (const type of RECORD_TYPES) await this.loadType(type);
    const s = this.index.stats();
    this.logger?.info({ ms: Math.round(performance.now() - started), retagged, offers: s.offers.records, needs: s.needs.records }, 'matchmaking index ready');
  }

  private async loadType(type: RecordType): Promise<void> {
    for await (const rows of streamPublishedForIndex(this.db, type)) {
      const stale: string[] = [];
      for (const row of rows) {
        if (row.matchTags?.v === TAGS_VERSION) this.index.apply(type, { ...row, matchTags: row.matchTags }, row.id);
        else stale.push(row.id); // written meanwhile by an older version: tag from the whole document
      }
      for (const row of await findMatchRows(this.db, type, stale)) this.index.apply(type, { ...row, matchTags: tagsOf(type, row) }, row.id);
      // Let requests through between batches: the embedded database works on this thread.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Records whose stored tags are missing (written before matchmaking) or were computed with
   * another version of the concept vocabulary are tagged again and saved.
   */
  private async retagStale(): Promise<number> {
    // Skipped when every record is known to carry tags of this version (checked once per version).
    if ((await readState(this.db, TAGS_STATE_KEY)) === TAGS_VERSION) return 0;
    let n = 0;
    for (const type of RECORD_TYPES) {
      for (;;) {
        const rows = await staleTagRows(this.db, type, TAGS_VERSION, 500);
        if (rows.length === 0) break;
        if (n === 0) this.logger?.info('tagging records with the current concept vocabulary');
        await this.db.transaction(async (tx) => {
          for (const row of rows) await saveMatchTags(tx, type, row.id, matchTags(type, row.doc));
        });
        n += rows.length;
      }
    }
    await writeState(this.db, TAGS_STATE_KEY, TAGS_VERSION, new Date());
    return n;
  }

  /** Re-reads one record and updates the index (after a create or an update). */
  recordChanged(type: RecordType, id: string): Promise<void> {
    return this.enqueue(async () => {
      if (!this.loading) return; // not loaded yet: the load will read the record as it is now
      await this.ready();
      const [row] = await findMatchRows(this.db, type, [id]);
      this.index.apply(type, row ? { ...row, matchTags: tagsOf(type, row) } : null, id);
    });
  }

  /** Reloads all records of the given types (after a bulk import). */
  reload(types: readonly RecordType[]): Promise<void> {
    return this.enqueue(async () => {
      if (!this.loading) return;
      await this.ready();
      for (const type of types) {
        this.index.clear(type);
        await this.loadType(type);
      }
    });
  }

  /**
   * Follows the changes other processes announce (another server, a command-line import) so this
   * index stays fresh when several processes share the database.
   */
  async follow(database: Pick<Database, 'listen'>): Promise<void> {
    this.unlisten ??= await database.listen(CHANGES_CHANNEL, (payload) => {
      if (payload === RECONNECTED) {
        void this.reload(RECORD_TYPES).catch(() => {});
        return;
      }
      const change = decodeChange(payload);
      if (!change || change.origin === this.instanceId) return;
      facetsChanged(this.db, change.kind === 'record' ? [change.type] : change.types);
      const done = change.kind === 'record' ? this.recordChanged(change.type, change.id) : this.reload(change.types);
      done.catch(() => {}); // logged by enqueue
    });
  }

  /** Stops following other processes' changes. */
  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch((err: unknown) => this.logger?.error({ err }, 'matchmaking index update failed'));
    return next;
  }
}

/** Stored tags when current, otherwise computed now. */
export function tagsOf(type: RecordType, row: Pick<MatchRow, 'doc' | 'matchTags'>): MatchTags {
  return row.matchTags && row.matchTags.v === TAGS_VERSION ? row.matchTags : matchTags(type, row.doc);
}
