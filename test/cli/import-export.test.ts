import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRecords } from '../../src/db/queries/records.ts';
import { systemActor } from '../../src/policies/actor.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { exportRecords } from '../../src/services/records/export-records.ts';
import { importRecords } from '../../src/services/records/import-records.ts';
import { cliEnv, runCoophub } from '../support/cli.ts';
import { needInput, opportunityInput, providerInput } from '../support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let a: TestDatabase;
let ctx: ServiceContext;
beforeAll(async () => {
  a = await createTestDatabase();
  ctx = { db: a.database.db, actor: systemActor('test-import'), now: () => new Date() };
});
afterAll(() => a.close());

const line = (type: string, record: Record<string, unknown>) => JSON.stringify({ type, ...record });

function sampleLines(): string[] {
  return [
    line('provider', { id: 'prov-dryland001', ...providerInput() }),
    line('provider', { id: 'prov-expert0001', ...providerInput({ kind: 'expert', name: 'Dr Leila Mansour', acronym: null, organisationType: null, country: null, nationality: 'MA', languages: [{ code: 'ar', level: 'native' }] }) }),
    line('need', { id: 'need-tunisia001', ...needInput(), createdAt: '2026-05-01T09:30:00.000Z', updatedAt: '2026-06-02T10:00:00.000Z' }),
    line('need', { ...needInput({ title: '利用环境DNA监测外来入侵物种', language: 'zh', countries: ['CN'], description: '我们需要关于环境DNA方法的培训，以监测外来入侵物种，并建立国家数据库。' }) }),
    line('opportunity', { id: 'opp-course0001', ...opportunityInput('prov-dryland001') }),
  ];
}

async function total(c: ServiceContext = ctx) {
  return (await countRecords(c.db, 'need')) + (await countRecords(c.db, 'provider')) + (await countRecords(c.db, 'opportunity'));
}

async function exportAll(c: ServiceContext): Promise<string> {
  const out: string[] = [];
  await exportRecords(c, ['need', 'provider', 'opportunity'], (l) => {
    out.push(l);
  });
  return out.join('\n');
}

describe('import', () => {
  it('reports every bad line with its number and field, and writes nothing', async () => {
    const lines = [
      ...sampleLines(),
      '{"type":"need", "title": ',
      line('need', needInput({ targets: ['GBF-TARGET-99'], countries: ['XX'] })),
      line('planet', { name: 'Mars' }),
      '',
      line('opportunity', opportunityInput('prov-missing001')),
      line('need', { id: 'need-tunisia001', ...needInput() }),
      line('need', { id: 'bad id', ...needInput(), createdAt: 'yesterday' }),
    ];
    const before = await total();
    const report = await importRecords(ctx, lines);
    expect(report.ok).toBe(false);
    const found = report.errors.map((e) => `${e.line} ${e.path}`);
    expect(found).toEqual(
      expect.arrayContaining(['6 (line)', '7 countries[0]', '7 targets[0]', '8 type', '10 providerId', '11 id', '12 id', '12 createdAt']),
    );
    expect(report.errors.find((e) => e.line === 7 && e.path === 'targets[0]')?.message).toBe('"GBF-TARGET-99" is not in the gbf-targets vocabulary');
    expect(report.errors.find((e) => e.line === 11)?.message).toBe('"need-tunisia001" already appears on line 3');
    expect(await total()).toBe(before);
  });

  it('validates only in a dry run', async () => {
    const report = await importRecords(ctx, sampleLines(), { dryRun: true });
    expect(report).toMatchObject({ ok: true, dryRun: true, counts: { provider: 2, need: 2, opportunity: 1 } });
    expect(await total()).toBe(0);
  });

  it('imports all lines in one go, keeping ids and timestamps, and refuses the same ids twice', async () => {
    const report = await importRecords(ctx, sampleLines());
    expect(report.ok).toBe(true);
    expect(await total()).toBe(5);
    const again = await importRecords(ctx, sampleLines().slice(0, 1));
    expect(again.errors).toEqual([{ line: 1, path: 'id', message: 'a provider with id "prov-dryland001" already exists' }]);
    const exported = await exportAll(ctx);
    expect(exported).toContain('"id":"need-tunisia001"');
    expect(exported).toContain('"createdAt":"2026-05-01T09:30:00.000Z","updatedAt":"2026-06-02T10:00:00.000Z"');
  });

  it('rebuilds the search indexes after a bulk import, and search still works', async () => {
    const b = await createTestDatabase();
    try {
      const bctx = { ...ctx, db: b.database.db };
      const phases = new Set<string>();
      const report = await importRecords(bctx, sampleLines(), { bulkRebuildMin: 2, onProgress: (p) => phases.add(p.phase) });
      expect(report.ok).toBe(true);
      expect(phases).toContain('indexing');
      const { sql } = await import('drizzle-orm');
      const result = await b.database.db.execute(sql`select indexname from pg_indexes where tablename = 'needs' and indexdef ilike '%using gin%' order by 1`);
      const names = (result as unknown as { rows: Array<{ indexname: string }> }).rows.map((r) => r.indexname);
      expect(names).toEqual(['needs_assistance_idx', 'needs_concepts_idx', 'needs_countries_idx', 'needs_languages_idx', 'needs_search_idx', 'needs_subjects_idx', 'needs_targets_idx']);
      const { listRecords } = await import('../../src/services/records/list-records.ts');
      const found = await listRecords(bctx, 'need', { q: '入侵物种', page: 1, pageSize: 10 });
      expect(found.total).toBe(1);
    } finally {
      await b.close();
    }
  });

  it('prepares rows on a worker thread for large imports, with the same result', async () => {
    const b = await createTestDatabase();
    try {
      const bctx = { ...ctx, db: b.database.db };
      const exported = await exportAll(ctx);
      const report = await importRecords(bctx, exported.split('\n'), { threaded: true });
      expect(report.ok).toBe(true);
      expect(await exportAll(bctx)).toBe(exported);
      const { listRecords } = await import('../../src/services/records/list-records.ts');
      expect((await listRecords(bctx, 'need', { q: 'parcours', page: 1, pageSize: 10 })).total).toBe(1);
    } finally {
      await b.close();
    }
  });

  it('round-trips: export, import into an empty database, export again gives the same lines', async () => {
    const first = await exportAll(ctx);
    const b = await createTestDatabase();
    try {
      const bctx = { ...ctx, db: b.database.db };
      const report = await importRecords(bctx, first.split('\n'));
      expect(report.ok, JSON.stringify(report.errors)).toBe(true);
      expect(await exportAll(bctx)).toBe(first);
    } finally {
      await b.close();
    }
  });
});

describe('the coophub command', () => {
  let env: NodeJS.ProcessEnv;
  let cliDb: TestDatabase | undefined;
  beforeAll(async () => {
    cliDb = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
    env = cliEnv(cliDb?.url);
  });
  afterAll(() => cliDb?.close());

  it('imports a file, refusing a bad one with line numbers, and exports it back', async () => {
    const dir = env.DATA_DIR ?? '/tmp';
    const bad = join(dir, `bad-${process.pid}.jsonl`);
    writeFileSync(bad, [...sampleLines(), line('need', needInput({ subjects: ['CBD-SUBJECT-MARS'] }))].join('\n'));
    const refused = await runCoophub(['import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 6: subjects[0]: "CBD-SUBJECT-MARS" is not in the cbd-subjects vocabulary');
    expect(refused.stderr).toContain('Nothing was imported');

    const good = join(dir, `good-${process.pid}.jsonl`);
    writeFileSync(good, `${sampleLines().join('\n')}\n`);
    const dry = await runCoophub(['import', good, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('Dry run: nothing was imported');
    const imported = await runCoophub(['import', good], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('Imported 2 needs, 2 providers, 1 opportunity');

    const exported = await runCoophub(['export', '--type', 'need'], env);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.type === 'need')).toBe(true);
    expect(lines.find((l) => l.id === 'need-tunisia001').contact.email).toBe('amira@example.org');
  });

  it('explains usage errors', async () => {
    const noFile = await runCoophub(['import', '/nonexistent/file.jsonl'], env);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('No such file');
    const badType = await runCoophub(['export', '--type', 'planet'], env);
    expect(badType.code).toBe(2);
    const unknown = await runCoophub(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command');
  });
});
