import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * What happened to a request, in order: every lifecycle transition (with its reason), and later
 * notes, clarifications and escalations. Never changed or deleted: the case's memory when staff
 * change. `via` says how the request reached the platform when staff act for someone who wrote or
 * phoned.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    needId: text('need_id').notNull(),
    at: at('at').notNull(),
    /** 'transition' for now; notes, clarifications and escalations come with the help desk. */
    kind: text('kind').notNull(),
    /** The transition's name (submit, publish, return, …). */
    name: text('name'),
    fromState: text('from_state'),
    toState: text('to_state'),
    reason: text('reason'),
    /** 'platform', or 'email' / 'phone' when centre staff act for a requester who wrote or called. */
    via: text('via').notNull().default('platform'),
    /** Who acted, as the audit log names actors (user:usr_…, token:…, system:…). */
    actor: text('actor').notNull(),
    /** The acting user, when a person acted. */
    userId: text('user_id'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('case_events_need_idx').on(t.needId, t.at)],
);
