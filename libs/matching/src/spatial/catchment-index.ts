import { booleanPointInPolygon } from '@turf/turf';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { loadFlatbush, type FlatbushIndex } from './flatbush';
import { intersectionArea, preparePolygon, projectPoint, type PlanarProjection, type PreparedPolygon } from './planar';

/** A polygon layer (catchments of one stage, districts, ...) with a Flatbush index over planar bounding boxes. */
export interface PolygonIndex {
  codes: string[];
  geometries: (Polygon | MultiPolygon)[];
  prepared: PreparedPolygon[];
  index: FlatbushIndex | null;
  projection: PlanarProjection;
}

/** How much of a unit lies in one polygon of the layer. */
export interface OverlayShare {
  code: string;
  share: number;
}

/**
 * Builds the index for a layer. Entries without geometry are skipped by the caller.
 *
 * @example
 * const idx = buildPolygonIndex(proj, catchments.map((c) => ({ code: c.code, geometry: c.geometry! })));
 */
export function buildPolygonIndex(
  projection: PlanarProjection,
  entries: readonly { code: string; geometry: Polygon | MultiPolygon }[],
): PolygonIndex {
  const prepared = entries.map((e) => preparePolygon(projection, e.geometry));
  let index: FlatbushIndex | null = null;
  if (entries.length > 0) {
    const Flatbush = loadFlatbush();
    index = new Flatbush(entries.length);
    for (const p of prepared) index.add(p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]);
    index.finish();
  }
  return { codes: entries.map((e) => e.code), geometries: entries.map((e) => e.geometry), prepared, index, projection };
}

/**
 * Codes of the polygons containing a lon/lat point (boundary included, so a point on a shared border is in both).
 *
 * @example
 * pointLookup(idx, [118.87, 28.94]); // ['C-101']
 */
export function pointLookup(layer: PolygonIndex, point: Position): string[] {
  if (!layer.index) return [];
  const [x, y] = projectPoint(layer.projection, point);
  const out: string[] = [];
  for (const k of layer.index.search(x, y, x, y)) {
    if (booleanPointInPolygon(point, layer.geometries[k])) out.push(layer.codes[k]);
  }
  return out;
}

/**
 * Area shares of a polygon unit in each polygon of the layer it overlaps (share = intersection area / unit area).
 * Shares may sum to less than 1 (part of the unit outside the layer) or more (overlapping polygons); the caller
 * decides what to do with either. Null when the unit has no area (a degenerate polygon).
 *
 * @example
 * overlayShares(idx, villagePolygon); // [{ code: 'C-101', share: 0.7 }, { code: 'C-102', share: 0.3 }]
 */
export function overlayShares(layer: PolygonIndex, geometry: Polygon | MultiPolygon): OverlayShare[] | null {
  const unit = preparePolygon(layer.projection, geometry);
  if (!(unit.area > 0)) return null;
  if (!layer.index) return [];
  const out: OverlayShare[] = [];
  for (const k of layer.index.search(unit.bbox[0], unit.bbox[1], unit.bbox[2], unit.bbox[3])) {
    const a = intersectionArea(unit, layer.prepared[k]);
    if (a > 0) out.push({ code: layer.codes[k], share: a / unit.area });
  }
  return out;
}

/**
 * A representative point of a geometry: the point itself, the area-weighted centroid of the largest polygon for
 * (multi)polygons, else the mean of all positions. Used for district membership ("point/centroid in district").
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

function allPositions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(allPositions);
  }
}

/**
 * Bounding box (lon/lat) of many geometries, or null when there are no positions.
 * @example
 * boundsOf(catchments.map((c) => c.geometry)); // [118.0, 28.2, 119.2, 29.5]
 */
export function boundsOf(geometries: Iterable<Geometry | null>): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const g of geometries) {
    if (!g) continue;
    for (const p of allPositions(g)) {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}
