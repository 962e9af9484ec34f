// Worker thread for bulk imports: prepares rows (text analysis, search vectors) while the main
// thread writes. Plain JavaScript so it can load the TypeScript sources through tsx itself.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { prepareRows } = await import('./prepare-writes.ts');

parentPort.on('message', ({ id, type, items }) => {
  try {
    parentPort.postMessage({ id, rows: prepareRows(type, items) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort.postMessage({ ready: true });
