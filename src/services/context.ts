import type { Db } from '../db/client.ts';
import type { Actor } from '../policies/actor.ts';
import type { Matching } from './matching/matching.ts';

/** What every use case receives: the database, who is acting, and the clock. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  now: () => Date;
  /** The matchmaking index, where the process serves matches; writes report their changes to it. */
  matching?: Matching;
}
