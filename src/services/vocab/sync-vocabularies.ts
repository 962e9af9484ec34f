import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { replaceVocabulary, vocabularyChecksums } from '../../db/queries/vocabularies.ts';
import { listVocabularies } from '../../vocab/catalog.ts';

/**
 * Copies the reviewed vocabulary files (src/vocab/data) into the database, so SQL can join on
 * labels; only vocabularies whose content changed are rewritten. Returns the ids rewritten.
 */
export async function syncVocabularies(db: Db): Promise<string[]> {
  const stored = await vocabularyChecksums(db);
  const changed: string[] = [];
  for (const [position, v] of listVocabularies().entries()) {
    const checksum = createHash('sha256').update(JSON.stringify(v)).digest('hex');
    if (stored.get(v.id) === checksum) continue;
    await replaceVocabulary(
      db,
      { id: v.id, labels: v.labels, description: v.description as Record<string, string>, source: v.source ?? null, position, checksum },
      v.concepts.map((c, i) => ({
        vocabularyId: v.id,
        id: c.id,
        labels: c.labels,
        notation: c.notation ?? null,
        broader: c.broader ?? null,
        attributes: c.attributes ?? null,
        position: i,
      })),
    );
    changed.push(v.id);
  }
  return changed;
}
