import { z } from '@hono/zod-openapi';
import { providerRegistry } from '../../../domain/records/registry.ts';
import { multiValue, values } from '../schemas.ts';
import { recordRoutes } from './record-routes.ts';

/** /api/v1/providers: organisations and individual experts. */
export const providerRoutes = recordRoutes({
  def: providerRegistry,
  name: 'Provider',
  countryMeaning: "where the organisation is based, or the expert's nationality",
  extraQuery: {
    kind: z.enum(['organisation', 'expert']).optional().openapi({ description: 'Organisations or individual experts' }),
    serves: multiValue('ISO 3166-1 alpha-2 code of a country the provider serves (directly or through a region it serves)', 'TN'),
  },
  extraFilters: (q) => ({ kind: q.kind ? [q.kind as string] : undefined, serves: values(q.serves as string | string[] | undefined) }),
});
