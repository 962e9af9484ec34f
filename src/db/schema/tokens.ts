import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * API tokens for machine clients; only a SHA-256 hash of the secret is kept. A user's token carries
 * that user's rights (as they are when it is used); an operator token made at the command line
 * (`user_id` null) carries `role`.
 */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  userId: text('user_id'),
  role: text('role').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  readOnly: boolean('read_only').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
});
