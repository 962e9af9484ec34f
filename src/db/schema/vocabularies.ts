import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Controlled vocabularies, synchronised at start from src/vocab/data (the reviewed source files). */
export const vocabularies = pgTable('vocabularies', {
  id: text('id').primaryKey(),
  labels: jsonb('labels').$type<Record<string, string>>().notNull(),
  description: jsonb('description').$type<Record<string, string>>().notNull(),
  source: text('source'),
  position: integer('position').notNull(),
  checksum: text('checksum').notNull(),
});

export const concepts = pgTable(
  'concepts',
  {
    vocabularyId: text('vocabulary_id')
      .notNull()
      .references(() => vocabularies.id),
    id: text('id').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    notation: text('notation'),
    broader: text('broader').array(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.vocabularyId, t.id] })],
);
