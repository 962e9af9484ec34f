import { describe, expect, it } from 'vitest';
import { fillAbsent, nullsNotAllowed } from './normalize.ts';
import { needRegistry, opportunityRegistry, providerRegistry } from './registry.ts';
import { type ConceptLookup, validateDocument } from './validate.ts';

// A tiny vocabulary: unit tests of the rules need no database and no data files.
const known = new Set(['languages:fr', 'languages:en', 'countries:TN', 'countries:JO', 'organisation-types:ORG-NGO', 'gbf-targets:GBF-TARGET-02', 'regions:M49-015', 'currencies:USD']);
const vocab: ConceptLookup = { hasConcept: (v, id) => known.has(`${v}:${id}`) };

const need = {
  title: 'Restaurer les parcours',
  description: 'Les parcours du Centre-Ouest sont dégradés par le surpâturage.',
  language: 'fr',
  countries: ['TN'],
  organisation: { name: 'Association des éleveurs', type: 'ORG-NGO' },
};

describe('validateDocument', () => {
  it('fills every absent field with its default, in a fixed order', () => {
    const result = validateDocument(needRegistry, need, vocab);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.doc)).toEqual(Object.keys(needRegistry.fields.shape));
    expect(result.doc).toMatchObject({ status: 'draft', targets: [], budget: null, iplc: { involved: false, fpicStatus: null } });
    expect(result.doc.organisation).toEqual({ name: 'Association des éleveurs', acronym: null, type: 'ORG-NGO', providerId: null });
  });

  it('gives the same document when run on its own output', () => {
    const first = validateDocument(needRegistry, { ...need, status: 'published', targets: ['GBF-TARGET-02'] }, vocab);
    if (!first.ok) throw new Error('invalid');
    const second = validateDocument(needRegistry, first.doc, vocab);
    expect(second.ok && JSON.stringify(second.doc)).toBe(JSON.stringify(first.doc));
  });

  it('trims text and says plainly what is wrong with each field', () => {
    const result = validateDocument(needRegistry, { ...need, title: '   ', countries: 'TN', organisation: { name: 'X' }, foo: 1 }, vocab);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'must not be empty' },
        { path: 'countries', message: 'must be a list' },
        { path: 'organisation.type', message: 'is required' },
        { path: 'foo', message: 'is not a field of a need' },
      ]),
    );
  });

  it('rejects identifiers that are not in the vocabulary, naming it', () => {
    const result = validateDocument(needRegistry, { ...need, countries: ['TN', 'ZZ'], targets: ['GBF-TARGET-23'] }, vocab);
    expect(!result.ok && result.errors).toEqual([
      { path: 'countries[1]', message: '"ZZ" is not in the countries vocabulary' },
      { path: 'targets[0]', message: '"GBF-TARGET-23" is not in the gbf-targets vocabulary' },
    ]);
  });

  it('checks cross-field rules of providers and opportunities', () => {
    const expert = { kind: 'expert', name: 'Dr Omar', languages: [{ code: 'fr' }, { code: 'fr' }], description: 'Rangeland ecologist with long field experience.', language: 'en' };
    const p = validateDocument(providerRegistry, expert, vocab);
    expect(!p.ok && p.errors).toEqual([
      { path: 'nationality', message: 'is required for an expert' },
      { path: 'languages', message: 'must not repeat a language' },
    ]);
    const o = validateDocument(
      opportunityRegistry,
      { providerId: 'prov-0000000001', kind: 'training', title: 'Course', description: 'A course on rangeland restoration for practitioners.', language: 'en', cost: { free: false, amount: 100 } },
      vocab,
    );
    expect(!o.ok && o.errors).toEqual([{ path: 'cost.currency', message: 'is required when an amount is given' }]);
  });
});

describe('fillAbsent and nullsNotAllowed', () => {
  it('fills nested objects of lists', () => {
    const doc = fillAbsent(providerRegistry.fields, { languages: [{ code: 'fr' }] });
    expect(doc.languages).toEqual([{ code: 'fr', level: null }]);
  });

  it('names the fields a patch may not remove', () => {
    expect(nullsNotAllowed(needRegistry.fields, { title: null, budget: null, status: null, unknown: null })).toEqual(['title', 'status']);
  });
});

describe('enumerations and vocabularies agree', () => {
  it('lists the same statuses, kinds and levels in the domain code and in the vocabularies', async () => {
    const { getVocabulary } = await import('../../vocab/catalog.ts');
    const { STATUSES, STATUS_VOCABULARY } = await import('./statuses.ts');
    const { OPPORTUNITY_KINDS } = await import('./opportunity.ts');
    const { PROVIDER_KINDS, LANGUAGE_LEVELS } = await import('./provider.ts');
    const { FPIC_STATUSES } = await import('./need.ts');
    const ids = (v: string) => getVocabulary(v)?.concepts.map((c) => c.id);
    for (const type of ['need', 'provider', 'opportunity'] as const) expect(ids(STATUS_VOCABULARY[type]), type).toEqual([...STATUSES[type]]);
    expect(ids('opportunity-kinds')).toEqual([...OPPORTUNITY_KINDS]);
    expect(ids('provider-kinds')).toEqual([...PROVIDER_KINDS]);
    expect(ids('language-levels')).toEqual([...LANGUAGE_LEVELS]);
    expect(ids('fpic-statuses')).toEqual([...FPIC_STATUSES]);
  });
});
