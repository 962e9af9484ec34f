import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Matching } from '../../../services/matching/matching.ts';
import type { AppEnv } from '../../auth.ts';

/** /healthz (the process answers) and /readyz (the database answers; how far the matchmaking index is). */
export function systemRoutes(db: Db, matching?: Matching) {
  const app = new OpenAPIHono<AppEnv>();
  const Status = z
    .object({
      status: z.string().openapi({ example: 'ok' }),
      matching: z.enum(['not started', 'loading', 'ready']).optional().openapi({ description: 'The matchmaking index: match requests wait until it is ready' }),
    })
    .openapi('HealthStatus');
  app.openapi(
    createRoute({ method: 'get', path: '/healthz', tags: ['System'], summary: 'Liveness', responses: { 200: { description: 'The process is up', content: { 'application/json': { schema: Status } } } } }),
    ((c: any) => c.json({ status: 'ok' }, 200)) as never,
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['System'],
      summary: 'Readiness',
      responses: {
        200: { description: 'The database answers', content: { 'application/json': { schema: Status } } },
        503: { description: 'The database does not answer', content: { 'application/json': { schema: Status } } },
      },
    }),
    (async (c: any) => {
      try {
        await db.execute(sql`select 1`);
        return c.json({ status: 'ok', ...(matching ? { matching: matching.state } : {}) }, 200);
      } catch {
        return c.json({ status: 'database unavailable' }, 503);
      }
    }) as never,
  );
  return app;
}
