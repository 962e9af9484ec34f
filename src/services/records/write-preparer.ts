import { Worker } from 'node:worker_threads';
import type { RecordType } from '../../lib/ids.ts';
import { type PrepareItem, prepareRows } from './prepare-writes.ts';

/** Prepares rows for writing (as JSON for insertRecordRows), on a worker thread or on the calling thread. */
export interface WritePreparer {
  /** Whether the work runs on a worker thread. */
  readonly threaded: boolean;
  prepare(type: RecordType, items: PrepareItem[]): Promise<string>;
  close(): Promise<void>;
}

const inline: WritePreparer = {
  threaded: false,
  prepare: async (type, items) => prepareRows(type, items),
  close: async () => {},
};

/** Preparation on the calling thread. */
export function inlinePreparer(): WritePreparer {
  return inline;
}

/**
 * Preparation on a worker thread, so that on a multi-core machine the main thread only sends the
 * prepared rows to the database. Falls back to the calling thread when no worker starts.
 */
export async function threadedPreparer(): Promise<WritePreparer> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./prepare-worker.mjs', import.meta.url));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('worker did not start')), 30_000);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  } catch {
    return inline;
  }
  const pending = new Map<number, { resolve: (rows: string) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  worker.on('message', (msg: { id: number; rows?: string; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else p.resolve(msg.rows!);
  });
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  return {
    threaded: true,
    prepare(type, items) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, type, items });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
