/**
 * The multilingual concept vocabulary used to tag free text for matchmaking: ecosystems, threats,
 * methods, policy areas, species groups and uses, each with labels and synonyms in the six UN
 * languages, linked to GBF targets and CBD subject areas. Source files: src/vocab/concepts/*.json
 * (one per domain, reviewed data; see docs/CONCEPTS.md for how to add a concept).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { UI_LANGUAGES, type UiLanguage } from './catalog.ts';

/** One concept as written in a domain file. */
export interface MatchConcept {
  id: string;
  domain: string;
  /** Broader concepts (same vocabulary). */
  broader: string[];
  /** GBF targets the concept serves, most important first. */
  targets: string[];
  /** CBD subject areas. */
  subjects: string[];
  /** Per language: the preferred label first, then synonyms. */
  labels: Record<UiLanguage, string[]>;
  /** Short forms matched case-sensitively as whole tokens, in any language. */
  acronyms: string[];
}

interface DomainFile {
  domain: string;
  concepts: Array<Omit<MatchConcept, 'domain' | 'broader' | 'acronyms'> & { broader?: string[]; acronyms?: string[] }>;
}

const FOLDER = new URL('./concepts/', import.meta.url);
export const CONCEPT_ID = /^CONCEPT-[A-Z0-9]+(-[A-Z0-9]+)*$/;

let loaded: { list: MatchConcept[]; byId: Map<string, MatchConcept>; checksum: string } | undefined;

function load() {
  if (loaded) return loaded;
  const list: MatchConcept[] = [];
  const byId = new Map<string, MatchConcept>();
  const files = readdirSync(FOLDER)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const text = readFileSync(new URL(file, FOLDER), 'utf8');
    hash.update(file).update(text);
    const data = JSON.parse(text) as DomainFile;
    for (const c of data.concepts) {
      if (!CONCEPT_ID.test(c.id)) throw new Error(`${file}: malformed concept id "${c.id}"`);
      if (byId.has(c.id)) throw new Error(`${file}: concept ${c.id} is defined twice`);
      const labels = {} as Record<UiLanguage, string[]>;
      for (const lang of UI_LANGUAGES) {
        const ls = (c.labels?.[lang] ?? []).map((l) => l.trim()).filter(Boolean);
        if (ls.length === 0) throw new Error(`${file}: concept ${c.id} has no ${lang} label`);
        labels[lang] = ls;
      }
      const concept: MatchConcept = {
        id: c.id,
        domain: data.domain,
        broader: c.broader ?? [],
        targets: c.targets ?? [],
        subjects: c.subjects ?? [],
        labels,
        acronyms: c.acronyms ?? [],
      };
      list.push(concept);
      byId.set(c.id, concept);
    }
  }
  loaded = { list, byId, checksum: hash.digest('hex').slice(0, 12) };
  return loaded;
}

/** A fingerprint of the concept files: stored tags computed with another one are recomputed. */
export function conceptsChecksum(): string {
  return load().checksum;
}

/** Every concept, in file order. */
export function listMatchConcepts(): readonly MatchConcept[] {
  return load().list;
}

export function getMatchConcept(id: string): MatchConcept | undefined {
  return load().byId.get(id);
}

/** The concept's preferred label in a language. */
export function conceptLabel(id: string, lang: UiLanguage): string {
  return getMatchConcept(id)?.labels[lang][0] ?? id;
}

/** The concept and all its broader concepts, transitively (cycles are ignored). */
export function conceptAncestors(id: string): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  const queue = [...(getMatchConcept(id)?.broader ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    out.push(next);
    queue.push(...(getMatchConcept(next)?.broader ?? []));
  }
  return out;
}
