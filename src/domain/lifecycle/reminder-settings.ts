// When the reminder job reminds and flags (days). Read from COOPHUB_REMINDERS by config.ts; used by
// services/lifecycle/reminders.ts.

/** When reminders and flags go out (days); COOPHUB_REMINDERS can change them (see config.ts). */
export interface ReminderSettings {
  /** A provider who has not answered a proposed match is reminded after each of these many days. */
  providerReminderDays: number[];
  /** …and after this many the case is flagged to the covering centre. */
  matchFlagDays: number;
  /** A request on which nothing has happened for this many days is flagged to its centre(s)… */
  idleFlagDays: number;
  /** …and after this many to the global coordinating entity. */
  idleEscalateDays: number;
}

export const DEFAULT_REMINDERS: ReminderSettings = { providerReminderDays: [7, 14], matchFlagDays: 21, idleFlagDays: 30, idleEscalateDays: 45 };
