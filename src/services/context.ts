import type { Db } from '../db/client.ts';
import type { Actor } from '../policies/actor.ts';
import type { Matching } from './matching/matching.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Logger } from '../lib/logger.ts';

/** What every use case receives: the database, who is acting, and the clock. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  now: () => Date;
  /** The matchmaking index, where the process serves matches; writes report their changes to it. */
  matching?: Matching;
  /** Where the request came from, for the audit log. */
  client?: { ip?: string; userAgent?: string };
  /** Outgoing mail and the public address links in mails point to; account services need it. */
  mail?: { mailer: Mailer; publicUrl: string };
  /** Where work finished after the response (a mail sent in the background) reports failures. */
  logger?: Logger;
}
