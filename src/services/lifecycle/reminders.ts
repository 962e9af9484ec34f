import { centresCovering, insertCaseEvent, markReminderSent, matchesAwaitingProvider, needsIdleSince } from '../../db/queries/cases.ts';
import { findRecord } from '../../db/queries/records.ts';
import { newRandomId } from '../../lib/ids.ts';
import { actorLabel } from '../../policies/actor.ts';
import type { ServiceContext } from '../context.ts';
import { notify } from './notify.ts';
import { DEFAULT_REMINDERS, type ReminderSettings } from '../../domain/lifecycle/reminder-settings.ts';

/** Requests that can stall: someone is expected to act. */
const ACTIVE_STATES = ['submitted', 'under_review', 'returned', 'published', 'in_matchmaking', 'matched', 'agreed', 'in_implementation'] as const;
const DAY = 86_400_000;

export interface ReminderRun {
  reminded: number;
  flagged: number;
  escalated: number;
}

/**
 * One pass of the reminder job at `ctx.now()`: reminds providers of matches they have not answered,
 * flags unanswered matches and idle requests to the covering centres, and idle requests further to
 * the global coordinating entity (directly when no centre covers their countries). Each reminder or
 * flag goes out once (reminders_sent); running the pass again, or on several servers, sends nothing
 * twice. A flag is kept in the request's events but does not count as activity.
 */
export async function runReminders(ctx: ServiceContext, settings: ReminderSettings = DEFAULT_REMINDERS): Promise<ReminderRun> {
  const now = ctx.now();
  const run: ReminderRun = { reminded: 0, flagged: 0, escalated: 0 };
  const steps = [...settings.providerReminderDays].sort((a, b) => a - b);

  // Matches waiting for the providing side.
  const first = Math.min(...steps, settings.matchFlagDays);
  for (const m of await matchesAwaitingProvider(ctx.db, new Date(now.getTime() - first * DAY))) {
    const age = (now.getTime() - m.createdAt.getTime()) / DAY;
    const need = await findRecord(ctx.db, 'need', m.needId);
    if (!need) continue;
    const offer = await findRecord(ctx.db, m.offerType as 'provider', m.offerId);
    const about = { need: { ...need.doc, id: need.id }, providerId: m.providerId };
    const vars = { offer: String(offer?.doc.title ?? offer?.doc.name ?? m.offerId), days: String(Math.floor(age)) };
    // Only the latest step due is sent; earlier ones that were missed are marked as done.
    const due = steps.filter((d) => age >= d);
    if (due.length) {
      let fresh = false;
      for (const d of due) fresh = (await markReminderSent(ctx.db, `match:${m.id}:remind:${d}`, now)) || fresh;
      if (fresh && (await notify(ctx, { ...about, audiences: ['providers'] }, 'matchReminder', vars)) > 0) run.reminded++;
    }
    if (age >= settings.matchFlagDays && (await markReminderSent(ctx.db, `match:${m.id}:flag:${settings.matchFlagDays}`, now))) {
      await flagEvent(ctx, need.id, 'centre', { matchId: m.id, days: Math.floor(age), why: 'match_unanswered' });
      await notify(ctx, { ...about, audiences: ['centre'] }, 'matchFlagged', vars);
      run.flagged++;
    }
  }

  // Requests on which nothing has happened.
  for (const n of await needsIdleSince(ctx.db, ACTIVE_STATES, new Date(now.getTime() - settings.idleFlagDays * DAY))) {
    const idle = Math.floor((now.getTime() - n.lastActivity.getTime()) / DAY);
    const since = n.lastActivity.toISOString();
    const need = { ...n.doc, id: n.id };
    const covered = (await centresCovering(ctx.db, (n.doc.countries as string[]) ?? [])).length > 0;
    const vars = { days: String(idle) };
    if (covered && (await markReminderSent(ctx.db, `need:${n.id}:idle:${since}:centre`, now))) {
      await flagEvent(ctx, n.id, 'centre', { days: idle, why: 'idle' });
      await notify(ctx, { need, audiences: ['centre'] }, 'needIdle', vars);
      run.flagged++;
    }
    // Nobody covers the country: the global help desk at once; otherwise when the centre did not act either.
    if ((!covered || idle >= settings.idleEscalateDays) && (await markReminderSent(ctx.db, `need:${n.id}:idle:${since}:gce`, now))) {
      await flagEvent(ctx, n.id, 'gce', { days: idle, why: covered ? 'idle' : 'no_centre' });
      await notify(ctx, { need, audiences: ['gce'] }, 'needEscalated', vars);
      run.escalated++;
    }
  }
  return run;
}

async function flagEvent(ctx: ServiceContext, needId: string, to: 'centre' | 'gce', data: Record<string, unknown>): Promise<void> {
  await insertCaseEvent(ctx.db, {
    id: newRandomId('evt'),
    needId,
    at: ctx.now(),
    kind: 'flag',
    name: to === 'centre' ? 'flag_centre' : 'flag_gce',
    via: 'platform',
    actor: actorLabel(ctx.actor),
    data,
  });
}
