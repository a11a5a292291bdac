/**
 * The world of a run, on a hand-computed toy (primary only, years 2026-2028, target year 2027):
 *
 *   catchments (listed units, no geometry)  C1 -> S1, C2 -> S2, C3 -> S3
 *   units (points)  U1 at lon 118.80 (C1, 100 pupils a year), U2 at 118.81 (C2, 60), U3 at 118.90 (C3, 40)
 *   schools (primary, 6 classes x 45 = 270 seats)  S1 at 118.800, S2 at 118.810 (40 seats: approved 40), S3 at 118.900
 *   S1 is 1 km from U2 as the crow flies (1.3 road km), S3 is ~9.7 km away (12.7 road km: out of the 5 km day limit).
 */
import type { CatchmentRecord, DemandRow, PopulationUnitRecord, SchoolRecord } from '@app/domain';
import { evaluateWarnings } from './evaluate-warnings';
import { evaluateDecisions } from './evaluate-world';
import { findFigure } from './figures';
import { buildSyntheticCity, schoolRecord } from '@app/testing';
import { enrolmentFactorsOf } from './enrolment-factor';
import { buildRunWorld, noDecisions, worldTotals, type PlanDecisions } from './world';

const LAT = 28.9;
const unit = (code: string, lon: number): PopulationUnitRecord => ({
  code,
  name: `村${code}`,
  townshipCode: '330802001',
  countyCode: '330802',
  settlement: 'rural',
  geometry: { type: 'Point', coordinates: [lon, LAT] },
});
const school = (code: string, lon: number, over: Partial<SchoolRecord> = {}): SchoolRecord =>
  schoolRecord({
    code,
    lon,
    lat: LAT,
    stages: ['primary'],
    classes: 6,
    approvedSeats: 270,
    enrolment: 0,
    countyCode: '330802',
    townshipCode: '330802001',
    ...over,
  });
const catchment = (code: string, unitCode: string, schoolCode: string): CatchmentRecord => ({
  code,
  stage: 'primary',
  schoolCodes: [schoolCode],
  unitCodes: [unitCode],
  geometry: null,
});
const demand = (unitCode: string, pupils: number): DemandRow[] =>
  [2026, 2027, 2028].map((year) => ({
    unitCode,
    stage: 'primary',
    year,
    resident: pupils,
    registered: pupils,
    residentByGrade: Array(6).fill(pupils / 6),
    registeredByGrade: Array(6).fill(pupils / 6),
    fromHousing: 0,
  }));

const input = {
  schools: [school('S1', 118.8), school('S2', 118.81, { approvedSeats: 40 }), school('S3', 118.9)],
  units: [unit('U1', 118.8), unit('U2', 118.81), unit('U3', 118.9)],
  catchments: [catchment('C1', 'U1', 'S1'), catchment('C2', 'U2', 'S2'), catchment('C3', 'U3', 'S3')],
  demand: [...demand('U1', 100), ...demand('U2', 60), ...demand('U3', 40)],
};

describe('buildRunWorld', () => {
  it('without decisions places every pupil through the catchments', () => {
    const w = buildRunWorld(input, noDecisions(2027));
    const pupils = (code: string, year: number) => w.schoolsByYear(year).find((s) => s.code === code)?.stages.primary?.pupils;
    expect([pupils('S1', 2027), pupils('S2', 2027), pupils('S3', 2027)]).toEqual([100, 60, 40]);
    expect(worldTotals(w, 'primary', 2027)).toEqual({ stage: 'primary', year: 2027, projection: 200, atSchools: 200, noSeat: 0, ok: true });
  });

  it('a closure from 2027 leaves the school with 0 seats and 0 pupils and re-seats its pupils at the nearest school with room', () => {
    const w = buildRunWorld(input, {
      targetYear: 2027,
      closures: [{ schoolCode: 'S2', reason: 'manual' }],
      transfers: [],
      addedClasses: [],
    });
    const at = (year: number) => Object.fromEntries(w.schoolsByYear(year).map((s) => [s.code, s.stages.primary]));
    // 2026: S2 still teaches.
    expect(at(2026).S2).toEqual({ seats: 40, classes: 6, pupils: 60 });
    // 2027 on: S2 closed; U2's 60 pupils go to S1 (1.3 road km, 270 - 100 = 170 seats free).
    expect(at(2027).S2).toEqual({ seats: 0, classes: 0, pupils: 0 });
    expect(at(2027).S1).toEqual({ seats: 270, classes: 6, pupils: 160 });
    expect(w.schoolsByYear(2028).find((s) => s.code === 'S2')).toMatchObject({ status: 'closed', closedBy: 'manual' });
    expect(w.noSeat).toEqual([]);
    // Where the closed school's pupils went, by year: U2's 60 at S1 in 2027 and 2028 (C2 has no other school).
    expect(w.reseated).toEqual(
      [2027, 2028].map((year) => ({ fromSchool: 'S2', toSchool: 'S1', stage: 'primary', year, pupils: 60, via: 'nearest' })),
    );
    expect(w.conservation.every((c) => c.ok && c.projection === 200)).toBe(true);
  });

  it("re-seats a closed school's pupils at its catchment's other school first, and records them apart", () => {
    // C2 served by S2 (40 seats) and S3 (270): U2's 60 split 40:270, so 60 x 40/310 = 7.742 at S2 until it closes.
    const shared = {
      ...input,
      catchments: [catchment('C1', 'U1', 'S1'), { ...catchment('C2', 'U2', 'S2'), schoolCodes: ['S2', 'S3'] }, catchment('C3', 'U3', 'S3')],
    };
    const w = buildRunWorld(shared, {
      targetYear: 2027,
      closures: [{ schoolCode: 'S2', year: 2027, reason: 'manual' }],
      transfers: [],
      addedClasses: [],
    });
    expect(w.reseated.map((r) => [r.year, r.fromSchool, r.toSchool, r.via, Math.round(r.pupils * 1000) / 1000])).toEqual([
      [2027, 'S2', 'S3', 'catchment', 7.742],
      [2028, 'S2', 'S3', 'catchment', 7.742],
    ]);
    expect(w.schoolsByYear(2027).find((s) => s.code === 'S3')?.stages.primary?.pupils).toBeCloseTo(100, 9);
  });

  it('dissolves the catchment of a closed school (no 0-seat catchment figure or alert) and says where its pupils are', () => {
    const w = buildRunWorld(input, {
      targetYear: 2027,
      closures: [{ schoolCode: 'S2', reason: 'manual' }],
      transfers: [],
      addedClasses: [],
    });
    const c2 = (year: number) => w.match.catchmentDemand.filter((c) => c.catchmentCode === 'C2' && c.year === year).length;
    // 2026: C2 still has S2; from 2027 it has no school and no figures; U2's 60 pupils are at S1 ('nearest').
    expect([c2(2026), c2(2027), c2(2028)]).toEqual([1, 0, 0]);
    expect(w.match.unservedCatchments).toEqual([]);
    expect(w.placementAt('U2', 'primary', 2026)).toEqual([{ schoolCode: 'S2', share: 1 }]);
    expect(w.placementAt('U2', 'primary', 2027)).toEqual([{ schoolCode: 'S1', share: 1 }]);
    // C2's own alerts (S2's 40 seats for 60 pupils; registered and resident) read 2026 only: from 2027 it has no
    // figures to be short of.
    const alerts = evaluateDecisions(input, w.decisions, { evaluationYear: 2026 }).candidates.filter(
      (c) => c.subjectType === 'catchment' && c.subjectCode === 'C2',
    );
    expect(alerts.map((c) => [c.level, (c.details.series as { year: number }[]).map((x) => x.year)])).toEqual([
      ['red', [2026]],
      ['red', [2026]],
    ]);
  });

  it('enrolment factors: enrolment today / matched pupils in the first year, 1 without enrolment on record', () => {
    // S1 enrols 90 of its 100 matched pupils: 0.9; S2 has no enrolment on record (0): its matched pupils count, 1.
    const w = buildRunWorld(
      {
        ...input,
        schools: [
          school('S1', 118.8, { enrolment: 90 }),
          school('S2', 118.81, { approvedSeats: 40 }),
          school('S3', 118.9, { enrolment: 50 }),
        ],
      },
      noDecisions(2027),
    );
    const f = enrolmentFactorsOf(w);
    expect([f('S1', 'primary'), f('S2', 'primary'), f('S3', 'primary')]).toEqual([0.9, 1, 1.25]);
  });

  it('names the village when no school with room is within the travel limit', () => {
    // S1 full (approved 100 seats for U1's 100): U2's pupils have no seat within 5 km; S3 is 12.7 km away.
    const full = {
      ...input,
      schools: [school('S1', 118.8, { approvedSeats: 100 }), school('S2', 118.81, { approvedSeats: 40 }), school('S3', 118.9)],
    };
    const w = buildRunWorld(full, { targetYear: 2027, closures: [{ schoolCode: 'S2' }], transfers: [], addedClasses: [] });
    expect(w.noSeat.filter((n) => n.year === 2027)).toEqual([
      { unitCode: 'U2', unitName: '村U2', stage: 'primary', year: 2027, pupils: 60, reason: 'no_school_in_reach', closedSchool: 'S2' },
    ]);
    expect(worldTotals(w, 'primary', 2027)).toEqual({
      stage: 'primary',
      year: 2027,
      projection: 200,
      atSchools: 140,
      noSeat: 60,
      ok: true,
    });
    // With a 15 km limit S3 (12.7 road km) takes them.
    const far = buildRunWorld(
      full,
      { targetYear: 2027, closures: [{ schoolCode: 'S2' }], transfers: [], addedClasses: [] },
      { travelKm: { primary: 15 } },
    );
    expect(far.noSeat).toEqual([]);
    expect(far.schoolsByYear(2027).find((s) => s.code === 'S3')?.stages.primary?.pupils).toBeCloseTo(100, 9);
  });

  it('applies plan transfers and added classes from their year, as shares of the target-year pupils', () => {
    const plan: PlanDecisions = {
      targetYear: 2027,
      closures: [{ schoolCode: 'S2', year: 2027, reason: 'merge' }],
      // 45 of U2's 60 pupils to S3 from 2028 (the plan counted them in 2027), the rest re-seated.
      transfers: [{ unitCode: 'U2', stage: 'primary', fromSchool: 'S2', toSchool: 'S3', pupils: 45, year: 2028, reason: 'merge' }],
      addedClasses: [{ schoolCode: 'S3', stage: 'primary', classes: 2, year: 2028 }],
    };
    const w = buildRunWorld(input, plan);
    const s3 = (year: number) => w.schoolsByYear(year).find((s) => s.code === 'S3')?.stages.primary;
    expect(s3(2027)).toEqual({ seats: 270, classes: 6, pupils: 40 });
    // 2028: 270 + 2 x 45 = 360 seats; 40 own + 45 transferred.
    expect(s3(2028)).toEqual({ seats: 360, classes: 8, pupils: 85 });
    // 2027 (no transfer yet): all 60 re-seated at S1; 2028: the other 15.
    expect(w.schoolsByYear(2027).find((s) => s.code === 'S1')?.stages.primary?.pupils).toBe(160);
    expect(w.schoolsByYear(2028).find((s) => s.code === 'S1')?.stages.primary?.pupils).toBeCloseTo(115, 9);
    // Re-seated by the world (not the plan's transfer): 60 in 2027, the 15 the transfer left in 2028.
    expect(w.reseated.map((r) => [r.year, r.toSchool, Math.round(r.pupils * 1e9) / 1e9])).toEqual([
      [2027, 'S1', 60],
      [2028, 'S1', 15],
    ]);
    expect(w.conservation.every((c) => c.ok)).toBe(true);
  });

  it('evaluates figures and warnings on the world: the closed school has 0 seats and 0 demand', () => {
    const ev = evaluateDecisions(
      input,
      { targetYear: 2027, closures: [{ schoolCode: 'S2' }], transfers: [], addedClasses: [] },
      { evaluationYear: 2026 },
    );
    const f = findFigure(ev.figures, 'school', 'S2', 'primary', 2027);
    expect([f?.seats, f?.resident.demand, f?.open]).toEqual([0, 0, false]);
    expect(findFigure(ev.figures, 'school', 'S1', 'primary', 2027)?.resident.demand).toBe(160);
    // Township: 200 pupils, seats 270 + 270 (S2 closed) = 540.
    expect(findFigure(ev.figures, 'township', '330802001', 'primary', 2027)?.seats).toBe(540);
  });

  it('with no decisions gives the same figures and alerts as catchment matching (the automatic warnings)', () => {
    const city = buildSyntheticCity({ units: 200, catchments: 60, years: 5, seed: 11 });
    const a = evaluateWarnings(city, { evaluationYear: 2025 });
    const b = evaluateDecisions(city, noDecisions(2027), { evaluationYear: 2025 });
    expect(b.figures.rows.length).toBe(a.figures.rows.length);
    for (const f of a.figures.rows) {
      const g = findFigure(b.figures, f.subjectType, f.subjectCode, f.stage, f.year);
      expect(g?.seats).toBeCloseTo(f.seats, 6);
      expect(g?.resident.demand).toBeCloseTo(f.resident.demand, 6);
    }
    expect(b.candidates.map((c) => `${c.rule}|${c.subjectCode}|${c.level}`).sort()).toEqual(
      a.candidates.map((c) => `${c.rule}|${c.subjectCode}|${c.level}`).sort(),
    );
    expect(b.world.conservation.every((c) => c.ok)).toBe(true);
  });
});
