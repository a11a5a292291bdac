import type { Geometry, Polygon } from 'geojson';
import { fromWgs84, haversineKm, wgs84ToGcj02 } from '@app/geo';
import type { ValidationContext } from '../context';
import type { ImportProblem } from '../problems';
import type { RawTable } from '../raw-table';
import { readSchools } from './schools';

const CITY: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [118.0, 28.2],
      [119.3, 28.2],
      [119.3, 29.5],
      [118.0, 29.5],
      [118.0, 28.2],
    ],
  ],
};
const WGS: ValidationContext = { crs: 'EPSG:4326', region: null, regionBbox: null };
const IN_CITY: ValidationContext = { crs: 'EPSG:4326', region: CITY, regionBbox: [118.0, 28.2, 119.3, 29.5] };

const GOOD = {
  code: 'S1',
  name: '衢州市实验小学',
  stages: '小学',
  ownership: '公办',
  lon: '118.87',
  lat: '28.94',
  township_code: '330802001',
  enrolment: '1,200',
  classes: '24',
  approved_seats: '1350',
};

function csvTable(rows: Record<string, unknown>[], extra: Record<string, unknown>[] = []): RawTable {
  return {
    file: 'schools.csv',
    layer: 'schools',
    format: 'csv',
    crs: 'EPSG:4326',
    rows: rows.map((values, i) => ({ position: i + 2, values, extra: extra[i] ?? {}, geometry: null })),
  };
}

function geoTable(features: [Record<string, unknown>, Geometry | null][]): RawTable {
  return {
    file: 'schools.geojson',
    layer: 'schools',
    format: 'geojson',
    crs: 'EPSG:4326',
    rows: features.map(([values, geometry], i) => ({ position: i, values, extra: {}, geometry })),
  };
}

function read(rows: Record<string, unknown>[], ctx = WGS) {
  const problems: ImportProblem[] = [];
  const items = readSchools(csvTable(rows), ctx, problems);
  return { items, problems, records: items.map((i) => i.record) };
}

/** Problems as [row, field, message] for compact exact assertions. */
const brief = (ps: ImportProblem[]) => ps.map((p) => [p.row ?? p.feature, p.field, p.message]);

describe('readSchools', () => {
  it('reads a good row into a complete record', () => {
    const problems: ImportProblem[] = [];
    const items = readSchools(csvTable([GOOD], [{ 备注: '城区' }]), WGS, problems);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        position: 2,
        record: {
          code: 'S1',
          name: '衢州市实验小学',
          stages: ['primary'],
          ownership: 'public',
          lon: 118.87,
          lat: 28.94,
          countyCode: '330802',
          townshipCode: '330802001',
          classesByGrade: {},
          enrolmentByGrade: {},
          enrolment: 1200,
          classes: 24,
          approvedSeats: 1350,
          classSizeNorm: null,
          maxClasses: null,
          boardingPlaces: 0,
          teachers: 0,
          indicators: null,
          status: 'open',
          openYear: null,
          closeYear: null,
          attributes: { 备注: '城区' },
        },
      },
    ]);
  });

  it('reads the optional fields', () => {
    const { records, problems } = read([
      {
        ...GOOD,
        county_code: '330803',
        class_size_norm: '45',
        max_classes: '30',
        boarding_places: '200',
        teachers: '80',
        status: '规划',
        open_year: '2015',
        close_year: '2030',
        qualified_teachers: '60',
        backbone_teachers: '12',
        pe_arts_teachers: '9',
        teaching_area_m2: '5200.5',
        sports_area_m2: '8000',
        equipment_value_cny: '1500000',
        multimedia_classrooms: '24',
      },
    ]);
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      countyCode: '330803',
      classSizeNorm: 45,
      maxClasses: 30,
      boardingPlaces: 200,
      teachers: 80,
      status: 'planned',
      openYear: 2015,
      closeYear: 2030,
      indicators: {
        qualifiedTeachers: 60,
        backboneTeachers: 12,
        peArtsTeachers: 9,
        teachingAreaM2: 5200.5,
        sportsAreaM2: 8000,
        equipmentValueCny: 1500000,
        multimediaClassrooms: 24,
      },
    });
  });

  it('leaves indicators null unless all seven are given', () => {
    const { records } = read([{ ...GOOD, qualified_teachers: '60', backbone_teachers: '12' }]);
    expect(records[0].indicators).toBeNull();
  });

  it.each([
    ['小学', ['primary']],
    ['幼儿园', ['kindergarten']],
    ['普通高中', ['senior']],
    ['特殊教育', ['special']],
    ['九年一贯制', ['primary', 'junior']],
    ['九年一贯制学校', ['primary', 'junior']],
    ['nine-year', ['primary', 'junior']],
    ['完全中学', ['junior', 'senior']],
    ['十二年一贯制', ['primary', 'junior', 'senior']],
    ['幼儿园;小学', ['kindergarten', 'primary']],
    ['九年一贯制、初中', ['primary', 'junior']],
    ['Primary | JUNIOR', ['primary', 'junior']],
  ])('stages %j → %j', (stages, expected) => {
    const { records, problems } = read([{ ...GOOD, stages }]);
    expect(problems).toEqual([]);
    expect(records[0].stages).toEqual(expected);
  });

  it.each(['小学校', 'constructor', 'toString'])('reports the unknown stage %j', (word) => {
    const { records, problems } = read([{ ...GOOD, stages: word }]);
    expect(records).toEqual([]);
    expect(problems).toEqual([
      {
        file: 'schools.csv',
        row: 2,
        code: 'S1',
        field: 'stages',
        message:
          `unknown stage "${word}" (expected kindergarten/幼儿园, primary/小学, junior/初中, senior/高中, special/特殊教育, 九年一贯制, ` +
          `完全中学, 十二年一贯制, 教学点; see docs/import-formats.md)`,
      },
    ]);
  });

  it('keeps the known stages of a list with an unknown one, reporting the unknown one', () => {
    const { records, problems } = read([{ ...GOOD, stages: '小学;大学' }]);
    expect(records.map((r) => r.stages)).toEqual([['primary']]);
    expect(brief(problems)).toEqual([[2, 'stages', expect.stringMatching(/^unknown stage "大学"/)]]);
  });

  describe('enrolment and classes by grade', () => {
    it('sums the grades when the totals are not given', () => {
      const { records, problems } = read([
        {
          ...GOOD,
          enrolment: undefined,
          classes: undefined,
          stages: '九年一贯制',
          enrol_g1: '50',
          enrol_g2: '45',
          enrol_g7: '60',
          enrol_g9: '0',
          classes_g1: '1',
          classes_g2: '1',
          classes_g7: '2',
        },
      ]);
      expect(problems).toEqual([]);
      expect(records[0]).toMatchObject({
        enrolmentByGrade: { '1': 50, '2': 45, '7': 60, '9': 0 },
        classesByGrade: { '1': 1, '2': 1, '7': 2 },
        enrolment: 155,
        classes: 4,
      });
    });

    it('keys kindergarten grades -2..0 and senior grades 10..12', () => {
      const { records, problems } = read([
        { ...GOOD, enrolment: undefined, enrol_k1: '20', enrol_k2: '25', enrol_k3: '30', enrol_g10: '40', enrol_g12: '35' },
      ]);
      expect(problems).toEqual([]);
      expect(records[0].enrolmentByGrade).toEqual({ '-2': 20, '-1': 25, '0': 30, '10': 40, '12': 35 });
      expect(records[0].enrolment).toBe(150);
    });

    it('accepts totals equal to the sums', () => {
      const { records, problems } = read([
        { ...GOOD, enrolment: '95', classes: '2', enrol_g1: '50', enrol_g2: '45', classes_g1: '1', classes_g2: '1' },
      ]);
      expect(problems).toEqual([]);
      expect([records[0].enrolment, records[0].classes]).toEqual([95, 2]);
    });

    it('reports totals that differ from the sums', () => {
      const { records, problems } = read([
        { ...GOOD, enrolment: '100', classes: '3', enrol_g1: '50', enrol_g2: '45', classes_g1: '1', classes_g2: '1' },
      ]);
      expect(records).toHaveLength(1); // reported, not dropped: the import is refused on any problem
      expect(brief(problems)).toEqual([
        [2, 'enrolment', 'total enrolment 100 does not equal the sum of the grades 95'],
        [2, 'classes', 'total classes 3 does not equal the sum of the grades 2'],
      ]);
    });

    it('requires enrolment when no grades are given', () => {
      const { records, problems } = read([{ ...GOOD, enrolment: '' }]);
      expect(records).toEqual([]);
      expect(brief(problems)).toEqual([[2, 'enrolment', 'required field is missing']]);
    });

    it('reports a bad grade count and a bad total without inventing a total', () => {
      const { records, problems } = read([{ ...GOOD, enrolment: 'many', enrol_g1: '-3', enrol_g2: '10' }]);
      expect(records).toEqual([]);
      expect(brief(problems)).toEqual([
        [2, 'enrol_g1', '-3 is below the minimum 0'],
        [2, 'enrolment', '"many" is not a number'],
      ]);
    });

    it('defaults classes to 0 without grades', () => {
      const { records } = read([{ ...GOOD, classes: undefined }]);
      expect(records[0].classes).toBe(0);
    });
  });

  it.each([
    [{ code: '' }, 'code', 'required field is missing'],
    [{ name: ' ' }, 'name', 'required field is missing'],
    [{ stages: undefined }, 'stages', 'required field is missing'],
    [{ stages: ';、' }, 'stages', '";、" names no stage'],
    [{ ownership: undefined }, 'ownership', 'required field is missing'],
    [{ ownership: '国有' }, 'ownership', 'unknown ownership "国有" (expected one of: public, inclusive_private, private)'],
    [{ ownership: 'constructor' }, 'ownership', 'unknown ownership "constructor" (expected one of: public, inclusive_private, private)'],
    [{ status: '休整' }, 'status', 'unknown status "休整" (expected one of: open, closed, planned)'],
    [{ lon: undefined }, 'lon', 'required field is missing'],
    [{ lat: '北纬28度' }, 'lat', '"北纬28度" is not a number'],
    [{ enrolment: '12.5' }, 'enrolment', '12.5 is not a whole number'],
    [{ enrolment: '-1' }, 'enrolment', '-1 is below the minimum 0'],
    [{ approved_seats: '-5' }, 'approved_seats', '-5 is below the minimum 0'],
    [{ class_size_norm: '0' }, 'class_size_norm', '0 is below the minimum 1'],
    [{ class_size_norm: '101' }, 'class_size_norm', '101 is above the maximum 100'],
    [{ class_size_norm: '45.5' }, 'class_size_norm', '45.5 is not a whole number'],
    [{ max_classes: '20' }, 'max_classes', 'building limit 20 is below the current 24 classes'],
    [{ boarding_places: 'x' }, 'boarding_places', '"x" is not a number'],
    [{ teachers: '-2' }, 'teachers', '-2 is below the minimum 0'],
    [{ open_year: '1900' }, 'open_year', '1900 is below the minimum 1949'],
    [{ open_year: '2015', close_year: '2010' }, 'close_year', 'closes (2010) before it opens (2015)'],
    [{ teaching_area_m2: '-1' }, 'teaching_area_m2', '-1 is below the minimum 0'],
  ])('reports bad %j', (change, field, message) => {
    const { problems } = read([{ ...GOOD, ...change }]);
    expect(problems).toEqual([
      { file: 'schools.csv', row: 2, ...((change as Record<string, unknown>).code === '' ? {} : { code: 'S1' }), field, message },
    ]);
  });

  it('reports every problem of a row in one pass, and other rows still validate', () => {
    const { records, problems } = read([GOOD, { code: 'S2', stages: '大学', ownership: '国有', lon: 'x' }, { ...GOOD, code: 'S3' }]);
    expect(records.map((r) => r.code)).toEqual(['S1', 'S3']);
    expect(brief(problems)).toEqual([
      [3, 'name', 'required field is missing'],
      [3, 'stages', expect.stringMatching(/^unknown stage "大学"/)],
      [3, 'ownership', expect.stringMatching(/^unknown ownership "国有"/)],
      [3, 'lon', '"x" is not a number'],
      [3, 'lat', 'required field is missing'],
      [3, 'enrolment', 'required field is missing'],
    ]);
    expect(problems.every((p) => p.code === 'S2')).toBe(true);
  });

  it('reports duplicate codes naming both rows', () => {
    const { problems } = read([GOOD, { ...GOOD, code: 'S2' }, GOOD]);
    expect(problems).toEqual([{ file: 'schools.csv', row: 4, field: 'code', code: 'S1', message: 'duplicate code "S1" (first at row 2)' }]);
  });

  describe('coordinates', () => {
    const TRUTH: [number, number] = [118.87234, 28.94121];
    const metres = (a: number[], b: number[]) => haversineKm(a, b) * 1000;

    it('converts GCJ-02 input to within 1 m of the WGS-84 truth', () => {
      const [gx, gy] = wgs84ToGcj02(TRUTH);
      expect(metres([gx, gy], TRUTH)).toBeGreaterThan(300); // the offset is real
      const { records, problems } = read([{ ...GOOD, lon: String(gx), lat: String(gy) }], { ...IN_CITY, crs: 'GCJ02' });
      expect(problems).toEqual([]);
      expect(metres([records[0].lon, records[0].lat], TRUTH)).toBeLessThan(1);
    });

    it('converts CGCS2000 Gauss-Kruger metres (EPSG:4549) to within 1 m', () => {
      const [x, y] = fromWgs84(TRUTH, 'EPSG:4549');
      const { records, problems } = read([{ ...GOOD, lon: x.toFixed(3), lat: y.toFixed(3) }], { ...IN_CITY, crs: 'EPSG:4549' });
      expect(problems).toEqual([]);
      expect(metres([records[0].lon, records[0].lat], TRUTH)).toBeLessThan(1);
    });

    it('reports degrees in a file declared in metres', () => {
      const { records, problems } = read([GOOD], { ...IN_CITY, crs: 'EPSG:4549' });
      expect(records).toEqual([]);
      expect(brief(problems)).toEqual([
        [2, 'lon', 'coordinate (118.87, 28.94) looks like degrees but the file declares EPSG:4549 (metres)'],
      ]);
    });

    it('reports metres in a file declared in degrees', () => {
      const { problems } = read([{ ...GOOD, lon: '406000', lat: '3203000' }]);
      expect(brief(problems)).toEqual([
        [2, 'lon', "coordinate (406000, 3203000) looks like projected metres, not degrees: declare the file's CRS (e.g. --crs EPSG:4549)"],
      ]);
    });

    it('reports swapped axes, with and without a region', () => {
      for (const ctx of [WGS, IN_CITY]) {
        const { records, problems } = read([{ ...GOOD, lon: '28.94', lat: '118.87' }], ctx);
        expect(records).toEqual([]);
        expect(brief(problems)).toEqual([[2, 'lon', 'coordinate (28.94, 118.87) looks like (lat, lon): swapped it is (118.87, 28.94)']]);
      }
    });

    it('reports out-of-range degrees', () => {
      const { problems } = read([{ ...GOOD, lon: '200', lat: '95' }]);
      expect(brief(problems)).toEqual([[2, 'lon', 'coordinate (200, 95) is outside lon -180..180 / lat -90..90']]);
    });

    it('reports a point outside the city boundary, after conversion', () => {
      const { records, problems } = read([{ ...GOOD, lon: '120.15', lat: '30.28' }], IN_CITY);
      expect(records).toEqual([]);
      expect(brief(problems)).toEqual([[2, 'lon', 'point 120.15000, 30.28000 (WGS-84) lies outside the city boundary']]);
    });

    it('accepts any plausible point without a region', () => {
      expect(read([{ ...GOOD, lon: '120.15', lat: '30.28' }]).problems).toEqual([]);
    });
  });

  describe('GeoJSON points', () => {
    it('reads the point geometry and reports by feature', () => {
      const problems: ImportProblem[] = [];
      const { lon: _lon, lat: _lat, ...props } = GOOD;
      const items = readSchools(
        geoTable([
          [props, { type: 'Point', coordinates: [118.87, 28.94] }],
          [
            { ...props, code: 'S2' },
            {
              type: 'LineString',
              coordinates: [
                [118.87, 28.94],
                [118.88, 28.95],
              ],
            },
          ],
          [
            { ...props, code: 'S3' },
            { type: 'Point', coordinates: [28.94, 118.87] },
          ],
          [{ ...props, code: 'S4' }, null],
          [props, { type: 'Point', coordinates: [118.88, 28.95] }],
        ]),
        IN_CITY,
        problems,
      );
      expect(items.map((i) => [i.position, i.record.code, i.record.lon, i.record.lat])).toEqual([
        [0, 'S1', 118.87, 28.94],
        [4, 'S1', 118.88, 28.95],
      ]);
      expect(problems).toEqual([
        { file: 'schools.geojson', feature: 1, code: 'S2', field: 'geometry', message: 'a school is a Point, got LineString' },
        {
          file: 'schools.geojson',
          feature: 2,
          code: 'S3',
          field: 'geometry',
          message: 'coordinate (28.94, 118.87) looks like (lat, lon): swapped it is (118.87, 28.94)',
        },
        { file: 'schools.geojson', feature: 3, code: 'S4', field: 'lon', message: 'required field is missing' },
        { file: 'schools.geojson', feature: 3, code: 'S4', field: 'lat', message: 'required field is missing' },
        { file: 'schools.geojson', feature: 4, code: 'S1', field: 'code', message: 'duplicate code "S1" (first at feature 0)' },
      ]);
    });
  });
});
