import { sql } from 'drizzle-orm';
import { type AnyPgColumn, customType, index, integer, jsonb, text, timestamp } from 'drizzle-orm/pg-core';
import type { MatchTags } from '../../domain/matching/profile.ts';

/** PostgreSQL tsvector; written with array_to_tsvector() from lexemes the app computes (domain/text). */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

/**
 * Columns every registry table shares. `doc` holds the record's fields exactly as the API presents
 * them; the other columns are denormalised from it for filtering and sorting.
 */
export function registryColumns() {
  return {
    id: text('id').primaryKey(),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    language: text('language').notNull(),
    title: text('title').notNull(),
    doc: jsonb('doc').$type<Record<string, unknown>>().notNull(),
    /** Countries the record concerns (per registry: requesting, based in, or eligible; '*' = any). */
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    targets: text('targets').array().notNull().default(sql`'{}'::text[]`),
    subjects: text('subjects').array().notNull().default(sql`'{}'::text[]`),
    assistanceTypes: text('assistance_types').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    search: tsvector('search').notNull(),
    /** Matchmaking concepts found in the record's text (src/vocab/concepts), strongest first. */
    concepts: text('concepts').array().notNull().default(sql`'{}'::text[]`),
    /** What the matcher computed from the text when the record was written (domain/matching/profile.ts MatchTags); null until computed. */
    matchTags: jsonb('match_tags').$type<MatchTags>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
  };
}

type RegistryTable = Record<'status' | 'updatedAt' | 'createdAt' | 'countries' | 'targets' | 'subjects' | 'assistanceTypes' | 'languages' | 'search' | 'concepts', AnyPgColumn>;

/** The indexes every registry table needs for its list filters. */
export function registryIndexes(name: string, t: RegistryTable) {
  return [
    index(`${name}_status_updated_idx`).on(t.status, t.updatedAt),
    index(`${name}_updated_idx`).on(t.updatedAt),
    index(`${name}_created_idx`).on(t.createdAt),
    index(`${name}_countries_idx`).using('gin', t.countries),
    index(`${name}_targets_idx`).using('gin', t.targets),
    index(`${name}_subjects_idx`).using('gin', t.subjects),
    index(`${name}_assistance_idx`).using('gin', t.assistanceTypes),
    index(`${name}_languages_idx`).using('gin', t.languages),
    index(`${name}_search_idx`).using('gin', t.search),
    index(`${name}_concepts_idx`).using('gin', t.concepts),
  ];
}
