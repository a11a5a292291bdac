import type { Geometry, Position } from 'geojson';
import { allPositions } from './internal';

/**
 * A representative point of a geometry: the point itself, the area-weighted centroid of the largest polygon for
 * (multi)polygons, else the mean of all positions. Used for district membership ("point/centroid in district").
 * Unlike {@link centroidOf}, which weighs every part of a MultiPolygon, only the largest part counts here, so a
 * township with an exclave is placed in its main body. It is a centroid, not a point on the surface: for a U-shaped
 * polygon it lies in the gap (test/in/representative-point); `centroidOf(g, { inside: true })` guarantees one inside.
 *
 * @example
 * representativePoint({ type: 'Point', coordinates: [118.9, 28.9] }); // [118.9, 28.9]
 */
export function representativePoint(geometry: Geometry): Position | null {
  switch (geometry.type) {
    case 'Point':
      return geometry.coordinates;
    case 'Polygon':
      return polygonCentroid(geometry.coordinates);
    case 'MultiPolygon': {
      let best: Position | null = null;
      let bestArea = -1;
      for (const poly of geometry.coordinates) {
        const a = Math.abs(ringArea(poly[0] ?? []));
        if (a > bestArea) {
          bestArea = a;
          best = polygonCentroid(poly);
        }
      }
      return best;
    }
    default: {
      const pts = allPositions(geometry);
      if (pts.length === 0) return null;
      return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
    }
  }
}

function ringArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return s / 2;
}

function polygonCentroid(rings: Position[][]): Position | null {
  // Shoelace centroid of the outer ring minus its holes, whatever the rings' winding; coordinates are shifted to the
  // first vertex so that degree-sized numbers do not cancel.
  const first = rings[0]?.[0];
  if (!first) return null;
  let a = 0;
  let cx = 0;
  let cy = 0;
  rings.forEach((ring, k) => {
    let ra = 0;
    let rx = 0;
    let ry = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const x0 = ring[j][0] - first[0];
      const y0 = ring[j][1] - first[1];
      const x1 = ring[i][0] - first[0];
      const y1 = ring[i][1] - first[1];
      const f = x0 * y1 - x1 * y0;
      ra += f;
      rx += (x0 + x1) * f;
      ry += (y0 + y1) * f;
    }
    // Outer ring counts positive, holes negative.
    const sign = k === 0 ? (ra < 0 ? -1 : 1) : ra > 0 ? -1 : 1;
    a += sign * ra;
    cx += sign * rx;
    cy += sign * ry;
  });
  if (a === 0) {
    const ring = rings[0];
    return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
  }
  return [first[0] + cx / (3 * a), first[1] + cy / (3 * a)];
}
