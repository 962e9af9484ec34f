import type { Db } from '../db/client.ts';
import type { Actor } from '../policies/actor.ts';

/** What every use case receives: the database, who is acting, and the clock. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  now: () => Date;
}
