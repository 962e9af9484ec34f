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
        { path: 'title', message: 'must not be empty', key: 'required' },
        { path: 'countries', message: 'must be a list', key: 'format' },
        { path: 'organisation.type', message: 'is required', key: 'required' },
        { path: 'foo', message: 'is not a field of a need', key: 'unknownField' },
      ]),
    );
  });

  it('rejects identifiers that are not in the vocabulary, naming it', () => {
    const result = validateDocument(needRegistry, { ...need, countries: ['TN', 'ZZ'], targets: ['GBF-TARGET-23'] }, vocab);
    expect(!result.ok && result.errors).toEqual([
      { path: 'countries[1]', message: '"ZZ" is not in the countries vocabulary', key: 'choice' },
      { path: 'targets[0]', message: '"GBF-TARGET-23" is not in the gbf-targets vocabulary', key: 'choice' },
    ]);
  });

  it('checks cross-field rules of providers and opportunities', () => {
    const expert = { kind: 'expert', name: 'Dr Omar', languages: [{ code: 'fr' }, { code: 'fr' }], description: 'Rangeland ecologist with long field experience.', language: 'en' };
    const p = validateDocument(providerRegistry, expert, vocab);
    expect(!p.ok && p.errors).toEqual([
      { path: 'nationality', message: 'is required for an expert', key: 'requiredForExpert' },
      { path: 'languages', message: 'must not repeat a language', key: 'repeated' },
    ]);
    const o = validateDocument(
      opportunityRegistry,
      { providerId: 'prov-0000000001', kind: 'training', title: 'Course', description: 'A course on rangeland restoration for practitioners.', language: 'en', cost: { free: false, amount: 100 } },
      vocab,
    );
    expect(!o.ok && o.errors).toEqual([{ path: 'cost.currency', message: 'is required when an amount is given', key: 'currencyWithAmount' }]);
  });

  it('reports the rules across fields together with problems of shape, so a form shows every problem at once', () => {
    const result = validateDocument(needRegistry, { ...need, title: 'X', iplc: { involved: true }, timeframe: { start: '2028-01-01', end: '2027-01-01' } }, vocab);
    expect(!result.ok && result.errors.map((e) => [e.path, e.key, e.params])).toEqual([
      ['title', 'tooShort', { min: 3 }],
      ['iplc.fpicStatus', 'fpicRequired', undefined],
      ['timeframe.end', 'endBeforeStart', undefined],
    ]);
    // Rules that cannot read malformed input are left out, never thrown.
    expect(validateDocument(providerRegistry, { kind: 'expert', languages: 'fr' }, vocab).ok).toBe(false);
  });

  it('gives each kind of problem a catalog key for the pages', () => {
    const bad = validateDocument(
      providerRegistry,
      { kind: 'robot', name: 'Centre', website: 'ftp://x', country: 'jo', languages: [], description: 'short', language: 'fr', contact: { email: 'no', phone: 'abc' }, expertise: ['x'.repeat(201)] },
      vocab,
    );
    const keys = Object.fromEntries((!bad.ok ? bad.errors : []).map((e) => [e.path, [e.key, e.params]]));
    expect(keys).toMatchObject({
      kind: ['choice', undefined],
      website: ['url', undefined],
      country: ['countryCode', undefined],
      languages: ['tooFew', { min: 1 }],
      description: ['tooShort', { min: 20 }],
      'contact.email': ['email', undefined],
      'contact.phone': ['phone', undefined],
      'expertise[0]': ['tooLong', { max: 200 }],
    });
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
