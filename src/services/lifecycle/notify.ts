import { centresCovering, usersWithGrants } from '../../db/queries/cases.ts';
import type { Audience } from '../../domain/lifecycle/need-lifecycle.ts';
import { isLanguage, translator } from '../../i18n/index.ts';
import type { ServiceContext } from '../context.ts';

/** Whom a message about a request is for. */
export interface Recipients {
  /** The request (its document with its id): its countries and organisation decide owners and centres. */
  need: Record<string, unknown> & { id: string };
  /** The provider(s) on the offering side, for the 'providers' audience. */
  providerId?: string | string[];
  audiences: readonly Audience[];
}

/** The people concerned, each once, never the one acting. */
export async function concerned(ctx: ServiceContext, r: Recipients): Promise<Array<{ id: string; email: string; name: string; language: string }>> {
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
  const people = new Map<string, { id: string; email: string; name: string; language: string }>();
  for (const u of await usersWithGrants(ctx.db, wanted)) if (u.id !== me && !people.has(u.id)) people.set(u.id, u);
  return [...people.values()];
}

/**
 * Mails `mail.<kind>` (subject and body from the catalogs) about a request to the people concerned,
 * each in their language, with a greeting and the request's address. A mail that cannot be sent is
 * logged; what happened stands. Returns how many were sent.
 */
export async function notify(ctx: ServiceContext, r: Recipients, kind: string, extra: Record<string, string> = {}, people?: Awaited<ReturnType<typeof concerned>>): Promise<number> {
  if (!ctx.mail) return 0;
  const { mailer, publicUrl } = ctx.mail;
  let sent = 0;
  for (const person of people ?? (await concerned(ctx, r))) {
    const lang = isLanguage(person.language) ? person.language : 'en';
    const t = translator(lang);
    const vars = { ...extra, name: person.name, title: String(r.need.title ?? r.need.id), link: `${publicUrl}/needs/${r.need.id}`, site: publicUrl };
    const lines = [t(`mail.${kind}.body`, vars)];
    if (extra.reason) lines.push('', t('mail.needMoved.reason', { reason: extra.reason }));
    lines.push('', t('mail.needMoved.link', vars));
    try {
      await mailer.send({ to: person.email, subject: t(`mail.${kind}.subject`, vars), text: `${t('mail.needMoved.greeting', vars)}\n\n${lines.join('\n')}\n\n-- \n${t('mail.signature', vars)}\n` });
      sent++;
    } catch (err) {
      ctx.logger?.error({ err, to: person.email, need: r.need.id, kind }, 'could not send a mail about a request');
    }
  }
  return sent;
}
