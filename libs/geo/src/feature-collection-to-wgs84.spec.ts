import type { FeatureCollection, Point } from 'geojson';
import { featureCollectionToWgs84 } from './feature-collection-to-wgs84';
import { haversineKm } from './haversine-km';

function sample(): FeatureCollection<Point> & { crs?: unknown; name?: string } {
  return {
    type: 'FeatureCollection',
    name: 'schools',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } },
    bbox: [389000, 3203000, 390000, 3204000],
    features: [
      {
        type: 'Feature',
        id: 'S1',
        bbox: [389665.276, 3203995.108, 389665.276, 3203995.108],
        properties: { code: 'S1', tags: ['primary'] },
        geometry: { type: 'Point', coordinates: [389665.276, 3203995.108] },
      },
    ],
  };
}

describe('featureCollectionToWgs84', () => {
  it("uses the file's crs member when no CRS is given, and drops crs and bbox members", () => {
    const out = featureCollectionToWgs84(sample()) as ReturnType<typeof sample>;
    expect(haversineKm(out.features[0].geometry.coordinates, [118.868261434, 28.947654917]) * 1000).toBeLessThan(0.01);
    expect(out.crs).toBeUndefined();
    expect(out.bbox).toBeUndefined();
    expect(out.features[0].bbox).toBeUndefined();
    expect(out.name).toBe('schools');
    expect(out.features[0].id).toBe('S1');
  });

  it('lets an explicit CRS override the crs member', () => {
    const fc = sample();
    fc.features[0].geometry.coordinates = [118.873041, 28.944539];
    const out = featureCollectionToWgs84(fc, 'GCJ02');
    expect(haversineKm(out.features[0].geometry.coordinates, [118.868261434, 28.947654917]) * 1000).toBeLessThan(0.01);
  });

  it('defaults to WGS-84 without crs member', () => {
    const fc: FeatureCollection<Point> = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [118.87, 28.94] } }],
    };
    expect(featureCollectionToWgs84(fc).features[0].geometry.coordinates).toEqual([118.87, 28.94]);
  });

  it('does not mutate the input and shares no objects with it', () => {
    const fc = sample();
    const before = structuredClone(fc);
    const out = featureCollectionToWgs84(fc);
    expect(fc).toEqual(before);
    expect(out.features[0].properties).not.toBe(fc.features[0].properties);
    (out.features[0].properties as { tags: string[] }).tags.push('junior');
    expect(fc.features[0].properties).toEqual({ code: 'S1', tags: ['primary'] });
  });
});
