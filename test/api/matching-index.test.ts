import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { TAGS_VERSION } from '../../src/domain/matching/profile.ts';
import { Matching } from '../../src/services/matching/matching.ts';
import { importRecords } from '../../src/services/records/import-records.ts';
import { needInput, providerInput } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// The matchmaking index over its life: bulk imports after it is loaded, and records whose stored
// tags are missing or were computed with another concept vocabulary.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const line = (type: string, id: string, doc: Record<string, unknown>) => JSON.stringify({ type, id, ...doc });

describe('matchmaking index', () => {
  it('sees the records of a bulk import made after it was loaded', async () => {
    await t.matching.ready();
    const lines = [line('provider', 'prov-bulk000000', providerInput({ name: 'Seagrass Lab', expertise: ['seagrass meadow restoration'], description: 'We map and restore seagrass meadows with fishing communities.' }))];
    for (let i = 0; i < 150; i++) {
      lines.push(line('need', `need-bulk${String(i).padStart(6, '0')}`, needInput({ title: `Herbiers marins ${i}`, description: 'Nos herbiers marins disparaissent : nous cherchons à cartographier et restaurer les herbiers de posidonie.' })));
    }
    const report = await importRecords(t.system, lines);
    expect(report.ok).toBe(true);
    const res = await t.request('GET', '/api/v1/needs/need-bulk000007/matches?kind=provider', { token: null });
    expect(res.body.items[0].id).toBe('prov-bulk000000');
    const back = await t.request('GET', '/api/v1/providers/prov-bulk000000/matches?limit=50', { token: null });
    expect(back.body.items.filter((i: { id: string }) => i.id.startsWith('need-bulk'))).toHaveLength(50);
  });

  it('tags again, at load, records whose tags are missing or out of date', async () => {
    const provider = await t.request('POST', '/api/v1/providers', { body: providerInput({ name: 'Peat Institute', expertise: ['peatland rewetting'], description: 'We rewet drained peatlands and monitor their carbon and biodiversity.' }) });
    const need = await t.request('POST', '/api/v1/needs', { body: needInput({ title: 'Remouiller nos tourbières', description: 'Nos tourbières drainées se dégradent : nous voulons les remouiller et suivre leur biodiversité.' }) });
    const db = t.db.database.db;
    await db.execute(sql`update providers set match_tags = null, concepts = '{}' where id = ${provider.body.id}`);
    await db.execute(sql`update needs set match_tags = jsonb_set(match_tags, '{v}', '"0-old"') where id = ${need.body.id}`);
    await db.execute(sql`update app_state set value = '0-old' where key = 'match_tags_version'`); // as after an upgrade

    // A new process on the same database (a restart).
    const matching = new Matching(db);
    const app = createApp({ db, logger: pino({ level: 'silent' }), matching });
    const res = await app.request(`/api/v1/needs/${need.body.id}/matches?kind=provider`);
    const body = (await res.json()) as { items: Array<{ id: string }> };
    expect(body.items[0]!.id).toBe(provider.body.id);
    const rows = await db.execute(sql`select match_tags->>'v' as v, concepts from providers where id = ${provider.body.id} union all select match_tags->>'v', concepts from needs where id = ${need.body.id}`);
    for (const row of (rows as unknown as { rows: Array<{ v: string; concepts: string[] }> }).rows) {
      expect(row.v).toBe(TAGS_VERSION);
      expect(row.concepts).toContain('CONCEPT-PEATLANDS');
    }
  });

  it('follows the changes another process sharing the database makes', async () => {
    // A second server on the same database, following announcements.
    const db = t.db.database.db;
    const other = new Matching(db);
    await other.follow(t.db.database);
    onTestFinished(() => other.stop());
    const otherApp = createApp({ db, logger: pino({ level: 'silent' }), matching: other });
    const need = await t.request('POST', '/api/v1/needs', { body: needInput({ title: 'Chauves-souris des grottes', description: 'Nos colonies de chauves-souris cavernicoles déclinent : nous cherchons un suivi acoustique des chauves-souris.' }) });
    const matchesThere = async () => ((await (await otherApp.request(`/api/v1/needs/${need.body.id}/matches?kind=provider`)).json()) as { items: Array<{ id: string }> }).items;
    expect((await matchesThere()).length).toBeGreaterThanOrEqual(0); // loads its index

    // The first server gets a new provider; the second hears of it.
    const bats = await t.request('POST', '/api/v1/providers', { body: providerInput({ name: 'Bat Conservation Trust', expertise: ['acoustic monitoring of bats'], description: 'We monitor bat colonies with acoustic detectors and train cave managers.' }) });
    let seen: Array<{ id: string }> = [];
    for (let i = 0; i < 50 && !seen.some((m) => m.id === bats.body.id); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await matchesThere();
    }
    expect(seen.map((m) => m.id)).toContain(bats.body.id);

    // And of its withdrawal.
    await t.request('PATCH', `/api/v1/providers/${bats.body.id}`, { body: { status: 'withdrawn' } });
    for (let i = 0; i < 50 && seen.some((m) => m.id === bats.body.id); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await matchesThere();
    }
    expect(seen.map((m) => m.id)).not.toContain(bats.body.id);
  });
});
