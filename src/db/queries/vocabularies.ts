import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { concepts, vocabularies } from '../schema/index.ts';

export async function vocabularyChecksums(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: vocabularies.id, checksum: vocabularies.checksum }).from(vocabularies);
  return new Map(rows.map((r) => [r.id, r.checksum]));
}

/** Replaces one vocabulary and its concepts. */
export async function replaceVocabulary(
  db: Db,
  vocabulary: typeof vocabularies.$inferInsert,
  conceptRows: Array<typeof concepts.$inferInsert>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(concepts).where(eq(concepts.vocabularyId, vocabulary.id));
    await tx
      .insert(vocabularies)
      .values(vocabulary)
      .onConflictDoUpdate({ target: vocabularies.id, set: { labels: vocabulary.labels, description: vocabulary.description, source: vocabulary.source, position: vocabulary.position, checksum: vocabulary.checksum } });
    for (let i = 0; i < conceptRows.length; i += 500) await tx.insert(concepts).values(conceptRows.slice(i, i + 500));
  });
}
