import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string().openapi({ example: 'The need is not valid: 1 field has a problem' }),
      fields: z
        .array(
          z.object({
            path: z.string().openapi({ example: 'targets[0]' }),
            message: z.string().openapi({ example: '"GBF-TARGET-99" is not in the gbf-targets vocabulary' }),
            key: z.string().optional().openapi({ description: 'The message in the interface catalogs (`errors.<key>`), where there is one' }),
            params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
          }),
        )
        .optional(),
    }),
  })
  .openapi('Error');

/** Error responses by status, for route declarations. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 412 | 415 | 423 | 429 | 503>) {
  const descriptions = {
    400: 'Invalid input: `fields` names each problem; nothing was written',
    401: 'No valid API token (send `Authorization: Bearer <token>`)',
    403: 'The token does not allow this',
    404: 'No such record (or not visible to you)',
    409: 'Someone else saved a change at the same moment; nothing was written',
    412: 'The `If-Match` version is not the current version; nothing was written',
    415: 'The body must be JSON (`application/json` or `application/merge-patch+json`)',
    423: 'The account is locked after repeated failed sign-ins; `Retry-After` says for how many seconds',
    429: 'Too many requests; `Retry-After` says in how many seconds to try again',
    503: 'Not available in this process',
  } as const;
  return Object.fromEntries(statuses.map((s) => [s, { description: descriptions[s], content: { 'application/json': { schema: ErrorSchema } } }]));
}

/** A filter that takes several values, comma-separated (`?target=GBF-TARGET-02,GBF-TARGET-03`) or repeated. */
export const multiValue = (description: string, example?: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: `${description}. Several values: comma-separated or repeated; any of them matches.`, example });

/** The values of a multi-value query parameter. */
export function values(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const list = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

export const pageParams = {
  page: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(10000, 'must be at most 10000').default(1).openapi({ description: 'Page number, from 1', example: 1 }),
  pageSize: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(100, 'must be at most 100').default(20).openapi({ description: 'Items per page (1–100)', example: 20 }),
};

/** One value of a facet and how many records carry it. */
export const FacetCountSchema = z
  .object({
    value: z.string().openapi({ example: 'TN', description: 'A vocabulary id (country, target, …), a status, a kind, or `open`/`closed` for deadlines' }),
    count: z.number().int().openapi({ example: 12 }),
  })
  .openapi('FacetCount');

export const listEnvelope = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }).openapi(name);

const weighted = (description: string, example: string) =>
  z.array(z.object({ id: z.string().openapi({ example }), weight: z.number().openapi({ description: 'Strength of the evidence in the text (1 = one clear mention)' }) })).openapi({ description });

export const SuggestedTagsSchema = z
  .object({
    concepts: weighted('Concepts of the `concepts` vocabulary found in the text, strongest first', 'CONCEPT-RANGELANDS'),
    targets: weighted('GBF targets the concepts point to, not yet on the record', 'GBF-TARGET-02'),
    subjects: weighted('CBD subject areas the concepts point to, not yet on the record', 'CBD-SUBJECT-DSHL'),
  })
  .openapi('SuggestedTags');
