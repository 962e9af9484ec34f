import { z } from '@hono/zod-openapi';
import type { FieldError } from '../../lib/errors.ts';
import {
  areaId, assistanceTypeIds, countryCode, email, httpUrl, languageCode, longText, optionalText, organisationTypeId,
  phone, shortText, subjectIds, targetIds,
} from './fields.ts';
import { PROVIDER_STATUSES } from './statuses.ts';

export const PROVIDER_KINDS = ['organisation', 'expert'] as const;
export const LANGUAGE_LEVELS = ['native', 'fluent', 'working', 'basic'] as const;

/** Fields of a provider profile (an organisation or an individual expert). */
export const providerFields = z.strictObject({
  status: z.enum(PROVIDER_STATUSES).optional().openapi({ description: 'Defaults to `draft`' }),
  kind: z.enum(PROVIDER_KINDS),
  name: shortText(300).min(2, 'must be at least 2 characters').openapi({ description: "Organisation name, or the expert's full name" }),
  acronym: shortText(40).nullable().optional(),
  organisationType: organisationTypeId.nullable().optional().openapi({ description: 'Required for an organisation' }),
  country: countryCode.nullable().optional().openapi({ description: 'Where an organisation is based; required for an organisation' }),
  website: httpUrl.nullable().optional(),
  nationality: countryCode.nullable().optional().openapi({ description: 'Required for an expert' }),
  affiliation: shortText(300).nullable().optional(),
  languages: z
    .array(z.strictObject({ code: languageCode, level: z.enum(LANGUAGE_LEVELS).nullable().optional() }))
    .min(1, 'must list at least one working language')
    .max(30),
  regionsServed: z.array(areaId).max(60).optional(),
  countriesServed: z.array(countryCode).max(250).optional(),
  expertise: z.array(shortText(200)).max(40).optional().openapi({ description: 'Short phrases: "mangrove restoration", "eDNA monitoring"' }),
  targets: targetIds.optional(),
  subjects: subjectIds.optional(),
  assistanceTypesFree: assistanceTypeIds.optional(),
  assistanceTypesAtCost: assistanceTypeIds.optional(),
  description: longText().openapi({ description: 'Expertise, in the language given by `language`' }),
  trackRecord: optionalText(10000).optional(),
  language: languageCode,
  contact: z
    .strictObject({ name: shortText(200).nullable().optional(), email: email.nullable().optional(), phone: phone.nullable().optional() })
    .nullable()
    .optional()
    .openapi({ description: 'Personal data: shown only to those allowed to see it' }),
});

export type ProviderInput = z.infer<typeof providerFields>;

export const PROVIDER_DEFAULTS = {
  status: 'draft',
  acronym: null,
  organisationType: null,
  country: null,
  website: null,
  nationality: null,
  affiliation: null,
  regionsServed: [],
  countriesServed: [],
  expertise: [],
  targets: [],
  subjects: [],
  assistanceTypesFree: [],
  assistanceTypesAtCost: [],
  trackRecord: null,
  contact: null,
} satisfies Partial<Record<keyof ProviderInput, unknown>>;

/** Rules that involve several fields of a complete provider profile. */
export function checkProviderRules(p: ProviderInput): FieldError[] {
  const errors: FieldError[] = [];
  if (p.kind === 'organisation') {
    if (!p.organisationType) errors.push({ path: 'organisationType', message: 'is required for an organisation', key: 'requiredForOrganisation' });
    if (!p.country) errors.push({ path: 'country', message: 'is required for an organisation', key: 'requiredForOrganisation' });
  } else if (!p.nationality) {
    errors.push({ path: 'nationality', message: 'is required for an expert', key: 'requiredForExpert' });
  }
  const codes = p.languages.map((l) => l.code);
  if (new Set(codes).size !== codes.length) errors.push({ path: 'languages', message: 'must not repeat a language', key: 'repeated' });
  return errors;
}
