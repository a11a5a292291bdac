import fc from 'fast-check';
import { buildRoadGraph, type RoadInput } from './graph';
import { haversineM } from './geometry';
import { pathClasses, searchFrom, SearchSpace, snapPoint, travelTo } from './search';
import { roadTravel, straightLineTravel, TravelCostCache, travelCostFor } from './travel-cost';
import { speedFor } from './speeds';

const LON0 = 118.8;
const LAT0 = 28.9;
const KX = 111.19508 * Math.cos((LAT0 * Math.PI) / 180);
/** A position x km east and y km north of the test origin. */
const at = (x: number, y: number): [number, number] => [LON0 + x / KX, LAT0 + y / 111.19508];
const road = (code: string, roadClass: string, pts: [number, number][], extra: Partial<RoadInput> = {}): RoadInput => ({
  code,
  roadClass,
  speedKmh: null,
  oneway: false,
  ferry: false,
  lines: [pts],
  ...extra,
});
const km = (a: [number, number], b: [number, number]) => haversineM(a[0], a[1], b[0], b[1]) / 1000;

/** A 1 km square A(0,0) B(1,0) C(1,1) D(0,1): A-B-C on 县道 (40 km/h), A-D-C on 村道 (20 km/h). */
function square(extra: Partial<Record<'ab' | 'bc', Partial<RoadInput>>> = {}) {
  return [
    road('ab', '县道', [at(0, 0), at(1, 0)], extra.ab),
    road('bc', '县道', [at(1, 0), at(1, 1)], extra.bc),
    road('ad', '村道', [at(0, 0), at(0, 1)]),
    road('dc', '村道', [at(0, 1), at(1, 1)]),
  ];
}

describe('buildRoadGraph', () => {
  it('makes one node per road end and one edge per road, timed at the class speed', () => {
    const g = buildRoadGraph(square());
    expect(g.nodeCount).toBe(4);
    expect(g.edgeCount).toBe(4);
    expect(g.forward.head.length).toBe(8);
    expect(g.edgeMeters[0]).toBeCloseTo(1000, -1);
    expect(g.edgeSeconds[0]).toBeCloseTo((g.edgeMeters[0] / 40) * 3.6, 1);
    expect(g.edgeSeconds[2]).toBeCloseTo((g.edgeMeters[2] / 20) * 3.6, 1);
    expect(g.componentCount).toBe(1);
    expect(g.notices).toEqual([]);
  });

  it('splits a road where another road shares one of its vertices', () => {
    const g = buildRoadGraph([road('long', '省道', [at(0, 0), at(1, 0), at(2, 0)]), road('spur', '村道', [at(1, 0), at(1, 1)])]);
    expect(g.edgeCount).toBe(3);
    expect(g.nodeCount).toBe(4);
    expect(g.componentCount).toBe(1);
  });

  it('keeps roads that cross without a shared vertex apart (a bridge) and says so', () => {
    const g = buildRoadGraph([road('ns', '县道', [at(1, -1), at(1, 1)]), road('ew', '县道', [at(0, 0), at(2, 0)])]);
    expect(g.componentCount).toBe(2);
    expect(g.notices.map((n) => n.kind)).toEqual(['disconnected']);
  });

  it('reports a road end that stops short of another road as a dangling end', () => {
    const g = buildRoadGraph([road('main', '县道', [at(0, 0), at(2, 0)]), road('short', '村道', [at(1, 1), at(1, 0.005)])]);
    const dangling = g.notices.find((n) => n.kind === 'dangling-end');
    expect(dangling?.codes).toEqual(['short']);
    expect(dangling?.message).toMatch(/^1 road end/);
  });

  it('uses the own speed first, then the override, then the default', () => {
    expect(speedFor('县道', 55, { 县道: 35 })).toBe(55);
    expect(speedFor('县道', null, { 县道: 35 })).toBe(35);
    expect(speedFor('县道', null)).toBe(40);
    expect(speedFor('不明', null)).toBe(30);
    const g = buildRoadGraph([road('a', '县道', [at(0, 0), at(1, 0)])], { speedOverrides: { 县道: 20 } });
    expect(g.edgeSeconds[0]).toBeCloseTo((g.edgeMeters[0] / 20) * 3.6, 1);
  });

  it('adds the boarding wait to a ferry', () => {
    const g = buildRoadGraph([road('f', 'ferry', [at(0, 0), at(1, 0)], { ferry: true })], { ferryWaitMinutes: 15 });
    expect(g.edgeSeconds[0]).toBeCloseTo((g.edgeMeters[0] / 10) * 3.6 + 900, 1);
  });

  it('splits a closed ring so it is not an edge from a node to itself', () => {
    const g = buildRoadGraph([road('ring', '乡道', [at(0, 0), at(1, 0), at(1, 1), at(0, 1), at(0, 0)])]);
    expect(g.edgeCount).toBe(2);
    expect(g.edgeMeters[0] + g.edgeMeters[1]).toBeCloseTo(4000, -1);
  });
});

describe('snapPoint', () => {
  it('finds the foot point, its distance and the access time, and flags long snaps', () => {
    const g = buildRoadGraph(square());
    const s = snapPoint(g, ...at(0.5, 0.1));
    expect(s).not.toBeNull();
    expect(g.codes[g.edgeFeature[s!.edge]]).toBe('ab');
    expect(s!.fraction).toBeCloseTo(0.5, 3);
    expect(s!.distanceM).toBeCloseTo(100, 0);
    expect(s!.accessSeconds).toBeCloseTo(36, 0);
    expect(s!.long).toBe(false);
    const far = snapPoint(g, ...at(0.5, -1.5));
    expect(far!.distanceM).toBeCloseTo(1500, -1);
    expect(far!.long).toBe(true);
    expect(snapPoint(g, ...at(0.5, -30))).toBeNull();
    expect(snapPoint(g, ...at(0.5, -30), { maxSnapM: 40000 })?.distanceM).toBeCloseTo(30000, -2);
  });
});

describe('searchFrom / travelTo', () => {
  it('takes the faster 县道 side of the square: 2 km at 40 km/h = 3 minutes', () => {
    const g = buildRoadGraph(square());
    const space = new SearchSpace(g);
    const a = snapPoint(g, ...at(0, 0))!;
    const c = snapPoint(g, ...at(1, 1))!;
    const res = searchFrom(space, a, Infinity);
    const leg = travelTo(res, c)!;
    expect(leg.seconds / 60).toBeCloseTo(3, 1);
    expect(leg.meters / 1000).toBeCloseTo(2, 2);
    expect(pathClasses(res, c)).toEqual(['县道']);
  });

  it('respects one-way roads in both directions of search', () => {
    // A-B runs only B -> A: A to C must take the 村道 (2 km at 20 km/h = 6 min), C to A may use 县道 (3 min).
    const g = buildRoadGraph(square({ ab: { oneway: true, lines: [[at(1, 0), at(0, 0)]] } }));
    const space = new SearchSpace(g);
    const a = snapPoint(g, ...at(0, 0))!;
    const c = snapPoint(g, ...at(1, 1))!;
    expect(travelTo(searchFrom(space, a, Infinity), c)!.seconds / 60).toBeCloseTo(6, 1);
    expect(travelTo(searchFrom(space, c, Infinity), a)!.seconds / 60).toBeCloseTo(3, 1);
    // Reversed search from A gives times TO A.
    expect(travelTo(searchFrom(space, a, Infinity, true), c)!.seconds / 60).toBeCloseTo(3, 1);
    expect(travelTo(searchFrom(space, c, Infinity, true), a)!.seconds / 60).toBeCloseTo(6, 1);
  });

  it('stops at the time limit', () => {
    const g = buildRoadGraph(square());
    const space = new SearchSpace(g);
    const res = searchFrom(space, snapPoint(g, ...at(0, 0))!, 120);
    expect(travelTo(res, snapPoint(g, ...at(1, 1))!)).toBeNull();
    expect(travelTo(res, snapPoint(g, ...at(1, 0))!)!.seconds).toBeCloseTo(90, 0);
  });

  it('travels along one edge between two places on it, and counts both access legs', () => {
    const g = buildRoadGraph([road('ab', '县道', [at(0, 0), at(2, 0)])]);
    const space = new SearchSpace(g);
    const p = snapPoint(g, ...at(0.5, 0.1))!;
    const q = snapPoint(g, ...at(1.5, -0.2))!;
    const leg = travelTo(searchFrom(space, p, Infinity), q)!;
    // 1 km at 40 km/h = 90 s, plus 100 m and 200 m at 10 km/h = 36 s + 72 s.
    expect(leg.seconds).toBeCloseTo(90 + 36 + 72, 0);
    expect(leg.meters).toBeCloseTo(1300, -1);
  });
});

describe('TravelCost', () => {
  const pts = { a: at(0, 0), c: at(1, 1) };
  const p = (x: [number, number]) => ({ lon: x[0], lat: x[1] });

  it('falls back to straight line x detour without roads, and says so', () => {
    const tc = travelCostFor([], { detour: 1.3, straightSpeedKmh: 30 });
    expect(tc.source).toBe('straight-line');
    const [e] = tc.fromOne(p(pts.a), [p(pts.c)]);
    expect(e!.km).toBeCloseTo(km(pts.a, pts.c) * 1.3, 6);
    expect(e!.minutes).toBeCloseTo(((km(pts.a, pts.c) * 1.3) / 30) * 60, 6);
    expect(tc.fromOne(p(pts.a), [p(pts.c)], { maxKm: 1 })).toEqual([null]);
    expect(straightLineTravel().label).toMatch(/straight line x 1.3/);
  });

  it('gives the same pairs from a matrix in either search direction', () => {
    const tc = roadTravel(buildRoadGraph(square({ ab: { oneway: true, lines: [[at(1, 0), at(0, 0)]] } })));
    const corners = [at(0, 0), at(1, 0), at(1, 1), at(0, 1)].map(p);
    const forward = tc.matrix(corners.slice(0, 2), corners, { maxMinutes: 60 });
    const reversed = tc.matrix(corners, corners.slice(0, 2), { maxMinutes: 60 });
    for (const f of forward) {
      const r = tc.matrix([corners[f.origin]], [corners[f.target]])[0];
      expect(r.minutes).toBeCloseTo(f.minutes, 6);
    }
    // A -> B (index 0 -> 1) must go round: A-D-C (6 min) then C-B (1.5 min).
    expect(forward.find((x) => x.origin === 0 && x.target === 1)!.minutes).toBeCloseTo(7.5, 1);
    expect(reversed.find((x) => x.origin === 1 && x.target === 0)!.minutes).toBeCloseTo(1.5, 1);
    expect(reversed.find((x) => x.origin === 0 && x.target === 1)!.minutes).toBeCloseTo(7.5, 1);
  });

  it('caches one provider per key and drops the least recently used', () => {
    const cache = new TravelCostCache(2);
    let builds = 0;
    const make = () => {
      builds++;
      return straightLineTravel();
    };
    cache.get('v1', make);
    cache.get('v2', make);
    cache.get('v1', make);
    cache.get('v3', make);
    cache.get('v1', make);
    expect(builds).toBe(3);
    cache.get('v2', make);
    expect(builds).toBe(4);
    expect(cache.size).toBe(2);
  });
});

describe('shortest paths against Floyd-Warshall on random small graphs', () => {
  it('agrees for every pair, one-way roads included', () => {
    const graphArb = fc
      .record({
        n: fc.integer({ min: 2, max: 9 }),
        seed: fc.array(
          fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom('国道', '县道', '村道'), fc.boolean()),
          { minLength: 1, maxLength: 20 },
        ),
        coords: fc.array(fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 })), { minLength: 9, maxLength: 9 }),
      })
      .filter(({ coords }) => new Set(coords.map(([x, y]) => `${x},${y}`)).size === coords.length);
    fc.assert(
      fc.property(graphArb, ({ n, seed, coords }) => {
        // Positions off any lattice, so a node never lies on a road it does not end (it would snap there).
        const pos = coords.slice(0, n).map(([x, y]) => at(x * 0.001, y * 0.001));
        const roads: RoadInput[] = [];
        const dist = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
        seed.forEach(([a0, b0, cls, oneway], k) => {
          const a = a0 % n;
          const b = b0 % n;
          if (a === b) return;
          // Offset the road's middle a little so roads between the same nodes stay distinct and never share vertices.
          const mid: [number, number] = [(pos[a][0] + pos[b][0]) / 2 + (k + 1) * 1e-4, (pos[a][1] + pos[b][1]) / 2];
          roads.push(road(`r${k}`, cls, [pos[a], mid, pos[b]], { oneway }));
          const sec = ((km(pos[a], mid) + km(mid, pos[b])) / speedFor(cls, null)) * 3600;
          dist[a][b] = Math.min(dist[a][b], sec);
          if (!oneway) dist[b][a] = Math.min(dist[b][a], sec);
        });
        for (let k = 0; k < n; k++)
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) if (dist[i][k] + dist[k][j] < dist[i][j]) dist[i][j] = dist[i][k] + dist[k][j];
        const g = buildRoadGraph(roads);
        const space = new SearchSpace(g);
        const used = new Set(roads.flatMap((r) => [r.lines[0][0], r.lines[0][2]].map((q) => `${q[0]},${q[1]}`)));
        for (let i = 0; i < n; i++) {
          if (!used.has(`${pos[i][0]},${pos[i][1]}`)) continue;
          const si = snapPoint(g, pos[i][0], pos[i][1])!;
          expect(si.distanceM).toBeLessThan(0.5);
          for (const reversed of [false, true]) {
            const res = searchFrom(space, si, Infinity, reversed);
            for (let j = 0; j < n; j++) {
              if (!used.has(`${pos[j][0]},${pos[j][1]}`)) continue;
              const sj = snapPoint(g, pos[j][0], pos[j][1])!;
              const leg = travelTo(res, sj);
              const want = reversed ? dist[j][i] : dist[i][j];
              const got = leg ? leg.seconds - si.accessSeconds - sj.accessSeconds : Infinity;
              if (want === Infinity) expect(got).toBe(Infinity);
              else expect(Math.abs(got - want)).toBeLessThan(0.01 * Math.max(1, want / 100) + 0.5);
            }
          }
        }
      }),
      { numRuns: 150, seed: 18 },
    );
  });
});

describe('TravelCost.route', () => {
  it('names the road classes of the path and gives the straight-line source none', () => {
    // A 村道 spur from E(0,-0.5) to A, then the 县道 side of the square to C.
    const tc = roadTravel(buildRoadGraph([...square(), road('spur', '村道', [at(0, -0.5), at(0, 0)])]));
    const r = tc.route({ lon: at(0, -0.5)[0], lat: at(0, -0.5)[1] }, { lon: at(1, 1)[0], lat: at(1, 1)[1] })!;
    expect(r.roadClasses).toEqual(['村道', '县道']);
    expect(r.minutes).toBeCloseTo(1.5 + 3, 1);
    expect(r.km).toBeCloseTo(2.5, 2);
    expect(straightLineTravel().route({ lon: 118.8, lat: 28.9 }, { lon: 118.9, lat: 28.9 })!.roadClasses).toEqual([]);
  });
});
