import { M_PER_DEG, cosLat } from './geometry';

/** Where a point meets the network. */
export interface EdgeHit {
  edge: number;
  /** Position of the foot point along the edge, 0 at edgeFrom, 1 at edgeTo (share of the edge's length). */
  fraction: number;
  /** Distance from the point to the foot point, metres. */
  distanceM: number;
  lon: number;
  lat: number;
}

interface ShapeSource {
  readonly shapeStart: Uint32Array;
  readonly shapeLonLat: Float32Array;
  readonly edgeCount: number;
}

const TARGET_CELL_M = 500;
const MAX_CELLS = 1 << 22;

/**
 * A uniform grid over the network's shape segments, in CSR form (cell -> edge ids), for snapping. Each segment is
 * listed in every cell its bounding box touches, once per edge, so the grid costs about 4 bytes per segment-cell.
 */
export class EdgeGrid {
  private stamp: Uint32Array;
  private query = 0;

  private constructor(
    readonly minLon: number,
    readonly minLat: number,
    readonly cellLon: number,
    readonly cellLat: number,
    readonly cols: number,
    readonly rows: number,
    readonly cellStart: Uint32Array,
    readonly cellEdges: Uint32Array,
    edgeCount: number,
  ) {
    this.stamp = new Uint32Array(edgeCount);
  }

  /** Builds the grid; cells are about 500 m square (larger when the extent would need over 4 million cells). */
  static build(shapeStart: Uint32Array, shape: Float32Array, edgeCount: number): EdgeGrid {
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (let i = 0; i < shape.length; i += 2) {
      if (shape[i] < minLon) minLon = shape[i];
      if (shape[i] > maxLon) maxLon = shape[i];
      if (shape[i + 1] < minLat) minLat = shape[i + 1];
      if (shape[i + 1] > maxLat) maxLat = shape[i + 1];
    }
    if (edgeCount === 0) return new EdgeGrid(0, 0, 1, 1, 1, 1, new Uint32Array(2), new Uint32Array(0), 0);
    let cellLat = TARGET_CELL_M / M_PER_DEG;
    const k = cosLat((minLat + maxLat) / 2);
    let cellLon = cellLat / k;
    let cols = Math.floor((maxLon - minLon) / cellLon) + 1;
    let rows = Math.floor((maxLat - minLat) / cellLat) + 1;
    while (cols * rows > MAX_CELLS) {
      cellLat *= 2;
      cellLon *= 2;
      cols = Math.floor((maxLon - minLon) / cellLon) + 1;
      rows = Math.floor((maxLat - minLat) / cellLat) + 1;
    }
    const cells = cols * rows;
    const count = new Uint32Array(cells + 1);
    const last = new Int32Array(cells).fill(-1);
    const visit = (fn: (cell: number, e: number) => void) => {
      for (let e = 0; e < edgeCount; e++) {
        for (let v = shapeStart[e]; v + 1 < shapeStart[e + 1]; v++) {
          const x0 = Math.floor((Math.min(shape[2 * v], shape[2 * v + 2]) - minLon) / cellLon);
          const x1 = Math.floor((Math.max(shape[2 * v], shape[2 * v + 2]) - minLon) / cellLon);
          const y0 = Math.floor((Math.min(shape[2 * v + 1], shape[2 * v + 3]) - minLat) / cellLat);
          const y1 = Math.floor((Math.max(shape[2 * v + 1], shape[2 * v + 3]) - minLat) / cellLat);
          for (let y = Math.max(0, y0); y <= Math.min(rows - 1, y1); y++) {
            for (let x = Math.max(0, x0); x <= Math.min(cols - 1, x1); x++) {
              const c = y * cols + x;
              if (last[c] === e) continue;
              last[c] = e;
              fn(c, e);
            }
          }
        }
      }
    };
    visit((c) => count[c + 1]++);
    for (let c = 0; c < cells; c++) count[c + 1] += count[c];
    const edges = new Uint32Array(count[cells]);
    const fill = count.slice(0, cells);
    last.fill(-1);
    visit((c, e) => {
      edges[fill[c]++] = e;
    });
    return new EdgeGrid(minLon, minLat, cellLon, cellLat, cols, rows, count, edges, edgeCount);
  }

  /**
   * The closest point of the network to (lon, lat) within maxM metres, or null. `accept` can rule edges out.
   * Rings of cells are searched outwards until the best hit is closer than the radius already covered.
   */
  nearest(src: ShapeSource, lon: number, lat: number, maxM: number, accept?: (edge: number) => boolean): EdgeHit | null {
    if (src.edgeCount === 0) return null;
    const kx = M_PER_DEG * cosLat(lat);
    const ky = M_PER_DEG;
    const cellM = Math.min(this.cellLon * kx, this.cellLat * ky);
    const cx = Math.floor((lon - this.minLon) / this.cellLon);
    const cy = Math.floor((lat - this.minLat) / this.cellLat);
    // Rings that cannot hold the point's cell neighbourhood are skipped by clamping; the ring count bounds the search.
    const outside = Math.max(0, -cx, cx - (this.cols - 1), -cy, cy - (this.rows - 1));
    const maxRing = Math.ceil(maxM / cellM) + 1 + outside;
    this.query = (this.query + 1) >>> 0;
    if (this.query === 0) {
      this.stamp.fill(0);
      this.query = 1;
    }
    const found: { best: EdgeHit | null } = { best: null };
    const { shapeStart, shapeLonLat: s } = src;
    const tryEdge = (e: number) => {
      if (this.stamp[e] === this.query) return;
      this.stamp[e] = this.query;
      if (accept && !accept(e)) return;
      let total = 0;
      let bestD = Infinity;
      let bestAlong = 0;
      let bx = 0;
      let by = 0;
      for (let v = shapeStart[e]; v + 1 < shapeStart[e + 1]; v++) {
        const ax = (s[2 * v] - lon) * kx;
        const ay = (s[2 * v + 1] - lat) * ky;
        const dx = (s[2 * v + 2] - lon) * kx - ax;
        const dy = (s[2 * v + 3] - lat) * ky - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
        const px = ax + t * dx;
        const py = ay + t * dy;
        const d = Math.hypot(px, py);
        const len = Math.sqrt(len2);
        if (d < bestD) {
          bestD = d;
          bestAlong = total + t * len;
          bx = px;
          by = py;
        }
        total += len;
      }
      if (bestD <= maxM && (!found.best || bestD < found.best.distanceM)) {
        found.best = { edge: e, fraction: total > 0 ? bestAlong / total : 0, distanceM: bestD, lon: lon + bx / kx, lat: lat + by / ky };
      }
    };
    for (let r = 0; r <= maxRing; r++) {
      for (let y = cy - r; y <= cy + r; y++) {
        if (y < 0 || y >= this.rows) continue;
        const edgeRow = y === cy - r || y === cy + r;
        for (let x = cx - r; x <= cx + r; x += edgeRow ? 1 : 2 * r) {
          if (x >= 0 && x < this.cols) {
            const c = y * this.cols + x;
            for (let i = this.cellStart[c]; i < this.cellStart[c + 1]; i++) tryEdge(this.cellEdges[i]);
          }
          if (r === 0) break;
        }
      }
      if (found.best && found.best.distanceM <= (r - outside) * cellM) break;
    }
    return found.best;
  }
}
