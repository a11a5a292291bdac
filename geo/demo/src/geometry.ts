/**
 * The synthetic geography of the Quzhou demo: counties grown from the real seats to the real areas, the real
 * townships inside them, synthetic villages and communities inside the townships. Everything is a set of cells
 * of one Grid, so every level partitions the one above it exactly.
 */
import type { CountyFact, Facts, TownshipFact } from './facts';
import { components, deepestCell, fillLeftover, Grid, grow, spreadPicks } from './grid';
import { communityRoot, villageRoot } from './names';
import { roundToTotal, stream, valueNoise } from './rng';

export type TownshipKind = 'jd' | 'zhen' | 'xiang';

/** Counties whose villages are sparse and large (mountain counties). */
export const MOUNTAIN_COUNTIES = new Set(['330822', '330824', '330881']);
/** Kaihua has no 街道 in the source list: its seat township is 华埠镇 (an assumption of the demo). */
const SEAT_TOWNSHIP_FALLBACK: Record<string, string> = { '330824': '330824115' };
/**
 * Rough shape axes (WGS-84 points the county stretches towards from its seat), loosely after the real map, so
 * the invented counties sit roughly where the real ones do. Only the seats and the areas are real.
 */
const SHAPE_AXES: Record<string, [number, number][]> = {
  '330802': [[118.76, 29.12]],
  '330803': [
    [118.99, 29.2],
    [118.92, 28.74],
  ],
  '330822': [
    [118.55, 29.08],
    [118.47, 28.8],
  ],
  '330824': [
    [118.22, 29.34],
    [118.45, 28.98],
  ],
  '330825': [
    [119.2, 29.22],
    [119.12, 28.84],
  ],
  '330881': [[118.6, 28.38]],
};
/** 2024 residents relative to the 2020 census (all within 2%). */
const POPULATION_CHANGE: Record<string, number> = {
  '330802': 1.012,
  '330803': 0.992,
  '330822': 0.988,
  '330824': 0.986,
  '330825': 0.991,
  '330881': 0.995,
};

export interface County {
  fact: CountyFact;
  idx: number;
  mountain: boolean;
  /** Residents of all ages in the base year 2024. */
  residents2024: number;
  seatCell: number;
  cells: number[];
  areaKm2: number;
  townships: Township[];
}

export interface Township {
  fact: TownshipFact;
  code: string;
  name: string;
  idx: number;
  kind: TownshipKind;
  county: County;
  /** A 街道 of the county seat (or Kaihua's seat town). */
  isSeat: boolean;
  seed: number;
  cells: number[];
  areaKm2: number;
  urbanPop: number;
  ruralPop: number;
  /** Cell the urban communities cluster around. */
  coreCell: number;
  villages: Village[];
}

export interface Village {
  code: string;
  name: string;
  idx: number;
  township: Township;
  county: County;
  urban: boolean;
  cells: number[];
  /** Interior cell (the unit point and school sites use it). */
  center: number;
  areaKm2: number;
  /** Residents of all ages, 2024. */
  residents: number;
  /** Registered (户籍) residents of all ages, 2024. */
  registered: number;
  /** Neighbouring villages (sharing a cell edge), ascending idx. */
  neighbours: number[];
}

export interface World {
  grid: Grid;
  counties: County[];
  townships: Township[];
  villages: Village[];
  countyOf: Int32Array;
  townshipOf: Int32Array;
  villageOf: Int32Array;
}

export function townshipKind(name: string): TownshipKind {
  if (name.endsWith('街道')) return 'jd';
  if (name.endsWith('镇')) return 'zhen';
  return 'xiang';
}

function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / len2));
  return Math.hypot(px - ax - t * vx, py - ay - t * vy);
}

/** Moves seeds to their cluster centres a few times (Lloyd), staying on cells of the set. */
function relax(grid: Grid, cells: number[], seeds: number[], iters: number): number[] {
  let cur = [...seeds];
  for (let it = 0; it < iters; it++) {
    const sx = cur.map(() => 0);
    const sy = cur.map(() => 0);
    const n = cur.map(() => 0);
    const members: number[][] = cur.map(() => []);
    for (const c of cells) {
      let best = 0;
      let bd = Infinity;
      for (let k = 0; k < cur.length; k++) {
        const d = grid.distKm(c, cur[k]);
        if (d < bd) {
          bd = d;
          best = k;
        }
      }
      sx[best] += grid.kmX[c];
      sy[best] += grid.kmY[c];
      n[best]++;
      members[best].push(c);
    }
    const taken = new Set<number>();
    cur = cur.map((s, k) => {
      if (n[k] === 0) return s;
      const cx = sx[k] / n[k];
      const cy = sy[k] / n[k];
      let best = s;
      let bd = Infinity;
      for (const c of members[k]) {
        const d = grid.distToPoint(c, cx, cy);
        if (d < bd && !taken.has(c)) {
          bd = d;
          best = c;
        }
      }
      taken.add(best);
      return best;
    });
  }
  return cur;
}

export function buildWorld(facts: Facts): World {
  const grid = new Grid(117.75, 27.95, 0.0051, 0.0045, 392, 422, 0.08, 4242);
  const countyOf = new Int32Array(grid.size).fill(-1);
  const townshipOf = new Int32Array(grid.size).fill(-1);
  const villageOf = new Int32Array(grid.size).fill(-1);

  // ---- counties: competitive growth from the real seats along rough shape axes ----
  const counties: County[] = facts.counties.map((f, idx) => ({
    fact: f,
    idx,
    mountain: MOUNTAIN_COUNTIES.has(f.code),
    residents2024: Math.round(f.population2020 * (POPULATION_CHANGE[f.code] ?? 1)),
    seatCell: grid.cellAt(f.seat[0], f.seat[1]),
    cells: [],
    areaKm2: 0,
    townships: [],
  }));
  const speeds = counties.map((c) => Math.sqrt(c.fact.areaKm2));
  for (let attempt = 0; attempt < 60; attempt++) {
    countyOf.fill(-1);
    const areas = grow(
      grid,
      countyOf,
      (cell) => {
        const i = grid.col(cell);
        const j = grid.row(cell);
        return i > 1 && j > 1 && i < grid.width - 2 && j < grid.height - 2;
      },
      counties.map((c, k) => {
        const [ax, ay] = grid.toKm(c.fact.seat[0], c.fact.seat[1]);
        const axes = (SHAPE_AXES[c.fact.code] ?? [c.fact.centroid]).map(([lon, lat]) => grid.toKm(lon, lat));
        return {
          label: k,
          cell: c.seatCell,
          capKm2: c.fact.areaKm2,
          cost: (cell: number) => {
            const x = grid.kmX[cell];
            const y = grid.kmY[cell];
            const d = 0.5 * Math.hypot(x - ax, y - ay) + 0.5 * Math.min(...axes.map(([bx, by]) => segDist(x, y, ax, ay, bx, by)));
            const nz =
              0.55 * valueNoise(grid.kmX[cell], grid.kmY[cell], 22, 11) + 0.3 * valueNoise(grid.kmX[cell], grid.kmY[cell], 9, 100 + k);
            return (d / speeds[k]) * (1 + nz);
          },
        };
      }),
    );
    let ok = true;
    areas.forEach((a, k) => {
      if (a < counties[k].fact.areaKm2 * 0.99) {
        speeds[k] *= 1.06;
        ok = false;
      }
    });
    if (ok) break;
  }
  // enclosed holes of unclaimed cells join the county they touch most
  const empty: number[] = [];
  for (let c = 0; c < grid.size; c++) if (countyOf[c] === -1) empty.push(c);
  for (const comp of components(grid, empty, (c) => countyOf[c] === -1)) {
    const touchesBorder = comp.some((c) => {
      const i = grid.col(c);
      const j = grid.row(c);
      return i === 0 || j === 0 || i === grid.width - 1 || j === grid.height - 1;
    });
    if (touchesBorder || comp.length > 400) continue;
    const votes = new Map<number, number>();
    for (const c of comp)
      for (const nb of grid.neighbours(c)) if (countyOf[nb] >= 0) votes.set(countyOf[nb], (votes.get(countyOf[nb]) ?? 0) + 1);
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) for (const c of comp) countyOf[c] = best[0];
  }
  for (let c = 0; c < grid.size; c++) if (countyOf[c] >= 0) counties[countyOf[c]].cells.push(c);
  for (const county of counties) county.areaKm2 = county.cells.reduce((s, c) => s + grid.cellArea(c), 0);

  // ---- townships ----
  const townships: Township[] = [];
  for (const county of counties) {
    const rng = stream(`townships/${county.fact.code}`);
    const facts_ = facts.townships.filter((t) => t.countyCode === county.fact.code);
    const list: Township[] = facts_.map((f) => ({
      fact: f,
      code: f.code,
      name: f.name,
      idx: -1,
      kind: townshipKind(f.name),
      county,
      isSeat: false,
      seed: -1,
      cells: [],
      areaKm2: 0,
      urbanPop: 0,
      ruralPop: 0,
      coreCell: -1,
      villages: [],
    }));
    let seats = list.filter((t) => t.kind === 'jd');
    if (seats.length === 0) {
      const code = SEAT_TOWNSHIP_FALLBACK[county.fact.code];
      seats = list.filter((t) => t.code === code);
      if (seats.length === 0) seats = list.filter((t) => t.kind === 'zhen').slice(0, 1);
    }
    seats.forEach((t) => (t.isSeat = true));
    const inCounty = (c: number) => countyOf[c] === county.idx;
    const used = new Set<number>();
    const nearestCell = (x: number, y: number) => {
      let best = -1;
      let bd = Infinity;
      for (const c of county.cells) {
        if (used.has(c)) continue;
        const d = grid.distToPoint(c, x, y);
        if (d < bd) {
          bd = d;
          best = c;
        }
      }
      return best;
    };
    const sx = grid.kmX[county.seatCell];
    const sy = grid.kmY[county.seatCell];
    seats[0].seed = county.seatCell;
    used.add(county.seatCell);
    const ring = seats.slice(1);
    const a0 = rng.range(0, Math.PI * 2);
    ring.forEach((t, k) => {
      const inner = Math.min(ring.length, 6);
      const r = k < 6 ? 3.6 : 7.2;
      const n = k < 6 ? inner : ring.length - 6;
      const a = a0 + ((k < 6 ? k : k - 6) * 2 * Math.PI) / n + (k < 6 ? 0 : Math.PI / n);
      t.seed = nearestCell(sx + r * Math.cos(a), sy + r * Math.sin(a));
      used.add(t.seed);
    });
    const others = list.filter((t) => !t.isSeat);
    const zhen = others.filter((t) => t.kind === 'zhen');
    const xiang = others.filter((t) => t.kind === 'xiang');
    const seatR = ring.length > 6 ? 9 : ring.length > 0 ? 6 : 3;
    const candidates = county.cells.filter((c) => grid.distKm(c, county.seatCell) > seatR && !used.has(c));
    const seatSeeds = seats.map((t) => t.seed);
    const zSeeds = spreadPicks(
      grid,
      candidates,
      seatSeeds,
      zhen.length,
      (c, d) => d - 0.18 * grid.distKm(c, county.seatCell) + rng.next() * 0.01,
    );
    const xSeeds = spreadPicks(
      grid,
      candidates,
      [...seatSeeds, ...zSeeds],
      xiang.length,
      (c, d) => d + 0.08 * grid.distKm(c, county.seatCell) + rng.next() * 0.01,
    );
    const relaxed = relax(grid, candidates, [...zSeeds, ...xSeeds], 3);
    zhen.forEach((t, k) => (t.seed = relaxed[k]));
    xiang.forEach((t, k) => (t.seed = relaxed[zhen.length + k]));
    // target areas
    const seatTargets = seats.map((t, k) => (t.kind === 'jd' ? (k === 0 ? rng.range(13, 18) : rng.range(14, 28)) : rng.range(70, 90)));
    const rest = county.areaKm2 - seatTargets.reduce((a, b) => a + b, 0);
    const w = others.map((t) => (t.kind === 'zhen' ? rng.range(1.0, 1.5) : rng.range(0.8, 1.3)));
    const wsum = w.reduce((a, b) => a + b, 0);
    const targets = new Map<Township, number>();
    seats.forEach((t, k) => targets.set(t, seatTargets[k]));
    others.forEach((t, k) => targets.set(t, (rest * w[k]) / wsum));
    const ordered = [...list].sort((a, b) => a.code.localeCompare(b.code));
    ordered.forEach((t) => {
      t.idx = townships.length;
      townships.push(t);
    });
    const nseed = 300 + county.idx * 17;
    grow(
      grid,
      townshipOf,
      inCounty,
      ordered.map((t) => {
        const tx = grid.kmX[t.seed];
        const ty = grid.kmY[t.seed];
        const sp = Math.sqrt(targets.get(t) as number);
        const ns = nseed + t.idx;
        return {
          label: t.idx,
          cell: t.seed,
          capKm2: targets.get(t) as number,
          cost: (cell: number) =>
            (Math.hypot(grid.kmX[cell] - tx, grid.kmY[cell] - ty) / sp) * (1 + 0.35 * valueNoise(grid.kmX[cell], grid.kmY[cell], 6, ns, 2)),
        };
      }),
    );
    fillLeftover(grid, townshipOf, county.cells, inCounty);
    for (const c of county.cells) townships[townshipOf[c]].cells.push(c);
    for (const t of ordered) t.areaKm2 = t.cells.reduce((s, c) => s + grid.cellArea(c), 0);
    county.townships = ordered;
  }

  // ---- population plan per township, then villages and communities ----
  const villages: Village[] = [];
  for (const county of counties) {
    const rng = stream(`plan/${county.fact.code}`);
    const P = county.residents2024;
    const U = P * county.fact.urbanShare;
    const R = P - U;
    const seats = county.townships.filter((t) => t.isSeat);
    const zhen = county.townships.filter((t) => !t.isSeat && t.kind === 'zhen');
    const sigma = seats.length >= 6 ? 0.86 : seats.length > 1 ? 0.72 : 0.62;
    const sw = seats.map((_, k) => (k === 0 ? 1.3 : rng.range(0.7, 1.2)));
    const swSum = sw.reduce((a, b) => a + b, 0);
    seats.forEach((t, k) => (t.urbanPop = (U * sigma * sw[k]) / swSum));
    const zw = zhen.map(() => rng.range(0.5, 1.5));
    const zwSum = zw.reduce((a, b) => a + b, 0);
    zhen.forEach((t, k) => (t.urbanPop = (U * (1 - sigma) * zw[k]) / zwSum));
    const rw = county.townships.map(
      (t) => t.areaKm2 * (t.isSeat ? 0.35 : t.kind === 'zhen' ? 1.15 : county.mountain ? 0.75 : 0.85) * rng.range(0.8, 1.2),
    );
    const rwSum = rw.reduce((a, b) => a + b, 0);
    county.townships.forEach((t, k) => (t.ruralPop = (R * rw[k]) / rwSum));
  }

  const cellArea = (c: number) => grid.cellArea(c);
  for (const t of townships) {
    const county = t.county;
    const rng = stream(`villages/${t.code}`);
    const inT = (c: number) => townshipOf[c] === t.idx;
    const commSize = t.isSeat ? 4800 : 3600;
    const villSize = county.mountain ? 600 : 640;
    let nComm = t.urbanPop > 0 ? Math.max(1, Math.round(t.urbanPop / commSize)) : 0;
    let nVill = Math.max(t.kind === 'jd' ? 2 : 1, Math.round(t.ruralPop / villSize));
    // core: the cells nearest the seat (seat townships) or the township seed, grown as one connected patch
    const corePoint = t.isSeat ? county.seatCell : t.seed;
    let core = t.cells[0];
    let bd = Infinity;
    for (const c of t.cells) {
      const d = grid.distKm(c, corePoint);
      if (d < bd) {
        bd = d;
        core = c;
      }
    }
    t.coreCell = core;
    const commCells = Array.from({ length: nComm }, () => (t.isSeat ? rng.int(1, 3) : rng.int(2, 4)));
    let coreN = commCells.reduce((a, b) => a + b, 0);
    coreN = Math.min(coreN, Math.floor(t.cells.length * 0.7));
    nComm = Math.min(nComm, coreN);
    const coreSet = new Set<number>();
    if (nComm > 0) {
      const seen = new Set<number>([core]);
      const frontier: number[] = [core];
      while (coreSet.size < coreN && frontier.length > 0) {
        // take the frontier cell nearest the core point
        let bi = 0;
        for (let k = 1; k < frontier.length; k++) {
          const dk = grid.distKm(frontier[k], corePoint);
          const db = grid.distKm(frontier[bi], corePoint);
          if (dk < db || (dk === db && frontier[k] < frontier[bi])) bi = k;
        }
        const c = frontier.splice(bi, 1)[0];
        coreSet.add(c);
        for (const nb of grid.neighbours(c)) {
          if (!seen.has(nb) && inT(nb)) {
            seen.add(nb);
            frontier.push(nb);
          }
        }
      }
    }
    const coreCells = t.cells.filter((c) => coreSet.has(c));
    const restCells = t.cells.filter((c) => !coreSet.has(c));
    nVill = Math.min(nVill, restCells.length);
    const labelBase = villages.length;
    const made: { urban: boolean; seed: number; cap: number }[] = [];
    if (nComm > 0) {
      const seeds = relax(
        grid,
        coreCells,
        spreadPicks(grid, coreCells, [], nComm, (_c, d) => d + rng.next() * 0.01),
        2,
      );
      const caps = roundToTotal(
        commCells.slice(0, nComm).map((x) => (x * coreCells.length) / coreN),
        coreCells.length,
      );
      seeds.forEach((s, k) => made.push({ urban: true, seed: s, cap: Math.max(1, caps[k]) }));
    }
    if (nVill > 0) {
      const seeds = relax(
        grid,
        restCells,
        spreadPicks(grid, restCells, [], nVill, (_c, d) => d + rng.next() * 0.01),
        3,
      );
      const ws = seeds.map(() => rng.range(0.7, 1.3));
      const wsSum = ws.reduce((a, b) => a + b, 0);
      seeds.forEach((s, k) => made.push({ urban: false, seed: s, cap: Math.max(1, (restCells.length * ws[k]) / wsSum) }));
    }
    const avgCell = t.areaKm2 / t.cells.length;
    const ns = 900 + t.idx * 7;
    const seedsOf = (urban: boolean) =>
      made
        .map((m, k) => ({ m, k }))
        .filter(({ m }) => m.urban === urban)
        .map(({ m, k }) => {
          const mx = grid.kmX[m.seed];
          const my = grid.kmY[m.seed];
          const sp = Math.sqrt(m.cap);
          return {
            label: labelBase + k,
            cell: m.seed,
            capKm2: m.cap * avgCell * 0.999,
            cost: (cell: number) =>
              (Math.hypot(grid.kmX[cell] - mx, grid.kmY[cell] - my) / sp) *
              (1 + 0.3 * valueNoise(grid.kmX[cell], grid.kmY[cell], 2.5, ns, 2)),
          };
        });
    // communities stay inside the core, villages outside it
    grow(grid, villageOf, (c) => coreSet.has(c), seedsOf(true));
    grow(grid, villageOf, (c) => inT(c) && !coreSet.has(c), seedsOf(false));
    fillLeftover(grid, villageOf, coreCells, (c) => coreSet.has(c));
    fillLeftover(grid, villageOf, restCells, (c) => inT(c) && !coreSet.has(c));
    fillLeftover(grid, villageOf, t.cells, inT);
    // a unit enclosed by a single other unit (an enclave) would leave a hole in its neighbour: merge it
    const removed = new Set<number>();
    for (let k = 0; k < made.length; k++) {
      const L = labelBase + k;
      const nbs = new Set<number>();
      let edge = false;
      for (const c of t.cells) {
        if (villageOf[c] !== L) continue;
        for (const nb of grid.neighbours(c)) {
          if (!inT(nb)) edge = true;
          else if (villageOf[nb] !== L) nbs.add(villageOf[nb]);
        }
        if (grid.neighbours(c).length < 4) edge = true;
      }
      if (!edge && nbs.size === 1) {
        const into = [...nbs][0];
        for (const c of t.cells) if (villageOf[c] === L) villageOf[c] = into;
        removed.add(k);
      }
    }
    if (removed.size > 0) {
      const remap = new Map<number, number>();
      let next = labelBase;
      made.forEach((_, k) => {
        if (!removed.has(k)) remap.set(labelBase + k, next++);
      });
      for (const c of t.cells) villageOf[c] = remap.get(villageOf[c]) as number;
      for (let k = made.length - 1; k >= 0; k--) if (removed.has(k)) made.splice(k, 1);
    }
    // names and codes: communities 001.., villages 201.. (NBS convention: 居委会 0xx-1xx, 村委会 2xx+)
    const taken = new Set<string>();
    let nc = 0;
    let nv = 0;
    made.forEach((m, k) => {
      const code = m.urban ? `${t.code}${String(++nc).padStart(3, '0')}` : `${t.code}${String(200 + ++nv)}`;
      const name = m.urban ? `${communityRoot(rng, taken)}社区` : `${villageRoot(rng, taken)}村`;
      villages.push({
        code,
        name,
        idx: labelBase + k,
        township: t,
        county,
        urban: m.urban,
        cells: [],
        center: -1,
        areaKm2: 0,
        residents: 0,
        registered: 0,
        neighbours: [],
      });
    });
  }
  for (let c = 0; c < grid.size; c++) if (villageOf[c] >= 0) villages[villageOf[c]].cells.push(c);
  const nbSets = villages.map(() => new Set<number>());
  for (const v of villages) {
    v.areaKm2 = v.cells.reduce((s, c) => s + cellArea(c), 0);
    const inV = (c: number) => villageOf[c] === v.idx;
    v.center = deepestCell(grid, v.cells, inV);
    for (const c of v.cells)
      for (const nb of grid.neighbours(c)) if (villageOf[nb] >= 0 && villageOf[nb] !== v.idx) nbSets[v.idx].add(villageOf[nb]);
    v.township.villages.push(v);
  }
  villages.forEach((v) => (v.neighbours = [...nbSets[v.idx]].sort((a, b) => a - b)));
  // villages that ended up without cells would break the partition: fail loudly
  const emptyV = villages.filter((v) => v.cells.length === 0);
  if (emptyV.length > 0) throw new Error(`villages without cells: ${emptyV.map((v) => v.code).join(', ')}`);
  assignResidents(counties);
  grid.shapeLabels = villageOf;
  return { grid, counties, townships, villages, countyOf, townshipOf, villageOf };
}

/** Residents and registered residents (all ages, 2024) per village, summing exactly to the county totals. */
function assignResidents(counties: County[]): void {
  for (const county of counties) {
    const rng = stream(`residents/${county.fact.code}`);
    const vs = county.townships.flatMap((t) => t.villages);
    const raw: number[] = [];
    for (const t of county.townships) {
      const comm = t.villages.filter((v) => v.urban);
      const vill = t.villages.filter((v) => !v.urban);
      const cw = comm.map(() => rng.range(0.6, 1.4));
      const cwSum = cw.reduce((a, b) => a + b, 0) || 1;
      const vw = vill.map(
        (v) => rng.range(0.5, 1.5) * (0.7 + 0.3 * Math.sqrt(v.cells.length / Math.max(1, t.cells.length / Math.max(1, vill.length)))),
      );
      const vwSum = vw.reduce((a, b) => a + b, 0) || 1;
      // a township without villages keeps its rural residents in its communities, and vice versa
      const urban = comm.length > 0 ? t.urbanPop : 0;
      const rural = vill.length > 0 ? t.ruralPop : 0;
      const extraU = vill.length === 0 ? t.ruralPop : 0;
      const extraR = comm.length === 0 ? t.urbanPop : 0;
      for (const v of t.villages) {
        if (v.urban) raw.push(((urban + extraU) * cw[comm.indexOf(v)]) / cwSum);
        else raw.push(((rural + extraR) * vw[vill.indexOf(v)]) / vwSum);
      }
    }
    const ints = roundToTotal(raw, county.residents2024);
    vs.forEach((v, k) => {
      v.residents = ints[k];
      const rr = v.urban ? rng.range(0.8, 0.95) : rng.range(1.25, 1.65);
      v.registered = Math.round(v.residents * rr);
    });
  }
}
