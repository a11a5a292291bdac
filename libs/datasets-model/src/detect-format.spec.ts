import { formatFromName, sniffFormat } from './detect-format';

describe('formatFromName', () => {
  it.each([
    ['schools.csv', 'csv'],
    ['SCHOOLS.CSV', 'csv'],
    ['births.txt', 'csv'],
    ['schools.xlsx', 'xlsx'],
    ['Schools.XLSX', 'xlsx'],
    ['areas.geojson', 'geojson'],
    ['areas.json', 'geojson'],
    ['dir/quzhou-areas.v2.GeoJSON', 'geojson'],
  ])('%s → %s', (name, format) => {
    expect(formatFromName(name)).toBe(format);
  });

  it.each(['schools.xls', 'schools.shp', 'schools.zip', 'schools', 'schools.csv.gz', ''])('%s is not an import format', (name) => {
    expect(formatFromName(name)).toBeNull();
  });
});

describe('sniffFormat', () => {
  it('recognises the ZIP magic of XLSX', () => {
    expect(sniffFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe('xlsx');
  });

  it('does not take a partial ZIP magic for XLSX', () => {
    expect(sniffFormat(Buffer.from('PK\x03'))).toBe('csv');
    expect(sniffFormat(Buffer.from('PK,name\n'))).toBe('csv');
  });

  it('recognises JSON objects, after whitespace and a BOM', () => {
    expect(sniffFormat(Buffer.from('{"type":"FeatureCollection"}'))).toBe('geojson');
    expect(sniffFormat(Buffer.from(' \r\n\t {"a":1}'))).toBe('geojson');
    expect(sniffFormat(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n{}')]))).toBe('geojson');
  });

  it('takes other text (including a JSON array) for CSV', () => {
    expect(sniffFormat(Buffer.from('学校代码,学校名称\nS1,一小\n'))).toBe('csv');
    expect(sniffFormat(Buffer.from('[1,2]'))).toBe('csv');
    expect(sniffFormat(Buffer.alloc(0))).toBe('csv');
  });

  it('calls NUL bytes in the first 4 KiB binary', () => {
    expect(sniffFormat(Buffer.from([0x61, 0x00, 0x62]))).toBe('binary');
    // UTF-16LE text is full of NULs
    expect(sniffFormat(Buffer.from('code,name', 'utf16le'))).toBe('binary');
  });

  it('only probes the first 4 KiB for NULs', () => {
    const bytes = Buffer.concat([Buffer.alloc(4096, 0x61), Buffer.from([0])]);
    expect(sniffFormat(bytes)).toBe('csv');
  });
});
