import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as turf from '@turf/turf';
import { repairPolygon, validatePolygon } from './validate-polygon';

const sq = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('validatePolygon', () => {
  it('accepts valid polygons, holes touching the shell at a vertex, and repeated vertices', () => {
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(2, 2, 4, 4), sq(6, 6, 8, 8)))).toEqual([]);
    expect(
      validatePolygon(
        polygon(sq(0, 0, 10, 10), [
          [0, 0],
          [3, 1],
          [1, 3],
          [0, 0],
        ]),
      ),
    ).toEqual([]);
    expect(
      validatePolygon(
        polygon([
          [0, 0],
          [1, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toEqual([]);
    expect(validatePolygon({ type: 'Feature', properties: {}, geometry: polygon(sq(0, 0, 1, 1)) })).toEqual([]);
  });

  it('reports an unclosed ring at its last position instead of closing it', () => {
    const input = polygon([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ]);
    expect(validatePolygon(input)).toEqual([
      expect.objectContaining({ kind: 'unclosed_ring', polygon: 0, ring: 0, position: 3, at: [0, 1] }),
    ]);
    expect(input.coordinates[0]).toHaveLength(4);
  });

  it('reports rings with fewer than 4 positions', () => {
    expect(
      validatePolygon(
        polygon([
          [0, 0],
          [1, 0],
          [0, 0],
        ]),
      ),
    ).toEqual([expect.objectContaining({ kind: 'too_few_positions', ring: 0 })]);
  });

  it('reports a bow-tie with the crossing point and the first segment involved', () => {
    const [p] = validatePolygon(
      polygon([
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ]),
    );
    expect(p).toMatchObject({ kind: 'self_intersection', ring: 0, position: 0 });
    expect(p.at![0]).toBeCloseTo(1, 12);
    expect(p.at![1]).toBeCloseTo(1, 12);
  });

  it('reports a figure-eight through a shared vertex once', () => {
    const eight = polygon([
      [0, 0],
      [1, 1],
      [2, 0],
      [2, 2],
      [1, 1],
      [0, 2],
      [0, 0],
    ]);
    const problems = validatePolygon(eight);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'self_intersection', at: [1, 1] });
  });

  it('reports non-finite and malformed positions with their index', () => {
    const bad = { type: 'Polygon', coordinates: [[[0, 0], [Infinity, 0], ['1', 1], [0], [0, 0]]] };
    expect(validatePolygon(bad).map((p) => [p.kind, p.position])).toEqual([
      ['non_finite', 1],
      ['non_finite', 2],
      ['malformed', 3],
    ]);
  });

  it('reports holes outside, partly outside, or bridging a concave shell', () => {
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(20, 20, 21, 21)))).toEqual([
      expect.objectContaining({ kind: 'hole_outside_shell', ring: 1, position: 0, at: [20, 20] }),
    ]);
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(8, 8, 12, 9)))).toEqual([
      expect.objectContaining({ kind: 'hole_outside_shell', ring: 1, position: 1, at: [12, 8] }),
    ]);
    const u = [
      [0, 0],
      [10, 0],
      [10, 10],
      [7, 10],
      [7, 5],
      [3, 5],
      [3, 10],
      [0, 10],
      [0, 0],
    ];
    const bridge = sq(1, 6, 9, 8);
    expect(validatePolygon(polygon(u, bridge))).toEqual([
      expect.objectContaining({ kind: 'hole_outside_shell', ring: 1, position: 0, at: [7, 6], message: 'hole 1 crosses the shell' }),
    ]);
  });

  it('reports crossing and nested holes', () => {
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(1, 1, 5, 5), sq(3, 3, 7, 7)))).toEqual([
      expect.objectContaining({ kind: 'holes_overlap', ring: 2 }),
    ]);
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(1, 1, 8, 8), sq(2, 2, 3, 3)))).toEqual([
      expect.objectContaining({ kind: 'holes_overlap', ring: 2 }),
    ]);
  });

  it('locates problems in MultiPolygon members', () => {
    const mp: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [sq(0, 0, 1, 1)],
        [
          [
            [5, 5],
            [6, 5],
            [6, 6],
          ],
        ],
      ],
    };
    expect(validatePolygon(mp).map((p) => [p.kind, p.polygon, p.ring])).toEqual([
      ['too_few_positions', 1, 0],
      ['unclosed_ring', 1, 0],
    ]);
  });

  it('reports non-polygons and empty geometries', () => {
    expect(validatePolygon({ type: 'Point', coordinates: [0, 0] })[0]).toMatchObject({ kind: 'not_polygon', polygon: -1 });
    expect(validatePolygon(null)[0].message).toMatch(/got null/);
    expect(validatePolygon({ type: 'Polygon', coordinates: [] })[0].kind).toBe('empty');
    expect(validatePolygon({ type: 'MultiPolygon', coordinates: [] })[0].kind).toBe('empty');
    expect(validatePolygon({ type: 'Polygon', coordinates: 'x' })[0].kind).toBe('malformed');
  });

  it('never mutates its input', () => {
    const g = polygon(
      [
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ],
      sq(5, 5, 6, 6),
    );
    const before = structuredClone(g);
    validatePolygon(g);
    expect(g).toEqual(before);
  });
});

describe('validatePolygon: area counted twice', () => {
  const multi = (...parts: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: parts });

  it('reports two identical holes and a hole inside another as holes_overlap', () => {
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(2, 2, 4, 4), sq(2, 2, 4, 4)))).toEqual([
      { kind: 'holes_overlap', polygon: 0, ring: 2, message: 'holes 1 and 2 overlap', position: undefined, at: undefined },
    ]);
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(2, 2, 6, 6), sq(3, 3, 4, 4))).map((p) => p.kind)).toEqual(['holes_overlap']);
  });

  it('accepts holes that share only an edge; refuses a hole lying on its shell along an edge', () => {
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(2, 2, 4, 4), sq(4, 2, 6, 4)))).toEqual([]);
    expect(validatePolygon(polygon(sq(0, 0, 10, 10), sq(0, 2, 3, 4)))).toEqual([
      { kind: 'hole_touches_shell', polygon: 0, ring: 1, position: 3, at: [0, 4], message: 'hole 1 touches the shell along an edge' },
    ]);
  });

  it('reports overlapping MultiPolygon parts, naming both; parts sharing an edge are fine', () => {
    expect(validatePolygon(multi([sq(0, 0, 2, 2)], [sq(1, 1, 3, 3)]))).toEqual([
      { kind: 'parts_overlap', polygon: 1, ring: -1, message: 'parts 0 and 1 of the MultiPolygon overlap' },
    ]);
    expect(validatePolygon(multi([sq(0, 0, 2, 2)], [sq(0, 0, 2, 2)])).map((p) => p.kind)).toEqual(['parts_overlap']);
    expect(validatePolygon(multi([sq(0, 0, 2, 2)], [sq(2, 0, 4, 2)]))).toEqual([]);
    // A part inside another's hole is an island, not an overlap.
    expect(validatePolygon(multi([sq(0, 0, 10, 10), sq(2, 2, 8, 8)], [sq(3, 3, 7, 7)]))).toEqual([]);
  });
});

describe('repairPolygon', () => {
  it('merges duplicate holes, leaving one; the input is untouched', () => {
    const input = polygon(sq(0, 0, 10, 10), sq(2, 2, 4, 4), sq(2, 2, 4, 4));
    const pristine = structuredClone(input);
    const out = repairPolygon(input)!;
    expect(out.changes).toEqual(['holes 1 and 2 overlap: merged']);
    expect(out.geometry.type).toBe('Polygon');
    expect((out.geometry as Polygon).coordinates).toHaveLength(2);
    expect(validatePolygon(out.geometry)).toEqual([]);
    expect(input).toEqual(pristine);
  });

  it('unions overlapping parts into one polygon of the right area', () => {
    const out = repairPolygon({ type: 'MultiPolygon', coordinates: [[sq(0, 0, 2, 2)], [sq(1, 0, 3, 2)]] })!;
    expect(out.changes).toEqual(['parts 0 and 1 of the MultiPolygon overlap: parts merged']);
    expect(out.geometry.type).toBe('Polygon');
    const ring = (out.geometry as Polygon).coordinates[0];
    const xs = ring.map((p) => p[0]);
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([0, 3]);
  });

  it('turns a hole on the shell edge into a notch; gives up on a bow-tie', () => {
    const out = repairPolygon(polygon(sq(0, 0, 10, 10), sq(0, 2, 3, 4)))!;
    expect(out.changes).toEqual(['hole 1 touches the shell along an edge: hole made a notch in the shell']);
    expect((out.geometry as Polygon).coordinates).toHaveLength(1);
    expect(validatePolygon(out.geometry)).toEqual([]);
    expect(
      repairPolygon(
        polygon([
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ]),
      ),
    ).toBeNull();
  });
});

describe('validatePolygon on detailed boundaries', () => {
  // A county-like outline: radius varying with the angle, so the ring is simple however many vertices it has.
  const county = (n: number, cx = 118.9, cy = 29.0): Position[] => {
    const ring: Position[] = [];
    for (let i = 0; i < n; i++) {
      const t = (2 * Math.PI * i) / n;
      const r = 0.3 * (1 + 0.2 * Math.sin(7 * t) + 0.03 * Math.sin(211 * t));
      ring.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
    }
    return [...ring, ring[0]];
  };

  it('accepts a 130,000-vertex county without comparing all pairs of segments, and finds a kink placed in it', () => {
    // All pairs (the old turf.kinks) was 8.5e9 segment tests here: over a minute, past this test's timeout.
    const ring = county(130_000);
    expect(validatePolygon(polygon(ring))).toEqual([]);
    // Swap two neighbouring vertices far from the start: the ring crosses itself once, between them.
    const bad = ring.map((p) => [...p]);
    [bad[70_001], bad[70_002]] = [bad[70_002], bad[70_001]];
    const problems = validatePolygon(polygon(bad));
    expect(problems.map((p) => [p.kind, p.position])).toEqual([['self_intersection', 70_000]]);
  });

  it('finds the same crossings as turf.kinks (all pairs) on random zig-zag rings', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let k = 0; k < 30; k++) {
      const pts: Position[] = Array.from({ length: 12 }, () => [Math.round(rnd() * 20), Math.round(rnd() * 20)]);
      const ring = [...pts, pts[0]];
      // The reference: turf.kinks, all pairs, on the ring without repeated consecutive vertices.
      const clean = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
      if (clean.length < 4 || clean[clean.length - 1][0] !== clean[0][0] || clean[clean.length - 1][1] !== clean[0][1]) continue;
      const expected = turf.kinks(turf.polygon([clean])).features.map((f) => `${f.geometry.coordinates[0]},${f.geometry.coordinates[1]}`);
      const found = validatePolygon(polygon(ring))
        .filter((p) => p.kind === 'self_intersection')
        .map((p) => `${p.at![0]},${p.at![1]}`);
      expect([...new Set(found)].sort()).toEqual([...new Set(expected)].sort());
    }
  });
});
