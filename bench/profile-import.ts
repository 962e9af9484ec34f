// Times the parts of an import of demo needs (repeated, texts recombined): validation and text
// analysis on their own, then the import's phases (reading and validating, writing, indexing).
//   npx tsx bench/profile-import.ts            embedded, in memory
//   DATABASE_URL=postgres://… npx tsx bench/profile-import.ts   PostgreSQL (an empty database)
import { openDatabase } from '../src/db/client.ts';
import { REGISTRIES } from '../src/domain/records/registry.ts';
import { validateDocument } from '../src/domain/records/validate.ts';
import { indexTerms } from '../src/domain/text/analyze.ts';
import { systemActor } from '../src/policies/actor.ts';
import { demoLines } from '../src/services/demo/seed-demo.ts';
import { importRecords } from '../src/services/records/import-records.ts';
import { syncVocabularies } from '../src/services/vocab/sync-vocabularies.ts';
import * as catalog from '../src/vocab/catalog.ts';

const needs = demoLines().map((l) => JSON.parse(l)).filter((r) => r.type === 'need');
const N = Number(process.env.PROFILE_RECORDS ?? 5000);
const docs = Array.from({ length: N }, (_, i) => {
  const { type: _t, id: _id, ...r } = needs[i % needs.length];
  return { ...r, description: `${r.description}\n\n${needs[(i * 7) % needs.length].description}` };
});
let t = performance.now();
for (const d of docs) validateDocument(REGISTRIES.need, d, catalog);
const validate = performance.now() - t;
t = performance.now();
let lexemes = 0;
for (const d of docs) lexemes += indexTerms(d.title, d.language).length + indexTerms(d.description, d.language).length;
const analyse = performance.now() - t;
const db = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory' });
await db.migrate();
await syncVocabularies(db.db);
const lines = docs.map((d, i) => JSON.stringify({ type: 'need', id: `need-${i.toString(36).padStart(10, '0')}`, ...d }));
const phases: Record<string, number> = {};
let last = performance.now();
let phase = 'validating';
t = last;
const report = await importRecords({ db: db.db, actor: systemActor('profile'), now: () => new Date() }, lines, {
  onProgress: (p) => {
    if (p.phase !== phase) {
      const now = performance.now();
      phases[phase] = (phases[phase] ?? 0) + (now - last);
      last = now;
      phase = p.phase;
    }
  },
});
const total = performance.now() - t;
phases[phase] = (phases[phase] ?? 0) + (performance.now() - last);
const perRecord = (ms: number) => Math.round((ms / N) * 1000) / 1000;
console.log(
  JSON.stringify({
    mode: db.mode,
    records: N,
    ok: report.ok,
    lexemesPerRecord: Math.round(lexemes / N),
    msPerRecord: {
      validateAlone: perRecord(validate),
      analyseAlone: perRecord(analyse),
      wholeImport: perRecord(total),
      ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, perRecord(v)])),
    },
  }),
);
await db.close();
