import type { FieldError } from '../../lib/errors.ts';
import type { RecordType } from '../../lib/ids.ts';

// The forms that create and edit needs, provider profiles and opportunities, described once per
// registry: the pages render these specs, and the same specs turn a posted form into a record
// document (and a stored record back into form values). Field names are the document's paths
// ("organisation.name"), so a validation error's path names its field.

/** A posted form: every value of every name, as sent. */
export type FormValues = Record<string, string[]>;

export type FieldKind =
  | 'text' | 'textarea' | 'email' | 'tel' | 'url' | 'date' | 'number' | 'currency'
  | 'select' | 'multiselect' | 'checkboxes' | 'yesno' | 'lines' | 'languageRows' | 'provider';

export interface FieldSpec {
  /** The document path, also the form name. */
  name: string;
  kind: FieldKind;
  /** The label's key in the catalogs. */
  label: string;
  /** A hint's key, when the field needs one. */
  hint?: string;
  /** Non-nullable in the schema: left empty, the field is missing ("required"), not null. */
  required?: boolean;
  /** For selects and checkboxes: the vocabulary the choices come from ('areas' = regions and country groups). */
  vocabulary?: string;
}

export interface SectionSpec {
  id: string;
  /** The legend's key in the catalogs. */
  legend: string;
  fields: FieldSpec[];
}

export interface FormSpec {
  type: RecordType;
  sections: SectionSpec[];
  /** Objects that are stored as null when every field in them is left empty. */
  nullableGroups: string[];
}

const f = (name: string, kind: FieldKind, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, kind, label, ...extra });

export const FORMS: Record<RecordType, FormSpec> = {
  need: {
    type: 'need',
    nullableGroups: ['contact', 'timeframe', 'budget', 'cofinancing'],
    sections: [
      {
        id: 'about',
        legend: 'form.sectionRequest',
        fields: [
          f('title', 'text', 'form.title', { required: true, hint: 'form.titleHint' }),
          f('description', 'textarea', 'form.description', { required: true, hint: 'form.descriptionHint' }),
          f('language', 'select', 'form.language', { required: true, vocabulary: 'languages', hint: 'form.languageHint' }),
          f('countries', 'multiselect', 'record.countries', { vocabulary: 'countries', hint: 'form.multiHint' }),
        ],
      },
      {
        id: 'organisation',
        legend: 'record.organisation',
        fields: [
          f('organisation.name', 'text', 'form.organisationName', { required: true }),
          f('organisation.acronym', 'text', 'form.acronym'),
          f('organisation.type', 'select', 'form.organisationType', { required: true, vocabulary: 'organisation-types' }),
          f('organisation.providerId', 'provider', 'form.organisationProfile', { hint: 'form.organisationProfileHint' }),
        ],
      },
      {
        id: 'contact',
        legend: 'record.contact',
        fields: [
          f('contact.name', 'text', 'form.contactName', { required: true, hint: 'form.contactHint' }),
          f('contact.position', 'text', 'form.position'),
          f('contact.email', 'email', 'form.email'),
          f('contact.phone', 'tel', 'form.phone'),
        ],
      },
      {
        id: 'tags',
        legend: 'form.sectionTags',
        fields: [
          f('targets', 'checkboxes', 'record.targets', { vocabulary: 'gbf-targets' }),
          f('subjects', 'checkboxes', 'record.subjects', { vocabulary: 'cbd-subjects' }),
          f('assistanceTypes', 'checkboxes', 'record.assistanceTypes', { vocabulary: 'assistance-types', hint: 'form.assistanceTypesHint' }),
          f('beneficiaries', 'checkboxes', 'record.beneficiaries', { vocabulary: 'organisation-types' }),
        ],
      },
      {
        id: 'plan',
        legend: 'form.sectionPlan',
        fields: [
          f('timeframe.start', 'date', 'form.start'),
          f('timeframe.end', 'date', 'form.end'),
          f('budget.amount', 'number', 'form.budgetAmount', { required: true }),
          f('budget.currency', 'currency', 'form.currency', { required: true }),
          f('cofinancing.amount', 'number', 'form.cofinancingAmount', { required: true }),
          f('cofinancing.currency', 'currency', 'form.currency', { required: true }),
          f('cofinancing.source', 'text', 'form.cofinancingSource'),
        ],
      },
      {
        id: 'people',
        legend: 'form.sectionPeople',
        fields: [
          f('iplc.involved', 'yesno', 'form.iplcInvolved', { required: true }),
          f('iplc.fpicStatus', 'select', 'form.fpicStatus', { vocabulary: 'fpic-statuses', hint: 'form.fpicHint' }),
          f('genderAspects', 'textarea', 'record.genderAspects'),
          f('youthAspects', 'textarea', 'record.youthAspects'),
        ],
      },
    ],
  },
  provider: {
    type: 'provider',
    nullableGroups: ['contact'],
    sections: [
      {
        id: 'about',
        legend: 'form.sectionProvider',
        fields: [
          f('kind', 'select', 'record.kind', { required: true, vocabulary: 'provider-kinds' }),
          f('name', 'text', 'form.providerName', { required: true, hint: 'form.providerNameHint' }),
          f('acronym', 'text', 'form.acronym'),
          f('organisationType', 'select', 'form.organisationType', { vocabulary: 'organisation-types', hint: 'form.forOrganisations' }),
          f('country', 'select', 'record.basedIn', { vocabulary: 'countries', hint: 'form.forOrganisations' }),
          f('nationality', 'select', 'record.nationality', { vocabulary: 'countries', hint: 'form.forExperts' }),
          f('affiliation', 'text', 'record.affiliation', { hint: 'form.forExperts' }),
          f('website', 'url', 'record.website'),
          f('languages', 'languageRows', 'record.languagesSpoken', { hint: 'form.languagesSpokenHint' }),
        ],
      },
      {
        id: 'expertise',
        legend: 'form.sectionExpertise',
        fields: [
          f('description', 'textarea', 'form.expertiseDescription', { required: true, hint: 'form.descriptionHint' }),
          f('language', 'select', 'form.language', { required: true, vocabulary: 'languages', hint: 'form.languageHint' }),
          f('expertise', 'lines', 'record.expertise', { hint: 'form.expertiseHint' }),
          f('trackRecord', 'textarea', 'record.trackRecord'),
        ],
      },
      {
        id: 'tags',
        legend: 'form.sectionTags',
        fields: [
          f('targets', 'checkboxes', 'record.targets', { vocabulary: 'gbf-targets' }),
          f('subjects', 'checkboxes', 'record.subjects', { vocabulary: 'cbd-subjects' }),
          f('assistanceTypesFree', 'checkboxes', 'record.assistanceFree', { vocabulary: 'assistance-types' }),
          f('assistanceTypesAtCost', 'checkboxes', 'record.assistanceAtCost', { vocabulary: 'assistance-types' }),
        ],
      },
      {
        id: 'reach',
        legend: 'form.sectionReach',
        fields: [
          f('regionsServed', 'multiselect', 'record.regionsServed', { vocabulary: 'areas', hint: 'form.multiHint' }),
          f('countriesServed', 'multiselect', 'record.countriesServed', { vocabulary: 'countries', hint: 'form.multiHint' }),
        ],
      },
      {
        id: 'contact',
        legend: 'record.contact',
        fields: [
          f('contact.name', 'text', 'form.contactName', { hint: 'form.contactHint' }),
          f('contact.email', 'email', 'form.email'),
          f('contact.phone', 'tel', 'form.phone'),
        ],
      },
    ],
  },
  opportunity: {
    type: 'opportunity',
    nullableGroups: [],
    sections: [
      {
        id: 'about',
        legend: 'form.sectionOpportunity',
        fields: [
          f('providerId', 'provider', 'record.provider', { required: true, hint: 'form.offeredByHint' }),
          f('kind', 'select', 'record.kind', { required: true, vocabulary: 'opportunity-kinds' }),
          f('title', 'text', 'form.title', { required: true }),
          f('description', 'textarea', 'form.description', { required: true, hint: 'form.opportunityDescriptionHint' }),
          f('language', 'select', 'form.language', { required: true, vocabulary: 'languages', hint: 'form.languageHint' }),
          f('languages', 'multiselect', 'record.languagesDelivered', { vocabulary: 'languages', hint: 'form.multiHint' }),
        ],
      },
      {
        id: 'eligibility',
        legend: 'record.eligibility',
        fields: [
          f('eligibility.countries', 'multiselect', 'form.eligibleCountries', { vocabulary: 'countries', hint: 'form.eligibilityHint' }),
          f('eligibility.regions', 'multiselect', 'form.eligibleRegions', { vocabulary: 'areas', hint: 'form.eligibilityHint' }),
          f('eligibility.organisationTypes', 'checkboxes', 'form.eligibleOrganisations', { vocabulary: 'organisation-types' }),
        ],
      },
      {
        id: 'tags',
        legend: 'form.sectionTags',
        fields: [
          f('targets', 'checkboxes', 'record.targets', { vocabulary: 'gbf-targets' }),
          f('subjects', 'checkboxes', 'record.subjects', { vocabulary: 'cbd-subjects' }),
          f('assistanceTypes', 'checkboxes', 'record.assistanceTypes', { vocabulary: 'assistance-types' }),
        ],
      },
      {
        id: 'apply',
        legend: 'form.sectionApply',
        fields: [
          f('applicationDeadline', 'date', 'record.applicationDeadline'),
          f('applicationProcess', 'textarea', 'record.applicationProcess'),
          f('applicationUrl', 'url', 'record.applicationUrl'),
          f('startDate', 'date', 'form.start'),
          f('endDate', 'date', 'form.end'),
          f('cost.free', 'yesno', 'form.free', { required: true }),
          f('cost.amount', 'number', 'form.costAmount'),
          f('cost.currency', 'currency', 'form.currency'),
          f('cost.notes', 'text', 'form.costNotes'),
        ],
      },
    ],
  },
};

/** Every field of a form, in order. */
export function fieldsOf(type: RecordType): FieldSpec[] {
  return FORMS[type].sections.flatMap((s) => s.fields);
}

const first = (v: FormValues, name: string) => (v[name]?.[0] ?? '').trim();
const all = (v: FormValues, name: string) => (v[name] ?? []).map((s) => s.trim()).filter(Boolean);

/** Rows of the working-languages field: `languages.code` and `languages.level` side by side. */
export function languageRows(v: FormValues): Array<{ code: string; level: string }> {
  const codes = v['languages.code'] ?? [];
  const levels = v['languages.level'] ?? [];
  return codes.map((code, i) => ({ code: code.trim(), level: (levels[i] ?? '').trim() }));
}

/** A number as people write it: "120 000", "120,000", "1.5", "١٢٠٠٠٠" — or NaN. */
export function parseAmount(text: string): number {
  let s = text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\s\u00A0\u202F'’_]/g, '')
    .replace(/\u066B/g, '.')
    .replace(/\u066C/g, ',');
  if (/^\d{1,3}(,\d{3})+$/.test(s) || /^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/[,.]/g, ''); // 120,000 · 120.000
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(s)) s = s.replace(/,/g, ''); // 1,234.5
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.'); // 1.234,5
  else s = s.replace(',', '.'); // 1,5
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = doc;
  for (const k of keys.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object') at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  if (value !== undefined) at[keys.at(-1)!] = value;
}

/**
 * The record document a posted form describes, without `status` (the button decides it), and the
 * problems found before validation (an amount that is not a number). Empty optional fields are
 * null, empty required ones absent (so validation says "required"), empty lists [].
 */
export function documentFromForm(type: RecordType, v: FormValues): { doc: Record<string, unknown>; errors: FieldError[] } {
  const doc: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const filled = new Set<string>(); // groups with at least one field filled in
  for (const field of fieldsOf(type)) {
    const group = field.name.includes('.') ? field.name.split('.')[0]! : undefined;
    const text = first(v, field.name);
    const empty = field.required ? undefined : null;
    let value: unknown;
    switch (field.kind) {
      case 'multiselect':
      case 'checkboxes':
        value = [...new Set(all(v, field.name))];
        break;
      case 'lines':
        value = (v[field.name] ?? []).join('\n').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
        break;
      case 'languageRows':
        value = languageRows(v).filter((r) => r.code).map((r) => ({ code: r.code, level: r.level || null }));
        break;
      case 'yesno':
        value = text === 'yes' ? true : text === 'no' ? false : undefined;
        break;
      case 'number':
        if (text === '') value = empty;
        else {
          value = parseAmount(text);
          if (Number.isNaN(value)) {
            errors.push({ path: field.name, message: 'must be a number, such as 12000', key: 'number' });
            value = undefined;
          }
        }
        break;
      case 'currency':
        value = text === '' ? empty : text.toUpperCase();
        break;
      default:
        value = text === '' ? empty : text;
    }
    if (group && field.kind !== 'yesno' && text !== '') filled.add(group);
    setPath(doc, field.name, value);
  }
  for (const group of FORMS[type].nullableGroups) if (!filled.has(group) && !errors.some((e) => e.path.startsWith(`${group}.`))) doc[group] = null;
  return { doc, errors };
}

function getPath(doc: Record<string, unknown>, path: string): unknown {
  let at: unknown = doc;
  for (const k of path.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined;
  return at;
}

/** Form values showing a stored record (for its edit page). */
export function formFromRecord(type: RecordType, record: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const field of fieldsOf(type)) {
    const value = getPath(record, field.name);
    if (field.kind === 'languageRows') {
      const rows = Array.isArray(value) ? (value as Array<{ code: string; level?: string | null }>) : [];
      out['languages.code'] = rows.map((r) => r.code);
      out['languages.level'] = rows.map((r) => r.level ?? '');
    } else if (field.kind === 'lines') out[field.name] = [Array.isArray(value) ? value.join('\n') : ''];
    else if (Array.isArray(value)) out[field.name] = value.map(String);
    else if (typeof value === 'boolean') out[field.name] = [value ? 'yes' : 'no'];
    else out[field.name] = value === null || value === undefined ? [] : [String(value)];
  }
  return out;
}

/** The field an error belongs to: `targets[1]` → targets, `budget` → budget.amount's group. */
export function fieldOfError(type: RecordType, path: string): FieldSpec | undefined {
  const fields = fieldsOf(type);
  const bare = path.replace(/\[\d+\].*$/, '');
  return (
    fields.find((x) => x.name === path) ??
    fields.find((x) => x.name === bare) ??
    fields.find((x) => path.startsWith(`${x.name}[`) || path.startsWith(`${x.name}.`)) ??
    fields.find((x) => x.name.startsWith(`${bare}.`))
  );
}
