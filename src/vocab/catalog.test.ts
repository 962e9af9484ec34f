import { describe, it, expect } from 'vitest';
import {
  UI_LANGUAGES,
  VOCABULARY_IDS,
  countriesIn,
  getConcept,
  getVocabulary,
  hasConcept,
  isArea,
  listVocabularies,
  type Concept,
} from './catalog.js';

const countries = () => getVocabulary('countries')?.concepts ?? [];
const attr = (concept: Concept | undefined, key: string): unknown => concept?.attributes?.[key];

describe('vocabulary catalogue', () => {
  it('loads every vocabulary, in VOCABULARY_IDS order, then the matchmaking concepts', () => {
    const list = listVocabularies();
    expect(list.map((v) => v.id)).toEqual([...VOCABULARY_IDS, 'concepts']);
    expect(VOCABULARY_IDS).toHaveLength(17);
    for (const vocabulary of list) {
      expect(vocabulary.concepts.length, vocabulary.id).toBeGreaterThan(0);
      expect(vocabulary.description.en, vocabulary.id).toBeTruthy();
      expect(getVocabulary(vocabulary.id)).toBe(vocabulary);
    }
    expect(listVocabularies()).toBe(list);
    expect(getVocabulary('nope')).toBeUndefined();
  });

  it('has unique concept ids within each vocabulary', () => {
    for (const vocabulary of listVocabularies()) {
      const ids = vocabulary.concepts.map((c) => c.id);
      expect(new Set(ids).size, vocabulary.id).toBe(ids.length);
    }
  });

  it('gives every vocabulary and concept six non-empty labels', () => {
    for (const vocabulary of listVocabularies()) {
      for (const item of [vocabulary, ...vocabulary.concepts]) {
        expect(Object.keys(item.labels).sort(), `${vocabulary.id}/${item.id}`).toEqual([...UI_LANGUAGES].sort());
        for (const lang of UI_LANGUAGES) {
          const label = item.labels[lang];
          expect(typeof label === 'string' && label.trim() !== '' && label === label.trim(), `${vocabulary.id}/${item.id} ${lang}`).toBe(true);
        }
      }
    }
  });

  it('has broader targets that exist in the same vocabulary', () => {
    for (const vocabulary of listVocabularies()) {
      for (const concept of vocabulary.concepts) {
        for (const parent of concept.broader ?? []) {
          expect(hasConcept(vocabulary.id, parent), `${vocabulary.id}/${concept.id} -> ${parent}`).toBe(true);
        }
      }
    }
  });

  it('has the expected number of concepts', () => {
    const count = (id: string) => getVocabulary(id)?.concepts.length;
    expect(count('gbf-targets')).toBe(27);
    expect(count('cbd-subjects')).toBe(61);
    expect(count('assistance-types')).toBe(11);
    expect(count('organisation-types')).toBe(13);
    expect(count('countries')).toBe(249);
    expect(count('regions')).toBe(30);
    expect(count('cbd-regional-groups')).toBe(5);
    expect(count('country-groups')).toBe(6);
    expect(count('languages')).toBe(184);
    expect(count('need-statuses')).toBe(14);
    expect(count('provider-statuses')).toBe(3);
    expect(count('opportunity-statuses')).toBe(4);
    expect(count('provider-kinds')).toBe(2);
    expect(count('opportunity-kinds')).toBe(6);
    expect(count('fpic-statuses')).toBe(4);
    expect(count('language-levels')).toBe(4);
  });

  it('has GBF goals A-D then targets 1-23, without prefixes and without broader', () => {
    const concepts = getVocabulary('gbf-targets')?.concepts ?? [];
    expect(concepts.map((c) => c.notation)).toEqual(['A', 'B', 'C', 'D', ...Array.from({ length: 23 }, (_, i) => String(i + 1))]);
    for (const concept of concepts) {
      expect(concept.broader).toBeUndefined();
      expect(attr(concept, 'kind')).toBe(concept.id.startsWith('GBF-GOAL-') ? 'goal' : 'target');
      for (const lang of UI_LANGUAGES) expect(concept.labels[lang]).not.toMatch(/GBF-/);
      expect(attr(concept, 'shortTitle')).not.toMatch(/GBF-/);
      expect(attr(concept, 'text')).toBeTruthy();
    }
    expect(getConcept('gbf-targets', 'GBF-TARGET-06')?.labels.en).toMatch(/invasive/i);
  });

  it('groups CBD subjects under Biomes and Cross-cutting Issues', () => {
    const subjects = getVocabulary('cbd-subjects')?.concepts ?? [];
    for (const concept of subjects) {
      if (attr(concept, 'group') === true) expect(concept.broader).toBeUndefined();
      else expect(concept.broader?.[0]).toMatch(/^CBD-SUBJECT-(BIOMES|CROSS-CUTTING)$/);
    }
    expect(getConcept('cbd-subjects', 'CBD-SUBJECT-MAR')?.broader).toEqual(['CBD-SUBJECT-BIOMES']);
    expect(hasConcept('cbd-subjects', 'CBD-SUBJECT-COP')).toBe(false);
    expect(getConcept('cbd-subjects', 'CBD-SUBJECT-EXS')?.labels.ru).not.toBe(getConcept('cbd-subjects', 'CBD-SUBJECT-INS')?.labels.ru);
  });

  it('marks the six UN languages', () => {
    const un = (getVocabulary('languages')?.concepts ?? []).filter((c) => attr(c, 'un') === true).map((c) => c.id);
    expect(un).toEqual([...UI_LANGUAGES]);
  });

  it('excludes fund, metal and test currency codes', () => {
    for (const code of ['XAU', 'XAG', 'XPD', 'XPT', 'XTS', 'XXX', 'XFU', 'XDR']) expect(hasConcept('currencies', code), code).toBe(false);
    for (const code of ['USD', 'EUR', 'XOF', 'XAF', 'XCD', 'XPF']) expect(hasConcept('currencies', code), code).toBe(true);
  });

  it('gives every country M49 and group attributes that point to existing concepts', () => {
    for (const country of countries()) {
      const region = attr(country, 'region');
      expect(attr(country, 'alpha3'), country.id).toMatch(/^[A-Z]{3}$/);
      expect(attr(country, 'm49'), country.id).toMatch(/^\d{3}$/);
      for (const key of ['region', 'subregion', 'intermediateRegion']) {
        const value = attr(country, key);
        if (value !== null) expect(hasConcept('regions', String(value)), `${country.id} ${key}`).toBe(true);
      }
      if (region === null) expect(attr(country, 'subregion')).toBeNull();
      const group = attr(country, 'cbdRegionalGroup');
      if (group !== null) expect(hasConcept('cbd-regional-groups', String(group)), country.id).toBe(true);
      const groups = attr(country, 'groups') as string[];
      for (const g of groups) expect(hasConcept('country-groups', g), `${country.id} ${g}`).toBe(true);
      // every country with a region is either developed or developing, never both
      const dev = groups.filter((g) => g === 'GROUP-DEVELOPED' || g === 'GROUP-DEVELOPING');
      expect(dev.length, country.id).toBe(region === null ? 0 : 1);
    }
    expect(attr(getConcept('countries', 'AQ'), 'region')).toBeNull();
  });

  it('gives every UN Member State with a region a CBD regional group', () => {
    const members = countries().filter((c) => attr(c, 'unMember') === true);
    expect(members).toHaveLength(193);
    for (const country of countries()) {
      if (attr(country, 'region') !== null && attr(country, 'cbdRegionalGroup') === null) {
        expect(attr(country, 'unMember'), `${country.id} has a region but no CBD regional group`).toBe(false);
      }
      if (attr(country, 'unMember') === true) expect(attr(country, 'cbdRegionalGroup'), country.id).not.toBeNull();
    }
    expect(attr(getConcept('countries', 'KI'), 'cbdRegionalGroup')).toBe('CBD-RG-ASIA-PACIFIC');
    expect(attr(getConcept('countries', 'TR'), 'cbdRegionalGroup')).toBe('CBD-RG-WEOG');
    expect(attr(getConcept('countries', 'IL'), 'cbdRegionalGroup')).toBe('CBD-RG-WEOG');
    expect(attr(getConcept('countries', 'US'), 'cbdRegionalGroup')).toBe('CBD-RG-WEOG');
    expect(attr(getConcept('countries', 'PR'), 'cbdRegionalGroup')).toBeNull();
  });

  it('spot-checks labels', () => {
    expect(getConcept('countries', 'TN')?.labels.fr).toBe('Tunisie');
    expect(getConcept('countries', 'TN')?.labels.en).toBe('Tunisia');
    expect(getConcept('regions', 'M49-015')?.labels.en).toBe('Northern Africa');
    expect(getConcept('cbd-regional-groups', 'CBD-RG-CEE')?.labels.en).toMatch(/Central and Eastern Europe/);
    expect(getConcept('assistance-types', 'ASSIST-TRAINING')?.labels.en).toBe('Training and capacity-building');
    expect(getConcept('need-statuses', 'under_review')?.labels.en).toBe('Under review');
    expect(getConcept('countries', 'XX')).toBeUndefined();
    expect(getConcept('nope', 'TN')).toBeUndefined();
  });
});

describe('areas', () => {
  it('recognises regions, CBD regional groups and country groups as areas', () => {
    expect(isArea('M49-015')).toBe(true);
    expect(isArea('M49-830')).toBe(true);
    expect(isArea('CBD-RG-AFRICA')).toBe(true);
    expect(isArea('GROUP-LDC')).toBe(true);
    expect(isArea('TN')).toBe(false);
    expect(isArea('ASSIST-TRAINING')).toBe(false);
    expect(isArea('XX')).toBe(false);
  });

  it('lists the countries of an M49 area, including the areas below it', () => {
    const northernAfrica = countriesIn('M49-015') ?? [];
    for (const code of ['TN', 'DZ', 'EG', 'MA', 'LY', 'SD', 'EH']) expect(northernAfrica).toContain(code);
    expect(northernAfrica).toHaveLength(7);
    const africa = countriesIn('M49-002') ?? [];
    expect(africa).toContain('TN');
    expect(africa).toContain('KE');
    expect(countriesIn('M49-202')).toContain('ZA');
    expect(countriesIn('M49-830')?.sort()).toEqual(['GG', 'JE']);
    expect(countriesIn('M49-154')).toContain('JE');
    expect(countriesIn('M49-419')).toContain('BR');
    expect(countriesIn('M49-021')?.sort()).toEqual(['BM', 'CA', 'GL', 'PM', 'US']);
    // every region concept has countries
    for (const region of getVocabulary('regions')?.concepts ?? []) {
      expect(countriesIn(region.id)?.length, region.id).toBeGreaterThan(0);
    }
  });

  it('lists the members of country groups', () => {
    const sids = countriesIn('GROUP-SIDS') ?? [];
    for (const code of ['FJ', 'JM', 'MV']) expect(sids).toContain(code);
    const ldc = countriesIn('GROUP-LDC') ?? [];
    for (const code of ['ET', 'HT', 'NP']) expect(ldc).toContain(code);
    expect(ldc).not.toContain('BT');
    expect(ldc).not.toContain('ST');
    expect(ldc).toHaveLength(44);
    const lldc = countriesIn('GROUP-LLDC') ?? [];
    for (const code of ['BO', 'ML', 'MN']) expect(lldc).toContain(code);
    expect(lldc).toHaveLength(32);
    expect(countriesIn('GROUP-EIT')).toHaveLength(17);
    expect(countriesIn('GROUP-DEVELOPED')).toContain('JP');
    expect(countriesIn('GROUP-DEVELOPING')).toContain('BR');
    expect(countriesIn('GROUP-DEVELOPING')).not.toContain('AQ');
  });

  it('lists the members of CBD regional groups', () => {
    const grulac = countriesIn('CBD-RG-GRULAC') ?? [];
    expect(grulac).toContain('BR');
    expect(grulac).toContain('MX');
    expect(grulac).toHaveLength(33);
    const total = (getVocabulary('cbd-regional-groups')?.concepts ?? []).reduce((n, g) => n + (countriesIn(g.id)?.length ?? 0), 0);
    expect(total).toBe(196); // 193 UN Member States + Cook Islands, Niue, State of Palestine
  });

  it('returns [code] for a country, undefined for unknown ids, and a fresh array each time', () => {
    expect(countriesIn('TN')).toEqual(['TN']);
    expect(countriesIn('XX')).toBeUndefined();
    expect(countriesIn('ASSIST-TRAINING')).toBeUndefined();
    const first = countriesIn('M49-015');
    first?.push('ZZ');
    expect(countriesIn('M49-015')).not.toContain('ZZ');
  });
});
