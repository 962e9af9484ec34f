/**
 * Quality of matchmaking on the labelled set in bench/matching-eval: nDCG@10, Recall@10 and MRR,
 * overall and per need language, for needs with their tags and for needs with their targets and
 * subjects removed (text only), plus a plain keyword baseline (BM25 over the same texts, no
 * concepts) measured in the same run. Prints JSON; also writes bench/out/matching-quality.json.
 *
 *   npm run bench:quality
 *
 * Everything goes through the real code: records are imported into an embedded database with the
 * ordinary import, and suggestions come from the same service as GET /api/v1/needs/{id}/matches.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { openDatabase } from '../src/db/client.ts';
import { indexTerms, tokenize } from '../src/domain/text/analyze.ts';
import { systemActor } from '../src/policies/actor.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { findMatches } from '../src/services/matching/find-matches.ts';
import { Matching } from '../src/services/matching/matching.ts';
import { importRecords } from '../src/services/records/import-records.ts';
import { syncVocabularies } from '../src/services/vocab/sync-vocabularies.ts';

const DIR = new URL('./matching-eval/', import.meta.url);
const K = 10;
const TODAY = new Date('2027-01-15T12:00:00Z');

type Doc = Record<string, unknown> & { type: string; id: string; language: string };
type Qrels = Record<string, Record<string, number>>;

const readLines = (name: string): Doc[] =>
  readFileSync(new URL(name, DIR), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Doc);

const needs = readLines('needs.jsonl');
const candidates = readLines('candidates.jsonl');
const qrels = JSON.parse(readFileSync(new URL('qrels.json', DIR), 'utf8')) as Qrels;

/** The text-only copy of a need: same text, no targets or subjects, another id. */
const textOnlyId = (id: string) => id.replace('need-eval', 'need-txto');
const textOnly = needs.map((n) => ({ ...n, id: textOnlyId(n.id), targets: [], subjects: [] }));

// ---------------------------------------------------------------------------------------------
// Metrics

function ndcg(ranked: string[], judged: Record<string, number>): number {
  const dcg = ranked.slice(0, K).reduce((sum, id, i) => sum + (2 ** (judged[id] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(judged)
    .sort((a, b) => b - a)
    .slice(0, K)
    .reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return ideal ? dcg / ideal : 0;
}
function recall(ranked: string[], judged: Record<string, number>): number {
  const relevant = Object.entries(judged).filter(([, g]) => g > 0).map(([id]) => id);
  return relevant.length ? ranked.slice(0, K).filter((id) => relevant.includes(id)).length / relevant.length : 0;
}
function mrr(ranked: string[], judged: Record<string, number>): number {
  const i = ranked.findIndex((id) => (judged[id] ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

interface Scores {
  ndcg10: number;
  recall10: number;
  mrr: number;
  needs: number;
}
function summarise(runs: Array<{ lang: string; ranked: string[]; judged: Record<string, number> }>) {
  const agg = (list: typeof runs): Scores => ({
    ndcg10: round(mean(list.map((r) => ndcg(r.ranked, r.judged)))),
    recall10: round(mean(list.map((r) => recall(r.ranked, r.judged)))),
    mrr: round(mean(list.map((r) => mrr(r.ranked, r.judged)))),
    needs: list.length,
  });
  const byLanguage: Record<string, Scores> = {};
  for (const lang of [...new Set(runs.map((r) => r.lang))].sort()) byLanguage[lang] = agg(runs.filter((r) => r.lang === lang));
  return { overall: agg(runs), byLanguage };
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number) => Math.round(x * 1000) / 1000;

// ---------------------------------------------------------------------------------------------
// Baseline: BM25 over the same texts, with the same word analysis, no concepts, no tags.

function candidateText(d: Doc): string {
  const parts = d.type === 'provider' ? [d.name, (d.expertise as string[] | undefined)?.join('\n'), d.description, d.trackRecord] : [d.title, d.description];
  return parts.filter(Boolean).join('\n');
}
function termCounts(text: string, language: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tok of tokenize(text)) for (const term of indexTerms(tok.text, language)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
function bm25Ranker(docs: Doc[]) {
  const k1 = 1.2;
  const b = 0.75;
  const vectors = docs.map((d) => ({ id: d.id, tf: termCounts(candidateText(d), d.language) }));
  const lengths = vectors.map((v) => [...v.tf.values()].reduce((a, c) => a + c, 0));
  const avg = mean(lengths);
  const df = new Map<string, number>();
  for (const v of vectors) for (const t of v.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return (query: string, language: string): string[] => {
    const q = [...termCounts(query, language).keys()];
    return vectors
      .map((v, i) => {
        let s = 0;
        for (const t of q) {
          const f = v.tf.get(t);
          if (!f) continue;
          const d = df.get(t)!;
          s += Math.log(1 + (n - d + 0.5) / (d + 0.5)) * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * lengths[i]!) / avg)));
        }
        return { id: v.id, s };
      })
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
      .slice(0, K)
      .map((x) => x.id);
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const database = await openDatabase({ dataDir: 'memory' });
  await database.migrate();
  await syncVocabularies(database.db);
  const matching = new Matching(database.db);
  const ctx: ServiceContext = { db: database.db, actor: systemActor('bench'), now: () => TODAY, matching };
  const lines = [...candidates, ...needs, ...textOnly].map((d) => JSON.stringify(d));
  const report = await importRecords(ctx, lines);
  if (!report.ok) throw new Error(`the evaluation set does not import: ${JSON.stringify(report.errors.slice(0, 5))}`);
  await matching.ready();

  const run = async (idOf: (id: string) => string) => {
    const out: Array<{ lang: string; ranked: string[]; judged: Record<string, number> }> = [];
    for (const n of needs) {
      const { items } = await findMatches(ctx, 'need', idOf(n.id), { limit: K, kind: 'all', lang: 'en' });
      out.push({ lang: n.language, ranked: items.map((i) => i.id), judged: qrels[n.id] ?? {} });
    }
    return out;
  };
  const started = performance.now();
  const withTags = await run((id) => id);
  const textOnlyRuns = await run(textOnlyId);
  const ms = performance.now() - started;

  const bm25 = bm25Ranker(candidates);
  const baseline = needs.map((n) => ({ lang: n.language, ranked: bm25(`${n.title}\n${n.description}`, n.language), judged: qrels[n.id] ?? {} }));

  const results = {
    benchmark: 'matching-quality',
    set: {
      needs: needs.length,
      needsByLanguage: Object.fromEntries([...new Set(needs.map((n) => n.language))].sort().map((l) => [l, needs.filter((n) => n.language === l).length])),
      providers: candidates.filter((c) => c.type === 'provider').length,
      opportunities: candidates.filter((c) => c.type === 'opportunity').length,
      judgements: Object.values(qrels).reduce((a, q) => a + Object.keys(q).length, 0),
    },
    k: K,
    withTags: summarise(withTags),
    textOnly: summarise(textOnlyRuns),
    bm25Baseline: summarise(baseline),
    targets: { textOnlyNdcg10Overall: 0.8, textOnlyNdcg10PerLanguage: 0.7, withTagsNdcg10Overall: 0.9 },
    msPerQuery: round(ms / (needs.length * 2)),
  };
  const t = results.textOnly;
  const met = {
    textOnlyOverall: t.overall.ndcg10 >= 0.8,
    textOnlyEveryLanguage: Object.values(t.byLanguage).every((s) => s.ndcg10 >= 0.7),
    withTagsOverall: results.withTags.overall.ndcg10 >= 0.9,
  };
  const json = JSON.stringify({ ...results, met }, null, 2);
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./out/matching-quality.json', import.meta.url), `${json}\n`);
  process.stdout.write(`${json}\n`);
  if (process.env.BENCH_DETAIL) {
    for (const r of textOnlyRuns) {
      const n = ndcg(r.ranked, r.judged);
      if (n < 0.7) process.stderr.write(`${round(n)} ${r.lang} ${needs[textOnlyRuns.indexOf(r)]!.id}: got ${r.ranked.slice(0, 5).map((id) => `${id}(${r.judged[id] ?? 0})`).join(' ')} want ${JSON.stringify(r.judged)}\n`);
    }
  }
  await database.close();
}

await main();
