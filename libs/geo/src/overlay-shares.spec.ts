import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { IN_DIR, readGeoJson } from '../test/fixtures';
import { areaKm2 } from './area-km2';
import { areaWeightedOverlay } from './area-weighted-overlay';
import { boundsOf } from './bounds-of';
import { buildPlanarPolygonIndex } from './planar-polygon-index';
import { buildPolygonIndex } from './polygon-index';
import { overlayShares } from './overlay-shares';
import { projectionFor } from './projection-for';

type Areal = Feature<Polygon | MultiPolygon, { role: string; code: string }>;

const fixture = readGeoJson(IN_DIR, 'overlay-shares').features as Areal[];
const zones = fixture.filter((f) => f.properties.role === 'zone');
const units = fixture.filter((f) => f.properties.role === 'unit');
const layer = buildPlanarPolygonIndex(
  projectionFor(boundsOf(fixture.map((f) => f.geometry))!),
  zones.map((z) => ({ code: z.properties.code, geometry: z.geometry })),
);

describe('overlayShares', () => {
  it('agrees with the geodesic areaWeightedOverlay on every unit of test/in/overlay-shares to 1e-3', () => {
    const geodesic = buildPolygonIndex(zones);
    // The two slivers are left out: zero area (null here, a RangeError there), and collinear vertices, to which
    // rounding gives a planar area (a whole share) and the sphere 50 m² that turf.intersect finds no piece of.
    const areal = units.filter((u) => areaKm2(u) > 0.01);
    expect(areal).toHaveLength(units.length - 2);
    for (const unit of areal) {
      const planar = new Map(overlayShares(layer, unit.geometry)!.map((s) => [s.code, s.share]));
      const reference = areaWeightedOverlay(unit, geodesic).zones;
      expect([...planar.keys()].sort()).toEqual(reference.map((z) => z.feature.properties.code).sort());
      for (const z of reference) expect(Math.abs(planar.get(z.feature.properties.code)! - z.share)).toBeLessThan(1e-3);
    }
  });

  it('is null for a unit without area, empty for an empty layer, and modifies neither', () => {
    const flat: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [118.82, 28.92],
          [118.82, 28.94],
          [118.82, 28.92],
        ],
      ],
    };
    expect(overlayShares(layer, flat)).toBeNull();
    const unit = units[0].geometry;
    const before = structuredClone(unit);
    const empty = buildPlanarPolygonIndex(layer.projection, []);
    expect(overlayShares(empty, unit)).toEqual([]);
    expect(overlayShares(layer, unit)).toEqual([{ code: 'Z-W', share: 1 }]);
    expect(unit).toEqual(before);
  });
});
