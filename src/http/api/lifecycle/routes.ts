import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NEED_STATES, NEED_TRANSITIONS } from '../../../domain/lifecycle/need-lifecycle.ts';
import { needRegistry } from '../../../domain/records/registry.ts';
import { needLifecycle, transitionNeed } from '../../../services/lifecycle/transition-need.ts';
import type { AppEnv } from '../../auth.ts';
import { validationHook } from '../../errors.ts';
import { assertId, parseIfMatch } from '../records/record-routes.ts';
import { errorResponses } from '../schemas.ts';

export const lifecycleRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'need-fr00000001' }) });
const transitionNames = NEED_TRANSITIONS.map((t) => t.name) as [string, ...string[]];

const MoveInput = z
  .object({
    transition: z.enum(transitionNames).openapi({ description: 'The move to make (see docs/LIFECYCLE.md)', example: 'publish' }),
    reason: z.string().max(2000, 'must be at most 2000 characters').nullable().optional().openapi({ description: 'Why: required to return or decline a request; shown to the people concerned', example: 'Please add the budget and the timeframe.' }),
    via: z.enum(['platform', 'email', 'phone']).optional().openapi({ description: "Support-centre staff acting for a requester who wrote or phoned say so: 'email' or 'phone'" }),
  })
  .strict()
  .openapi('NeedMove');

const LifecycleSchema = z
  .object({
    state: z.enum(NEED_STATES),
    available: z.array(z.object({ transition: z.string(), to: z.enum(NEED_STATES), reasonRequired: z.boolean() })).openapi({ description: 'The moves you may make now' }),
    events: z
      .array(
        z.object({
          id: z.string(),
          at: z.string().openapi({ format: 'date-time' }),
          kind: z.string().openapi({ example: 'transition' }),
          transition: z.string().nullable(),
          from: z.string().nullable(),
          to: z.string().nullable(),
          reason: z.string().nullable(),
          via: z.string(),
          actor: z.string(),
        }),
      )
      .openapi({ description: "The request's events, oldest first (for the people responsible for it; empty for others)" }),
  })
  .openapi('NeedLifecycle');

lifecycleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/needs/{id}/lifecycle',
    tags: ['Lifecycle'],
    summary: "A request's state, the moves you may make, and its events",
    request: { params: idParam },
    responses: { 200: { description: 'The lifecycle', content: { 'application/json': { schema: LifecycleSchema } } }, ...errorResponses(404) },
  }),
  (async (c: any) => {
    const id = assertId(needRegistry, c.req.valid('param').id);
    return c.json(await needLifecycle(c.get('ctx'), id), 200);
  }) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/needs/{id}/transitions',
    tags: ['Lifecycle'],
    summary: 'Move a request along its lifecycle',
    description:
      'Submit, review, publish, return for revision (with a reason), decline (with a reason), withdraw, expire… Each move is allowed only from certain states and to certain people (docs/LIFECYCLE.md); an illegal move is refused with 409 and the moves possible from here. The move is kept in the request’s history and events, and the people concerned are told by e-mail in their language. With `If-Match: "<version>"` the move is refused (412) if the request changed since you read it.',
    request: {
      params: idParam,
      headers: z.object({ 'if-match': z.string().optional().openapi({ description: 'The version you read, as returned in ETag: `"3"`', example: '"3"' }) }),
      body: { required: true, content: { 'application/json': { schema: MoveInput } } },
    },
    responses: {
      200: { description: 'The request after the move (as GET /needs/{id})', content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('NeedAfterMove') } } },
      ...errorResponses(400, 401, 403, 404, 409, 412, 415),
    },
  }),
  (async (c: any) => {
    const id = assertId(needRegistry, c.req.valid('param').id);
    const record = await transitionNeed(c.get('ctx'), id, c.req.valid('json'), parseIfMatch(c.req.header('if-match')));
    c.header('ETag', `"${record.version}"`);
    return c.json(record, 200);
  }) as never,
);
