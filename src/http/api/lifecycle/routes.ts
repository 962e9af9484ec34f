import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NEED_STATES, NEED_TRANSITIONS } from '../../../domain/lifecycle/need-lifecycle.ts';
import { needRegistry } from '../../../domain/records/registry.ts';
import { needLifecycle, transitionNeed } from '../../../services/lifecycle/transition-need.ts';
import { listMatches, moveMatch, proposeMatch } from '../../../services/lifecycle/matches.ts';
import { addNote, answerClarification, askClarification, assignCase, caseEvents, centreQueue, escalateCase, globalQueue, postMessage } from '../../../services/lifecycle/helpdesk.ts';
import { MATCH_STATES } from '../../../domain/lifecycle/match-lifecycle.ts';
import { agreementFields, MODALITIES } from '../../../domain/lifecycle/agreement.ts';
import { addProgress, confirmAgreement, evaluateAgreement, getAgreement, listLessons, proposeAgreement } from '../../../services/lifecycle/agreements.ts';
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

// ---- the help desk: queues, assignment, notes, questions, escalation, conversation

const QueueSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        status: z.enum(NEED_STATES),
        countries: z.array(z.string()),
        ageDays: z.number().int().openapi({ description: 'Days since the request was created' }),
        idleDays: z.number().int().openapi({ description: 'Days since anything last happened on it' }),
        nextAction: z.string().openapi({ description: 'review, decide, wait_requester, propose, follow_matches, agreement, start, follow_progress' }),
        assignee: z.string().nullable().openapi({ description: 'The user id of the colleague following it' }),
        escalated: z.boolean(),
        openQuestion: z.boolean().openapi({ description: 'A question to the requester is waiting for an answer' }),
        flagged: z.boolean().openapi({ description: 'A reminder job flagged it as stalled' }),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi('Queue');
const pageQuery = z.object({
  page: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000).default(1),
  pageSize: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(50),
});
const EventSchema = z
  .object({ id: z.string(), at: z.string(), kind: z.string().openapi({ description: 'transition, match, flag, note, clarification, answer, assignment, escalation, message' }), name: z.string().nullable(), text: z.string().nullable(), via: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()) })
  .openapi('CaseEvent');
const created = { 201: { description: 'Recorded', content: { 'application/json': { schema: z.object({ id: z.string() }).passthrough() } } } };
const textBody = (name: string, description: string, extra: Record<string, z.ZodType> = {}) => ({
  body: { required: true, content: { 'application/json': { schema: z.object({ [name]: z.string().openapi({ description }), ...extra }).strict() } } },
});

lifecycleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/centres/{centreId}/queue',
    tags: ['Help desk'],
    summary: "A support centre's queue",
    description: 'The open requests of the countries the centre covers, the longest idle first, with their age, state, next action, assignee and flags. For its staff, the global coordinating entity and administrators.',
    request: { params: z.object({ centreId: z.string().openapi({ param: { name: 'centreId', in: 'path' }, example: 'tsc-oss' }) }), query: pageQuery },
    responses: { 200: { description: 'The queue', content: { 'application/json': { schema: QueueSchema.extend({ centre: z.object({ id: z.string(), name: z.string() }) }) } } }, ...errorResponses(400, 401, 403, 404) },
  }),
  (async (c: any) => {
    const q = c.req.valid('query');
    return c.json(await centreQueue(c.get('ctx'), c.req.valid('param').centreId, q.page, q.pageSize), 200);
  }) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/helpdesk/global',
    tags: ['Help desk'],
    summary: 'The global help desk queue',
    description: 'Requests escalated by a centre, and open requests of countries no centre covers. For the global coordinating entity and administrators.',
    request: { query: pageQuery },
    responses: { 200: { description: 'The queue', content: { 'application/json': { schema: QueueSchema } } }, ...errorResponses(400, 401, 403) },
  }),
  (async (c: any) => {
    const q = c.req.valid('query');
    return c.json(await globalQueue(c.get('ctx'), q.page, q.pageSize), 200);
  }) as never,
);

const needAction = (path: string, summary: string, description: string, request: object, run: (ctx: any, id: string, body: any) => Promise<unknown>) =>
  lifecycleRoutes.openapi(
    createRoute({ method: 'post', path: `/needs/{id}/${path}`, tags: ['Help desk'], summary, description, request: { params: idParam, ...request }, responses: { ...created, ...errorResponses(400, 401, 403, 404, 409, 415) } }),
    (async (c: any) => c.json(await run(c.get('ctx'), assertId(needRegistry, c.req.valid('param').id), c.req.valid('json')), 201)) as never,
  );

needAction('assignment', 'Give a case to a colleague', 'A reviewer gives the request to a colleague who may review it (or takes it); the colleague is told by e-mail.', { body: { required: true, content: { 'application/json': { schema: z.object({ userId: z.string() }).strict() } } } }, (ctx, id, b) => assignCase(ctx, id, b));
needAction('notes', 'Add an internal note', 'Seen only by the reviewers (the centres covering it, the global coordinating entity, administrators).', textBody('text', 'The note'), (ctx, id, b) => addNote(ctx, id, b));
needAction('clarifications', 'Ask the requester a question', "The request's owners are told by e-mail and answer on the platform.", textBody('question', 'The question'), (ctx, id, b) => askClarification(ctx, id, b));
needAction(
  'clarifications/answer',
  'Answer the open question',
  "By the request's owners; centre staff record an answer that came by e-mail or phone with `via`. The centre is told.",
  textBody('answer', 'The answer', { via: z.enum(['platform', 'email', 'phone']).optional() }),
  (ctx, id, b) => answerClarification(ctx, id, b),
);
needAction('escalation', 'Escalate to the global coordinating entity', 'A reviewer hands the case to the global help desk, with a reason; the global coordinating entity is told.', textBody('reason', 'Why the centre cannot serve it'), (ctx, id, b) => escalateCase(ctx, id, b));
needAction(
  'messages',
  'Write on the request’s conversation',
  "Seen by its owners, the reviewing centre and the providers party to its matches (with `matchId`, that match's parties only); they are told by e-mail.",
  textBody('text', 'The message', { matchId: z.string().optional().openapi({ description: 'A match of this request, to write to its parties only' }) }),
  (ctx, id, b) => postMessage(ctx, id, b),
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/needs/{id}/events',
    tags: ['Help desk'],
    summary: "A request's case: moves, matches, questions, messages, notes",
    description: 'As the reader may see them: reviewers everything; owners all but internal notes, flags, assignments and escalations; providers party to a match its conversation.',
    request: { params: idParam, query: z.object({ kind: z.string().optional().openapi({ description: 'Only these kinds, comma-separated (e.g. message)' }) }) },
    responses: { 200: { description: 'Oldest first', content: { 'application/json': { schema: z.object({ items: z.array(EventSchema) }) } } }, ...errorResponses(404) },
  }),
  (async (c: any) => {
    const kind = c.req.valid('query').kind as string | undefined;
    const items = await caseEvents(c.get('ctx'), assertId(needRegistry, c.req.valid('param').id), { kinds: kind ? kind.split(',').map((k: string) => k.trim()) : undefined });
    return c.json({ items }, 200);
  }) as never,
);

// ---- agreements, progress, evaluations, lessons learned

const AgreementInputSchema = agreementFields.openapi('AgreementInput');
const AgreementSchema = z
  .object({
    id: z.string(),
    needId: z.string(),
    matchId: z.string(),
    providerId: z.string(),
    state: z.enum(['pending', 'active', 'completed', 'evaluated']),
    modality: z.enum(MODALITIES).openapi({ description: "Computed from the parties' countries (developed / developing)" }),
    countries: z.array(z.string()).openapi({ description: "The parties' countries" }),
    requesterConfirmed: z.boolean(),
    providerConfirmed: z.boolean(),
    evaluations: z.array(z.object({ side: z.string(), usefulness: z.number().int(), changes: z.string(), lessons: z.string(), language: z.string(), publish: z.boolean(), at: z.string() })),
    version: z.number().int(),
    available: z.array(z.string()).openapi({ description: 'confirm, update, evaluate: what you may do now' }),
  })
  .passthrough()
  .openapi('Agreement');
const agreementIdParam = z.object({ agreementId: z.string().regex(/^agr_[0-9a-f]+$/, 'must be an agreement id such as "agr_…"').openapi({ param: { name: 'agreementId', in: 'path' }, example: 'agr_3f9a1c2b7d4e5f60' }) });
const agreementContent = { 'application/json': { schema: AgreementSchema } };

lifecycleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/matches/{matchId}/agreement',
    tags: ['Lifecycle'],
    summary: 'Propose the cooperation agreement of an accepted match',
    description: 'Type, summary, dates, budget and funds by source, languages of delivery, Southern or IPLC leadership, beneficiaries by type and gender. The proposing side has confirmed it; once the other side confirms, it is in force and the request is agreed. The modality (North-South, South-South, triangular) is computed from the parties’ countries.',
    request: { params: matchIdParam, body: { required: true, content: { 'application/json': { schema: AgreementInputSchema } } } },
    responses: { 201: { description: 'The agreement, pending the other side', content: agreementContent }, ...errorResponses(400, 401, 403, 404, 409, 415) },
  }),
  (async (c: any) => c.json(await proposeAgreement(c.get('ctx'), c.req.valid('param').matchId, c.req.valid('json')), 201)) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/agreements/{agreementId}',
    tags: ['Lifecycle'],
    summary: 'An agreement, with its evaluations',
    request: { params: agreementIdParam },
    responses: { 200: { description: 'The agreement', content: agreementContent }, ...errorResponses(404) },
  }),
  (async (c: any) => c.json(await getAgreement(c.get('ctx'), c.req.valid('param').agreementId), 200)) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/agreements/{agreementId}/confirm',
    tags: ['Lifecycle'],
    summary: "Confirm an agreement for one's side",
    request: { params: agreementIdParam },
    responses: { 200: { description: 'The agreement (active once both sides confirmed)', content: agreementContent }, ...errorResponses(401, 403, 404, 409) },
  }),
  (async (c: any) => c.json(await confirmAgreement(c.get('ctx'), c.req.valid('param').agreementId), 200)) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/agreements/{agreementId}/updates',
    tags: ['Lifecycle'],
    summary: 'Report progress during implementation',
    request: { params: agreementIdParam, body: { required: true, content: { 'application/json': { schema: z.object({ text: z.string() }).strict() } } } },
    responses: { 201: { description: 'Recorded; the other side and the centre are told', content: { 'application/json': { schema: z.object({ id: z.string() }) } } }, ...errorResponses(400, 401, 403, 404, 409, 415) },
  }),
  (async (c: any) => c.json(await addProgress(c.get('ctx'), c.req.valid('param').agreementId, c.req.valid('json')), 201)) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/agreements/{agreementId}/evaluations',
    tags: ['Lifecycle'],
    summary: "Evaluate a completed cooperation for one's side",
    description: 'Usefulness from 1 to 5, what changed, lessons learned, and whether to publish the lessons. When both sides have evaluated, the request is evaluated.',
    request: {
      params: agreementIdParam,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({ usefulness: z.number().int(), changes: z.string(), lessons: z.string(), language: z.string().openapi({ example: 'fr' }), publish: z.boolean() })
              .strict()
              .openapi('Evaluation'),
          },
        },
      },
    },
    responses: { 201: { description: 'The agreement with the evaluation', content: agreementContent }, ...errorResponses(400, 401, 403, 404, 409, 415) },
  }),
  (async (c: any) => c.json(await evaluateAgreement(c.get('ctx'), c.req.valid('param').agreementId, c.req.valid('json')), 201)) as never,
);

lifecycleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/lessons',
    tags: ['Lifecycle'],
    summary: 'Lessons learned from evaluated cooperation',
    description: 'What each side learned, where it chose to publish it. Public.',
    request: { query: pageQuery },
    responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ items: z.array(z.object({ needId: z.string(), type: z.string(), modality: z.string(), side: z.string(), usefulness: z.number().int(), changes: z.string(), lessons: z.string(), language: z.string(), at: z.string() })), page: z.number().int(), pageSize: z.number().int() }) } } }, ...errorResponses(400) },
  }),
  (async (c: any) => {
    const q = c.req.valid('query');
    return c.json(await listLessons(c.get('ctx'), q.page, Math.min(q.pageSize, 100)), 200);
  }) as never,
);
