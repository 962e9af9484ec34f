import { z } from '@hono/zod-openapi';

// Plain messages for every schema, wherever it is parsed (routes and services alike). Messages
// given on a schema itself take precedence.
const TYPE_NAMES: Record<string, string> = { string: 'a text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object' };
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') return issue.input === undefined ? 'is required' : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
    return undefined;
  },
});

// Reusable field schemas. They check shape only; vocabulary membership is checked in validate.ts.

export const languageCode = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code such as "fr"').openapi({ example: 'fr' });
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166-1 code such as "TN"').openapi({ example: 'TN' });
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "USD"').openapi({ example: 'USD' });
export const isoDate = z.iso.date('must be a date written YYYY-MM-DD').openapi({ example: '2027-03-31' });
export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);
export const email = z.email('must be an e-mail address').max(320);
export const phone = z.string().regex(/^\+?[0-9 ()./-]{5,40}$/, 'must be a phone number such as +216 71 555 123');

export const shortText = (max = 300) => z.string().trim().min(1, { error: 'must not be empty', abort: true }).max(max, `must be at most ${max} characters`);
export const longText = (min = 20, max = 20000) =>
  z.string().trim().min(min, `must be at least ${min} characters`).max(max, `must be at most ${max} characters`);
export const optionalText = (max = 5000) => z.string().trim().max(max, `must be at most ${max} characters`).nullable();

export const targetIds = z
  .array(z.string().regex(/^GBF-(TARGET-\d{2}|GOAL-[A-D])$/, 'must be a GBF identifier such as "GBF-TARGET-06"'))
  .max(27)
  .openapi({ example: ['GBF-TARGET-02'], description: 'Identifiers from the `gbf-targets` vocabulary' });
export const subjectIds = z
  .array(z.string().regex(/^CBD-SUBJECT-[A-Z0-9+-]+$/, 'must be a subject identifier such as "CBD-SUBJECT-DSHL"'))
  .max(60)
  .openapi({ example: ['CBD-SUBJECT-DSHL'], description: 'Identifiers from the `cbd-subjects` vocabulary' });
export const assistanceTypeIds = z
  .array(z.string().regex(/^ASSIST-[A-Z-]+$/, 'must be an assistance type such as "ASSIST-TRAINING"'))
  .max(11)
  .openapi({ example: ['ASSIST-EXPERT-ADVICE'], description: 'Identifiers from the `assistance-types` vocabulary' });
export const organisationTypeId = z.string().regex(/^ORG-[A-Z-]+$/, 'must be an organisation type such as "ORG-NGO"').openapi({ example: 'ORG-GOV-NATIONAL' });
export const areaId = z
  .string()
  .regex(/^(M49-\d{3}|CBD-RG-[A-Z-]+|GROUP-[A-Z]+)$/, 'must be a region or country-group identifier such as "M49-015" or "GROUP-SIDS"');

export const money = z
  .strictObject({ amount: z.number().nonnegative('must not be negative').max(1e13, 'is too large'), currency: currencyCode })
  .openapi('Money', { example: { amount: 120000, currency: 'USD' } });
