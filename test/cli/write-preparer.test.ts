import { describe, expect, it } from 'vitest';
import { needRegistry } from '../../src/domain/records/registry.ts';
import { validateDocument } from '../../src/domain/records/validate.ts';
import { prepareRows } from '../../src/services/records/prepare-writes.ts';
import { threadedPreparer } from '../../src/services/records/write-preparer.ts';
import * as catalog from '../../src/vocab/catalog.ts';
import { needInput } from '../support/factories.ts';

describe('write preparation on a worker thread', () => {
  it('starts a worker and prepares exactly the rows the main thread would', async () => {
    const result = validateDocument(needRegistry, needInput({ title: '利用环境DNA监测外来入侵物种', language: 'zh' }), catalog);
    if (!result.ok) throw new Error('invalid');
    const at = new Date('2026-05-01T09:30:00.000Z');
    const items = [{ doc: result.doc, meta: { id: 'need-worker0001', version: 1, createdAt: at, updatedAt: at, createdBy: 'x', updatedBy: 'x' } }];
    const preparer = await threadedPreparer();
    try {
      expect(preparer.threaded).toBe(true);
      const fromWorker = await preparer.prepare('need', items);
      expect(fromWorker).toBe(prepareRows('need', items));
      const [row] = JSON.parse(fromWorker);
      expect(row).toMatchObject({ id: 'need-worker0001', countries: ['TN'], created_at: '2026-05-01T09:30:00.000Z' });
      expect(row.search).toContain("'入侵':1A");
    } finally {
      await preparer.close();
    }
  });
});
