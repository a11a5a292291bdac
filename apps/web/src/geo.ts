import type { Geometry, Position } from 'geojson';

const R = 6378137;
const rad = (d: number) => (d * Math.PI) / 180;

/** Signed spherical area of a ring in m² (the formula turf uses; accurate to well under 1% at county scale). */
function ringArea(ring: Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p1 = ring[i];
    const p2 = ring[(i + 1) % n];
    const p3 = ring[(i + 2) % n];
    total += (rad(p3[0]) - rad(p1[0])) * Math.sin(rad(p2[1]));
  }
  return (total * R * R) / 2;
}

function polygonArea(rings: Position[][]): number {
  if (!rings.length) return 0;
  return Math.max(0, Math.abs(ringArea(rings[0])) - rings.slice(1).reduce((s, r) => s + Math.abs(ringArea(r)), 0));
}

/** Area of a (multi)polygon in km². */
export function areaKm2(g: Geometry | null): number {
  if (!g) return 0;
  if (g.type === 'Polygon') return polygonArea(g.coordinates) / 1e6;
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((s, p) => s + polygonArea(p), 0) / 1e6;
  return 0;
}

/** [minLon, minLat, maxLon, maxLat] of any geometry; null when it has no coordinates. */
export function bboxOf(g: Geometry | null): [number, number, number, number] | null {
  if (!g) return null;
  let b: [number, number, number, number] | null = null;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (!b) b = [x, y, x, y];
      else b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if (g.type === 'GeometryCollection') {
    for (const part of g.geometries) {
      const pb = bboxOf(part);
      if (pb)
        visit([
          [pb[0], pb[1]],
          [pb[2], pb[3]],
        ]);
    }
  } else visit(g.coordinates);
  return b;
}
