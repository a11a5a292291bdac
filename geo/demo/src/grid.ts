/**
 * A raster of small cells over the city. Every area below the county level (and the counties themselves) is a
 * set of cells, so partitions are exact by construction; polygons are traced from the cell sets on a shared,
 * slightly jittered vertex lattice (see trace.ts), so neighbouring polygons share their boundaries exactly.
 */
import { MinHeap } from './heap';
import { hash01 } from './rng';

const EARTH_RADIUS_KM = 6371.0088;

export class Grid {
  readonly size: number;
  /** Local planar coordinates of cell centres in km (equirectangular about refLat). */
  readonly kmX: Float64Array;
  readonly kmY: Float64Array;
  /** Cell area in km² by row (spherical). */
  readonly rowAreaKm2: Float64Array;

  constructor(
    readonly lon0: number,
    readonly lat0: number,
    readonly dlon: number,
    readonly dlat: number,
    readonly width: number,
    readonly height: number,
    /** Lattice vertex jitter as a fraction of a cell (at most 0.1: corner rounding adds 0.25). */
    readonly jitter: number,
    readonly jitterSeed: number,
  ) {
    this.size = width * height;
    this.kmX = new Float64Array(this.size);
    this.kmY = new Float64Array(this.size);
    this.rowAreaKm2 = new Float64Array(height);
    const refLat = lat0 + (dlat * height) / 2;
    const kx = 111.32 * Math.cos((refLat * Math.PI) / 180);
    const ky = 110.95;
    for (let j = 0; j < height; j++) {
      const la1 = ((lat0 + j * dlat) * Math.PI) / 180;
      const la2 = ((lat0 + (j + 1) * dlat) * Math.PI) / 180;
      this.rowAreaKm2[j] = EARTH_RADIUS_KM * EARTH_RADIUS_KM * ((dlon * Math.PI) / 180) * (Math.sin(la2) - Math.sin(la1));
      for (let i = 0; i < width; i++) {
        const c = j * width + i;
        this.kmX[c] = (i + 0.5) * dlon * kx;
        this.kmY[c] = (j + 0.5) * dlat * ky;
      }
    }
  }

  col(cell: number): number {
    return cell % this.width;
  }

  row(cell: number): number {
    return Math.floor(cell / this.width);
  }

  cellArea(cell: number): number {
    return this.rowAreaKm2[this.row(cell)];
  }

  /** Cell containing a lon/lat, or -1 outside the grid. */
  cellAt(lon: number, lat: number): number {
    const i = Math.floor((lon - this.lon0) / this.dlon);
    const j = Math.floor((lat - this.lat0) / this.dlat);
    if (i < 0 || j < 0 || i >= this.width || j >= this.height) return -1;
    return j * this.width + i;
  }

  /** Centre of a cell, optionally offset by (fx, fy) cell fractions (|f| <= 0.1 keeps the point inside the cell). */
  center(cell: number, fx = 0, fy = 0): [number, number] {
    return [this.lon0 + (this.col(cell) + 0.5 + fx) * this.dlon, this.lat0 + (this.row(cell) + 0.5 + fy) * this.dlat];
  }

  /**
   * Finest labels (villages) used to round off staircase corners: set once the finest partition exists.
   * Every level is traced through vertex(), so all levels share the same moved vertices.
   */
  shapeLabels: Int32Array | null = null;

  /**
   * Lattice vertex (i, j) as lon/lat. Where exactly one of the four cells around the vertex differs from the
   * other three (a staircase corner), the vertex moves a quarter cell towards that cell, which turns 45-degree
   * staircases into straight lines; every vertex also gets a small deterministic jitter. The moves depend on
   * the vertex alone, so neighbouring polygons keep sharing their boundaries exactly, and cell centres stay
   * well inside their cells (displacement below 0.35 cell per axis).
   */
  vertex(i: number, j: number, labels: Int32Array | null = this.shapeLabels): [number, number] {
    let jx = (hash01(i, j, this.jitterSeed) - 0.5) * 2 * this.jitter;
    let jy = (hash01(i, j, this.jitterSeed + 7) - 0.5) * 2 * this.jitter;
    const L = labels;
    if (L) {
      const at = (ci: number, cj: number) => (ci < 0 || cj < 0 || ci >= this.width || cj >= this.height ? -1 : L[cj * this.width + ci]);
      // cells: SW (i-1, j-1), SE (i, j-1), NW (i-1, j), NE (i, j)
      const q = [at(i - 1, j - 1), at(i, j - 1), at(i - 1, j), at(i, j)];
      const dirs: [number, number][] = [
        [-1, -1],
        [1, -1],
        [-1, 1],
        [1, 1],
      ];
      for (let k = 0; k < 4; k++) {
        const others = q.filter((_, m) => m !== k);
        if (others[0] !== q[k] && others.every((o) => o === others[0])) {
          jx += 0.25 * dirs[k][0];
          jy += 0.25 * dirs[k][1];
          break;
        }
      }
    }
    return [this.lon0 + (i + jx) * this.dlon, this.lat0 + (j + jy) * this.dlat];
  }

  /** 4-neighbours inside the grid. */
  neighbours(cell: number): number[] {
    const i = this.col(cell);
    const j = this.row(cell);
    const out: number[] = [];
    if (j > 0) out.push(cell - this.width);
    if (i < this.width - 1) out.push(cell + 1);
    if (j < this.height - 1) out.push(cell + this.width);
    if (i > 0) out.push(cell - 1);
    return out;
  }

  distKm(a: number, b: number): number {
    return Math.hypot(this.kmX[a] - this.kmX[b], this.kmY[a] - this.kmY[b]);
  }

  /** Distance in km from a cell centre to a planar point (km coordinates). */
  distToPoint(cell: number, x: number, y: number): number {
    return Math.hypot(this.kmX[cell] - x, this.kmY[cell] - y);
  }

  /** Planar km coordinates of a lon/lat. */
  toKm(lon: number, lat: number): [number, number] {
    const refLat = this.lat0 + (this.dlat * this.height) / 2;
    const kx = 111.32 * Math.cos((refLat * Math.PI) / 180);
    return [(lon - this.lon0) * kx, (lat - this.lat0) * 110.95];
  }
}

export interface GrowSeed {
  label: number;
  cell: number;
  /** Stop growing once this area (km²) is reached. */
  capKm2: number;
  /** Priority of claiming a cell (lower first). */
  cost: (cell: number) => number;
}

/**
 * Competitive region growing: each seed claims 4-adjacent eligible cells in order of its cost until its cap.
 * Regions are 4-connected by construction. Returns the area reached per seed.
 */
export function grow(grid: Grid, labels: Int32Array, eligible: (cell: number) => boolean, seeds: GrowSeed[]): number[] {
  const areas = seeds.map(() => 0);
  const heap = new MinHeap();
  const n = grid.size;
  seeds.forEach((s, k) => heap.push(-1, k * n + s.cell));
  for (;;) {
    const top = heap.pop();
    if (!top) break;
    const k = Math.floor(top[1] / n);
    const cell = top[1] - k * n;
    const s = seeds[k];
    if (labels[cell] !== -1 || areas[k] >= s.capKm2 || !eligible(cell)) continue;
    labels[cell] = s.label;
    areas[k] += grid.cellArea(cell);
    if (areas[k] >= s.capKm2) continue;
    for (const nb of grid.neighbours(cell)) {
      if (labels[nb] === -1 && eligible(nb)) heap.push(s.cost(nb), k * n + nb);
    }
  }
  return areas;
}

/**
 * Gives every unlabelled cell of `cells` the label of a labelled neighbour (breadth first from the labelled
 * ones), so the partition of `cells` is complete and every region stays 4-connected.
 */
export function fillLeftover(grid: Grid, labels: Int32Array, cells: number[], inSet: (cell: number) => boolean): void {
  const queue: number[] = [];
  for (const c of cells) if (labels[c] !== -1) queue.push(c);
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q];
    for (const nb of grid.neighbours(c)) {
      if (labels[nb] === -1 && inSet(nb)) {
        labels[nb] = labels[c];
        queue.push(nb);
      }
    }
  }
}

/** 4-connected components of a cell set (each component's cells ascending). */
export function components(grid: Grid, cells: number[], inSet: (cell: number) => boolean): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const start of cells) {
    if (seen.has(start)) continue;
    const comp = [start];
    seen.add(start);
    for (let q = 0; q < comp.length; q++) {
      for (const nb of grid.neighbours(comp[q])) {
        if (!seen.has(nb) && inSet(nb)) {
          seen.add(nb);
          comp.push(nb);
        }
      }
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out;
}

/**
 * Picks n cells spread over `cells`: each pick maximises score(cell, minimum distance to the picks so far).
 */
export function spreadPicks(
  grid: Grid,
  cells: number[],
  existing: number[],
  n: number,
  score: (cell: number, minDist: number) => number,
): number[] {
  const minD = new Float64Array(cells.length).fill(1e9);
  const update = (p: number) => {
    for (let k = 0; k < cells.length; k++) {
      const d = grid.distKm(cells[k], p);
      if (d < minD[k]) minD[k] = d;
    }
  };
  existing.forEach(update);
  const picks: number[] = [];
  const taken = new Set(existing);
  for (let t = 0; t < n; t++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let k = 0; k < cells.length; k++) {
      if (taken.has(cells[k])) continue;
      const s = score(cells[k], minD[k]);
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    if (best < 0) break;
    picks.push(cells[best]);
    taken.add(cells[best]);
    update(cells[best]);
  }
  return picks;
}

/**
 * The cell of a set farthest (in 4-steps) from the set's boundary, ties towards the set's centroid.
 * Used to place interior points away from boundaries.
 */
export function deepestCell(grid: Grid, cells: number[], inSet: (cell: number) => boolean): number {
  const depth = new Map<number, number>();
  const queue: number[] = [];
  for (const c of cells) {
    const nbs = grid.neighbours(c);
    if (nbs.length < 4 || nbs.some((nb) => !inSet(nb))) {
      depth.set(c, 1);
      queue.push(c);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q];
    for (const nb of grid.neighbours(c)) {
      if (inSet(nb) && !depth.has(nb)) {
        depth.set(nb, (depth.get(c) as number) + 1);
        queue.push(nb);
      }
    }
  }
  // deepest; ties broken towards the centroid of the set, then by index
  let cx = 0;
  let cy = 0;
  for (const c of cells) {
    cx += grid.kmX[c];
    cy += grid.kmY[c];
  }
  cx /= cells.length;
  cy /= cells.length;
  let best = cells[0];
  let bestKey = -Infinity;
  for (const c of cells) {
    const key = (depth.get(c) ?? 1) * 1000 - grid.distToPoint(c, cx, cy);
    if (key > bestKey) {
      bestKey = key;
      best = c;
    }
  }
  return best;
}
