import type { CatchmentRecord, DemandRow, HousingProjectRecord, PopulationUnitRecord, SchoolRecord } from '@app/domain';
import type { Polygon } from 'geojson';
import { schoolRecord } from '@app/testing';
import { matchCatchments } from './catchment-matching';
import { resolveWarningConfig } from './config';
import { computeFigures, findFigure } from './figures';
import { runRules } from './evaluate-warnings';

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
const school: SchoolRecord = schoolRecord({
  code: 'S',
  lon: 0.5,
  lat: 0.5,
  countyCode: '330802',
  townshipCode: '330802001',
  approvedSeats: 800,
});
const unit = (code: string, x: number): PopulationUnitRecord => ({
  code,
  name: code,
  townshipCode: '330802001',
  countyCode: '330802',
  settlement: 'urban',
  geometry: { type: 'Point', coordinates: [x, 0.5] },
});
const row = (unitCode: string, resident: number): DemandRow => ({
  unitCode,
  stage: 'primary',
  year: 2025,
  resident,
  registered: resident,
  residentByGrade: [],
  registeredByGrade: [],
  fromHousing: 0,
});

describe('computeFigures', () => {
  // One school S (800 seats) serves two catchments A (x 0-1) and B (x 1-2); unit a (300 pupils) in A, b (100) in B.
  const catchments: CatchmentRecord[] = [
    { code: 'A', stage: 'primary', schoolCodes: ['S'], unitCodes: [], geometry: rect(0, 0, 1, 1) },
    { code: 'B', stage: 'primary', schoolCodes: ['S'], unitCodes: [], geometry: rect(1, 0, 2, 1) },
  ];
  const units = [unit('a', 0.5), unit('b', 1.5)];
  const housing: HousingProjectRecord[] = [
    {
      code: 'H',
      name: 'H',
      townshipCode: '330802001',
      districtCode: 'D',
      unitCode: null,
      lon: 1.5,
      lat: 0.5,
      households: 100,
      type: 'commodity',
      phasing: {},
      yields: { kindergarten: 0, primary: 0, junior: 0, senior: 0 },
    },
  ];
  const input = {
    schools: [school],
    catchments,
    units: [...units, { ...unit('bp', 1.5), geometry: rect(1.2, 0.2, 1.8, 0.8) }],
    demand: [row('a', 300), row('b', 100)],
    // District D covers unit a; housing project H (no unitCode) lies in unit bp.
    districts: [{ code: 'D', name: 'D', watched: true, geometry: rect(0, 0, 1, 1) }],
    housing,
  };
  const figures = computeFigures(input, matchCatchments(input));

  it('lends a school shared by two catchments its seats in proportion to their demand (no double counting)', () => {
    expect(findFigure(figures, 'catchment', 'A', 'primary', 2025)!.seats).toBe(600); // 800 x 300/400
    expect(findFigure(figures, 'catchment', 'B', 'primary', 2025)!.seats).toBe(200);
    expect(findFigure(figures, 'school', 'S', 'primary', 2025)!.resident.demand).toBe(400);
  });

  it('builds districts from points in the polygon and from housing projects', () => {
    expect(figures.districts[0].units).toEqual([
      { unitCode: 'a', via: 'point' },
      { unitCode: 'bp', via: 'housing' },
    ]);
    const d = findFigure(figures, 'district', 'D', 'primary', 2025)!;
    expect(d.resident.demand).toBe(300);
    expect(d.seats).toBe(800);
    expect(d.servingSchoolsDemand?.resident).toBe(400);
  });

  it("district rule: the serving schools' whole demand by default, the district units' own demand on request", () => {
    const own = runRules(
      input,
      figures,
      resolveWarningConfig({ district: { levels: [{ level: 'yellow', atLeast: 0.4 }], demandBasis: 'district_units' } }),
      2025,
    );
    expect(own.find((c) => c.rule === 'district')).toBeUndefined(); // 300 / 800 = 37.5% < 40%
    const all = runRules(input, figures, resolveWarningConfig({ district: { levels: [{ level: 'yellow', atLeast: 0.4 }] } }), 2025);
    expect(all.find((c) => c.rule === 'district')).toMatchObject({ level: 'yellow', value: 0.5, onsetYear: 2025 }); // 400 / 800
  });
});
