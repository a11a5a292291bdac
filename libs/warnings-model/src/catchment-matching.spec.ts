import type { CatchmentRecord, DemandRow, PopulationUnitRecord, SchoolRecord } from '@app/domain';
import type { Polygon } from 'geojson';
import { assignUnitsToCatchments, matchCatchments } from './catchment-matching';
import { buildSyntheticCity } from '@app/testing';

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
const unit = (code: string, geometry: PopulationUnitRecord['geometry']): PopulationUnitRecord => ({
  code,
  name: code,
  townshipCode: '330802001',
  countyCode: '330802',
  settlement: 'rural',
  geometry,
});
const catchment = (code: string, geometry: Polygon | null, unitCodes: string[] = []): CatchmentRecord => ({
  code,
  stage: 'primary',
  schoolCodes: [`S-${code}`],
  unitCodes,
  geometry,
});

describe('assignUnitsToCatchments', () => {
  const all = (units: PopulationUnitRecord[], catchments: CatchmentRecord[], tolerance?: number) =>
    assignUnitsToCatchments(units, catchments, ['primary'], new Set(units.map((u) => u.code)), { coverageTolerance: tolerance });

  it('splits a point on a shared border evenly and a polygon by area', () => {
    const cs = [catchment('W', rect(0, 0, 1, 1)), catchment('E', rect(1, 0, 2, 1))];
    const a = all([unit('pt', { type: 'Point', coordinates: [1, 0.5] }), unit('poly', rect(0.5, 0.2, 1.25, 0.4))], cs);
    const shares = (u: string) => a.shares.filter((s) => s.unitCode === u).map((s) => [s.catchmentCode, Number(s.share.toFixed(4))]);
    expect(shares('pt')).toEqual([
      ['W', 0.5],
      ['E', 0.5],
    ]);
    // 0.5 of 0.75 degrees of longitude west of the border, 0.25 east (same latitude band, so plane areas are exact).
    expect(shares('poly')).toEqual([
      ['W', 0.6667],
      ['E', 0.3333],
    ]);
    expect(a.unmatched).toEqual([]);
  });

  it('reports the part of a unit outside every catchment, and scales up slivers below the tolerance', () => {
    const cs = [catchment('W', rect(0, 0, 1, 1))];
    const a = all(
      [
        unit('half', rect(0.5, 0.2, 1.5, 0.4)),
        unit('sliver', rect(0.5, 0.2, 1.005, 0.4)),
        unit('out', { type: 'Point', coordinates: [5, 5] }),
      ],
      cs,
    );
    expect(a.unmatched.map((u) => [u.unitCode, u.reason, Number(u.uncoveredShare.toFixed(4))])).toEqual([
      ['half', 'partly_outside', 0.5],
      ['out', 'outside_catchments', 1],
    ]);
    expect(a.shares.find((s) => s.unitCode === 'sliver')?.share).toBe(1);
    expect(a.shares.find((s) => s.unitCode === 'half')?.share).toBeCloseTo(0.5, 6);
  });

  it('takes listed units directly, even without geometry, and splits a unit listed twice', () => {
    const cs = [catchment('L1', null, ['u1', 'u2']), catchment('L2', null, ['u2']), catchment('G', rect(0, 0, 1, 1))];
    const a = all([unit('u1', { type: 'Point', coordinates: [0.5, 0.5] }), unit('u3', { type: 'Point', coordinates: [0.5, 0.5] })], cs);
    const shares = a.shares.map((s) => `${s.unitCode}>${s.catchmentCode}:${s.share}:${s.method}`);
    expect(shares).toEqual(['u1>L1:1:listed', 'u3>G:1:point']);
    const b = assignUnitsToCatchments([], cs, ['primary'], new Set(['u2']));
    expect(b.shares.map((s) => `${s.catchmentCode}:${s.share}`)).toEqual(['L1:0.5', 'L2:0.5']);
    expect(b.diagnostics.unitsListedTwice).toEqual([{ unitCode: 'u2', stage: 'primary', catchmentCodes: ['L1', 'L2'] }]);
  });

  it('reports unknown units and stages without catchments', () => {
    const a = assignUnitsToCatchments([], [catchment('G', rect(0, 0, 1, 1))], ['primary', 'senior'], new Set(['ghost']));
    expect(a.unmatched.map((u) => `${u.stage}:${u.reason}`)).toEqual(['primary:unknown_unit', 'senior:no_catchments_for_stage']);
    expect(a.diagnostics.stagesWithoutCatchments).toEqual(['senior']);
  });
});

describe('matchCatchments on a synthetic city', () => {
  const city = buildSyntheticCity({ units: 300, catchments: 80, years: 4, seed: 7 });
  const frozen = JSON.stringify(city);
  const m = matchCatchments(city);

  it('does not mutate its input', () => {
    expect(JSON.stringify(city)).toBe(frozen);
  });

  it('gives every unit at most its whole demand, per stage', () => {
    const sum = new Map<string, number>();
    for (const s of m.shares) sum.set(`${s.unitCode}|${s.stage}`, (sum.get(`${s.unitCode}|${s.stage}`) ?? 0) + s.share);
    for (const u of m.unmatchedUnits) sum.set(`${u.unitCode}|${u.stage}`, (sum.get(`${u.unitCode}|${u.stage}`) ?? 0) + u.uncoveredShare);
    expect(sum.size).toBe(300 * 4);
    for (const v of sum.values()) expect(v).toBeCloseTo(1, 9);
  });

  it('conserves demand: flows + unserved + unmatched = total, per stage and year', () => {
    const total = new Map<string, number>();
    const add = (k: string, v: number): void => {
      total.set(k, (total.get(k) ?? 0) + v);
    };
    for (const r of city.demand) add(`${r.stage}|${r.year}|in`, r.resident);
    for (const f of m.flows) add(`${f.stage}|${f.year}|out`, f.demand.resident);
    for (const u of m.unservedCatchments) add(`${u.stage}|${u.year}|out`, u.demand.resident);
    for (const u of m.unmatched) add(`${u.stage}|${u.year}|out`, u.demand.resident);
    for (const stage of m.stages) {
      for (const year of m.years) expect(total.get(`${stage}|${year}|out`)).toBeCloseTo(total.get(`${stage}|${year}|in`) ?? 0, 6);
    }
    expect(m.unmatched.length).toBeGreaterThan(0); // the catchment tilings are inset: edge units are reported
  });

  it('sends demand only to open schools', () => {
    const byCode = new Map(city.schools.map((s) => [s.code, s]));
    for (const f of m.flows) {
      const s = byCode.get(f.schoolCode) as SchoolRecord;
      expect(s.status === 'closed' || (s.closeYear !== null && s.closeYear <= f.year) || (s.openYear !== null && s.openYear > f.year)).toBe(
        false,
      );
    }
  });
});

describe('matchCatchments options', () => {
  it('restricts stages and years', () => {
    const demand: DemandRow[] = [2025, 2026].map((year) => ({
      unitCode: 'u',
      stage: 'primary',
      year,
      resident: 60,
      registered: 60,
      residentByGrade: [],
      registeredByGrade: [],
      fromHousing: 0,
    }));
    const m = matchCatchments(
      {
        schools: [],
        catchments: [catchment('G', rect(0, 0, 1, 1))],
        units: [unit('u', { type: 'Point', coordinates: [0.5, 0.5] })],
        demand,
      },
      { years: [2026] },
    );
    expect(m.years).toEqual([2026]);
    // Without grade arrays the entry grade is 1/6 of primary; S-G is unknown: reported, demand kept unserved.
    expect(m.catchmentDemand).toEqual([
      {
        catchmentCode: 'G',
        stage: 'primary',
        year: 2026,
        demand: { resident: 60, registered: 60, intakeResident: 10, intakeRegistered: 10 },
        openSchoolCodes: [],
      },
    ]);
    expect(m.diagnostics.unknownSchools).toEqual([{ catchmentCode: 'G', schoolCode: 'S-G' }]);
    expect(m.unservedCatchments).toHaveLength(1);
  });
});
