import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { suggestFromText } from '../../../domain/matching/suggest.ts';
import { AppError } from '../../../lib/errors.ts';
import { REGISTRIES } from '../../../domain/records/registry.ts';
import type { RecordType } from '../../../lib/ids.ts';
import { findMatches } from '../../../services/matching/find-matches.ts';
import { UI_LANGUAGES, type UiLanguage } from '../../../vocab/catalog.ts';
import type { AppEnv } from '../../auth.ts';
import { validationHook } from '../../errors.ts';
import { assertId } from '../records/record-routes.ts';
import { errorResponses, SuggestedTagsSchema } from '../schemas.ts';

const ReasonSchema = z
  .object({
    type: z.enum(['target', 'subject', 'concept', 'text', 'assistanceType', 'language', 'region', 'southSouth']),
    id: z.string().optional().openapi({ description: 'Vocabulary id of what is shared (targets, subjects, concepts, assistance types, languages, countries and areas)', example: 'GBF-TARGET-06' }),
    label: z.string().openapi({ description: 'What is shared, in the requested language', example: 'GBF Target 6: Invasive alien species are managed' }),
    weight: z.number().openapi({ description: 'What this reason adds to the score' }),
    text: z.string().openapi({ description: 'The reason as a sentence in the requested language', example: 'Both concern GBF Target 6: Invasive alien species are managed' }),
    terms: z.array(z.string()).optional().openapi({ description: '`text` reasons: the words both records use' }),
    free: z.boolean().optional().openapi({ description: '`assistanceType` reasons: offered free of charge' }),
  })
  .openapi('MatchReason');

const MatchSchema = z
  .object({
    kind: z.enum(['need', 'provider', 'opportunity']),
    id: z.string().openapi({ example: 'prov-p000000001' }),
    title: z.string().openapi({ description: "The need's or opportunity's title, or the provider's name" }),
    score: z.number().openapi({ description: 'Higher is better: topical fit (0–1) plus small bonuses for soft preferences' }),
    reasons: z.array(ReasonSchema),
  })
  .openapi('Match');

const MatchListSchema = z.object({ lang: z.enum(UI_LANGUAGES), items: z.array(MatchSchema) }).openapi('MatchList');

const langParam = z
  .enum(UI_LANGUAGES, { error: `must be one of ${UI_LANGUAGES.join(', ')}` })
  .optional()
  .openapi({ description: 'Language of the reasons (ar, en, es, fr, ru, zh). Default: from Accept-Language, else English.', example: 'fr' });
const limitParam = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(50, 'must be at most 50')
  .default(10)
  .openapi({ description: 'How many suggestions (1–50)', example: 10 });

/** The reader's language: `?lang=`, else the best of Accept-Language, else English. */
export function readerLanguage(param: string | undefined, acceptLanguage: string | undefined): UiLanguage {
  if (param && (UI_LANGUAGES as readonly string[]).includes(param)) return param as UiLanguage;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: (tag ?? '').toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const found = ranked.find((x) => (UI_LANGUAGES as readonly string[]).includes(x.lang));
  return (found?.lang as UiLanguage | undefined) ?? 'en';
}

export const matchingRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

const SOURCES: Array<{ type: RecordType; description: string; example: string }> = [
  {
    type: 'need',
    example: 'need-fr00000001',
    description:
      'Ranked providers and open opportunities for a need, whatever language each side wrote in, with the reasons. Only published records are suggested; an opportunity past its deadline, or whose eligibility leaves out the requesting country or organisation type, never is.',
  },
  {
    type: 'provider',
    example: 'prov-p000000001',
    description: 'The published needs a provider could answer, best first, with the reasons.',
  },
  {
    type: 'opportunity',
    example: 'opp-o000000001',
    description: 'The published needs an opportunity fits (and whose requesters are eligible for it), best first, with the reasons.',
  },
];

for (const source of SOURCES) {
  const def = REGISTRIES[source.type];
  const query = z.object({
    limit: limitParam,
    lang: langParam,
    ...(source.type === 'need'
      ? {
          kind: z
            .enum(['provider', 'opportunity', 'all'], { error: 'must be provider, opportunity or all' })
            .default('all')
            .openapi({ description: 'Which offers to suggest', example: 'all' }),
        }
      : {}),
  });
  matchingRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/${def.plural}/{id}/matches`,
      tags: ['Matchmaking'],
      summary: source.type === 'need' ? 'Suggested providers and opportunities for a need' : `Needs this ${def.label} could answer`,
      description: source.description,
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: source.example }) }), query },
      responses: {
        200: { description: 'Suggestions, best first', content: { 'application/json': { schema: MatchListSchema } } },
        ...errorResponses(400, 401, 404, 503),
      },
    }),
    (async (c: any) => {
      const id = assertId(def, c.req.valid('param').id);
      const q = c.req.valid('query');
      const lang = readerLanguage(q.lang, c.req.header('accept-language'));
      const result = await findMatches(c.get('ctx'), source.type, id, { limit: q.limit, kind: q.kind ?? 'all', lang });
      return c.json({ lang, ...result }, 200);
    }) as never,
  );
}

const SuggestInput = z
  .object({
    title: z.string().max(2000, 'must be at most 2000 characters').optional().openapi({ description: 'Title (or expertise) — what names the topic', example: 'Restaurer les parcours dégradés' }),
    text: z.string().max(20000, 'must be at most 20000 characters').openapi({ description: 'Description', example: 'Nos parcours steppiques sont dégradés par le surpâturage…' }),
    language: z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as fr').openapi({ description: 'Language of the text (ISO 639-1)', example: 'fr' }),
    targets: z.array(z.string()).max(30).optional().openapi({ description: 'Targets already chosen (not suggested again)' }),
    subjects: z.array(z.string()).max(60).optional().openapi({ description: 'Subjects already chosen (not suggested again)' }),
  })
  .openapi('SuggestTagsInput');

matchingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/tags/suggest',
    tags: ['Matchmaking'],
    summary: 'Suggest tags for a text',
    description: 'The concepts found in a text written in any of the six UN languages, and the GBF targets and CBD subject areas they point to: what a form offers while a need or profile is being written. Nothing is stored.',
    request: { body: { required: true, content: { 'application/json': { schema: SuggestInput } } } },
    responses: {
      200: { description: 'Suggested tags', content: { 'application/json': { schema: SuggestedTagsSchema } } },
      ...errorResponses(400, 415),
    },
  }),
  (async (c: any) => {
    const body = c.req.valid('json');
    if (!body.title?.trim() && !body.text.trim()) {
      throw new AppError('validation_failed', 'The text is not valid: 1 field has a problem', [{ path: 'text', message: 'must not be empty' }]);
    }
    return c.json(suggestFromText(body.title ?? '', body.text, body.language, { targets: body.targets, subjects: body.subjects }), 200);
  }) as never,
);
