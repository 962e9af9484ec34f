import { z } from '@hono/zod-openapi';
import type { FieldError } from '../../lib/errors.ts';
import {
  assistanceTypeIds, countryCode, email, isoDate, languageCode, longText, money, optionalText, organisationTypeId,
  phone, shortText, subjectIds, targetIds,
} from './fields.ts';
import { NEED_STATUSES } from './statuses.ts';

export const FPIC_STATUSES = ['not_started', 'in_progress', 'obtained', 'not_required'] as const;

/** The CBD's request form lets a requester choose at most three kinds of assistance. */
export const MAX_NEED_ASSISTANCE_TYPES = 3;

/** Fields of a need as clients send them; optional ones are filled from NEED_DEFAULTS. */
export const needFields = z.strictObject({
  status: z.enum(NEED_STATUSES).optional().openapi({ description: 'Defaults to `draft`' }),
  title: shortText(300).min(3, 'must be at least 3 characters'),
  description: longText().openapi({ description: 'The problem, and what help is wanted' }),
  language: languageCode.openapi({ description: 'ISO 639-1 code of the language the text is written in' }),
  countries: z.array(countryCode).min(1, 'must name at least one requesting country').max(60).openapi({ description: 'Requesting country, or several for a multi-country request' }),
  organisation: z
    .strictObject({
      name: shortText(300),
      acronym: shortText(40).nullable().optional(),
      type: organisationTypeId,
      providerId: z.string().regex(/^prov-[0-9a-z]{10}$/, 'must be a provider identifier such as "prov-7k2m9x3a4b"').nullable().optional().openapi({ description: "The organisation's provider profile on the platform, if it has one: its members may edit this need" }),
    })
    .openapi({ description: 'The requesting organisation' }),
  contact: z
    .strictObject({ name: shortText(200), email: email.nullable().optional(), phone: phone.nullable().optional(), position: shortText(200).nullable().optional() })
    .nullable()
    .optional()
    .openapi({ description: 'Personal data: shown only to those allowed to see it' }),
  targets: targetIds.optional(),
  subjects: subjectIds.optional(),
  assistanceTypes: assistanceTypeIds.max(MAX_NEED_ASSISTANCE_TYPES, `must list at most ${MAX_NEED_ASSISTANCE_TYPES} assistance types`).optional(),
  beneficiaries: z.array(organisationTypeId).max(13).optional().openapi({ description: 'Organisation types that benefit' }),
  timeframe: z.strictObject({ start: isoDate.nullable().optional(), end: isoDate.nullable().optional() }).nullable().optional(),
  budget: money.nullable().optional().openapi({ description: 'Indicative budget' }),
  cofinancing: z
    .strictObject({ amount: money.shape.amount, currency: money.shape.currency, source: shortText(300).nullable().optional() })
    .nullable()
    .optional(),
  iplc: z
    .strictObject({ involved: z.boolean(), fpicStatus: z.enum(FPIC_STATUSES).nullable().optional() })
    .optional()
    .openapi({ description: 'Whether lands, resources or knowledge of indigenous peoples and local communities are involved, and the state of their free, prior and informed consent' }),
  genderAspects: optionalText().optional(),
  youthAspects: optionalText().optional(),
});

export type NeedInput = z.infer<typeof needFields>;

export const NEED_DEFAULTS = {
  status: 'draft',
  contact: null,
  targets: [],
  subjects: [],
  assistanceTypes: [],
  beneficiaries: [],
  timeframe: null,
  budget: null,
  cofinancing: null,
  iplc: { involved: false, fpicStatus: null },
  genderAspects: null,
  youthAspects: null,
} satisfies Partial<Record<keyof NeedInput, unknown>>;

/** Rules that involve several fields of a complete need. */
export function checkNeedRules(need: NeedInput): FieldError[] {
  const errors: FieldError[] = [];
  if (need.iplc?.involved && !need.iplc.fpicStatus) {
    errors.push({ path: 'iplc.fpicStatus', message: 'is required when indigenous peoples and local communities are involved', key: 'fpicRequired' });
  }
  const { start, end } = need.timeframe ?? {};
  if (start && end && end < start) errors.push({ path: 'timeframe.end', message: 'must not be before timeframe.start', key: 'endBeforeStart' });
  if (new Set(need.countries).size !== need.countries.length) errors.push({ path: 'countries', message: 'must not repeat a country', key: 'repeated' });
  return errors;
}
