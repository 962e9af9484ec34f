import { z } from '@hono/zod-openapi';
import { opportunityRegistry } from '../../../domain/records/registry.ts';
import { OPPORTUNITY_KINDS } from '../../../domain/records/opportunity.ts';
import { multiValue, values } from '../schemas.ts';
import { recordRoutes } from './record-routes.ts';

/** /api/v1/opportunities: training, fellowships, calls, technologies and missions offered by providers. */
export const opportunityRoutes = recordRoutes({
  def: opportunityRegistry,
  name: 'Opportunity',
  countryMeaning: 'a country whose applicants are eligible (opportunities open to all countries match too)',
  extraQuery: {
    kind: multiValue(`Kind (${OPPORTUNITY_KINDS.join(', ')})`, 'training'),
    providerId: z.string().regex(/^prov-[0-9a-z]{10}$/, 'must be a provider identifier').optional().openapi({ description: 'Only opportunities of this provider' }),
    open: z.enum(['true', 'false']).optional().openapi({ description: '`true`: leave out opportunities whose application deadline has passed' }),
  },
  extraFilters: (q) => ({
    kind: values(q.kind as string | string[] | undefined),
    providerId: q.providerId as string | undefined,
    open: q.open === 'true',
  }),
});
