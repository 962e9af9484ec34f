import { z } from '@hono/zod-openapi';
import type { FieldError } from '../../lib/errors.ts';
import {
  areaId, assistanceTypeIds, countryCode, currencyCode, httpUrl, isoDate, languageCode, longText, optionalText,
  organisationTypeId, shortText, subjectIds, targetIds,
} from './fields.ts';
import { OPPORTUNITY_STATUSES } from './statuses.ts';

export const OPPORTUNITY_KINDS = ['training', 'fellowship', 'call', 'technology', 'expert_mission', 'other'] as const;

/** Fields of an opportunity offered by a provider. */
export const opportunityFields = z.strictObject({
  status: z.enum(OPPORTUNITY_STATUSES).optional().openapi({ description: 'Defaults to `draft`' }),
  providerId: z.string().regex(/^prov-[0-9a-z]{10}$/, 'must be a provider identifier such as "prov-7k2m9x3a4b"'),
  kind: z.enum(OPPORTUNITY_KINDS).openapi({
    description: 'training course; fellowship or exchange; call for proposals or grant; technology on offer; expert mission; other',
  }),
  title: shortText(300).min(3, 'must be at least 3 characters'),
  description: longText(),
  language: languageCode,
  eligibility: z
    .strictObject({
      countries: z.array(countryCode).max(250).optional(),
      regions: z.array(areaId).max(60).optional(),
      organisationTypes: z.array(organisationTypeId).max(13).optional(),
    })
    .optional()
    .openapi({ description: 'Who may apply; empty lists mean no restriction' }),
  assistanceTypes: assistanceTypeIds.optional(),
  targets: targetIds.optional(),
  subjects: subjectIds.optional(),
  languages: z.array(languageCode).max(20).optional().openapi({ description: 'Languages it is delivered in' }),
  applicationDeadline: isoDate.nullable().optional(),
  applicationProcess: optionalText().optional(),
  applicationUrl: httpUrl.nullable().optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
  cost: z
    .strictObject({
      free: z.boolean(),
      amount: z.number().nonnegative('must not be negative').max(1e9).nullable().optional(),
      currency: currencyCode.nullable().optional(),
      notes: shortText(1000).nullable().optional(),
    })
    .optional()
    .openapi({ description: 'Cost to participants' }),
});

export type OpportunityInput = z.infer<typeof opportunityFields>;

export const OPPORTUNITY_DEFAULTS = {
  status: 'draft',
  eligibility: { countries: [], regions: [], organisationTypes: [] },
  assistanceTypes: [],
  targets: [],
  subjects: [],
  languages: [],
  applicationDeadline: null,
  applicationProcess: null,
  applicationUrl: null,
  startDate: null,
  endDate: null,
  cost: { free: true, amount: null, currency: null, notes: null },
} satisfies Partial<Record<keyof OpportunityInput, unknown>>;

/** Rules that involve several fields of a complete opportunity. */
export function checkOpportunityRules(o: OpportunityInput): FieldError[] {
  const errors: FieldError[] = [];
  if (o.startDate && o.endDate && o.endDate < o.startDate) errors.push({ path: 'endDate', message: 'must not be before startDate', key: 'endBeforeStart' });
  if (o.cost && !o.cost.free && o.cost.amount != null && !o.cost.currency) {
    errors.push({ path: 'cost.currency', message: 'is required when an amount is given', key: 'currencyWithAmount' });
  }
  return errors;
}
