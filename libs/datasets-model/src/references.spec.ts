import { emptyRecords, type AreaRecord, type AreaLevel, type DatasetRecords, type Layer, type SchoolRecord } from '@app/domain';
import { schoolRecord } from '@app/testing';
import type { Polygon } from 'geojson';
import { checkReferences, type Locations } from './references';

const SQ: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
  ],
};
const area = (code: string, level: AreaLevel, parentCode: string | null): AreaRecord => ({
  code,
  name: code,
  level,
  parentCode,
  settlement: null,
  geometry: SQ,
});
const school = (code: string, townshipCode: string | null, countyCode: string | null): SchoolRecord =>
  schoolRecord({ code, townshipCode, countyCode });

/** A consistent version: city 330800 > county 330802 > township 330802001, one unit, one school, one district. */
function consistent(): DatasetRecords {
  return {
    ...emptyRecords(),
    areas: [area('330800', 'city', null), area('330802', 'county', '330800'), area('330802001', 'township', '330802')],
    districts: [{ code: 'D1', name: 'D1', watched: true, geometry: SQ }],
    units: [
      {
        code: 'U1',
        name: 'U1',
        townshipCode: '330802001',
        countyCode: '330802',
        settlement: 'urban',
        geometry: { type: 'Point', coordinates: [0, 0] },
      },
    ],
    schools: [school('S1', '330802001', '330802')],
    catchments: [{ code: 'C1', stage: 'primary', schoolCodes: ['S1'], unitCodes: ['U1'], geometry: null }],
    population: [{ unitCode: 'U1', year: 2024, population: 'resident', ages: Array(18).fill(1) }],
    births: [
      { areaCode: '330802001', year: 2023, births: 5, registeredBirths: null },
      { areaCode: 'U1', year: 2023, births: 1, registeredBirths: null },
    ],
    housing: [
      {
        code: 'H1',
        name: 'H1',
        townshipCode: '330802001',
        districtCode: 'D1',
        unitCode: 'U1',
        lon: 0,
        lat: 0,
        households: 1,
        type: 'commodity',
        phasing: { '2026': 1 },
        yields: { kindergarten: 0, primary: 0, junior: 0, senior: 0 },
      },
    ],
  };
}

const ALL = new Set<Layer>(['areas', 'districts', 'schools', 'catchments', 'units', 'population', 'births', 'housing']);

describe('checkReferences', () => {
  it('finds nothing in a consistent version', () => {
    expect(checkReferences(consistent(), ALL, new Map())).toEqual([]);
  });

  it('reports a missing parent area, located by the locations map', () => {
    const r = consistent();
    r.areas.push(area('330803', 'county', '330899'));
    const locations: Locations = new Map([['areas:330803', { file: 'areas.geojson', feature: 3 }]]);
    expect(checkReferences(r, new Set(['areas']), locations)).toEqual([
      { file: 'areas.geojson', feature: 3, code: '330803', field: 'parent_code', message: 'parent area "330899" does not exist' },
    ]);
    expect(checkReferences(r, new Set(['schools']), locations)).toEqual([]);
  });

  it('reports catchments naming missing schools and units when catchments, schools or units are touched', () => {
    const r = consistent();
    r.catchments.push({ code: 'C2', stage: 'junior', schoolCodes: ['S1', 'S9'], unitCodes: ['U9', 'U1'], geometry: null });
    const locations: Locations = new Map([['catchments:C2', { file: 'catchments.csv', row: 3 }]]);
    const expected = [
      { file: 'catchments.csv', row: 3, code: 'C2', field: 'school_codes', message: 'school "S9" does not exist' },
      { file: 'catchments.csv', row: 3, code: 'C2', field: 'unit_codes', message: 'population unit "U9" does not exist' },
    ];
    for (const touched of ['catchments', 'schools', 'units'] as const)
      expect(checkReferences(r, new Set([touched]), locations)).toEqual(expected);
    expect(checkReferences(r, new Set(['births']), locations)).toEqual([]);
  });

  it('names the previous version when a record was not imported now', () => {
    const r = consistent();
    r.catchments.push({ code: 'C2', stage: 'junior', schoolCodes: ['S9'], unitCodes: [], geometry: null });
    expect(checkReferences(r, new Set(['schools']), new Map())).toEqual([
      { file: '(catchments of the previous version)', code: 'C2', field: 'school_codes', message: 'school "S9" does not exist' },
    ]);
  });

  it('reports each missing population unit once', () => {
    const r = consistent();
    r.population.push(
      { unitCode: 'U9', year: 2024, population: 'resident', ages: Array(18).fill(0) },
      { unitCode: 'U9', year: 2024, population: 'registered', ages: Array(18).fill(0) },
    );
    const locations: Locations = new Map([
      ['population:U9/2024/resident', { file: 'population.csv', row: 3 }],
      ['population:U9/2024/registered', { file: 'population.csv', row: 4 }],
    ]);
    expect(checkReferences(r, new Set(['population']), locations)).toEqual([
      { file: 'population.csv', row: 3, code: 'U9', field: 'unit_code', message: 'population unit "U9" does not exist' },
    ]);
  });

  it('checks birth areas against areas and units, only when areas exist', () => {
    const r = consistent();
    r.births.push({ areaCode: 'X1', year: 2023, births: 1, registeredBirths: null });
    const locations: Locations = new Map([['births:X1/2023', { file: 'births.csv', row: 4 }]]);
    expect(checkReferences(r, new Set(['births']), locations)).toEqual([
      { file: 'births.csv', row: 4, code: 'X1', field: 'area_code', message: 'area "X1" does not exist' },
    ]);
    expect(checkReferences({ ...r, areas: [] }, new Set(['births']), locations)).toEqual([]);
  });

  it('checks housing units, districts and township level', () => {
    const r = consistent();
    r.housing.push({ ...r.housing[0], code: 'H2', unitCode: 'U9', districtCode: 'D9', townshipCode: '330802' });
    r.housing.push({ ...r.housing[0], code: 'H3', unitCode: null, districtCode: null });
    const locations: Locations = new Map([['housing:H2', { file: 'housing.csv', row: 3 }]]);
    expect(checkReferences(r, new Set(['housing']), locations)).toEqual([
      { file: 'housing.csv', row: 3, code: 'H2', field: 'unit_code', message: 'population unit "U9" does not exist' },
      { file: 'housing.csv', row: 3, code: 'H2', field: 'district_code', message: 'district "D9" does not exist' },
      { file: 'housing.csv', row: 3, code: 'H2', field: 'township_code', message: 'township "330802" does not exist' },
    ]);
    // without areas the township cannot be checked
    expect(checkReferences({ ...r, areas: [] }, new Set(['housing']), locations).map((p) => p.field)).toEqual([
      'unit_code',
      'district_code',
    ]);
  });

  it('checks school township and county levels, only when areas exist', () => {
    const r = consistent();
    r.schools.push(school('S2', '330802999', '330802001'), school('S3', null, null));
    const locations: Locations = new Map([['schools:S2', { file: 'schools.xlsx', row: 3 }]]);
    expect(checkReferences(r, new Set(['schools']), locations)).toEqual([
      { file: 'schools.xlsx', row: 3, code: 'S2', field: 'township_code', message: 'township "330802999" does not exist' },
      { file: 'schools.xlsx', row: 3, code: 'S2', field: 'county_code', message: 'county "330802001" does not exist' },
    ]);
    expect(checkReferences(r, new Set(['areas']), locations)).toHaveLength(2);
    expect(checkReferences({ ...r, areas: [] }, new Set(['schools']), locations)).toEqual([]);
  });

  it('checks unit townships when units or areas are touched', () => {
    const r = consistent();
    r.units.push({ ...r.units[0], code: 'U2', townshipCode: '330802002' });
    const locations: Locations = new Map([['units:U2', { file: 'units.geojson', feature: 1 }]]);
    const expected = [
      { file: 'units.geojson', feature: 1, code: 'U2', field: 'township_code', message: 'township "330802002" does not exist' },
    ];
    expect(checkReferences(r, new Set(['units']), locations)).toEqual(expected);
    expect(checkReferences(r, new Set(['areas']), locations)).toEqual(expected);
    expect(checkReferences(r, new Set(['housing']), locations)).toEqual([]);
  });
});
