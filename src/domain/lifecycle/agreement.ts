import { z } from '@hono/zod-openapi';
import { countryCode, currencyCode, isoDate, languageCode, money, optionalText, organisationTypeId, shortText } from '../records/fields.ts';

// A cooperation agreement: what an accepted match becomes. Its fields follow what the indicators of
// decision 15/8 and CBD/SBI/4/7 count (type of cooperation, modality, funds mobilised by source,
// languages of delivery, Southern or IPLC leadership, beneficiaries by type and gender).

export const AGREEMENT_TYPES = ['training', 'expert_exchange', 'joint_research', 'joint_technology_development', 'technology_transfer', 'equipment', 'funding', 'policy_advice'] as const;
export const MODALITIES = ['north_south', 'south_south', 'triangular', 'north_north'] as const;
export type Modality = (typeof MODALITIES)[number];
export const FUND_SOURCES = ['government', 'multilateral', 'private', 'philanthropic', 'in_kind', 'other'] as const;

export const agreementFields = z.strictObject({
  type: z.enum(AGREEMENT_TYPES).openapi({ description: 'training, expert exchange, joint research, joint technology development, technology transfer, equipment, funding, policy advice' }),
  summary: shortText(2000).openapi({ description: 'What the parties agreed to do' }),
  startDate: isoDate,
  endDate: isoDate,
  /** Other countries taking part besides the requesting and providing sides (a funding partner in triangular cooperation, say). */
  otherPartyCountries: z.array(countryCode).max(20).optional(),
  budget: money.nullable().optional(),
  funds: z
    .array(z.strictObject({ source: z.enum(FUND_SOURCES), amount: z.number().nonnegative('must not be negative').max(1e13, 'is too large'), currency: currencyCode, funder: shortText(300).nullable().optional() }))
    .max(30)
    .optional()
    .openapi({ description: 'Funds mobilised, by source' }),
  languages: z.array(languageCode).min(1, 'must name at least one language of delivery').max(10),
  ledBySouthernPartner: z.boolean(),
  ledByIplc: z.boolean(),
  beneficiaries: z
    .array(z.strictObject({ type: organisationTypeId, women: z.number().int().nonnegative().max(1e9), men: z.number().int().nonnegative().max(1e9), other: z.number().int().nonnegative().max(1e9).optional() }))
    .max(13)
    .optional()
    .openapi({ description: 'People reached, by type of organisation and gender' }),
  notes: optionalText(5000).optional(),
});
export type AgreementInput = z.infer<typeof agreementFields>;

/**
 * The modality of cooperation from the parties' countries: among developing countries only,
 * South-South; two or more developing countries with a developed one, triangular; one developing
 * country with developed ones, North-South; developed countries only, North-North.
 */
export function modalityOf(countries: readonly string[], isDeveloped: (country: string) => boolean): Modality {
  const unique = [...new Set(countries)];
  const developing = unique.filter((c) => !isDeveloped(c));
  const developed = unique.length - developing.length;
  if (developed === 0) return 'south_south';
  if (developing.length === 0) return 'north_north';
  return developing.length >= 2 ? 'triangular' : 'north_south';
}

/** Problems across fields of an agreement. */
export function checkAgreement(a: AgreementInput): Array<{ path: string; message: string; key: string }> {
  return a.endDate < a.startDate ? [{ path: 'endDate', message: 'must not be before startDate', key: 'endBeforeStart' }] : [];
}
