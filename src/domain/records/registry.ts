import type { z } from '@hono/zod-openapi';
import type { FieldError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';
import { checkNeedRules, NEED_DEFAULTS, needFields, type NeedInput } from './need.ts';
import { checkOpportunityRules, OPPORTUNITY_DEFAULTS, opportunityFields, type OpportunityInput } from './opportunity.ts';
import { checkProviderRules, PROVIDER_DEFAULTS, providerFields, type ProviderInput } from './provider.ts';

/** A reference from a field to a concept of one of the named vocabularies. */
export interface Reference {
  path: string;
  vocabularies: readonly string[];
  id: string;
}

/** The values a registry table keeps beside the document, for filters, sorting and search. */
export interface IndexValues {
  title: string;
  countries: string[];
  targets: string[];
  subjects: string[];
  assistanceTypes: string[];
  languages: string[];
  /** Text fields to make searchable: the title weighs more than the rest. */
  titleText: string;
  bodyText: string;
}

export interface RegistryDefinition {
  type: RecordType;
  /** Plural, as in URLs: needs, providers, opportunities. */
  plural: string;
  label: string;
  fields: z.ZodObject;
  defaults: Record<string, unknown>;
  rules(doc: Record<string, unknown>): FieldError[];
  references(doc: Record<string, unknown>): Reference[];
  /** `expand` turns an area id (region, group) into its countries. */
  index(doc: Record<string, unknown>, expand: (area: string) => string[]): IndexValues;
}

const AREAS = ['regions', 'cbd-regional-groups', 'country-groups'] as const;

function refs(path: string, vocabularies: readonly string[], ids: ReadonlyArray<string | null | undefined> | null | undefined): Reference[] {
  return (ids ?? []).flatMap((id, i) => (id ? [{ path: `${path}[${i}]`, vocabularies, id }] : []));
}
function ref(path: string, vocabulary: string, id: string | null | undefined): Reference[] {
  return id ? [{ path, vocabularies: [vocabulary], id }] : [];
}
const uniq = (xs: Iterable<string>) => [...new Set(xs)];

export const needRegistry: RegistryDefinition = {
  type: 'need',
  plural: 'needs',
  label: 'need',
  fields: needFields,
  defaults: NEED_DEFAULTS,
  rules: (doc) => checkNeedRules(doc as NeedInput),
  references(doc) {
    const n = doc as NeedInput;
    return [
      ...ref('language', 'languages', n.language),
      ...refs('countries', ['countries'], n.countries),
      ...ref('organisation.type', 'organisation-types', n.organisation?.type),
      ...refs('targets', ['gbf-targets'], n.targets),
      ...refs('subjects', ['cbd-subjects'], n.subjects),
      ...refs('assistanceTypes', ['assistance-types'], n.assistanceTypes),
      ...refs('beneficiaries', ['organisation-types'], n.beneficiaries),
      ...ref('budget.currency', 'currencies', n.budget?.currency),
      ...ref('cofinancing.currency', 'currencies', n.cofinancing?.currency),
    ];
  },
  index(doc) {
    const n = doc as Required<NeedInput>;
    return {
      title: n.title,
      countries: uniq(n.countries),
      targets: n.targets,
      subjects: n.subjects,
      assistanceTypes: n.assistanceTypes,
      languages: [n.language],
      titleText: n.title,
      bodyText: [n.description, n.organisation.name, n.organisation.acronym, n.genderAspects, n.youthAspects].filter(Boolean).join('\n'),
    };
  },
};

export const providerRegistry: RegistryDefinition = {
  type: 'provider',
  plural: 'providers',
  label: 'provider',
  fields: providerFields,
  defaults: PROVIDER_DEFAULTS,
  rules: (doc) => checkProviderRules(doc as ProviderInput),
  references(doc) {
    const p = doc as ProviderInput;
    return [
      ...ref('language', 'languages', p.language),
      ...ref('organisationType', 'organisation-types', p.organisationType),
      ...ref('country', 'countries', p.country),
      ...ref('nationality', 'countries', p.nationality),
      ...(p.languages ?? []).flatMap((l, i) => ref(`languages[${i}].code`, 'languages', l.code)),
      ...refs('regionsServed', AREAS, p.regionsServed),
      ...refs('countriesServed', ['countries'], p.countriesServed),
      ...refs('targets', ['gbf-targets'], p.targets),
      ...refs('subjects', ['cbd-subjects'], p.subjects),
      ...refs('assistanceTypesFree', ['assistance-types'], p.assistanceTypesFree),
      ...refs('assistanceTypesAtCost', ['assistance-types'], p.assistanceTypesAtCost),
    ];
  },
  index(doc) {
    const p = doc as Required<ProviderInput>;
    const base = p.kind === 'organisation' ? p.country : p.nationality;
    return {
      title: p.name,
      countries: base ? [base] : [],
      targets: p.targets,
      subjects: p.subjects,
      assistanceTypes: uniq([...p.assistanceTypesFree, ...p.assistanceTypesAtCost]),
      languages: uniq([p.language, ...p.languages.map((l) => l.code)]),
      titleText: [p.name, p.acronym].filter(Boolean).join(' '),
      bodyText: [p.description, p.expertise.join('\n'), p.trackRecord, p.affiliation].filter(Boolean).join('\n'),
    };
  },
};

export const opportunityRegistry: RegistryDefinition = {
  type: 'opportunity',
  plural: 'opportunities',
  label: 'opportunity',
  fields: opportunityFields,
  defaults: OPPORTUNITY_DEFAULTS,
  rules: (doc) => checkOpportunityRules(doc as OpportunityInput),
  references(doc) {
    const o = doc as OpportunityInput;
    return [
      ...ref('language', 'languages', o.language),
      ...refs('eligibility.countries', ['countries'], o.eligibility?.countries),
      ...refs('eligibility.regions', AREAS, o.eligibility?.regions),
      ...refs('eligibility.organisationTypes', ['organisation-types'], o.eligibility?.organisationTypes),
      ...refs('assistanceTypes', ['assistance-types'], o.assistanceTypes),
      ...refs('targets', ['gbf-targets'], o.targets),
      ...refs('subjects', ['cbd-subjects'], o.subjects),
      ...refs('languages', ['languages'], o.languages),
      ...ref('cost.currency', 'currencies', o.cost?.currency),
    ];
  },
  index(doc, expand) {
    const o = doc as Required<OpportunityInput>;
    const el = o.eligibility as { countries: string[]; regions: string[] };
    const open = el.countries.length === 0 && el.regions.length === 0;
    return {
      title: o.title,
      countries: open ? ['*'] : uniq([...el.countries, ...el.regions.flatMap(expand)]),
      targets: o.targets,
      subjects: o.subjects,
      assistanceTypes: o.assistanceTypes,
      languages: uniq([o.language, ...o.languages]),
      titleText: o.title,
      bodyText: [o.description, o.applicationProcess].filter(Boolean).join('\n'),
    };
  },
};

export const REGISTRIES: Record<RecordType, RegistryDefinition> = {
  need: needRegistry,
  provider: providerRegistry,
  opportunity: opportunityRegistry,
};
