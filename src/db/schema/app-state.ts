import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small facts about the database as a whole, by key (e.g. which tagging version every record's match tags have). */
export const appState = pgTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});
