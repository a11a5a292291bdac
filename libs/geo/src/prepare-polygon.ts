import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { PlanarProjection } from './projection-for';

/** A polygon or multipolygon in the plane, rings oriented (outer counter-clockwise, holes clockwise). */
export interface PreparedPolygon {
  /** Each ring as x0,y0,x1,y1,... without the closing point. */
  rings: Float64Array[];
  /** minX, minY, maxX, maxY in the plane. */
  bbox: [number, number, number, number];
  /** Area in plane units (degrees² of latitude); > 0 for a valid polygon. */
  area: number;
  /** Every edge as ax,ay,bx,by, for the edge index that {@link intersectionArea} builds over big polygons. */
  edges: Float64Array;
}

function ringSignedArea(r: Float64Array): number {
  let s = 0;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) s += r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
  return s / 2;
}

function prepareRing(p: PlanarProjection, ring: Position[], outer: boolean): Float64Array | null {
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n -= 1;
  if (n < 3) return null;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = (ring[i][0] - p.lon0) * p.kx;
    out[2 * i + 1] = ring[i][1] - p.lat0;
  }
  const a = ringSignedArea(out);
  // Green's theorem below needs the interior on the left of every edge: outer rings CCW, holes CW.
  if ((outer && a < 0) || (!outer && a > 0)) {
    const rev = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      rev[2 * i] = out[2 * (n - 1 - i)];
      rev[2 * i + 1] = out[2 * (n - 1 - i) + 1];
    }
    return rev;
  }
  return out;
}

/**
 * Projects and orients a Polygon/MultiPolygon for fast point tests and intersection areas.
 *
 * @example
 * const proj = projectionFor([0, 0, 1, 1]);
 * const sq = preparePolygon(proj, { type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,1],[0,0]]] });
 * sq.area > 0; // true
 */
export function preparePolygon(p: PlanarProjection, geometry: Polygon | MultiPolygon): PreparedPolygon {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings: Float64Array[] = [];
  for (const poly of polys) {
    poly.forEach((ring, k) => {
      const r = prepareRing(p, ring, k === 0);
      if (r) rings.push(r);
    });
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let area = 0;
  let edgeCount = 0;
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      if (r[i] < minX) minX = r[i];
      if (r[i] > maxX) maxX = r[i];
      if (r[i + 1] < minY) minY = r[i + 1];
      if (r[i + 1] > maxY) maxY = r[i + 1];
    }
    area += ringSignedArea(r);
    edgeCount += r.length / 2;
  }
  const edges = new Float64Array(4 * edgeCount);
  let e = 0;
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      edges[e++] = r[2 * i];
      edges[e++] = r[2 * i + 1];
      edges[e++] = r[2 * j];
      edges[e++] = r[2 * j + 1];
    }
  }
  return { rings, bbox: [minX, minY, maxX, maxY], area, edges };
}
