import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
    /** The order events were written in (several may share a time). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
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

/**
 * Matches between a request and an offer (a provider profile, or one of its opportunities), each
 * following domain/lifecycle/match-lifecycle.ts. At most one match per request and offer is open
 * (not declined) at a time.
 */
export const matches = pgTable(
  'matches',
  {
    id: text('id').primaryKey(),
    needId: text('need_id').notNull(),
    offerType: text('offer_type').notNull(),
    offerId: text('offer_id').notNull(),
    /** The provider on the offering side (the offer itself, or the opportunity's provider). */
    providerId: text('provider_id').notNull(),
    state: text('state').notNull(),
    /** Who proposed it (actor label) and as what: reviewer, requester or provider. */
    proposedBy: text('proposed_by').notNull(),
    proposedAs: text('proposed_as').notNull(),
    note: text('note'),
    requesterAcceptedAt: at('requester_accepted_at'),
    providerAcceptedAt: at('provider_accepted_at'),
    /** When the providing side first answered (interest, acceptance or refusal): reminders stop. */
    providerAnsweredAt: at('provider_answered_at'),
    declineReason: text('decline_reason'),
    declinedBy: text('declined_by'),
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('matches_need_idx').on(t.needId),
    index('matches_provider_idx').on(t.providerId),
    uniqueIndex('matches_open_idx').on(t.needId, t.offerType, t.offerId).where(sql`${t.state} <> 'declined'`),
  ],
);

/** Reminders and flags already sent, so that each goes out once (key: what, about which, at which step). */
export const remindersSent = pgTable('reminders_sent', {
  key: text('key').primaryKey(),
  sentAt: at('sent_at').notNull(),
});

/**
 * Cooperation agreements: what an accepted match becomes once both sides confirm it. `doc` holds the
 * fields of domain/lifecycle/agreement.ts; `modality` is computed from the parties' countries.
 * state: pending (one side confirmed) → active → completed → evaluated.
 */
export const agreements = pgTable(
  'agreements',
  {
    id: text('id').primaryKey(),
    needId: text('need_id').notNull(),
    matchId: text('match_id').notNull(),
    providerId: text('provider_id').notNull(),
    state: text('state').notNull(),
    type: text('type').notNull(),
    modality: text('modality').notNull(),
    /** The parties' countries: requesting, providing, others. */
    countries: text('countries').array().notNull(),
    doc: jsonb('doc').notNull(),
    requesterConfirmedAt: at('requester_confirmed_at'),
    providerConfirmedAt: at('provider_confirmed_at'),
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('agreements_match_idx').on(t.matchId), index('agreements_need_idx').on(t.needId)],
);

/** Each side's evaluation of a completed cooperation; `publish` offers its lessons to everyone. */
export const evaluations = pgTable(
  'evaluations',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id').notNull(),
    side: text('side').notNull(),
    usefulness: integer('usefulness').notNull(),
    changes: text('changes').notNull(),
    lessons: text('lessons').notNull(),
    language: text('language').notNull(),
    publish: boolean('publish').notNull(),
    by: text('by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('evaluations_side_idx').on(t.agreementId, t.side)],
);

/** Mails about requests waiting for a user's daily digest (users who chose 'daily'). */
export const pendingMails = pgTable(
  'pending_mails',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('pending_mails_user_idx').on(t.userId, t.createdAt)],
);
