import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { getVocabulary } from '../../vocab/catalog.ts';

// The outlines of the world's countries (Natural Earth 1:110m, from the world-atlas package, shipped
// with the dependencies: nothing is downloaded), projected once (Equal Earth) into SVG paths keyed by
// our two-letter country codes, for the coverage map of the support centres.

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;

let cached: Array<{ code: string | null; d: string }> | undefined;

/** Each country's outline as an SVG path; `code` is null for the few shapes our vocabulary does not name. */
export function countryShapes(): Array<{ code: string | null; d: string }> {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const world = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
  const collection = feature(world, world.objects.countries) as unknown as GeoJSON.FeatureCollection;
  const byM49 = new Map<string, string>();
  for (const c of getVocabulary('countries')?.concepts ?? []) {
    const m49 = (c.attributes as { m49?: string } | undefined)?.m49;
    if (m49) byM49.set(m49, c.id);
  }
  const projection = geoEqualEarth().fitSize([MAP_WIDTH, MAP_HEIGHT], collection);
  const path = geoPath(projection).digits(1);
  cached = collection.features
    .map((f) => ({ code: byM49.get(String(f.id ?? '')) ?? null, d: path(f) ?? '' }))
    .filter((s) => s.d);
  return cached;
}
