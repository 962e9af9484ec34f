import { describe, expect, it } from 'vitest';
import { findConcepts } from '../domain/matching/tagger.ts';
import { hasConcept, UI_LANGUAGES } from './catalog.ts';
import { CONCEPT_ID, conceptAncestors, getMatchConcept, listMatchConcepts } from './concepts.ts';

// The matchmaking concept vocabulary (src/vocab/concepts/*.json) is reviewed data: these checks
// keep it complete and consistent whoever edits it.
const concepts = listMatchConcepts();

describe('concept vocabulary', () => {
  it('has several hundred concepts across the domains', () => {
    expect(concepts.length).toBeGreaterThanOrEqual(400);
    expect(new Set(concepts.map((c) => c.domain))).toEqual(new Set(['ecosystems', 'methods', 'policy', 'species-and-use', 'threats']));
  });

  it('gives every concept a label in each of the six UN languages', () => {
    const missing = concepts.flatMap((c) => UI_LANGUAGES.filter((l) => !c.labels[l]?.[0]?.trim()).map((l) => `${c.id} ${l}`));
    expect(missing).toEqual([]);
  });

  it('uses well-formed unique ids, and only existing targets, subjects and broader concepts', () => {
    expect(new Set(concepts.map((c) => c.id)).size).toBe(concepts.length);
    const problems: string[] = [];
    for (const c of concepts) {
      if (!CONCEPT_ID.test(c.id)) problems.push(`${c.id}: id`);
      for (const t of c.targets) if (!/^GBF-TARGET-\d\d$/.test(t) || !hasConcept('gbf-targets', t)) problems.push(`${c.id}: target ${t}`);
      for (const s of c.subjects) if (!hasConcept('cbd-subjects', s)) problems.push(`${c.id}: subject ${s}`);
      for (const b of c.broader) if (!getMatchConcept(b) || b === c.id) problems.push(`${c.id}: broader ${b}`);
      if (conceptAncestors(c.id).includes(c.id)) problems.push(`${c.id}: cycle`);
      for (const a of c.acronyms) if (a.length < 2 || /\s/.test(a)) problems.push(`${c.id}: acronym "${a}"`);
    }
    expect(problems).toEqual([]);
  });

  it('finds every concept from each of its labels, in its own language', () => {
    const unmatched: string[] = [];
    for (const c of concepts) {
      for (const lang of UI_LANGUAGES) for (const label of c.labels[lang]) if (!findConcepts(label, lang).has(c.id)) unmatched.push(`${c.id} ${lang} "${label}"`);
    }
    expect(unmatched).toEqual([]);
  });

  it('is linked to the GBF: most concepts point to a target, and every target is reachable', () => {
    const linked = concepts.filter((c) => c.targets.length > 0).length;
    expect(linked / concepts.length).toBeGreaterThan(0.8);
    const reached = new Set(concepts.flatMap((c) => c.targets));
    const missing = Array.from({ length: 23 }, (_, i) => `GBF-TARGET-${String(i + 1).padStart(2, '0')}`).filter((t) => !reached.has(t));
    expect(missing).toEqual([]);
  });

  it('is served as the "concepts" vocabulary, with synonyms as attributes', async () => {
    const { getVocabulary } = await import('./catalog.ts');
    const v = getVocabulary('concepts')!;
    expect(v.concepts).toHaveLength(concepts.length);
    const mangroves = v.concepts.find((c) => c.id === 'CONCEPT-MANGROVES')!;
    expect(mangroves.labels.zh).toBe('红树林');
    expect((mangroves.attributes?.synonyms as Record<string, string[]>).en?.length).toBeGreaterThan(0);
  });
});
