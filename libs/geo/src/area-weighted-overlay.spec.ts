import type { Feature, Polygon } from 'geojson';
import { areaWeightedOverlay } from './area-weighted-overlay';
import { buildPolygonIndex } from './polygon-index';

const square = (x0: number, y0: number, x1: number, y1: number, code = ''): Feature<Polygon> => ({
  type: 'Feature',
  properties: { code },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  },
});

describe('areaWeightedOverlay', () => {
  const zones = buildPolygonIndex([square(118.8, 28.9, 118.9, 29.0, 'W'), square(118.9, 28.9, 119.0, 29.0, 'E')]);

  it('splits a unit straddling two zones by area, shares summing to 1', () => {
    // 0.03 degree in the west zone, 0.01 in the east one.
    const o = areaWeightedOverlay(square(118.87, 28.94, 118.91, 28.96), zones);
    // 0.04° x 111.195 km x cos(28.95°) = 3.892 km wide, 0.02° x 111.195 km = 2.224 km tall.
    expect(o.unitAreaKm2).toBeCloseTo(8.6555, 3);
    expect(o.zones.map((z) => z.feature.properties?.code)).toEqual(['W', 'E']);
    expect(o.zones[0].share).toBeCloseTo(0.75, 6);
    expect(o.zones[1].share).toBeCloseTo(0.25, 6);
    expect(o.zones[0].areaKm2 + o.zones[1].areaKm2).toBeCloseTo(o.unitAreaKm2, 9);
    expect(o.coveredShare).toBeCloseTo(1, 9);
    expect(o.uncoveredShare).toBeCloseTo(0, 9);
    expect(o.overlapShare).toBeCloseTo(0, 9);
  });

  it('reports the part of the unit no zone covers', () => {
    const o = areaWeightedOverlay(square(118.98, 28.95, 119.02, 28.96).geometry, zones);
    expect(o.zones).toHaveLength(1);
    expect(o.zones[0].share).toBeCloseTo(0.5, 6);
    expect(o.coveredShare).toBeCloseTo(0.5, 6);
    expect(o.uncoveredShare).toBeCloseTo(0.5, 6);
  });

  it('does not double count overlapping zones in coveredShare', () => {
    const overlapping = buildPolygonIndex([square(0, 0, 0.02, 0.01), square(0.01, 0, 0.03, 0.01)]);
    const o = areaWeightedOverlay(square(0, 0, 0.03, 0.01), overlapping);
    expect(o.zones.map((z) => z.share)).toEqual([expect.closeTo(2 / 3, 6), expect.closeTo(2 / 3, 6)]);
    expect(o.coveredShare).toBeCloseTo(1, 6);
    expect(o.overlapShare).toBeCloseTo(1 / 3, 6);
  });

  it('ignores zones that only touch the unit', () => {
    const o = areaWeightedOverlay(square(118.8, 28.9, 118.9, 29.0), zones);
    expect(o.zones.map((z) => z.index)).toEqual([0]);
    expect(o.coveredShare).toBeCloseTo(1, 9);
  });

  it('throws for a zero-area unit and leaves inputs untouched', () => {
    const flat = square(118.85, 28.95, 118.86, 28.95);
    expect(() => areaWeightedOverlay(flat, zones)).toThrow(/zero area/);
    const unit = square(118.87, 28.94, 118.91, 28.96);
    const before = structuredClone(unit);
    const zonesBefore = structuredClone(zones.features);
    areaWeightedOverlay(unit, zones);
    expect(unit).toEqual(before);
    expect(zones.features).toEqual(zonesBefore);
  });
});
