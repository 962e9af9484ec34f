import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../../lib/errors.ts';
import { getVocabulary, listVocabularies } from '../../../vocab/catalog.ts';
import type { AppEnv } from '../../auth.ts';
import { validationHook } from '../../errors.ts';
import { errorResponses } from '../schemas.ts';

const Labels = z
  .object({ ar: z.string(), en: z.string(), es: z.string(), fr: z.string(), ru: z.string(), zh: z.string() })
  .openapi('Labels', { description: 'A label in each of the six UN languages' });

const Concept = z
  .object({
    id: z.string().openapi({ example: 'GBF-TARGET-06' }),
    labels: Labels,
    notation: z.string().optional(),
    broader: z.array(z.string()).optional().openapi({ description: 'Parent concepts in the same vocabulary' }),
    attributes: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Vocabulary-specific data, e.g. a country’s M49 region and groups' }),
  })
  .openapi('Concept');

const VocabularySummary = z
  .object({ id: z.string().openapi({ example: 'gbf-targets' }), labels: Labels, description: z.record(z.string(), z.string()), conceptCount: z.number().int() })
  .openapi('VocabularySummary');

const Vocabulary = z
  .object({ id: z.string(), labels: Labels, description: z.record(z.string(), z.string()), source: z.string().optional(), concepts: z.array(Concept) })
  .openapi('Vocabulary');

/** /api/v1/vocabularies: the controlled vocabularies records refer to. */
export const vocabularyRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

vocabularyRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vocabularies',
    tags: ['Vocabularies'],
    summary: 'List the vocabularies',
    responses: { 200: { description: 'Every vocabulary, without its concepts', content: { 'application/json': { schema: z.object({ items: z.array(VocabularySummary) }) } } } },
  }),
  ((c: any) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json({ items: listVocabularies().map(({ concepts, source: _s, ...v }) => ({ ...v, conceptCount: concepts.length })) }, 200);
  }) as never,
);

vocabularyRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vocabularies/{vocabularyId}',
    tags: ['Vocabularies'],
    summary: 'One vocabulary with all its concepts',
    request: { params: z.object({ vocabularyId: z.string().openapi({ param: { name: 'vocabularyId', in: 'path' }, example: 'gbf-targets' }) }) },
    responses: { 200: { description: 'The vocabulary', content: { 'application/json': { schema: Vocabulary } } }, ...errorResponses(404) },
  }),
  ((c: any) => {
    const id = c.req.valid('param').vocabularyId;
    const vocabulary = getVocabulary(id);
    if (!vocabulary) throw new AppError('not_found', `No vocabulary has the id "${id}"; GET /api/v1/vocabularies lists them`);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(vocabulary, 200);
  }) as never,
);
