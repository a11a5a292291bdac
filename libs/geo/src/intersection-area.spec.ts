import * as turf from '@turf/turf';
import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { areaWeightedOverlay } from './area-weighted-overlay';
import { intersectionArea } from './intersection-area';
import { buildPolygonIndex } from './polygon-index';
import { preparePolygon } from './prepare-polygon';
import { projectionFor, type PlanarProjection } from './projection-for';

/**
 * Reference: the geodesic areaWeightedOverlay (turf.intersect + turf.area) of unit `a` over the one zone `b`. turf.area
 * is geodesic, so ratios to the unit's own geodesic area are compared, not raw numbers.
 */
function turfArea(a: Polygon, b: Polygon): number {
  return areaWeightedOverlay(a, buildPolygonIndex([turf.feature(b)])).zones[0]?.share ?? 0;
}

function ourShare(proj: PlanarProjection, a: Polygon, b: Polygon): number {
  const pa = preparePolygon(proj, a);
  return intersectionArea(pa, preparePolygon(proj, b)) / pa.area;
}

function star(cx: number, cy: number, radii: number[], phase: number): Polygon {
  const ring: Position[] = radii.map((r, i) => {
    const ang = phase + (2 * Math.PI * i) / radii.length;
    return [cx + r * Math.cos(ang), cy + r * Math.sin(ang)];
  });
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return {
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
  };
}

const proj = projectionFor([118.8, 28.8, 119.0, 29.0]);

describe('intersectionArea', () => {
  it('splits a square straddling two neighbours in half and counts shared edges once', () => {
    const unit = rect(118.9, 28.9, 118.92, 28.92);
    const left = rect(118.8, 28.8, 118.91, 29.0);
    const right = rect(118.91, 28.8, 119.0, 29.0);
    expect(ourShare(proj, unit, left)).toBeCloseTo(0.5, 3);
    expect(ourShare(proj, unit, right)).toBeCloseTo(0.5, 3);
    // Same polygon: the whole boundary is shared in the same direction.
    expect(ourShare(proj, unit, unit)).toBeCloseTo(1, 12);
    // Neighbours sharing an edge: no area.
    expect(ourShare(proj, rect(118.9, 28.9, 118.91, 28.92), rect(118.91, 28.9, 118.92, 28.92))).toBeCloseTo(0, 12);
    // A unit inside a catchment whose edge runs along the unit's edge.
    expect(ourShare(proj, rect(118.9, 28.9, 118.91, 28.91), rect(118.9, 28.85, 118.95, 28.95))).toBeCloseTo(1, 12);
  });

  it('handles holes and multipolygons', () => {
    const donut: Polygon = {
      type: 'Polygon',
      coordinates: [rect(118.8, 28.8, 119.0, 29.0).coordinates[0], rect(118.85, 28.85, 118.95, 28.95).coordinates[0]],
    };
    const unit = rect(118.84, 28.84, 118.86, 28.86); // one quarter in the hole
    expect(ourShare(proj, unit, donut)).toBeCloseTo(0.75, 3);
    const pu = preparePolygon(proj, unit);
    const multi = preparePolygon(proj, {
      type: 'MultiPolygon',
      coordinates: [rect(118.8, 28.8, 118.85, 28.85).coordinates, rect(118.855, 28.8, 118.9, 29).coordinates],
    });
    // Part 1 takes x 118.84-118.85, y 28.84-28.85 (0.01 x 0.01); part 2 takes x 118.855-118.86, y 28.84-28.86
    // (0.005 x 0.02): 2e-4 of the unit's 0.02 x 0.02 = 4e-4, i.e. one half.
    expect(intersectionArea(pu, multi) / pu.area).toBeCloseTo(0.5, 3);
  });

  it('agrees with turf.intersect + turf.area on random star polygons', () => {
    const radii = fc.array(fc.double({ min: 0.003, max: 0.02, noNaN: true }), { minLength: 3, maxLength: 14 });
    fc.assert(
      fc.property(
        radii,
        radii,
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        fc.double({ min: 0, max: 6, noNaN: true }),
        (ra, rb, dx, dy, phase) => {
          const a = star(118.9, 28.9, ra, 0.1);
          const b = star(118.9 + dx, 28.9 + dy, rb, phase);
          const ours = ourShare(proj, a, b);
          const ref = turfArea(a, b);
          // Geodesic vs local plane differ by well under 0.1% over a few km.
          expect(Math.abs(ours - ref)).toBeLessThan(2e-3);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with turf on grid tilings that share vertices and edges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 3 }), (i, j, w) => {
        const s = 0.01;
        const unit = rect(118.9 + i * s, 28.9 + j * s, 118.9 + (i + w) * s, 28.9 + (j + 1) * s);
        const catchment = rect(118.9 + 2 * s, 28.9, 118.9 + 4 * s, 28.9 + 3 * s);
        expect(Math.abs(ourShare(proj, unit, catchment) - turfArea(unit, catchment))).toBeLessThan(2e-3);
      }),
    );
  });
});
