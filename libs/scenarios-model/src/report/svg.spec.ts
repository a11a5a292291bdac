import type { Polygon, Position } from 'geojson';
import { displayRing, lineChartSvg, mapSvg, niceStep } from './svg';

const county = (n: number): Position[] => {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const r = 0.3 * (1 + 0.2 * Math.sin(7 * t) + 0.03 * Math.sin(211 * t));
    ring.push([118.9 + r * Math.cos(t), 29.0 + r * Math.sin(t)]);
  }
  return [...ring, ring[0]];
};

describe('mapSvg', () => {
  it('draws a 130,000-vertex county (the old Math.min(...points) overflowed the stack) with its vertices thinned for display', () => {
    const geometry: Polygon = { type: 'Polygon', coordinates: [county(130_000)] };
    const svg = mapSvg([{ polygons: [{ geometry, fill: '#eee', stroke: '#333', title: 'county' }] }], 760);
    const path = /<path d="([^"]+)" fill="#eee"/.exec(svg)![1];
    const vertices = path.split('L').length;
    // Bounds from every vertex: the outline spans the full width inside the 12-pixel margins (760 - 12 = 748).
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 760 \d+"/);
    expect(
      Math.max(
        ...path
          .replace(/[MZ]/g, '')
          .split('L')
          .map((p) => Number(p.split(',')[0])),
      ),
    ).toBeCloseTo(748, 0);
    expect(vertices).toBeGreaterThan(1000);
    expect(vertices).toBe(14_723);
    // The stored geometry is not touched.
    expect(geometry.coordinates[0]).toHaveLength(130_001);
  });

  it('keeps the first and last vertex and drops those within half a pixel of the last kept one', () => {
    const ring: Position[] = [
      [0, 0],
      [0.001, 0],
      [1, 0],
      [1, 1],
      [0.5, 1.003],
      [0, 0],
    ];
    expect(displayRing(ring, 0, 1, 100, 100)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0.5, 1.003],
      [0, 0],
    ]);
    // At 1,000 pixels a degree the second vertex is a pixel away: kept.
    expect(displayRing(ring, 0, 1, 1000, 1000)).toEqual(ring);
  });
});

describe('report SVG', () => {
  it('picks round steps: 1, 2 or 5 times a power of ten', () => {
    expect([niceStep(132_650), niceStep(6_000), niceStep(4_400), niceStep(9), niceStep(0)]).toEqual([50_000, 2_000, 2_000, 5, 1]);
  });

  it('draws axis ticks at round numbers up to the first tick above the data', () => {
    const svg = lineChartSvg('t', [2024, 2025], [{ name: 'a', values: [1759, 4420], color: '#000' }]);
    expect([...svg.matchAll(/data-tick="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([0, 2000, 4000, 6000]);
    expect(svg).toContain('>6,000<');
  });

  it('puts a legend, a round scale bar and a north arrow on the map', () => {
    // 0.1 degree of longitude at 28 N is 9.83 km over 736 px: a fifth is about 2 km.
    const svg = mapSvg(
      [
        {
          points: [
            { at: [117.5, 28.0], r: 2, fill: '#000' },
            { at: [117.6, 28.04], r: 2, fill: '#000' },
          ],
          labels: [{ at: [117.5, 28.0], text: '<b>x</b>' }],
        },
      ],
      760,
      [{ kind: 'point', fill: '#000', label: '学校' }],
    );
    expect(svg).toContain('data-scale-bar="2"');
    expect(svg).toContain('>2 km<');
    expect(svg).toContain('data-north-arrow');
    expect(svg).toContain('data-legend="1"');
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
