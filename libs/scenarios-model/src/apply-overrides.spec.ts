import { emptyRecords, type DatasetRecords, type SchoolRecord } from '@app/domain';
import type { Polygon } from 'geojson';
import { OverridesRejected, applyOverrides, projectionAssumptionsOf, validateOverrides } from './apply-overrides';

const school = (code: string, over: Partial<SchoolRecord> = {}): SchoolRecord => ({
  code,
  name: code,
  stages: ['primary'],
  ownership: 'public',
  lon: 118.9,
  lat: 28.9,
  countyCode: '330802',
  townshipCode: '330802001',
  classesByGrade: {},
  enrolmentByGrade: {},
  enrolment: 300,
  classes: 12,
  approvedSeats: 540,
  classSizeNorm: 45,
  maxClasses: 18,
  boardingPlaces: 0,
  teachers: 20,
  indicators: null,
  status: 'open',
  openYear: 1990,
  closeYear: null,
  ...over,
});

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

function base(): DatasetRecords {
  const r = emptyRecords();
  r.areas = [
    { code: '330802', name: '柯城区', level: 'county', parentCode: '330800', settlement: null, geometry: rect(118.8, 28.8, 119.0, 29.0) },
    { code: '330802001', name: '甲', level: 'township', parentCode: '330802', settlement: null, geometry: rect(118.8, 28.8, 118.95, 29.0) },
  ];
  r.units = [
    {
      code: 'U1',
      name: 'U1',
      townshipCode: '330802001',
      countyCode: '330802',
      settlement: 'urban',
      geometry: { type: 'Point', coordinates: [118.9, 28.9] },
    },
  ];
  r.schools = [school('S1'), school('S2', { stages: ['junior'], classSizeNorm: null, approvedSeats: 600 })];
  r.catchments = [{ code: 'C1', stage: 'primary', schoolCodes: ['S1'], unitCodes: ['U1'], geometry: null }];
  r.districts = [{ code: 'GTXC', name: '高铁新城', watched: true, geometry: { type: 'Polygon', coordinates: [] } }];
  r.housing = [
    {
      code: 'H1',
      name: 'H1',
      townshipCode: '330802001',
      districtCode: 'GTXC',
      unitCode: 'U1',
      lon: 118.9,
      lat: 28.9,
      households: 1000,
      type: 'commodity',
      phasing: { '2026': 400, '2027': 600 },
      yields: { kindergarten: 0.1, primary: 0.2, junior: 0.1, senior: 0.08 },
    },
  ];
  return r;
}

describe('validateOverrides', () => {
  it('names the field of an unknown school code and of a year outside the horizon', () => {
    try {
      validateOverrides({ schools: { close: [{ code: 'NOPE', year: 2040 }] } }, base(), 2024, 12);
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(OverridesRejected);
      expect((e as OverridesRejected).problems).toEqual([
        { field: 'schools.close[0].code', message: 'unknown school "NOPE"' },
        { field: 'schools.close[0].year', message: 'year 2040 is outside the projection horizon 2024-2036' },
      ]);
    }
  });

  it('refuses unknown keys and wrong types by path', () => {
    expect(() => validateOverrides({ births: { variant: 'huge' } }, base(), 2024, 12)).toThrow(/births\.variant/);
    expect(() => validateOverrides({ shools: {} }, base(), 2024, 12)).toThrow(/\(overrides\)|shools/);
    expect(() => validateOverrides({ housing: { rephase: [{ code: 'H1', phasing: { '2026': 1 } }] } }, base(), 2024, 12)).toThrow(
      /housing\.rephase\[0\]\.phasing: phasing adds up to 1, not 1000/,
    );
  });
});

describe('validateOverrides: where people slip', () => {
  const open = (lon: number, lat: number) => ({
    schools: {
      open: [{ code: 'N1', name: '新校', stages: ['primary'], lon, lat, townshipCode: '330802001', classes: 24, openYear: 2027 }],
    },
  });
  const problems = (o: unknown) => {
    try {
      validateOverrides(o, base(), 2024, 12);
      return [];
    } catch (e) {
      return (e as OverridesRejected).problems;
    }
  };
  it('refuses a new school outside the city or outside its township, naming the field', () => {
    expect(problems(open(120.5, 30.2))).toEqual([
      { field: 'schools.open[0].lon', message: '(120.5, 30.2) is outside the city (no county of the base version contains it)' },
    ]);
    expect(problems(open(118.97, 28.9))).toEqual([
      { field: 'schools.open[0].lon', message: '(118.97, 28.9) is outside township 330802001 (甲)' },
    ]);
    expect(problems(open(118.9, 28.9))).toEqual([]);
  });

  it('takes city-wide multipliers for births and migration (`all`)', () => {
    const o = validateOverrides({ births: { multipliers: { all: 0.9 } }, migration: { multipliers: { all: 1.1 } } }, base(), 2024, 12);
    expect(projectionAssumptionsOf(o)).toMatchObject({ birthMultiplier: { all: 0.9 }, migrationMultiplier: { all: 1.1 } });
  });
});

describe('applyOverrides', () => {
  it('closes, expands and opens schools, joining a catchment, without touching the base', () => {
    const b = base();
    const frozen = JSON.stringify(b);
    const o = validateOverrides(
      {
        schools: {
          close: [{ code: 'S1', year: 2027 }],
          expand: [{ code: 'S2', classes: 3 }],
          open: [
            {
              code: 'N1',
              name: '新校',
              stages: ['primary'],
              lon: 118.91,
              lat: 28.91,
              townshipCode: '330802001',
              classes: 24,
              openYear: 2027,
              joinCatchments: ['C1'],
            },
          ],
        },
      },
      b,
      2024,
      12,
    );
    const r = applyOverrides(b, o);
    expect(JSON.stringify(b)).toBe(frozen);
    expect(r.schools.find((s) => s.code === 'S1')!.closeYear).toBe(2027);
    const s2 = r.schools.find((s) => s.code === 'S2')!;
    expect([s2.classes, s2.approvedSeats]).toEqual([15, 750]); // junior default norm 50: 600 + 3 x 50
    const n1 = r.schools.find((s) => s.code === 'N1')!;
    expect([n1.approvedSeats, n1.openYear, n1.status]).toEqual([1080, 2027, 'planned']);
    expect(r.catchments[0].schoolCodes).toEqual(['S1', 'N1']);
  });

  it('scales a district housing pipeline keeping its phasing shape and total', () => {
    const o = validateOverrides({ housing: { scaleDistrict: [{ districtCode: 'GTXC', factor: 1.5 }] } }, base(), 2024, 12);
    const h = applyOverrides(base(), o).housing[0];
    expect(h.households).toBe(1500);
    expect(h.phasing).toEqual({ '2026': 600, '2027': 900 });
  });

  it('scales one housing project by its code, and names an unknown one', () => {
    const o = validateOverrides({ housing: { scale: [{ code: 'H1', factor: 0.5 }] } }, base(), 2024, 12);
    const h = applyOverrides(base(), o).housing[0];
    expect(h.households).toBe(500);
    expect(h.phasing).toEqual({ '2026': 200, '2027': 300 });
    expect(() => validateOverrides({ housing: { scale: [{ code: 'H9', factor: 2 }] } }, base(), 2024, 12)).toThrow(
      /housing\.scale\[0\]\.code: unknown housing project "H9"/,
    );
  });

  it('maps birth and migration assumptions to the projection', () => {
    const o = validateOverrides({ births: { variant: 'high', multipliers: { county: { '330802': 1.1 } } } }, base(), 2024, 12);
    expect(projectionAssumptionsOf(o)).toEqual({ birthExtension: 'high', birthMultiplier: { county: { '330802': 1.1 } } });
    expect(projectionAssumptionsOf({})).toEqual({ birthExtension: 'medium' });
  });
});
