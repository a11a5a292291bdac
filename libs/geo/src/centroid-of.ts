import * as turf from '@turf/turf';
import type { GeoJSON, Position } from 'geojson';

interface Moments {
  area: number;
  cx: number;
  cy: number;
}

// Signed shoelace area and first moments of one ring, relative to (ox, oy) to keep precision with lon/lat magnitudes.
function ringMoments(ring: Position[], ox: number, oy: number): Moments {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const x0 = ring[i][0] - ox;
    const y0 = ring[i][1] - oy;
    const x1 = ring[i + 1][0] - ox;
    const y1 = ring[i + 1][1] - oy;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return { area: area / 2, cx: cx / 6, cy: cy / 6 };
}

/**
 * The area-weighted centroid `[lon, lat]` of the polygons in any GeoJSON object (holes subtracted, ring orientation
 * ignored). Computed in the lon/lat plane: the centroid is invariant under the east-west scaling that would make it
 * metric, so at city scale this is the true centroid to well under a metre. Objects without area fall back to the
 * mean of their vertices (turf.centroid).
 *
 * Unlike turf.centerOfMass this does not replace a MultiPolygon by its convex hull. With `inside: true` a centroid
 * that falls outside the shape (a crescent, a U-shaped township) is replaced by turf.pointOnFeature, which suits
 * labels and "representative point" uses.
 *
 * @example
 * centroidOf({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] }); // [1, 1]
 */
export function centroidOf(geojson: GeoJSON, options: { inside?: boolean } = {}): Position {
  const polygons: Position[][][] = [];
  turf.geomEach(geojson as turf.AllGeoJSON, (g) => {
    if (g?.type === 'Polygon') polygons.push(g.coordinates);
    else if (g?.type === 'MultiPolygon') polygons.push(...g.coordinates);
  });
  const first = polygons.find((p) => p[0]?.length)?.[0][0];
  let total = 0;
  let sx = 0;
  let sy = 0;
  if (first) {
    const [ox, oy] = first;
    for (const rings of polygons) {
      rings.forEach((ring, r) => {
        const m = ringMoments(ring, ox, oy);
        // The shell adds and holes subtract whatever way each ring happens to be wound.
        const sign = (r === 0 ? 1 : -1) * Math.sign(m.area);
        total += sign * m.area;
        sx += sign * m.cx;
        sy += sign * m.cy;
      });
    }
    if (total > 0) {
      const c = [ox + sx / total, oy + sy / total];
      if (!options.inside || polygons.some((p) => turf.booleanPointInPolygon(c, turf.polygon(p)))) return c;
      return turf.pointOnFeature(geojson as turf.AllGeoJSON).geometry.coordinates;
    }
  }
  return turf.centroid(geojson as turf.AllGeoJSON).geometry.coordinates;
}
