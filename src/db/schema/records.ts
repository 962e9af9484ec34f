import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { registryColumns, registryIndexes } from './columns.ts';

/** Requests for assistance. `countries` = requesting countries. */
export const needs = pgTable(
  'needs',
  {
    ...registryColumns(),
    /** The submitting organisation's provider profile (organisation.providerId), whose members may edit the need. */
    providerId: text('provider_id'),
  },
  (t) => [...registryIndexes('needs', t), index('needs_provider_idx').on(t.providerId)],
);

/** Organisations and individual experts. `countries` = where based (country or nationality); `served` = countries served, regions expanded. */
export const providers = pgTable(
  'providers',
  {
    ...registryColumns(),
    kind: text('kind').notNull(),
    served: text('served').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [...registryIndexes('providers', t), index('providers_served_idx').using('gin', t.served)],
);

/** What providers offer. `countries` = eligible countries, regions expanded, '*' when open to all. */
export const opportunities = pgTable(
  'opportunities',
  {
    ...registryColumns(),
    kind: text('kind').notNull(),
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    deadline: date('deadline', { mode: 'string' }),
  },
  (t) => [
    ...registryIndexes('opportunities', t),
    index('opportunities_provider_idx').on(t.providerId),
    index('opportunities_deadline_idx').on(t.deadline),
  ],
);

/**
 * Every version of every record: who changed what, when. Never deleted. `doc` is the record as it
 * was at that version; it is null while the version is the current one (the registry row holds it)
 * and filled in once, when a newer version replaces it, so each document is stored once.
 */
export const recordVersions = pgTable(
  'record_versions',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    doc: jsonb('doc').$type<Record<string, unknown>>(),
    changes: jsonb('changes').$type<Array<{ field: string; from: unknown; to: unknown }>>().notNull(),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('record_versions_record_version_idx').on(t.recordType, t.recordId, t.version)],
);
