import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { matches, needs, providers } from '../schema/index.ts';

/** How many countries have published needs or published providers based there. */
export async function countCountriesTakingPart(db: Db, needStatuses: readonly string[], providerStatuses: readonly string[]): Promise<number> {
  const rows = await db.execute(sql`
    select count(distinct c)::int as n from (
      select unnest(${needs.countries}) as c from ${needs} where ${needs.status} = any(${sql.param([...needStatuses])}::text[])
      union all
      select unnest(${providers.countries}) as c from ${providers} where ${providers.status} = any(${sql.param([...providerStatuses])}::text[])
    ) as taking_part`);
  return Number((rows as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0);
}

/** Matches made: accepted by both sides, or turned into an agreement. */
export async function countMatchesMade(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(matches).where(sql`${matches.state} in ('accepted', 'agreed')`);
  return Number(rows[0]?.n ?? 0);
}
