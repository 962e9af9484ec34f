import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NEED_STATES, NEED_TRANSITIONS } from '../../../domain/lifecycle/need-lifecycle.ts';
import { needRegistry } from '../../../domain/records/registry.ts';
import { needLifecycle, transitionNeed } from '../../../services/lifecycle/transition-need.ts';
import { listMatches, moveMatch, proposeMatch } from '../../../services/lifecycle/matches.ts';
import { MATCH_STATES } from '../../../domain/lifecycle/match-lifecycle.ts';
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

// ---- matches between a request and an offer

const MatchView = z
  .object({
    id: z.string().openapi({ example: 'mat_3kq8x0a1b2c3d4e5' }),
    needId: z.string(),
    offerType: z.enum(['provider', 'opportunity']),
    offerId: z.string(),
    providerId: z.string().openapi({ description: 'The provider on the offering side' }),
    state: z.enum(MATCH_STATES),
    proposedAs: z.string().openapi({ description: 'reviewer, requester or provider' }),
    note: z.string().nullable(),
    requesterAccepted: z.boolean(),
    providerAccepted: z.boolean(),
    declineReason: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    available: z.array(z.string()).openapi({ description: 'The moves you may make now' }),
  })
  .openapi('MatchCase');

const ProposeInput = z
  .object({
    needId: z.string().openapi({ example: 'need-fr00000001' }),
    offerId: z.string().openapi({ description: 'A provider or an opportunity', example: 'prov-p000000001' }),
    note: z.string().max(2000, 'must be at most 2000 characters').nullable().optional().openapi({ description: 'Why this partner, for both sides' }),
  })
  .strict()
  .openapi('MatchProposal');

const MatchMoveInput = z
  .object({
    transition: z.enum(['express_interest', 'accept', 'decline']).openapi({ example: 'accept' }),
    reason: z.string().max(2000, 'must be at most 2000 characters').nullable().optional().openapi({ description: 'Required to decline' }),
  })
  .strict()
  .openapi('MatchMove');

const matchIdParam = z.object({ matchId: z.string().regex(/^mat_[0-9a-z]+$/i, 'must be a match id such as "mat_…"').openapi({ param: { name: 'matchId', in: 'path' }, example: 'mat_3kq8x0a1b2c3d4e5' }) });

lifecycleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/matches',
    tags: ['Lifecycle'],
    summary: 'Propose a match between a request and a provider or opportunity',
    description: "Made by the request's owners, the support centre reviewing it, or a member of the provider (whose side then counts as accepted). The request must be published or in matchmaking; the first proposal moves it into matchmaking. The other side and the centre are told by e-mail.",
    request: { body: { required: true, content: { 'application/json': { schema: ProposeInput } } } },
    responses: { 201: { description: 'The match', content: { 'application/json': { schema: MatchView } } }, ...errorResponses(400, 401, 403, 404, 409, 415) },
  }),
  (async (c: any) => {
    const body = c.req.valid('json');
    const id = assertId(needRegistry, body.needId);
    return c.json(await proposeMatch(c.get('ctx'), id, { offerId: body.offerId, note: body.note }), 201);
  }) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/needs/{id}/proposals',
    tags: ['Lifecycle'],
    summary: "A request's proposed matches and their states",
    description: "All of them for the request's owners and reviewers; a provider's members see their own.",
    request: { params: idParam },
    responses: { 200: { description: 'The matches, oldest first', content: { 'application/json': { schema: z.object({ items: z.array(MatchView) }) } } }, ...errorResponses(404) },
  }),
  (async (c: any) => {
    const id = assertId(needRegistry, c.req.valid('param').id);
    return c.json({ items: await listMatches(c.get('ctx'), id) }, 200);
  }) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/matches/{matchId}/transitions',
    tags: ['Lifecycle'],
    summary: 'Express interest in, accept or decline a match',
    description: 'Accepting records your side’s acceptance; once both sides have accepted, the match is accepted and the request matched. Declining needs a reason. With `If-Match: "<version>"` the move is refused (412) if the match changed since you read it.',
    request: {
      params: matchIdParam,
      headers: z.object({ 'if-match': z.string().optional() }),
      body: { required: true, content: { 'application/json': { schema: MatchMoveInput } } },
    },
    responses: { 200: { description: 'The match after the move', content: { 'application/json': { schema: MatchView } } }, ...errorResponses(400, 401, 403, 404, 409, 412, 415) },
  }),
  (async (c: any) => {
    const m = await moveMatch(c.get('ctx'), c.req.valid('param').matchId, c.req.valid('json'), parseIfMatch(c.req.header('if-match')));
    c.header('ETag', `"${m.version}"`);
    return c.json(m, 200);
  }) as never,
);
