import type { Logger } from '../../lib/logger.ts';
import type { ServiceContext } from '../context.ts';
import type { ReminderSettings } from '../../domain/lifecycle/reminder-settings.ts';
import { runReminders } from '../lifecycle/reminders.ts';
import { runDigests } from '../lifecycle/notify.ts';

/**
 * The background jobs of one process: every `minutes`, a pass of the reminders (which sends each
 * reminder once, whichever process runs it, so several servers may all run it). A pass never
 * overlaps the previous one. Returns a function that stops the jobs.
 */
export function startJobs(ctx: ServiceContext, options: { minutes: number; reminders: ReminderSettings; logger: Logger }): () => void {
  if (options.minutes <= 0) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const run = await runReminders(ctx, options.reminders);
      const digests = await runDigests(ctx);
      if (run.reminded || run.flagged || run.escalated || digests) options.logger.info({ ...run, digests }, 'reminders and digests sent');
    } catch (err) {
      options.logger.error({ err }, 'the reminder job failed; it runs again at the next interval');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.minutes * 60_000);
  timer.unref();
  const first = setTimeout(() => void tick(), 5_000);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
