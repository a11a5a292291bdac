import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';
import { crsOfGeoJson, fromWgs84, haversineKm, isProjectedCrs, parseCrs, type Crs } from '@app/geo';
import { CASES, IN_DIR, OUT_DIR, firstDifference, fixtureNames, readGeoJson, roundNumbers } from './fixtures';

const names = fixtureNames();

describe('golden fixtures (test/in -> test/out; regenerate with libs/geo/test/regenerate.ts)', () => {
  it('has a case for every fixture and a fixture for every case', () => {
    expect(names.filter((n) => !CASES[n])).toEqual([]);
    expect(Object.keys(CASES).filter((n) => !names.includes(n))).toEqual([]);
    expect(names.length).toBe(13);
  });

  it.each(names)('%s matches out/ and leaves its input untouched', (name) => {
    const outFile = join(OUT_DIR, `${name}.geojson`);
    expect(existsSync(outFile)).toBe(true);
    const input = readGeoJson(IN_DIR, name);
    const pristine = structuredClone(input);
    const actual = roundNumbers(CASES[name](input));
    expect(input).toEqual(pristine);
    const expected = JSON.parse(readFileSync(outFile, 'utf8')) as unknown;
    expect(firstDifference(actual, expected)).toBeNull();
  });
});

function points(fc: FeatureCollection<Geometry | null>): Position[] {
  return fc.features.filter((f) => f.geometry?.type === 'Point').map((f) => (f.geometry as Point).coordinates);
}

function metres(a: Position, b: Position, crs: Crs): number {
  return isProjectedCrs(crs) ? Math.hypot(a[0] - b[0], a[1] - b[1]) : haversineKm(a, b) * 1000;
}

describe('CRS fixtures in metres', () => {
  const conversions: [string, Crs][] = [
    ['to-wgs84-gcj02', 'GCJ02'],
    ['to-wgs84-bd09', 'BD09'],
    ['to-wgs84-epsg4549', 'EPSG:4549'],
    ['to-wgs84-epsg4509', 'EPSG:4509'],
    ['to-wgs84-epsg4498', 'EPSG:4498'],
  ];

  it.each(conversions)('%s: converting back from WGS-84 lands within 1 cm of the input', (name, crs) => {
    const input = readGeoJson(IN_DIR, name);
    const output = readGeoJson(OUT_DIR, name);
    if (crsOfGeoJson(input)) expect(crsOfGeoJson(input)).toBe(parseCrs(crs));
    const before = points(input);
    const after = points(output);
    expect(after).toHaveLength(before.length);
    before.forEach((p, i) => expect(metres(fromWgs84(after[i], crs), p, crs)).toBeLessThan(0.01));
  });

  it('GCJ-02 county seats move 570-600 m, BD-09 ones about 1.2 km', () => {
    const gcjIn = points(readGeoJson(IN_DIR, 'to-wgs84-gcj02'));
    const gcjOut = points(readGeoJson(OUT_DIR, 'to-wgs84-gcj02'));
    for (let i = 0; i < gcjIn.length; i++) {
      const m = haversineKm(gcjIn[i], gcjOut[i]) * 1000;
      expect(m).toBeGreaterThan(570);
      expect(m).toBeLessThan(600);
    }
    const bdIn = points(readGeoJson(IN_DIR, 'to-wgs84-bd09'));
    const bdOut = points(readGeoJson(OUT_DIR, 'to-wgs84-bd09'));
    for (let i = 0; i < bdIn.length; i++) {
      const m = haversineKm(bdIn[i], bdOut[i]) * 1000;
      expect(m).toBeGreaterThan(1000);
      expect(m).toBeLessThan(1400);
    }
  });

  it('the Kecheng seat comes out at the same place from GCJ-02, EPSG:4549, EPSG:4509 and EPSG:4498 (within 1 cm)', () => {
    const kecheng = (name: string) =>
      (readGeoJson(OUT_DIR, name).features.find((f) => f.properties?.code === '330802') as Feature<Point>).geometry.coordinates;
    const reference = kecheng('to-wgs84-gcj02');
    for (const name of ['to-wgs84-epsg4549', 'to-wgs84-epsg4509', 'to-wgs84-epsg4498']) {
      expect(haversineKm(kecheng(name), reference) * 1000).toBeLessThan(0.01);
    }
  });
});
