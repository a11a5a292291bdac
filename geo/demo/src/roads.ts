/**
 * The invented road network of the demo region: a trunk between the county seats (国道/省道), township roads (县道) between
 * township centres, township and village roads (乡道/村道) to every village with links between neighbouring villages, and
 * a short spur to every school. Roads in the mountain counties (开化, 江山, 常山) wind more and are driven slower. Two
 * invented rivers (a 衢江 through the seats of 常山, 柯城 and 龙游, and a 江山港 from 江山 north to it) are crossed only at
 * bridges: a road whose course would cross one is routed over the bridge that makes it shortest. Everything here is
 * synthetic and drawn from its own random stream, so the other layers of the generator are not affected by it.
 */
import type { LineString } from 'geojson';
import type { RoadRecord } from '@app/domain';
import type { World } from './geometry';
import { MOUNTAIN_COUNTIES } from './geometry';
import { stream, type Rng } from './rng';
import type { School } from './schools';

type Pt = [number, number];

/** Class, its code letter (the national route prefixes G/S/X/Y/C) and its speed on plain and mountain roads. */
const CLASSES = {
  国道: { letter: 'G', plain: 70, mountain: 50, wind: 0.03 },
  省道: { letter: 'S', plain: 60, mountain: 45, wind: 0.04 },
  县道: { letter: 'X', plain: 40, mountain: 30, wind: 0.06 },
  乡道: { letter: 'Y', plain: 30, mountain: 25, wind: 0.08 },
  村道: { letter: 'C', plain: 20, mountain: 15, wind: 0.1 },
} as const;
type RoadClass = keyof typeof CLASSES;

/** How much more a mountain road winds than the same road on the plain. */
const MOUNTAIN_WIND = 2.5;

export interface River {
  name: string;
  line: Pt[];
  bridges: Pt[];
}

export interface RoadNetwork {
  roads: RoadRecord[];
  rivers: River[];
  /** Roads that were routed over a bridge. */
  bridged: number;
}

const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
const round = (p: Pt): Pt => [r5(p[0]), r5(p[1])];

/** Planar km about the grid's reference latitude (as Grid.toKm), and back. */
function projection(world: World) {
  const g = world.grid;
  const refLat = g.lat0 + (g.dlat * g.height) / 2;
  const kx = 111.32 * Math.cos((refLat * Math.PI) / 180);
  const ky = 110.95;
  return {
    toKm: (p: Pt): Pt => [(p[0] - g.lon0) * kx, (p[1] - g.lat0) * ky],
    toLonLat: (q: Pt): Pt => [g.lon0 + q[0] / kx, g.lat0 + q[1] / ky],
  };
}

const dist = (a: Pt, b: Pt) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Proper crossing of segments ab and cd (touching at a or b does not count). */
function crosses(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const d1 = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const d2 = (b[0] - a[0]) * (d[1] - a[1]) - (b[1] - a[1]) * (d[0] - a[0]);
  const d3 = (d[0] - c[0]) * (a[1] - c[1]) - (d[1] - c[1]) * (a[0] - c[0]);
  const d4 = (d[0] - c[0]) * (b[1] - c[1]) - (d[1] - c[1]) * (b[0] - c[0]);
  const eps = 1e-12;
  return d1 * d2 < -eps && d3 * d4 < -eps;
}

/** True when the polyline crosses the river anywhere. */
export function crossesRiver(line: readonly Pt[], river: River): boolean {
  for (let i = 0; i + 1 < line.length; i++)
    for (let j = 0; j + 1 < river.line.length; j++) if (crosses(line[i], line[i + 1], river.line[j], river.line[j + 1])) return true;
  return false;
}

/** A winding course from a to b (lon/lat): perpendicular offsets from sine terms that vanish at both ends. */
function windingCourse(a: Pt, b: Pt, wind: number, rng: Rng, proj: ReturnType<typeof projection>): Pt[] {
  const pa = proj.toKm(a);
  const pb = proj.toKm(b);
  const len = dist(pa, pb);
  const n = Math.max(1, Math.ceil(len / 0.35));
  const terms = [1, 2, 3, 5].map((k) => ({ k, amp: rng.normal(0, 1) / k, phase: rng.range(0, Math.PI * 2) }));
  const nx = -(pb[1] - pa[1]) / (len || 1);
  const ny = (pb[0] - pa[0]) / (len || 1);
  const out: Pt[] = [a];
  for (let i = 1; i < n; i++) {
    const t = i / n;
    let off = 0;
    for (const term of terms)
      off += term.amp * Math.sin(term.k * Math.PI * t) * (term.k === 1 ? 1 : Math.abs(Math.sin(term.k * Math.PI * t + term.phase)));
    off *= wind * len;
    out.push(round(proj.toLonLat([pa[0] + (pb[0] - pa[0]) * t + nx * off, pa[1] + (pb[1] - pa[1]) * t + ny * off])));
  }
  out.push(b);
  return out;
}

function buildRivers(world: World, proj: ReturnType<typeof projection>, rng: Rng): River[] {
  const seat = (code: string): Pt => {
    const c = world.counties.find((x) => x.fact.code === code);
    if (!c) throw new Error(`county ${code} missing`);
    return proj.toKm(world.grid.center(c.seatCell));
  };
  const meander = (pts: Pt[], amp: number): Pt[] => {
    // Densify to ~1 km with a gentle sideways meander, so the river is not a straight ruler line.
    const out: Pt[] = [];
    for (let i = 0; i + 1 < pts.length; i++) {
      const [a, b] = [pts[i], pts[i + 1]];
      const n = Math.max(1, Math.round(dist(a, b)));
      const len = dist(a, b);
      const nx = -(b[1] - a[1]) / len;
      const ny = (b[0] - a[0]) / len;
      const phase = rng.range(0, Math.PI * 2);
      for (let k = 0; k < n; k++) {
        const t = k / n;
        const off = amp * Math.sin(Math.PI * t) * Math.sin(3 * Math.PI * t + phase);
        out.push([a[0] + (b[0] - a[0]) * t + nx * off, a[1] + (b[1] - a[1]) * t + ny * off]);
      }
    }
    out.push(pts[pts.length - 1]);
    return out;
  };
  const cs = seat('330822');
  const kc = seat('330802');
  const ly = seat('330825');
  const js = seat('330881');
  const qu = [
    [cs[0] - 15, cs[1] - 1.5],
    [cs[0], cs[1] - 1.2],
    [kc[0] - 6, kc[1] - 1.4],
    [kc[0], kc[1] - 0.9],
    [ly[0], ly[1] - 1.3],
    [ly[0] + 18, ly[1] - 2],
  ] as Pt[];
  const quLine = meander(qu, 1.2);
  const confluence = quLine.reduce(
    (best, p) => (dist(p, [kc[0] - 6, kc[1] - 1.4]) < dist(best, [kc[0] - 6, kc[1] - 1.4]) ? p : best),
    quLine[0],
  );
  const jsLine = meander([[js[0] + 1.2, js[1] - 12], [js[0] + 1.2, js[1]], confluence], 1.0);
  const rivers: River[] = [];
  for (const [name, line, anchors] of [
    ['衢江', quLine, [cs, kc, ly]],
    ['江山港', jsLine, [js]],
  ] as const) {
    // Bridges every ~7 km along the river, plus the one nearest each seat on it.
    const bridges: Pt[] = [];
    let run = 3.5;
    for (let i = 0; i + 1 < line.length; i++) {
      run += dist(line[i], line[i + 1]);
      if (run >= 7) {
        bridges.push(line[i + 1]);
        run = 0;
      }
    }
    for (const s of anchors) bridges.push(line.reduce((best, p) => (dist(p, s) < dist(best, s) ? p : best), line[0]));
    const uniq = [...new Map(bridges.map((b) => [`${b[0].toFixed(3)},${b[1].toFixed(3)}`, b])).values()];
    rivers.push({ name, line: line.map((p) => round(proj.toLonLat(p))), bridges: uniq.map((p) => round(proj.toLonLat(p))) });
  }
  return rivers;
}

/** Minimum spanning tree (Prim) over points; returns index pairs. */
function mst(points: Pt[], proj: ReturnType<typeof projection>): [number, number][] {
  const n = points.length;
  const km = points.map(proj.toKm);
  const inTree = new Array<boolean>(n).fill(false);
  const best = new Array<number>(n).fill(Infinity);
  const from = new Array<number>(n).fill(-1);
  const edges: [number, number][] = [];
  if (n === 0) return edges;
  best[0] = 0;
  for (let it = 0; it < n; it++) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!inTree[i] && (u < 0 || best[i] < best[u])) u = i;
    inTree[u] = true;
    if (from[u] >= 0) edges.push([from[u], u]);
    for (let v = 0; v < n; v++) {
      if (inTree[v]) continue;
      const d = dist(km[u], km[v]);
      if (d < best[v]) {
        best[v] = d;
        from[v] = u;
      }
    }
  }
  return edges;
}

/**
 * Builds the road network over the world's villages, township centres, county seats and schools.
 * @example buildRoads(world, schools).roads.every((r) => r.speedKmh !== null) // true
 */
export function buildRoads(world: World, schools: readonly School[]): RoadNetwork {
  const rng = stream('roads');
  const proj = projection(world);
  const rivers = buildRivers(world, proj, rng);
  const villagePt = (idx: number): Pt => round(world.grid.center(world.villages[idx].center));
  const villageAtCell = (cell: number) => world.villageOf[cell];
  const roads: RoadRecord[] = [];
  const counters = new Map<string, number>();
  const seen = new Set<string>();
  let bridged = 0;
  const mountainAt = (p: Pt) => {
    const cell = world.grid.cellAt(p[0], p[1]);
    const c = cell >= 0 ? world.countyOf[cell] : -1;
    return c >= 0 && MOUNTAIN_COUNTIES.has(world.counties[c].fact.code);
  };
  const countyCodeAt = (p: Pt) => {
    const cell = world.grid.cellAt(p[0], p[1]);
    const c = cell >= 0 ? world.countyOf[cell] : -1;
    return c >= 0 ? world.counties[c].fact.code : world.counties[0].fact.code;
  };
  const emit = (cls: RoadClass, course: Pt[], name: string | null) => {
    const mountain = mountainAt(course[0]) || mountainAt(course[course.length - 1]);
    const spec = CLASSES[cls];
    const county = countyCodeAt(course[0]);
    const key = `${county}-${spec.letter}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const speed = Math.round((mountain ? spec.mountain : spec.plain) * rng.range(0.9, 1.1));
    const geometry: LineString = { type: 'LineString', coordinates: course };
    roads.push({
      code: `${key}${String(n).padStart(4, '0')}`,
      name,
      roadClass: cls,
      speedKmh: speed,
      oneway: false,
      ferry: false,
      geometry,
    });
  };
  /** A road from a to b, over a bridge when its course would cross a river; straight when winding would cross one. */
  const link = (cls: RoadClass, a: Pt, b: Pt, name: string | null = null, depth = 0): void => {
    const k = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? `${a}|${b}` : `${b}|${a}`;
    if (seen.has(k) || (a[0] === b[0] && a[1] === b[1])) return;
    seen.add(k);
    const wind = CLASSES[cls].wind * (mountainAt(a) || mountainAt(b) ? MOUNTAIN_WIND : 1);
    const chord: Pt[] = [a, b];
    const river = depth < 8 ? rivers.find((r) => crossesRiver(chord, r)) : undefined;
    const same = (p: Pt, q: Pt) => p[0] === q[0] && p[1] === q[1];
    const candidates = river ? river.bridges.filter((p) => !same(p, a) && !same(p, b)) : [];
    if (river && candidates.length > 0) {
      const km = [proj.toKm(a), proj.toKm(b)];
      const via = (p: Pt) => dist(km[0], proj.toKm(p)) + dist(proj.toKm(p), km[1]);
      const bridge = candidates.reduce((best, p) => (via(p) < via(best) ? p : best));
      bridged++;
      link(cls, a, bridge, name, depth + 1);
      link(cls, bridge, b, name, depth + 1);
      return;
    }
    let course = windingCourse(a, b, wind, rng, proj);
    if (rivers.some((r) => crossesRiver(course, r))) course = chord;
    emit(cls, course, name);
  };
  // Trunk: a spanning tree of the county seats (国道) plus each seat's second-nearest seat (省道).
  const seats = world.counties.map((c) => villagePt(villageAtCell(c.seatCell)));
  const seatNames = world.counties.map((c) => c.fact.name.replace(/(区|县|市)$/, ''));
  const trunk = mst(seats, proj);
  for (const [i, j] of trunk) link('国道', seats[i], seats[j], `${seatNames[i]}—${seatNames[j]}`);
  seats.forEach((s, i) => {
    const order = seats
      .map((_, j) => j)
      .filter((j) => j !== i)
      .sort((x, y) => dist(proj.toKm(s), proj.toKm(seats[x])) - dist(proj.toKm(s), proj.toKm(seats[y])));
    const j = order[1];
    if (!trunk.some(([a, b]) => (a === i && b === j) || (a === j && b === i))) link('省道', s, seats[j], `${seatNames[i]}—${seatNames[j]}`);
  });
  // Township roads: a spanning tree of each county's township centres, plus a link to the nearest centre across
  // the county line when it is within 12 km.
  const hubOf = (t: World['townships'][number]) => {
    const v = villageAtCell(t.isSeat ? t.county.seatCell : t.coreCell >= 0 ? t.coreCell : t.seed);
    return v >= 0 && world.villages[v].township === t ? v : t.villages[0].idx;
  };
  const hubs = world.townships.map((t) => villagePt(hubOf(t)));
  for (const c of world.counties) {
    const ts = c.townships.map((t) => t.idx);
    for (const [i, j] of mst(
      ts.map((t) => hubs[t]),
      proj,
    ))
      link('县道', hubs[ts[i]], hubs[ts[j]]);
  }
  world.townships.forEach((t) => {
    let best = -1;
    for (const o of world.townships) {
      if (o.county === t.county) continue;
      if (best < 0 || dist(proj.toKm(hubs[t.idx]), proj.toKm(hubs[o.idx])) < dist(proj.toKm(hubs[t.idx]), proj.toKm(hubs[best])))
        best = o.idx;
    }
    if (best >= 0 && dist(proj.toKm(hubs[t.idx]), proj.toKm(hubs[best])) <= 12) link('县道', hubs[t.idx], hubs[best]);
  });
  // Village roads: a spanning tree of each township's villages from its centre; roads leaving the centre are 乡道.
  for (const t of world.townships) {
    const hub = hubOf(t);
    const vs = [hub, ...t.villages.map((v) => v.idx).filter((v) => v !== hub)];
    for (const [i, j] of mst(vs.map(villagePt), proj)) link(i === 0 || j === 0 ? '乡道' : '村道', villagePt(vs[i]), villagePt(vs[j]));
  }
  // Village links: a 村道 to each neighbouring village across the township line, and to half of the neighbours
  // inside it (drawn from the same stream), so the village network has loops instead of being a tree.
  for (const v of world.villages) {
    for (const n of v.neighbours) {
      if (n <= v.idx) continue;
      const other = world.villages[n];
      if (other.township === v.township && !rng.chance(0.5)) continue;
      link('村道', villagePt(v.idx), villagePt(n));
    }
  }
  // School spurs: from each school to the nearest village point of its township (schools sit near, not on, them).
  for (const s of schools) {
    const at: Pt = [r5(s.lon), r5(s.lat)];
    const near = s.township.villages
      .map((v) => villagePt(v.idx))
      .reduce((b, p) => (dist(proj.toKm(p), proj.toKm(at)) < dist(proj.toKm(b), proj.toKm(at)) ? p : b));
    if (dist(proj.toKm(near), proj.toKm(at)) > 0.02) link('村道', near, at);
  }
  return { roads, rivers, bridged };
}
