/**
 * A record as the matcher sees it: its topical features (concepts, targets, subjects, text terms)
 * and the facts that constrain or favour a match (status, countries, languages, eligibility,
 * deadline, assistance offered). Pure: built from a stored document plus the tags computed when it
 * was written (see matchTags).
 */
import type { RecordType } from '../../lib/ids.ts';
import { conceptAncestors, conceptsChecksum } from '../../vocab/concepts.ts';
import { indexTerms } from '../text/analyze.ts';
import { type ConceptHit, impliedTags, tagRecordText } from './tagger.ts';

/** What is computed from a record's text when it is written, and stored with it. */
export interface MatchTags {
  /** TAGS_VERSION at the time: tags of another version are computed again. */
  v: string;
  /** Concept id → strength of mention. */
  concepts: Record<string, number>;
  /** Text terms of the title/expertise. */
  strongTerms: string[];
  /** Other text terms (capped). */
  terms: string[];
}

export interface MatchProfile {
  type: RecordType;
  id: string;
  status: string;
  language: string;
  /** Feature key (`c:` concept, `t:` target, `s:` subject, `w:` text term) → weight. */
  features: Map<string, number>;
  /** need: requesting countries; provider: based in; opportunity: eligible countries or ['*']. */
  countries: string[];
  /** provider: countries served (regions expanded). */
  served: string[];
  /** provider: the regions and countries it says it serves, as written. */
  areasServed: string[];
  /** Working languages (need: its language). */
  languages: string[];
  /** need: assistance wanted; provider/opportunity: offered. */
  assistance: string[];
  /** provider: offered free of charge; opportunity: all when free to participants. */
  assistanceFree: string[];
  /** need: requesting organisation type. */
  organisationType: string | null;
  /** opportunity: organisation types eligible ([] = any). */
  eligibleOrganisationTypes: string[];
  /** opportunity: application deadline (YYYY-MM-DD) or null. */
  deadline: string | null;
  /** opportunity: the provider offering it. */
  providerId: string | null;
}

/** Changes whenever tagging would give other results: the tagging rules (bump TAGGING_RULES) or the concept files. */
const TAGGING_RULES = 1;
export const TAGS_VERSION = `${TAGGING_RULES}-${conceptsChecksum()}`;

/** Body text terms kept per record: enough for a long description, bounded for memory. */
export const MAX_BODY_TERMS = 80;

/** The text that names a record's topic, and the rest. */
export function matchText(type: RecordType, doc: Record<string, unknown>): { strong: string; body: string } {
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  if (type === 'provider') {
    return {
      strong: (Array.isArray(doc.expertise) ? (doc.expertise as string[]) : []).join('\n'),
      body: [s(doc.name), s(doc.description), s(doc.trackRecord)].filter(Boolean).join('\n'),
    };
  }
  return { strong: s(doc.title), body: s(doc.description) };
}

/** Tags a document's text: concepts and text terms. Pure; run when a record is written. */
export function matchTags(type: RecordType, doc: Record<string, unknown>): MatchTags {
  const language = String(doc.language ?? '');
  const { strong, body } = matchText(type, doc);
  const concepts: Record<string, number> = {};
  for (const hit of tagRecordText(strong, body, language)) concepts[hit.id] = hit.weight;
  const strongTerms = usefulTerms(indexTerms(strong, language));
  const strongSet = new Set(strongTerms);
  const terms = usefulTerms(indexTerms(body, language))
    .filter((t) => !strongSet.has(t))
    .slice(0, MAX_BODY_TERMS);
  return { v: TAGS_VERSION, concepts, strongTerms: strongTerms.slice(0, 40), terms };
}

const DIGITS_ONLY = /^[\d.,]+$/;
const SINGLE_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/** Terms worth matching on: no bare numbers, no single CJK characters (bigrams carry the meaning). */
function usefulTerms(terms: string[]): string[] {
  return terms.filter((t) => t.length > 1 && !DIGITS_ONLY.test(t) && !SINGLE_CJK.test(t));
}

/** Concept hits of stored tags, as an array. */
export function conceptHits(tags: MatchTags): ConceptHit[] {
  return Object.entries(tags.concepts).map(([id, weight]) => ({ id, weight }));
}

/** Weight of a broader concept relative to the concept found in the text. */
const ANCESTOR_FACTOR = 0.4;
/** Weight of a target or subject implied by the text relative to one the author chose. */
const IMPLIED_FACTOR = 0.6;
/** Weight of a title/expertise term relative to a body term. */
const STRONG_TERM_WEIGHT = 2;

/**
 * Whose profile: the record asking for matches (`query`) or a record in the index (`candidate`).
 * A query also carries the broader concepts of its concepts (a need about mangroves meets a
 * provider of coastal ecosystems) and the targets and subjects its concepts imply (a need without
 * tags meets the providers tagged with them); a candidate carries only its own concepts and the
 * tags its author chose — the rest would repeat what its concepts already say, and fill the index
 * with long lists of broad features.
 */
export type ProfileRole = 'query' | 'candidate';

/** Builds the profile of a record from its document and stored tags. `expand` turns an area id into its countries. */
export function buildProfile(
  type: RecordType,
  id: string,
  doc: Record<string, unknown>,
  tags: MatchTags,
  expand: (area: string) => string[],
  role: ProfileRole = 'candidate',
): MatchProfile {
  const features = new Map<string, number>();
  const put = (key: string, w: number) => {
    if (w > (features.get(key) ?? 0)) features.set(key, w);
  };
  const hits = conceptHits(tags);
  for (const h of hits) {
    put(`c:${h.id}`, h.weight);
    if (role === 'query') for (const a of conceptAncestors(h.id)) put(`c:${a}`, h.weight * ANCESTOR_FACTOR);
  }
  if (role === 'query') {
    const implied = impliedTags(hits);
    for (const [t, w] of implied.targets) put(`t:${t}`, Math.min(1, w * IMPLIED_FACTOR));
    for (const [s, w] of implied.subjects) put(`s:${s}`, Math.min(1, w * IMPLIED_FACTOR));
  }
  for (const t of strArray(doc.targets)) if (t.startsWith('GBF-TARGET')) put(`t:${t}`, 1);
  for (const s of strArray(doc.subjects)) put(`s:${s}`, 1);
  for (const term of tags.terms) put(`w:${term}`, 1);
  for (const term of tags.strongTerms) put(`w:${term}`, STRONG_TERM_WEIGHT);

  const base: MatchProfile = {
    type,
    id,
    status: String(doc.status),
    language: String(doc.language ?? ''),
    features,
    countries: [],
    served: [],
    areasServed: [],
    languages: [String(doc.language ?? '')],
    assistance: [],
    assistanceFree: [],
    organisationType: null,
    eligibleOrganisationTypes: [],
    deadline: null,
    providerId: null,
  };
  if (type === 'need') {
    const org = doc.organisation as { type?: string } | undefined;
    return { ...base, countries: strArray(doc.countries), assistance: strArray(doc.assistanceTypes), organisationType: org?.type ?? null };
  }
  if (type === 'provider') {
    const home = (doc.kind === 'expert' ? doc.nationality : doc.country) as string | null | undefined;
    const served = new Set([...strArray(doc.countriesServed), ...strArray(doc.regionsServed).flatMap(expand)]);
    const free = strArray(doc.assistanceTypesFree);
    return {
      ...base,
      countries: home ? [home] : [],
      served: [...served],
      areasServed: [...strArray(doc.countriesServed), ...strArray(doc.regionsServed)],
      languages: unique([...(Array.isArray(doc.languages) ? (doc.languages as Array<{ code: string }>).map((l) => l.code) : []), base.language]),
      assistance: unique([...free, ...strArray(doc.assistanceTypesAtCost)]),
      assistanceFree: free,
    };
  }
  const el = (doc.eligibility ?? {}) as { countries?: string[]; regions?: string[]; organisationTypes?: string[] };
  const open = !el.countries?.length && !el.regions?.length;
  const assistance = strArray(doc.assistanceTypes);
  const free = Boolean((doc.cost as { free?: boolean } | undefined)?.free);
  return {
    ...base,
    countries: open ? ['*'] : unique([...(el.countries ?? []), ...(el.regions ?? []).flatMap(expand)]),
    languages: unique([...strArray(doc.languages), base.language]),
    assistance,
    assistanceFree: free ? assistance : [],
    eligibleOrganisationTypes: el.organisationTypes ?? [],
    deadline: (doc.applicationDeadline as string | null | undefined) ?? null,
    providerId: (doc.providerId as string | undefined) ?? null,
  };
}

function strArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function unique(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean))];
}
