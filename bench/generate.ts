/**
 * Generated records for the benchmarks: variations of the demo records (texts recombined;
 * countries, targets, subjects and deadlines redrawn), seeded so that runs are comparable.
 */
import { writeFileSync } from 'node:fs';
import { demoLines } from '../src/services/demo/seed-demo.ts';
import { listVocabularies } from '../src/vocab/catalog.ts';

// A seeded generator keeps runs comparable.
let seed = 42;
export function random(): number {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
}
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
export const picks = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
export function summarise(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), max: round(s[s.length - 1]!) };
}
export const mb = (bytes: number) => Math.round(bytes / 1048576);

const vocab = Object.fromEntries(listVocabularies().map((v) => [v.id, v.concepts.map((c) => c.id)]));
export const countries = vocab.countries!.filter((c) => !['AQ', 'BV', 'HM', 'TF', 'UM'].includes(c));
export const targets = vocab['gbf-targets']!.filter((t) => t.startsWith('GBF-TARGET'));
const subjects = vocab['cbd-subjects']!.filter((s) => !s.endsWith('BIOMES') && !s.endsWith('CROSS-CUTTING'));
const assistance = vocab['assistance-types']!;

const demo = demoLines().map((l) => JSON.parse(l) as Record<string, any>);
const demoOf = (type: string) => demo.filter((r) => r.type === type);

/** A variation of a demo record: another demo record's text appended, tags and countries redrawn. */
export function vary(base: Record<string, any>, other: Record<string, any>, i: number, id: string): Record<string, any> {
  const r = structuredClone(base);
  delete r.id;
  r.id = id;
  r.description = `${base.description}\n\n${other.description}`.slice(0, 6000);
  r.targets = picks(targets, 1 + Math.floor(random() * 3));
  r.subjects = picks(subjects, 1 + Math.floor(random() * 2));
  r.status = random() < 0.85 ? 'published' : 'draft';
  if (r.type === 'need') {
    r.title = `${base.title} (${i})`;
    r.countries = picks(countries, random() < 0.9 ? 1 : 3);
    r.assistanceTypes = picks(assistance, 1 + Math.floor(random() * 3)).slice(0, 3);
  } else if (r.type === 'provider') {
    r.name = `${base.name} ${i}`;
    if (r.kind === 'organisation') r.country = pick(countries);
    else r.nationality = pick(countries);
    r.countriesServed = picks(countries, Math.floor(random() * 4));
  } else {
    r.title = `${base.title} (${i})`;
    r.applicationDeadline = random() < 0.8 ? `2027-0${1 + Math.floor(random() * 9)}-15` : null;
    r.startDate = null;
    r.endDate = null;
  }
  return r;
}

export function idFor(prefix: string, i: number): string {
  return `${prefix}-${i.toString(36).padStart(10, '0')}`;
}

/** Writes n generated records; returns a sample of them to draw realistic queries from. */
export function writeFile(path: string, type: string, n: number, prefix: string, extra?: (r: Record<string, any>) => void): Array<Record<string, any>> {
  const pool = demoOf(type);
  const lines: string[] = [];
  const sample: Array<Record<string, any>> = [];
  for (let i = 0; i < n; i += 1) {
    const r = vary(pick(pool), pick(pool), i, idFor(prefix, i));
    extra?.(r);
    lines.push(JSON.stringify(r));
    if (r.status === 'published' && sample.length < 2000 && random() < 0.05) sample.push(r);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return sample;
}

