import { needRegistry } from '../../../domain/records/registry.ts';
import { recordRoutes } from './record-routes.ts';

/** /api/v1/needs: requests for assistance. */
export const needRoutes = recordRoutes({
  def: needRegistry,
  name: 'Need',
  countryMeaning: 'a requesting country',
  extraQuery: {},
  extraFilters: () => ({}),
});
