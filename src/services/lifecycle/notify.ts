import { centresCovering, deletePendingMails, insertPendingMail, markReminderSent, pendingMailsByUser, usersWithGrants } from '../../db/queries/cases.ts';
import { newRandomId } from '../../lib/ids.ts';
import type { Audience } from '../../domain/lifecycle/need-lifecycle.ts';
import { isLanguage, type Language, translator } from '../../i18n/index.ts';
import type { ServiceContext } from '../context.ts';

/** Someone to tell; `notifyMode` 'daily' gathers their mails in one digest a day. */
export interface Person {
  id: string;
  email: string;
  name: string;
  language: string;
  notifyMode?: string;
}

/** Whom a message about a request is for. */
export interface Recipients {
  /** The request (its document with its id): its countries and organisation decide owners and centres. */
  need: Record<string, unknown> & { id: string };
  /** The provider(s) on the offering side, for the 'providers' audience. */
  providerId?: string | string[];
  audiences: readonly Audience[];
}

/** The people concerned, each once, never the one acting. */
export async function concerned(ctx: ServiceContext, r: Recipients): Promise<Person[]> {
  const countries = (r.need.countries as string[] | undefined) ?? [];
  const organisation = (r.need.organisation as { providerId?: string | null } | undefined)?.providerId;
  const providers = r.providerId === undefined ? [] : Array.isArray(r.providerId) ? r.providerId : [r.providerId];
  const wanted: Array<{ role: string; scope: string }> = [];
  const members = (id: string) => [{ role: 'provider_member', scope: id }, { role: 'expert', scope: id }];
  if (r.audiences.includes('owners')) {
    wanted.push(...countries.map((c) => ({ role: 'focal_point', scope: c })));
    if (organisation) wanted.push(...members(organisation));
  }
  if (r.audiences.includes('providers')) wanted.push(...providers.flatMap(members));
  if (r.audiences.includes('centre')) wanted.push(...(await centresCovering(ctx.db, countries)).map((c) => ({ role: 'centre_staff', scope: c })));
  if (r.audiences.includes('gce')) wanted.push({ role: 'gce', scope: '' });
  const me = ctx.actor.kind === 'user' ? ctx.actor.userId : undefined;
  const people = new Map<string, Person>();
  for (const u of await usersWithGrants(ctx.db, wanted)) if (u.id !== me && !people.has(u.id)) people.set(u.id, u);
  return [...people.values()];
}

/**
 * Mails `mail.<kind>` (subject and body from the catalogs) about a request to the people concerned,
 * each in their language, with a greeting and the request's address. A mail that cannot be sent is
 * logged; what happened stands. Returns how many were sent.
 */
export async function notify(
  ctx: ServiceContext,
  r: Recipients,
  kind: string | { subject: string; body: string },
  extra: Record<string, string> | ((lang: Language) => Record<string, string>) = {},
  people?: Person[],
): Promise<number> {
  if (!ctx.mail) return 0;
  const { publicUrl } = ctx.mail;
  const keys = typeof kind === 'string' ? { subject: `mail.${kind}.subject`, body: `mail.${kind}.body` } : kind;
  let sent = 0;
  for (const person of people ?? (await concerned(ctx, r))) {
    const lang = isLanguage(person.language) ? person.language : 'en';
    const t = translator(lang);
    const more = typeof extra === 'function' ? extra(lang) : extra;
    const vars = { ...more, name: person.name, title: String(r.need.title ?? r.need.id), link: `${publicUrl}/needs/${r.need.id}`, site: publicUrl };
    const lines = [t(keys.body, vars)];
    if (more.reason) lines.push('', t('mail.needMoved.reason', { reason: more.reason }));
    lines.push('', t('mail.needMoved.link', vars));
    try {
      await deliver(ctx, person, t(keys.subject, vars), `${t('mail.needMoved.greeting', vars)}\n\n${lines.join('\n')}\n\n-- \n${t('mail.signature', vars)}\n`);
      sent++;
    } catch (err) {
      ctx.logger?.error({ err, to: person.email, need: r.need.id, mail: keys.subject }, 'could not send a mail about a request');
    }
  }
  return sent;
}

/** Sends a mail now, or keeps it for the person's daily digest when they chose one. */
export async function deliver(ctx: ServiceContext, person: Person, subject: string, text: string): Promise<void> {
  if (person.notifyMode === 'daily') {
    await insertPendingMail(ctx.db, { id: newRandomId('pml'), userId: person.id, subject, text, createdAt: ctx.now() });
    return;
  }
  await ctx.mail!.mailer.send({ to: person.email, subject, text });
}

/**
 * Sends each person who chose a daily digest one mail with everything kept for them since the last
 * one, in their language: once a day (UTC) at most, whichever process runs it. Returns how many went out.
 */
export async function runDigests(ctx: ServiceContext): Promise<number> {
  if (!ctx.mail) return 0;
  const day = ctx.now().toISOString().slice(0, 10);
  let sent = 0;
  for (const { user, mails } of (await pendingMailsByUser(ctx.db)).values()) {
    if (!(await markReminderSent(ctx.db, `digest:${user.id}:${day}`, ctx.now()))) continue;
    const lang = isLanguage(user.language) ? user.language : 'en';
    const t = translator(lang);
    const parts = mails.map((m) => `== ${m.subject} ==\n\n${m.text.replace(/\n-- \n[\s\S]*$/, '').trim()}`);
    const text = `${t('mail.needMoved.greeting', { name: user.name })}\n\n${t('mail.digest.intro', { count: mails.length })}\n\n${parts.join('\n\n')}\n\n-- \n${t('mail.signature', { site: ctx.mail.publicUrl })}\n`;
    try {
      await ctx.mail.mailer.send({ to: user.email, subject: t('mail.digest.subject', { count: mails.length }), text });
      await deletePendingMails(ctx.db, mails.map((m) => m.id));
      sent++;
    } catch (err) {
      ctx.logger?.error({ err, to: user.email }, 'could not send a daily digest; it is tried again tomorrow');
    }
  }
  return sent;
}
