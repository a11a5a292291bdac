import { CrsError, SUPPORTED_CRS, crsOfGeoJson, isProjectedCrs, parseCrs } from './parse-crs';

describe('parseCrs', () => {
  it.each([
    ['EPSG:4326', 'EPSG:4326'],
    ['epsg:4326', 'EPSG:4326'],
    ['4326', 'EPSG:4326'],
    ['WGS84', 'EPSG:4326'],
    ['wgs 84', 'EPSG:4326'],
    ['WGS-84', 'EPSG:4326'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['CRS84', 'EPSG:4326'],
    ['EPSG:4490', 'EPSG:4490'],
    ['cgcs2000', 'EPSG:4490'],
    ['CGCS 2000', 'EPSG:4490'],
    ['gcj02', 'GCJ02'],
    ['GCJ-02', 'GCJ02'],
    ['gcj_02', 'GCJ02'],
    ['高德', 'GCJ02'],
    ['bd09', 'BD09'],
    ['BD-09', 'BD09'],
    ['bd09ll', 'BD09'],
    ['EPSG:4548', 'EPSG:4548'],
    ['EPSG:4549', 'EPSG:4549'],
    [' EPSG::4549 ', 'EPSG:4549'],
    ['urn:ogc:def:crs:EPSG::4549', 'EPSG:4549'],
    ['urn:ogc:def:crs:EPSG:9.8.15:4549', 'EPSG:4549'],
    ['http://www.opengis.net/def/crs/EPSG/0/4549', 'EPSG:4549'],
    ['EPSG:4509', 'EPSG:4509'],
    ['EPSG:4498', 'EPSG:4498'],
  ])('%s -> %s', (text, crs) => {
    expect(parseCrs(text)).toBe(crs);
  });

  it('accepts every canonical name as is', () => {
    for (const crs of SUPPORTED_CRS) expect(parseCrs(crs)).toBe(crs);
  });

  it('names the unknown value in the error', () => {
    expect(() => parseCrs('EPSG:9999')).toThrow(CrsError);
    expect(() => parseCrs('EPSG:9999')).toThrow(/Unknown CRS "EPSG:9999"; accepted: EPSG:4326/);
    expect(() => parseCrs('mercator')).toThrow(/"mercator"/);
    expect(() => parseCrs('')).toThrow(CrsError);
    try {
      parseCrs('nope');
    } catch (e) {
      expect((e as CrsError).value).toBe('nope');
    }
  });

  it('explains why legacy datums and Baidu Mercator are refused', () => {
    expect(() => parseCrs('EPSG:2385')).toThrow(/Unsupported CRS "EPSG:2385": Xian 1980/);
    expect(() => parseCrs('EPSG:2437')).toThrow(/Beijing 1954/);
    expect(() => parseCrs('BD09MC')).toThrow(/Baidu Mercator/);
  });

  it('knows which CRSs are in metres', () => {
    expect(SUPPORTED_CRS.filter(isProjectedCrs)).toEqual(['EPSG:4548', 'EPSG:4549', 'EPSG:4509', 'EPSG:4498']);
  });
});

describe('crsOfGeoJson', () => {
  it('reads the legacy crs member by name or code', () => {
    expect(crsOfGeoJson({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } } })).toBe(
      'EPSG:4549',
    );
    expect(crsOfGeoJson({ crs: { type: 'EPSG', properties: { code: 4548 } } })).toBe('EPSG:4548');
    expect(crsOfGeoJson({ crs: 'GCJ02' })).toBe('GCJ02');
  });

  it('returns null when there is no crs member', () => {
    expect(crsOfGeoJson({ type: 'FeatureCollection', features: [] })).toBeNull();
    expect(crsOfGeoJson({ crs: null })).toBeNull();
    expect(crsOfGeoJson(null)).toBeNull();
    expect(crsOfGeoJson('text')).toBeNull();
  });

  it('throws on a crs member it cannot read', () => {
    expect(() => crsOfGeoJson({ crs: { type: 'name', properties: { name: 'EPSG:3857' } } })).toThrow(/"EPSG:3857"/);
    expect(() => crsOfGeoJson({ crs: { type: 'link', properties: { href: 'x' } } })).toThrow(CrsError);
  });
});
