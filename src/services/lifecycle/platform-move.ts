import type { Db } from '../../db/client.ts';
import type { RecordRow } from '../../db/queries/records.ts';
import { NEED_TRANSITIONS } from '../../domain/lifecycle/need-lifecycle.ts';
import { REGISTRIES } from '../../domain/records/registry.ts';
import { systemActor } from '../../policies/actor.ts';
import type { ServiceContext } from '../context.ts';
import { canonicalDoc } from '../records/record-write.ts';
import { writeNewVersion } from '../records/update-record.ts';
import { recordMove } from './case-events.ts';

/**
 * Runs `within` in one transaction, together with the platform's lifecycle move `name` on the
 * request when the request is in a state that move starts from (a first proposal opens matchmaking,
 * a match accepted by both sides matches the request, …); otherwise `within` alone. The move is
 * recorded after `within`, or before it with `moveFirst`, so the case reads in the order things happened.
 */
export async function withPlatformMove(
  ctx: ServiceContext,
  need: RecordRow,
  name: string,
  within: (tx: Db, at: Date) => Promise<void>,
  options: { by: string; moveFirst?: boolean },
): Promise<void> {
  const move = NEED_TRANSITIONS.find((t) => t.name === name);
  if (!move) throw new Error(`no lifecycle move "${name}"`);
  if (!(move.from as readonly string[]).includes(need.status)) {
    await ctx.db.transaction(async (tx) => within(tx, ctx.now()));
    return;
  }
  const doc = { ...canonicalDoc(REGISTRIES.need, need.doc), status: move.to };
  const record = (tx: Db, at: Date) =>
    recordMove({ ...ctx, actor: systemActor(options.by) }, tx, { needId: need.id, name, from: need.status, to: move.to, reason: null, via: 'platform', at });
  await writeNewVersion(ctx, 'need', need, doc, [{ field: 'status', from: need.status, to: move.to }], {
    personal: false,
    within: async (tx, at) => {
      if (options.moveFirst) await record(tx, at);
      await within(tx, at);
      if (!options.moveFirst) await record(tx, at);
    },
  });
}
