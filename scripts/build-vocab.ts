/**
 * Builds the controlled vocabularies in src/vocab/data/*.json.
 *
 *   npx tsx scripts/build-vocab.ts
 *
 * Inputs:
 *  - ../shared/reference (relative to the repository): gbf-goals-targets.json, cbd-thesaurus-labels.json
 *  - i18n-iso-countries (dev dependency): ISO 3166-1 codes and country names
 *  - Intl.DisplayNames (Node's full ICU): language and currency names
 *  - scripts/vocab-sources/*.json: hand-curated tables (M49, country groups, UN regional groups,
 *    reviewed label corrections, hand-written vocabularies, vocabulary metadata)
 *
 * The output is deterministic (fixed ordering, 1-space JSON, trailing newline) and is committed, so the
 * application never needs this script or its dev dependencies at run time. The script fails loudly when a
 * source is inconsistent (unknown code, duplicate, missing label) rather than writing a partial vocabulary.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import countryNames from 'i18n-iso-countries';
import type { LocaleData } from 'i18n-iso-countries';

const LANGS = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
type Lang = (typeof LANGS)[number];
type Labels = Record<Lang, string>;

interface Concept {
  id: string;
  labels: Labels;
  notation?: string;
  broader?: string[];
  attributes?: Record<string, unknown>;
}

interface Vocabulary {
  id: string;
  labels: Labels;
  description: Partial<Labels>;
  source: string;
  concepts: Concept[];
}

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');
const referenceDir = path.resolve(repoRoot, '../shared/reference');
const sourcesDir = path.join(scriptDir, 'vocab-sources');
const outDir = path.join(repoRoot, 'src/vocab/data');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------------
// helpers

function fail(message: string): never {
  throw new Error(`build-vocab: ${message}`);
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function source<T>(name: string): T {
  return readJson<T>(path.join(sourcesDir, name));
}

function reference<T>(name: string): T {
  return readJson<T>(path.join(referenceDir, name));
}

/** Normalises whitespace; labels are single-line. */
function clean(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Returns labels in the canonical key order, checking that all six are present and non-empty. */
function labels(input: Partial<Record<string, string>>, context: string, overrides?: Partial<Record<string, string>>): Labels {
  const out = {} as Labels;
  for (const lang of LANGS) {
    const value = overrides?.[lang] ?? input[lang];
    if (typeof value !== 'string' || clean(value) === '') fail(`${context}: missing ${lang} label`);
    out[lang] = clean(value);
  }
  return out;
}

/** Upper-cases the first letter (CLDR gives language and currency names in running-text case). */
function capitalise(text: string, lang: Lang): string {
  const first = text.charAt(0);
  return first.toLocaleUpperCase(lang) + text.slice(1);
}

function displayName(type: 'language' | 'currency' | 'region', code: string, lang: Lang): string | undefined {
  return new Intl.DisplayNames([lang], { type, fallback: 'none' }).of(code) ?? undefined;
}

interface VocabularyMeta {
  id: string;
  labels: Labels;
  description: Partial<Labels>;
  source: string;
}

const metaById = new Map(
  source<{ vocabularies: VocabularyMeta[] }>('vocabularies.json').vocabularies.map((v) => [v.id, v]),
);

function vocabulary(id: string, concepts: Concept[]): Vocabulary {
  const meta = metaById.get(id) ?? fail(`no metadata for vocabulary ${id} in vocabularies.json`);
  return {
    id,
    labels: labels(meta.labels, `vocabulary ${id}`),
    description: meta.description,
    source: meta.source,
    concepts,
  };
}

// ---------------------------------------------------------------------------------------------------------
// GBF goals and targets

interface GbfEntry {
  identifier: string;
  title: string;
  shortTitle: string;
  text: string;
  labels: Record<string, string>;
}

function stripGbfPrefix(text: string, context: string): string {
  const stripped = clean(text)
    .replace(/^GBF-(?:G-[A-D]|T?\d{1,2})\s*[.。]\s*/u, '')
    .replace(/\s*[.。]$/u, '');
  if (/GBF-/u.test(stripped) || stripped === '') fail(`${context}: could not strip prefix from "${text}"`);
  return stripped;
}

function buildGbf(): Vocabulary {
  const data = reference<{ goals: GbfEntry[]; targets: GbfEntry[] }>('gbf-goals-targets.json');
  const overrides = source<Record<string, Partial<Labels>>>('gbf-label-overrides.json');
  const byId = (a: GbfEntry, b: GbfEntry) => a.identifier.localeCompare(b.identifier, 'en');
  const entries = [...data.goals].sort(byId).concat([...data.targets].sort(byId));
  const concepts = entries.map((entry): Concept => {
    const goal = /^GBF-GOAL-([A-D])$/u.exec(entry.identifier);
    const target = /^GBF-TARGET-(\d{2})$/u.exec(entry.identifier);
    if (!goal && !target) fail(`unexpected GBF identifier ${entry.identifier}`);
    const stripped: Partial<Labels> = {};
    for (const lang of LANGS) {
      const value = entry.labels[lang];
      if (value === undefined) fail(`${entry.identifier}: no ${lang} label`);
      stripped[lang] = stripGbfPrefix(value, entry.identifier);
    }
    return {
      id: entry.identifier,
      labels: labels(stripped, entry.identifier, overrides[entry.identifier]),
      notation: goal ? goal[1] : String(Number(target?.[1])),
      attributes: {
        kind: goal ? 'goal' : 'target',
        shortTitle: stripGbfPrefix(entry.shortTitle, `${entry.identifier} shortTitle`),
        text: clean(entry.text),
      },
    };
  });
  if (concepts.length !== 27) fail(`expected 27 GBF goals and targets, got ${concepts.length}`);
  return vocabulary('gbf-targets', concepts);
}

// ---------------------------------------------------------------------------------------------------------
// CBD thesaurus: subjects and organisation types

interface Thesaurus {
  cbdSubjects: Record<string, Record<string, string>>;
  regionsAndGroups: Record<string, Record<string, string>>;
}

function buildCbdSubjects(thesaurus: Thesaurus): Vocabulary {
  const spec = source<{
    groups: Record<string, string[]>;
    dropped: string[];
    labelOverrides: Record<string, Partial<Labels>>;
  }>('cbd-subjects.json');
  const prefix = 'CBD-SUBJECT-';
  const reviewed = new Set<string>();
  const concepts: Concept[] = [];
  const subject = (code: string): Record<string, string> => {
    const id = prefix + code;
    if (reviewed.has(id)) fail(`CBD subject ${id} listed twice`);
    reviewed.add(id);
    return thesaurus.cbdSubjects[id] ?? fail(`CBD subject ${id} not in cbd-thesaurus-labels.json`);
  };
  for (const [group, members] of Object.entries(spec.groups)) {
    const groupId = prefix + group;
    concepts.push({
      id: groupId,
      labels: labels(subject(group), groupId, spec.labelOverrides[groupId]),
      attributes: { group: true },
    });
    for (const code of members) {
      const id = prefix + code;
      concepts.push({ id, labels: labels(subject(code), id, spec.labelOverrides[id]), broader: [groupId] });
    }
  }
  for (const code of spec.dropped) {
    const id = prefix + code;
    if (!(id in thesaurus.cbdSubjects)) fail(`dropped CBD subject ${id} not in cbd-thesaurus-labels.json`);
    if (reviewed.has(id)) fail(`CBD subject ${id} both kept and dropped`);
    reviewed.add(id);
  }
  const unreviewed = Object.keys(thesaurus.cbdSubjects).filter((id) => !reviewed.has(id));
  if (unreviewed.length > 0) fail(`CBD subjects neither kept nor dropped: ${unreviewed.join(', ')}`);
  for (const id of Object.keys(spec.labelOverrides)) {
    if (!concepts.some((c) => c.id === id)) fail(`label override for CBD subject ${id} that is not kept`);
  }
  return vocabulary('cbd-subjects', concepts);
}

interface HandWrittenConcept {
  id: string;
  labels: Partial<Labels>;
  definition?: string;
  thesaurus?: string;
  stripParenthetical?: boolean;
}

type HandWritten = Record<string, HandWrittenConcept[]>;

function buildOrganisationTypes(thesaurus: Thesaurus, handWritten: HandWritten): Vocabulary {
  const entries = handWritten['organisation-types'] ?? fail('no organisation-types in hand-written.json');
  const concepts = entries.map((entry): Concept => {
    let base: Partial<Record<string, string>> = {};
    if (entry.thesaurus) {
      const term = thesaurus.regionsAndGroups[entry.thesaurus] ?? fail(`thesaurus term ${entry.thesaurus} not found`);
      base = Object.fromEntries(
        Object.entries(term).map(([lang, value]) => [
          lang,
          entry.stripParenthetical ? value.replace(/\s*[(（][^()（）]*[)）]\s*$/u, '') : value,
        ]),
      );
    }
    return { id: entry.id, labels: labels(base, entry.id, entry.labels) };
  });
  return vocabulary('organisation-types', concepts);
}

function buildHandWritten(id: string, handWritten: HandWritten): Vocabulary {
  const entries = handWritten[id] ?? fail(`no ${id} in hand-written.json`);
  const concepts = entries.map((entry): Concept => {
    const concept: Concept = { id: entry.id, labels: labels(entry.labels, `${id}/${entry.id}`) };
    if (entry.definition !== undefined) concept.attributes = { definition: { en: clean(entry.definition) } };
    return concept;
  });
  return vocabulary(id, concepts);
}

// ---------------------------------------------------------------------------------------------------------
// Countries, M49 regions, UN regional groups, country groups

interface M49Area {
  m49: string;
  level: 'region' | 'subregion' | 'intermediate';
  parent: string | null;
  labels: Labels;
}

interface CountryGroupSpec {
  id: string;
  labels: Labels;
  source: string;
  members?: string[];
  rule?: { m49Areas: string[]; countries: string[] };
  derived?: boolean;
}

interface RegionalGroupSpec {
  id: string;
  labels: Labels;
  unMembers: string[];
  otherMembers: string[];
}

const GROUP_ORDER = ['GROUP-DEVELOPED', 'GROUP-DEVELOPING', 'GROUP-LDC', 'GROUP-LLDC', 'GROUP-SIDS', 'GROUP-EIT'];

function buildGeography(): Vocabulary[] {
  for (const lang of LANGS) {
    countryNames.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`) as LocaleData);
  }
  // ISO 3166-1 officially assigned alpha-2 codes; XK (Kosovo) is a user-assigned code, not part of the standard.
  const isoCodes = Object.keys(countryNames.getAlpha2Codes())
    .filter((code) => code !== 'XK')
    .sort();
  if (isoCodes.length !== 249) fail(`expected 249 ISO 3166-1 codes, got ${isoCodes.length}`);
  const isIso = new Set(isoCodes);
  const checkCodes = (codes: string[], context: string) => {
    const seen = new Set<string>();
    for (const code of codes) {
      if (!isIso.has(code)) fail(`${context}: unknown ISO 3166-1 code ${code}`);
      if (seen.has(code)) fail(`${context}: duplicate code ${code}`);
      seen.add(code);
    }
  };

  // --- M49
  const m49 = source<{ areas: M49Area[]; members: Record<string, string[]> }>('m49.json');
  const areaByCode = new Map(m49.areas.map((area) => [area.m49, area]));
  const areaId = (code: string) => `M49-${code}`;
  const leafOf = new Map<string, string>();
  for (const [code, members] of Object.entries(m49.members)) {
    if (!areaByCode.has(code)) fail(`m49.json: members listed for unknown area ${code}`);
    checkCodes(members, `m49.json area ${code}`);
    for (const country of members) {
      if (leafOf.has(country)) fail(`m49.json: ${country} is in two areas`);
      leafOf.set(country, code);
    }
  }
  const ancestry = (code: string): { region: string; subregion: string; intermediate: string | null } => {
    const chain: M49Area[] = [];
    for (let area = areaByCode.get(code); area; area = area.parent ? areaByCode.get(area.parent) : undefined) {
      chain.push(area);
    }
    const find = (level: M49Area['level']) => chain.find((a) => a.level === level)?.m49;
    const region = find('region') ?? fail(`M49 area ${code} has no region`);
    const subregion = find('subregion') ?? fail(`M49 area ${code} has no subregion`);
    return { region, subregion, intermediate: find('intermediate') ?? null };
  };
  const countriesInArea = (code: string) =>
    isoCodes.filter((country) => {
      const leaf = leafOf.get(country);
      if (!leaf) return false;
      const a = ancestry(leaf);
      return a.region === code || a.subregion === code || a.intermediate === code;
    });

  // Regions in tree order: each region, then its subregions, each followed by its intermediate regions.
  const regionConcepts: Concept[] = [];
  const addArea = (area: M49Area) => {
    const concept: Concept = { id: areaId(area.m49), labels: labels(area.labels, `M49 ${area.m49}`) };
    if (area.parent) {
      if (!areaByCode.has(area.parent)) fail(`M49 ${area.m49}: unknown parent ${area.parent}`);
      concept.broader = [areaId(area.parent)];
    }
    concept.attributes = { level: area.level, m49: area.m49 };
    regionConcepts.push(concept);
    for (const child of m49.areas.filter((a) => a.parent === area.m49)) addArea(child);
  };
  for (const top of m49.areas.filter((a) => a.parent === null)) addArea(top);
  if (regionConcepts.length !== m49.areas.length) fail('m49.json: areas not reachable from a region');
  for (const area of m49.areas) {
    if (countriesInArea(area.m49).length === 0) fail(`M49 area ${area.m49} has no countries`);
  }

  // --- UN regional groups used by the CBD
  const regional = source<{ groups: RegionalGroupSpec[] }>('cbd-regional-groups.json');
  const regionalGroupOf = new Map<string, string>();
  const unMembers = new Set<string>();
  for (const group of regional.groups) {
    checkCodes([...group.unMembers, ...group.otherMembers], `cbd-regional-groups.json ${group.id}`);
    for (const code of [...group.unMembers, ...group.otherMembers]) {
      if (regionalGroupOf.has(code)) fail(`${code} is in two regional groups`);
      regionalGroupOf.set(code, group.id);
    }
    for (const code of group.unMembers) unMembers.add(code);
  }
  if (unMembers.size !== 193) fail(`expected 193 UN Member States, got ${unMembers.size}`);

  // --- Country groups
  const groupSpec = source<{ groups: CountryGroupSpec[] }>('country-groups.json');
  const groupMembers = new Map<string, Set<string>>();
  const withRegion = isoCodes.filter((code) => leafOf.has(code));
  for (const group of groupSpec.groups) {
    if (!GROUP_ORDER.includes(group.id)) fail(`unexpected country group ${group.id}`);
    let members: string[];
    if (group.members) {
      checkCodes(group.members, `country-groups.json ${group.id}`);
      members = group.members;
    } else if (group.rule) {
      checkCodes(group.rule.countries, `country-groups.json ${group.id}`);
      members = [...group.rule.m49Areas.flatMap(countriesInArea), ...group.rule.countries];
    } else if (group.derived) {
      continue; // GROUP-DEVELOPING, below
    } else {
      fail(`country group ${group.id} has no members, rule or derivation`);
    }
    for (const code of members) {
      if (!leafOf.has(code)) fail(`${group.id}: ${code} has no M49 region`);
    }
    groupMembers.set(group.id, new Set(members));
  }
  const developed = groupMembers.get('GROUP-DEVELOPED') ?? fail('GROUP-DEVELOPED missing');
  groupMembers.set('GROUP-DEVELOPING', new Set(withRegion.filter((code) => !developed.has(code))));
  const expectedSizes: Record<string, number> = { 'GROUP-LDC': 44, 'GROUP-LLDC': 32, 'GROUP-EIT': 17 };
  for (const [id, size] of Object.entries(expectedSizes)) {
    if (groupMembers.get(id)?.size !== size) fail(`${id}: expected ${size} members, got ${groupMembers.get(id)?.size}`);
  }

  // --- Countries
  const labelOverrides = source<Record<string, Partial<Labels> | string>>('country-label-overrides.json');
  for (const code of Object.keys(labelOverrides)) {
    if (code !== '_comment' && !isIso.has(code)) fail(`country-label-overrides.json: unknown code ${code}`);
  }
  const countryConcepts = isoCodes.map((code): Concept => {
    const names: Partial<Labels> = {};
    for (const lang of LANGS) {
      names[lang] = countryNames.getName(code, lang) ?? displayName('region', code, lang);
    }
    const override = labelOverrides[code];
    const leaf = leafOf.get(code);
    const a = leaf ? ancestry(leaf) : null;
    const alpha3 = countryNames.alpha2ToAlpha3(code) ?? fail(`no alpha-3 code for ${code}`);
    const numeric = countryNames.alpha2ToNumeric(code) ?? fail(`no numeric code for ${code}`);
    return {
      id: code,
      labels: labels(names, `country ${code}`, typeof override === 'object' ? override : undefined),
      attributes: {
        alpha3,
        m49: numeric.padStart(3, '0'),
        region: a ? areaId(a.region) : null,
        subregion: a ? areaId(a.subregion) : null,
        intermediateRegion: a?.intermediate ? areaId(a.intermediate) : null,
        cbdRegionalGroup: regionalGroupOf.get(code) ?? null,
        groups: GROUP_ORDER.filter((id) => groupMembers.get(id)?.has(code)),
        unMember: unMembers.has(code),
      },
    };
  });

  const regionalGroupConcepts = regional.groups.map(
    (group): Concept => ({ id: group.id, labels: labels(group.labels, group.id) }),
  );
  const countryGroupConcepts = [...groupSpec.groups]
    .sort((x, y) => GROUP_ORDER.indexOf(x.id) - GROUP_ORDER.indexOf(y.id))
    .map((group): Concept => ({ id: group.id, labels: labels(group.labels, group.id), attributes: { source: group.source } }));

  const noRegion = isoCodes.filter((code) => !leafOf.has(code));
  console.log(`countries without an M49 region: ${noRegion.join(', ')}`);
  for (const id of GROUP_ORDER) console.log(`${id}: ${groupMembers.get(id)?.size ?? 0} members`);

  return [
    vocabulary('countries', countryConcepts),
    vocabulary('regions', regionConcepts),
    vocabulary('cbd-regional-groups', regionalGroupConcepts),
    vocabulary('country-groups', countryGroupConcepts),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Languages and currencies (names from CLDR through Intl.DisplayNames)

function buildCodeList(
  id: 'languages' | 'currencies',
  type: 'language' | 'currency',
  file: string,
  attributes: (code: string) => Record<string, unknown> | undefined,
): Vocabulary {
  const spec = source<{ codes: string[]; overrides: Record<string, Partial<Labels>> }>(file);
  if (new Set(spec.codes).size !== spec.codes.length) fail(`${file}: duplicate codes`);
  const concepts = [...spec.codes].sort().map((code): Concept => {
    const names: Partial<Labels> = {};
    for (const lang of LANGS) {
      const name = spec.overrides[code]?.[lang] ?? displayName(type, code, lang);
      if (name === undefined || name === code) fail(`${file}: no ${lang} name for ${code}; add an override`);
      names[lang] = capitalise(name, lang);
    }
    const concept: Concept = { id: code, labels: labels(names, `${id} ${code}`) };
    const attrs = attributes(code);
    if (attrs) concept.attributes = attrs;
    return concept;
  });
  return vocabulary(id, concepts);
}

// ---------------------------------------------------------------------------------------------------------
// main

function check(vocab: Vocabulary): void {
  const ids = new Set<string>();
  for (const concept of vocab.concepts) {
    if (ids.has(concept.id)) fail(`${vocab.id}: duplicate concept id ${concept.id}`);
    ids.add(concept.id);
  }
  for (const concept of vocab.concepts) {
    for (const parent of concept.broader ?? []) {
      if (!ids.has(parent)) fail(`${vocab.id}/${concept.id}: broader ${parent} does not exist`);
    }
  }
}

function main(): void {
  const thesaurus = reference<Thesaurus>('cbd-thesaurus-labels.json');
  const handWritten = source<HandWritten>('hand-written.json');
  const UN_LANGUAGES = new Set<string>(LANGS);

  const vocabularies: Vocabulary[] = [
    buildGbf(),
    buildCbdSubjects(thesaurus),
    buildHandWritten('assistance-types', handWritten),
    buildOrganisationTypes(thesaurus, handWritten),
    ...buildGeography(),
    buildCodeList('languages', 'language', 'languages.json', (code) => (UN_LANGUAGES.has(code) ? { un: true } : undefined)),
    buildCodeList('currencies', 'currency', 'currencies.json', () => undefined),
    ...['need-statuses', 'provider-statuses', 'opportunity-statuses', 'provider-kinds', 'opportunity-kinds', 'fpic-statuses', 'language-levels'].map(
      (id) => buildHandWritten(id, handWritten),
    ),
  ];

  const order = [...metaById.keys()];
  if (vocabularies.map((v) => v.id).join() !== order.join()) fail('vocabularies built do not match vocabularies.json');

  mkdirSync(outDir, { recursive: true });
  for (const vocab of vocabularies) {
    check(vocab);
    const file = path.join(outDir, `${vocab.id}.json`);
    writeFileSync(file, `${JSON.stringify(vocab, null, 1)}\n`);
    console.log(`${path.relative(repoRoot, file)}: ${vocab.concepts.length} concepts`);
  }
}

main();
