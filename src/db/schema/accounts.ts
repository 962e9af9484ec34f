import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** People who sign in. `email` is stored lower-cased; the password only as an argon2id hash. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Interface and e-mail language (ISO 639-1, one of the six UN languages). */
    language: text('language').notNull(),
    /** argon2id hash; null for an invited user who has not chosen a password yet. */
    passwordHash: text('password_hash'),
    emailVerifiedAt: at('email_verified_at'),
    /** Base32 TOTP secret; `totpEnabledAt` set once the user proved they can produce codes. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: at('totp_enabled_at'),
    /** The last TOTP time step accepted, so a code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    failedSignins: integer('failed_signins').notNull().default(0),
    /** How mails about the requests one follows arrive: 'immediate', or 'daily' in one digest. */
    notifyMode: text('notify_mode').notNull().default('immediate'),
    lockedUntil: at('locked_until'),
    disabledAt: at('disabled_at'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/**
 * Roles held by users, with their scope: a country code (focal_point), a provider id
 * (provider_member, expert), a support-centre id (centre_staff), or '' for global roles. Grants are
 * never deleted: revoking sets `revoked_at`, so the table is also the record of every grant.
 */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    scope: text('scope').notNull().default(''),
    grantedBy: text('granted_by').notNull(),
    grantedAt: at('granted_at').notNull(),
    revokedBy: text('revoked_by'),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    index('role_grants_user_idx').on(t.userId),
    uniqueIndex('role_grants_active_idx').on(t.userId, t.role, t.scope).where(sql`revoked_at is null`),
  ],
);

/** Signed-in browser sessions; the cookie holds a secret whose SHA-256 is `id`. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** Sent back in forms and the X-CSRF-Token header; compared with the value here. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: at('created_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * One-time links sent by e-mail: verify an address, reset a password, accept an invitation, confirm
 * a new address. Only a SHA-256 of the secret is kept; `data` holds what the link carries.
 */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    purpose: text('purpose').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    data: jsonb('data').$type<Record<string, string>>().notNull().default({}),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
  },
  (t) => [index('email_tokens_user_idx').on(t.userId)],
);

/**
 * Regional and subregional technical and scientific cooperation support centres. Countries are
 * assigned one by one (`assigned_countries`) or by UN M49 subregion (`subregions`); `countries` is
 * what the centre serves: both together, expanded. A country may be served by several centres.
 */
export const supportCentres = pgTable('support_centres', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The host organisation, when the centre's name is not simply its host's. */
  host: text('host'),
  /** The UN M49 region it belongs to (M49-002 Africa, M49-019 Americas, …). */
  region: text('region'),
  email: text('email'),
  subregions: text('subregions').array().notNull().default(sql`'{}'::text[]`),
  assignedCountries: text('assigned_countries').array().notNull().default(sql`'{}'::text[]`),
  countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** Who did what, when: sign-ins, account changes, role grants, tokens, record changes. Append only. */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: at('at').notNull(),
    action: text('action').notNull(),
    /** How the actor is written in histories (`user:usr_…`, `token:name`, `system:cli`, `anonymous`). */
    actor: text('actor').notNull(),
    /** The user the event is about or by, when there is one (for searching one person's events). */
    userId: text('user_id'),
    /** What was acted on: a record id, a user id, a token id, a grant id. */
    subject: text('subject'),
    ip: text('ip'),
    success: boolean('success').notNull().default(true),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_action_idx').on(t.action, t.at),
    index('audit_events_user_idx').on(t.userId, t.at),
    index('audit_events_subject_idx').on(t.subject, t.at),
  ],
);

/** Fixed-window request counters for rate limits, shared by every server process. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: at('window_start').notNull(),
  hits: integer('hits').notNull(),
});
