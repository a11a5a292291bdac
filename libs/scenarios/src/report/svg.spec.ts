import { lineChartSvg, mapSvg, niceStep } from './svg';

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
    const svg = mapSvg([{ points: [{ at: [117.5, 28.0], r: 2, fill: '#000' }, { at: [117.6, 28.04], r: 2, fill: '#000' }], labels: [{ at: [117.5, 28.0], text: '<b>x</b>' }] }], 760, [{ kind: 'point', fill: '#000', label: '学校' }]);
    expect(svg).toContain('data-scale-bar="2"');
    expect(svg).toContain('>2 km<');
    expect(svg).toContain('data-north-arrow');
    expect(svg).toContain('data-legend="1"');
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
