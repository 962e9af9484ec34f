import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { RegistryDefinition } from '../../../domain/records/registry.ts';
import { STATUSES } from '../../../domain/records/statuses.ts';
import { AppError } from '../../../lib/errors.ts';
import { recordIdPattern } from '../../../lib/ids.ts';
import { createRecord } from '../../../services/records/create-record.ts';
import { getRecord } from '../../../services/records/get-record.ts';
import { facetCounts, FACETS_OF } from '../../../services/records/facets.ts';
import { type FilterQuery, listRecords, type ListQuery } from '../../../services/records/list-records.ts';
import { getRecordHistory } from '../../../services/records/record-history.ts';
import { updateRecord } from '../../../services/records/update-record.ts';
import type { AppEnv } from '../../auth.ts';
import { validationHook } from '../../errors.ts';
import { suggestTags } from '../../../domain/matching/suggest.ts';
import type { RecordType } from '../../../lib/ids.ts';
import type { PresentedRecord } from '../../../services/records/present-record.ts';
import { errorResponses, FacetCountSchema, listEnvelope, multiValue, pageParams, SuggestedTagsSchema, values } from '../schemas.ts';

const SORTS = ['-updatedAt', 'updatedAt', '-createdAt', 'createdAt', 'title', '-title', 'relevance', 'deadline', '-deadline'] as const;

export interface RecordRouteSpec {
  def: RegistryDefinition;
  /** OpenAPI component name: Need, Provider, Opportunity. */
  name: string;
  /** Query parameters only this registry has. */
  extraQuery: Record<string, z.ZodType>;
  /** Maps those parameters into the list query. */
  extraFilters: (q: Record<string, unknown>) => Partial<ListQuery>;
  /** What the `country` filter means for this registry. */
  countryMeaning: string;
}

/** The six routes of one registry: create, list, facet counts, read, change (merge patch) and history. */
export function recordRoutes(spec: RecordRouteSpec) {
  const { def, name } = spec;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const base = `/${def.plural}`;
  const tag = def.plural[0]!.toUpperCase() + def.plural.slice(1);

  const recordSchema = def.fields
    .required()
    .extend({
      id: z.string().openapi({ example: recordIdExample(def), description: 'Stable public identifier' }),
      version: z.number().int().openapi({ description: 'Incremented on every change; also the ETag' }),
      createdAt: z.string().openapi({ format: 'date-time' }),
      updatedAt: z.string().openapi({ format: 'date-time' }),
      suggestedTags: SuggestedTagsSchema.optional().openapi({
        description: 'Only when reading, creating or changing one record: concepts found in its text, and the GBF targets and CBD subjects they point to that the record does not carry yet',
      }),
    })
    .openapi(name);
  const inputSchema = def.fields.openapi(`${name}Input`);
  const patchSchema = z
    .record(z.string(), z.unknown())
    .openapi(`${name}Patch`, {
      description: `A JSON Merge Patch (RFC 7396) of a ${def.label}: the fields of ${name}Input to change. Nested objects merge; \`null\` removes an optional field. The whole result is validated as a ${def.label}.`,
      example: { title: 'A clearer title' },
    });
  const idParam = z.object({
    id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: recordIdExample(def) }),
  });
  const recordContent = { 'application/json': { schema: recordSchema } };
  const etag = { ETag: { schema: { type: 'string' as const }, description: 'The version, quoted: `"3"`' } };

  const listQuery = z.object({
    q: z.string().max(500, 'must be at most 500 characters').optional().openapi({ description: 'Words to find in titles and descriptions, in any language (Chinese included)', example: 'restauration parcours' }),
    country: multiValue(`ISO 3166-1 alpha-2 code: ${spec.countryMeaning}`, 'TN'),
    region: multiValue('UN M49 region or subregion (`M49-015`), CBD regional group (`CBD-RG-AFRICA`) or country group (`GROUP-SIDS`), expanded to its countries', 'M49-015'),
    target: multiValue('GBF target identifier', 'GBF-TARGET-02'),
    subject: multiValue('CBD subject identifier', 'CBD-SUBJECT-DSHL'),
    assistanceType: multiValue('Assistance type identifier', 'ASSIST-TRAINING'),
    status: multiValue(`Status (${STATUSES[def.type].join(', ')}); without a token only public statuses are listed`),
    language: multiValue('ISO 639-1 code of a language the record is written or works in', 'fr'),
    ...spec.extraQuery,
    sort: z.enum(SORTS).optional().openapi({ description: 'Order: `-updatedAt` (default), `relevance` (default with `q`), `createdAt`, `title`, `deadline` (opportunities); a leading `-` means descending' }),
    ...pageParams,
  });
  /** The filters of a validated list or facets query, as the services take them. */
  const filterQuery = (q: Record<string, any>): FilterQuery => ({
    q: q.q?.trim() || undefined,
    country: values(q.country),
    region: values(q.region),
    target: values(q.target),
    subject: values(q.subject),
    assistanceType: values(q.assistanceType),
    status: values(q.status),
    language: values(q.language),
    ...spec.extraFilters(q),
  });

  const facetNames = FACETS_OF[def.type];
  const facetsQuery = listQuery.omit({ sort: true, page: true, pageSize: true }).extend({
    facets: multiValue(`Facets to count (${facetNames.join(', ')}); default: all of them`, 'country,target'),
  });
  const facetsSchema = z
    .object({
      facets: z
        .object(Object.fromEntries(facetNames.map((f) => [f, z.array(FacetCountSchema).optional()])))
        .openapi({ description: 'Per requested facet, its values with how many matching records carry each, most frequent first' }),
      total: z.number().int().openapi({ description: `How many ${def.plural} match all the filters` }),
    })
    .openapi(`${name}Facets`);

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags: [tag],
      summary: `Create a ${def.label}`,
      security: [{ bearerAuth: [] }],
      request: {
        body: { required: true, content: { 'application/json': { schema: inputSchema } } },
        ...(def.type === 'need'
          ? { query: z.object({ via: z.enum(['platform', 'email', 'phone']).optional().openapi({ description: "Support-centre staff recording a request for a requester who wrote ('email') or phoned ('phone')" }) }) }
          : {}),
      },
      responses: {
        201: { description: `The ${def.label} as stored, with its new id`, headers: etag, content: recordContent },
        ...errorResponses(400, 401, 403, 415),
      },
    }),
    (async (c: any) => {
      const via = def.type === 'need' ? c.req.valid('query')?.via : undefined;
      const record = await createRecord(c.get('ctx'), def.type, c.req.valid('json'), { via });
      c.header('Location', `/api/v1${base}/${record.id}`);
      c.header('ETag', `"${record.version}"`);
      return c.json(withSuggestions(def.type, record), 201);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags: [tag],
      summary: `List and search ${def.plural}`,
      request: { query: listQuery },
      responses: { 200: { description: `A page of ${def.plural}`, content: { 'application/json': { schema: listEnvelope(recordSchema, `${name}List`) } } }, ...errorResponses(400, 401) },
    }),
    (async (c: any) => {
      const q = c.req.valid('query');
      const result = await listRecords(c.get('ctx'), def.type, { ...filterQuery(q), sort: q.sort, page: q.page, pageSize: q.pageSize });
      return c.json(result, 200);
    }) as never,
  );

  // Declared before `${base}/{id}`, which would otherwise take "facets" for an id.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/facets`,
      tags: [tag],
      summary: `Count ${def.plural} per filter value`,
      description:
        `For a search page: with the same filters as the list, how many ${def.plural} carry each value of each facet. ` +
        "A facet is counted with every filter except its own (choosing `country=TN` still shows the other countries' counts; `region` belongs to the country facet)" +
        (def.type === 'opportunity' ? '; `deadline` counts `open` and `closed` opportunities, leaving out `open=true`' : '') +
        '. Only records you may read are counted.',
      request: { query: facetsQuery },
      responses: { 200: { description: 'Counts per facet value', content: { 'application/json': { schema: facetsSchema } } }, ...errorResponses(400, 401) },
    }),
    (async (c: any) => {
      const q = c.req.valid('query');
      return c.json(await facetCounts(c.get('ctx'), def.type, filterQuery(q), values(q.facets)), 200);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}`,
      tags: [tag],
      summary: `Read a ${def.label}`,
      request: { params: idParam },
      responses: { 200: { description: `The ${def.label}`, headers: etag, content: recordContent }, ...errorResponses(401, 404) },
    }),
    (async (c: any) => {
      const record = await getRecord(c.get('ctx'), def.type, assertId(def, c.req.valid('param').id));
      c.header('ETag', `"${record.version}"`);
      return c.json(withSuggestions(def.type, record), 200);
    }) as never,
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{id}`,
      tags: [tag],
      summary: `Change a ${def.label}`,
      description: 'Send only the fields to change (JSON Merge Patch). With `If-Match: "<version>"` the change is refused (412) if the record has moved on since you read it.',
      security: [{ bearerAuth: [] }],
      request: {
        params: idParam,
        headers: z.object({ 'if-match': z.string().optional().openapi({ description: 'The version you read, as returned in ETag: `"3"`', example: '"3"' }) }),
        body: { required: true, content: { 'application/json': { schema: patchSchema }, 'application/merge-patch+json': { schema: patchSchema } } },
      },
      responses: {
        200: { description: `The ${def.label} after the change`, headers: etag, content: recordContent },
        ...errorResponses(400, 401, 403, 404, 409, 412, 415),
      },
    }),
    (async (c: any) => {
      const id = assertId(def, c.req.valid('param').id);
      const record = await updateRecord(c.get('ctx'), def.type, id, c.req.valid('json'), parseIfMatch(c.req.header('if-match')));
      c.header('ETag', `"${record.version}"`);
      return c.json(withSuggestions(def.type, record), 200);
    }) as never,
  );

  const historyEntry = z
    .object({
      version: z.number().int(),
      action: z.enum(['create', 'update', 'import']),
      actor: z.string().openapi({ example: 'token:data-team' }),
      at: z.string().openapi({ format: 'date-time' }),
      changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
      record: recordSchema,
    })
    .openapi(`${name}Version`);
  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/history`,
      tags: [tag],
      summary: `Every version of a ${def.label}`,
      description: 'Newest first: who changed which fields, when, and the record as it was.',
      request: { params: idParam, query: z.object(pageParams) },
      responses: { 200: { description: 'A page of versions', content: { 'application/json': { schema: listEnvelope(historyEntry, `${name}History`) } } }, ...errorResponses(400, 401, 404) },
    }),
    (async (c: any) => {
      const { page, pageSize } = c.req.valid('query');
      return c.json(await getRecordHistory(c.get('ctx'), def.type, assertId(def, c.req.valid('param').id), page, pageSize), 200);
    }) as never,
  );

  return app;
}

function recordIdExample(def: RegistryDefinition): string {
  return { need: 'need-7k2m9x3a4b', provider: 'prov-4d8q2w7e1r', opportunity: 'opp-9t3v5n2k8p' }[def.type];
}

/** An id of the wrong shape cannot exist: answer 404 without asking the database. */
export function assertId(def: RegistryDefinition, id: string): string {
  if (!recordIdPattern(def.type).test(id)) throw new AppError('not_found', `No ${def.label} has the id "${id}"`);
  return id;
}

/** The version in an If-Match header (`"3"`, `W/"3"` or `3`); undefined without the header or for `*`. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new AppError('bad_request', 'If-Match must be the version you read, as in ETag: "3"');
  return Number(match[1]);
}

/** A single record as the API returns it: with the tags its text suggests. */
function withSuggestions(type: RecordType, record: PresentedRecord): PresentedRecord {
  return { ...record, suggestedTags: suggestTags(type, record) };
}
