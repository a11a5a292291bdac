/**
 * A worked toy city, every expected number computed by hand below (evaluation year 2025, years 2025-2029,
 * primary looks ahead 3 years (2025-2028), junior 1 year (2025-2026)).
 *
 * Map (lon 118.80-118.90, lat 28.90-28.95), county 330802, townships T1 = 330802001 (west), T2 = 330802002 (east):
 *   primary catchments  P1 = lon 118.80-118.84 (schools S1, S3)   P2 = lon 118.84-118.87 (S2, closes 2028)
 *                       P3 = lists units U4, U5, no geometry (S4 nine-year, S5 planned, opens 2029)
 *   junior catchments   J2 = lon 118.80-118.82 (S6)              J1 = lon 118.82-118.90 (S4)
 *   units  U1 polygon 118.81-118.83 (T1): all in P1; half in J2, half in J1
 *          U2 polygon 118.83-118.85 (T1): half in P1, half in P2
 *          U3 point 118.86 (T2): P2          U4 point 118.88 (T2): listed by P3, in J1, in the district
 *          U5 polygon 118.875-118.895 (T2): listed by P3, in J1, centroid in the district
 *          U6 point 118.895, lat 28.905 (T2): in no primary catchment (reported), outside the district
 *   district 高铁新城 GTXC = lon 118.87-118.90, lat 28.915-28.95 (watched)
 *
 * Seats (norm 45 primary, 50 junior):
 *   S1 approved 540 -> intake 540/6 = 90          S3 approved 270 -> intake 45
 *   S2 approved 0, 6 classes -> 6 x 45 = 270, intake 45 (closed from 2028)
 *   S4 approved 900, 2 classes in each of grades 1-9: primary 900 x 12/18 = 600 (intake 100), junior 300 (intake 100)
 *   S5 approved 270 (intake 45), opens 2029        S6 junior approved 450 -> intake 150
 */
import type { CatchmentRecord, DemandRow, DistrictRecord, PopulationUnitRecord, ProjectedStage, SchoolRecord } from '@app/domain';
import { schoolRecord } from '@app/testing';
import type { Polygon } from 'geojson';
import { diffAlerts } from './alert-diff';
import { evaluateWarnings } from './evaluate-warnings';
import { findFigure } from './figures';
import { computeIndicators } from './indicators';
import type { AlertCandidate } from './rules/alert';

const T1 = '330802001';
const T2 = '330802002';
const YEARS = [2025, 2026, 2027, 2028, 2029];

function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return {
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
  };
}

function school(code: string, over: Partial<SchoolRecord>): SchoolRecord {
  return schoolRecord({ code, lon: 118.85, lat: 28.92, countyCode: '330802', townshipCode: T2, ...over });
}

const grades = (from: number, to: number, v: number): Record<string, number> => {
  const o: Record<string, number> = {};
  for (let g = from; g <= to; g++) o[String(g)] = v;
  return o;
};

const schools: SchoolRecord[] = [
  school('S1', {
    townshipCode: T1,
    approvedSeats: 540,
    classes: 12,
    classesByGrade: grades(1, 6, 2),
    enrolmentByGrade: grades(1, 6, 80),
    enrolment: 480,
  }),
  school('S3', {
    townshipCode: T1,
    approvedSeats: 270,
    classes: 6,
    classesByGrade: grades(1, 6, 1),
    enrolmentByGrade: grades(1, 6, 40),
    enrolment: 240,
  }),
  school('S2', {
    approvedSeats: 0,
    classes: 6,
    classesByGrade: grades(1, 6, 1),
    enrolmentByGrade: grades(1, 6, 15),
    enrolment: 90,
    closeYear: 2028,
  }),
  school('S4', {
    stages: ['primary', 'junior'],
    approvedSeats: 900,
    classes: 18,
    classesByGrade: grades(1, 9, 2),
    // Grade 1 averages 60 (大班额), grade 2 averages 67 (超大班额).
    enrolmentByGrade: { ...grades(1, 6, 90), '1': 120, '2': 134, ...grades(7, 9, 100) },
    enrolment: 614 + 300,
  }),
  school('S5', { status: 'planned', openYear: 2029, approvedSeats: 270, classes: 6, classesByGrade: grades(1, 6, 1) }),
  school('S6', {
    stages: ['junior'],
    townshipCode: T1,
    approvedSeats: 450,
    classes: 9,
    classesByGrade: grades(7, 9, 3),
    enrolmentByGrade: grades(7, 9, 50),
    enrolment: 150,
  }),
];

const catchments: CatchmentRecord[] = [
  { code: 'P1', stage: 'primary', schoolCodes: ['S1', 'S3'], unitCodes: [], geometry: rect(118.8, 28.9, 118.84, 28.95) },
  { code: 'P2', stage: 'primary', schoolCodes: ['S2'], unitCodes: [], geometry: rect(118.84, 28.9, 118.87, 28.95) },
  { code: 'P3', stage: 'primary', schoolCodes: ['S4', 'S5'], unitCodes: ['U4', 'U5'], geometry: null },
  { code: 'J1', stage: 'junior', schoolCodes: ['S4'], unitCodes: [], geometry: rect(118.82, 28.9, 118.9, 28.95) },
  { code: 'J2', stage: 'junior', schoolCodes: ['S6'], unitCodes: [], geometry: rect(118.8, 28.9, 118.82, 28.95) },
];

const unit = (code: string, townshipCode: string, geometry: PopulationUnitRecord['geometry']): PopulationUnitRecord => ({
  code,
  name: code,
  townshipCode,
  countyCode: '330802',
  settlement: 'urban',
  geometry,
});
const units: PopulationUnitRecord[] = [
  unit('U1', T1, rect(118.81, 28.91, 118.83, 28.93)),
  unit('U2', T1, rect(118.83, 28.91, 118.85, 28.93)),
  unit('U3', T2, { type: 'Point', coordinates: [118.86, 28.92] }),
  unit('U4', T2, { type: 'Point', coordinates: [118.88, 28.92] }),
  unit('U5', T2, rect(118.875, 28.93, 118.895, 28.945)),
  unit('U6', T2, { type: 'Point', coordinates: [118.895, 28.905] }),
];

const districts: DistrictRecord[] = [{ code: 'GTXC', name: '高铁新城', watched: true, geometry: rect(118.87, 28.915, 118.9, 28.95) }];

/** Per year: [resident total, resident intake, registered total, registered intake]. */
type Series = [number, number, number, number][];
const flat = (r: number, ri: number, g: number, gi: number): Series => YEARS.map(() => [r, ri, g, gi]);

const PRIMARY: Record<string, Series> = {
  U1: [
    [400, 80, 360, 70],
    [400, 100, 360, 85],
    [400, 110, 360, 95],
    [400, 125, 360, 105],
    [400, 140, 360, 115],
  ],
  U2: flat(200, 40, 180, 30),
  U3: flat(150, 30, 150, 32),
  U4: [
    [200, 40, 100, 20],
    [260, 50, 120, 24],
    [330, 60, 140, 28],
    [400, 70, 160, 32],
    [460, 80, 180, 36],
  ],
  U5: [
    [250, 45, 200, 35],
    [260, 45, 200, 35],
    [280, 50, 210, 35],
    [300, 50, 220, 40],
    [340, 60, 230, 40],
  ],
  U6: flat(100, 20, 80, 15),
};
// Junior: registered = resident / 2.
const JUNIOR: Record<string, Series> = {
  U1: flat(120, 40, 60, 20),
  U4: [
    [120, 40, 60, 20],
    [185, 65, 92.5, 32.5],
    [240, 80, 120, 40],
    [300, 100, 150, 50],
    [360, 120, 180, 60],
  ],
  U5: flat(60, 20, 30, 10),
};

function rows(stage: ProjectedStage, table: Record<string, Series>): DemandRow[] {
  const n = stage === 'primary' ? 6 : 3;
  const spread = (total: number, intake: number): number[] => [intake, ...Array.from({ length: n - 1 }, () => (total - intake) / (n - 1))];
  return Object.entries(table).flatMap(([unitCode, s]) =>
    s.map(([r, ri, g, gi], k) => ({
      unitCode,
      stage,
      year: YEARS[k],
      resident: r,
      registered: g,
      residentByGrade: spread(r, ri),
      registeredByGrade: spread(g, gi),
      fromHousing: 0,
    })),
  );
}
const demand = [...rows('primary', PRIMARY), ...rows('junior', JUNIOR)];
const input = { schools, catchments, units, demand, districts, housing: [] };
const frozen = JSON.stringify(input);

// The hand numbers below set the district's own units against its schools' seats (the `district_units` basis).
const TOY_CONFIG = { district: { demandBasis: 'district_units' as const } };
const run = evaluateWarnings(input, { evaluationYear: 2025, config: TOY_CONFIG });
const { figures, match, candidates } = run;
const alert = (rule: string, code: string, stage: string, population = 'resident'): AlertCandidate | undefined =>
  candidates.find((c) => c.rule === rule && c.subjectCode === code && c.stage === stage && c.population === population);

describe('toy city: matching', () => {
  it('does not mutate its input', () => {
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it('assigns units by list, point and overlay, and reports U6', () => {
    const share = (u: string, c: string): number => match.shares.find((s) => s.unitCode === u && s.catchmentCode === c)?.share ?? 0;
    expect(share('U1', 'P1')).toBe(1);
    expect(share('U2', 'P1')).toBeCloseTo(0.5, 6);
    expect(share('U2', 'P2')).toBeCloseTo(0.5, 6);
    expect(share('U1', 'J1')).toBeCloseTo(0.5, 6);
    expect(share('U4', 'P3')).toBe(1);
    expect(match.shares.find((s) => s.unitCode === 'U4' && s.catchmentCode === 'P3')?.method).toBe('listed');
    expect(match.shares.find((s) => s.unitCode === 'U3')?.method).toBe('point');
    const u6 = match.unmatched.filter((u) => u.unitCode === 'U6');
    expect(u6).toHaveLength(5);
    expect(u6[0]).toMatchObject({
      stage: 'primary',
      reason: 'outside_catchments',
      uncoveredShare: 1,
      demand: { resident: 100, registered: 80 },
    });
  });

  it('keeps every pupil: flows + unserved + unmatched = demand (primary 2028: 1200 + 250 + 100 = 1550)', () => {
    const y = 2028;
    const flows = match.flows.filter((f) => f.stage === 'primary' && f.year === y).reduce((a, f) => a + f.demand.resident, 0);
    const unserved = match.unservedCatchments.filter((u) => u.year === y).reduce((a, u) => a + u.demand.resident, 0);
    const lost = match.unmatched.filter((u) => u.stage === 'primary' && u.year === y).reduce((a, u) => a + u.demand.resident, 0);
    expect(flows).toBeCloseTo(1200, 6);
    expect(unserved).toBeCloseTo(250, 6); // P2: S2 closed from 2028
    expect(lost).toBe(100);
    expect(match.unservedCatchments.map((u) => `${u.catchmentCode}:${u.year}`)).toEqual(['P2:2028', 'P2:2029']);
  });
});

describe('toy city: figures', () => {
  it('school S1 in 2027: 2/3 of P1 by seats (540 of 810)', () => {
    // P1 2027: resident 400 + 200/2 = 500, intake 110 + 40/2 = 130.
    const f = findFigure(figures, 'school', 'S1', 'primary', 2027)!;
    expect(f.seats).toBe(540);
    expect(f.intakeSeats).toBe(90);
    expect(f.resident.demand).toBeCloseTo(333.333, 2); // 500 x 2/3
    expect(f.resident.intakeDemand).toBeCloseTo(86.667, 2); // 130 x 90/135
    expect(f.resident.utilisation).toBeCloseTo(0.6173, 4); // 333.33 / 540
    expect(f.resident.intakeUtilisation).toBeCloseTo(0.963, 3); // 86.67 / 90
    expect(f.resident.classesShort).toBe(0);
  });

  it('nine-year S4 splits its 900 seats 600/300 by classes; S2 seats from classes; S5 only from 2029', () => {
    expect(findFigure(figures, 'school', 'S4', 'primary', 2025)).toMatchObject({ seats: 600, intakeSeats: 100 });
    expect(findFigure(figures, 'school', 'S4', 'junior', 2025)).toMatchObject({ seats: 300, intakeSeats: 100 });
    expect(findFigure(figures, 'school', 'S2', 'primary', 2027)).toMatchObject({ seats: 270, intakeSeats: 45, open: true });
    expect(findFigure(figures, 'school', 'S2', 'primary', 2028)).toMatchObject({ seats: 0, open: false });
    expect(findFigure(figures, 'school', 'S5', 'primary', 2028)).toMatchObject({ seats: 0, open: false });
    expect(findFigure(figures, 'school', 'S5', 'primary', 2029)).toMatchObject({ seats: 270, open: true });
    // P3 2029: resident 460 + 340 = 800 split 600:270 -> S5 gets 800 x 270/870 = 248.28.
    expect(findFigure(figures, 'school', 'S5', 'primary', 2029)!.resident.demand).toBeCloseTo(248.276, 2);
  });

  it('catchment P1 intake by year: 100, 120, 130, 145, 160 against 135', () => {
    const u = YEARS.map((y) => findFigure(figures, 'catchment', 'P1', 'primary', y)!.resident.intakeUtilisation!);
    // 100/135, 120/135, 130/135, 145/135, 160/135
    expect(u.map((x) => Number(x.toFixed(4)))).toEqual([0.7407, 0.8889, 0.963, 1.0741, 1.1852]);
    const p2 = findFigure(figures, 'catchment', 'P2', 'primary', 2028)!;
    expect(p2.seats).toBe(0);
    expect(p2.resident.intakeUtilisation).toBeNull();
  });

  it('townships, county and city aggregate units by their township and schools by theirs', () => {
    // T1 2027: U1 400 + U2 200 = 600 pupils, seats S1 540 + S3 270 = 810; intake 110 + 40 = 150 vs 135.
    const t1 = findFigure(figures, 'township', T1, 'primary', 2027)!;
    expect(t1.resident.demand).toBe(600);
    expect(t1.seats).toBe(810);
    expect(t1.resident.seatGap).toBe(-210);
    expect(t1.resident.intakeUtilisation).toBeCloseTo(150 / 135, 10);
    // T2 2027: U3 150 + U4 330 + U5 280 + U6 100 = 860 (U6 is unmatched but still lives there); seats S2 270 + S4 600.
    const t2 = findFigure(figures, 'township', T2, 'primary', 2027)!;
    expect(t2.resident.demand).toBe(860);
    expect(t2.seats).toBe(870);
    expect(t2.resident.classesShort).toBe(0);
    // T2 2028: S2 closed -> 600 seats; demand 150 + 400 + 300 + 100 = 950; gap 350 -> ceil(350/45) = 8 classes.
    const t2b = findFigure(figures, 'township', T2, 'primary', 2028)!;
    expect(t2b.seats).toBe(600);
    expect(t2b.resident.seatGap).toBe(350);
    expect(t2b.resident.classesShort).toBe(8);
    // County 2028: 600 + 950 = 1550 pupils, 810 + 600 = 1410 seats, gap 140 -> 4 classes. City the same.
    for (const [type, code] of [
      ['county', '330802'],
      ['city', '330800'],
    ] as const) {
      const c = findFigure(figures, type, code, 'primary', 2028)!;
      expect(c.resident.demand).toBe(1550);
      expect(c.seats).toBe(1410);
      expect(c.resident.seatGap).toBe(140);
      expect(c.resident.classesShort).toBe(4);
    }
  });

  it('district GTXC: units U4 and U5, seats of S4 (and S5 from 2029)', () => {
    expect(figures.districts[0].units.map((u) => u.unitCode).sort()).toEqual(['U4', 'U5']);
    const d = YEARS.map((y) => findFigure(figures, 'district', 'GTXC', 'primary', y)!);
    expect(d.map((f) => f.resident.demand)).toEqual([450, 520, 610, 700, 800]);
    expect(d.map((f) => f.seats)).toEqual([600, 600, 600, 600, 870]);
  });
});

describe('toy city: alerts', () => {
  it('P1 resident: yellow from 2027 (96%), red from 2028 (107%) within the 3-year look-ahead', () => {
    expect(alert('intake', 'P1', 'primary')).toMatchObject({
      level: 'red',
      onsetYear: 2028,
      value: 1.0741, // 145 / 135
      seatGap: 10, // 145 - 135
      classesShort: 1, // ceil(10 / 45)
      leadTimeYears: 3,
      details: { levelOnsets: { yellow: 2027, red: 2028 } },
    });
  });

  it('P1 registered: 85, 100, 110, 120 of 135 stay below 90% up to 2028 (96% in 2029 is beyond the look-ahead)', () => {
    expect(alert('intake', 'P1', 'primary', 'registered')).toBeUndefined();
  });

  it('P2: red from 2025 (50/45 resident, 47/45 registered); no seats once S2 closes, gap 50 -> 2 classes', () => {
    expect(alert('intake', 'P2', 'primary')).toMatchObject({ level: 'red', onsetYear: 2025, value: null, seatGap: 50, classesShort: 2 });
    expect(alert('intake', 'P2', 'primary', 'registered')).toMatchObject({ level: 'red', onsetYear: 2025, seatGap: 47, classesShort: 2 });
  });

  it('P3: yellow 2026 (95/100), red 2027 (110/100), peak 120/100 in 2028', () => {
    expect(alert('intake', 'P3', 'primary')).toMatchObject({
      level: 'red',
      onsetYear: 2027,
      value: 1.2,
      seatGap: 20,
      classesShort: 1,
      leadTimeYears: 2,
      details: { levelOnsets: { yellow: 2026, red: 2027 } },
    });
  });

  it('J1 junior looks 1 year ahead: 80/100 in 2025, 105/100 in 2026 -> red 2026', () => {
    // 2026 intake: U1 half 20 + U4 65 + U5 20 = 105.
    expect(alert('intake', 'J1', 'junior')).toMatchObject({
      level: 'red',
      onsetYear: 2026,
      value: 1.05,
      seatGap: 5,
      classesShort: 1,
      leadTimeYears: 1,
    });
    expect(alert('intake', 'J2', 'junior')).toBeUndefined();
  });

  it('district GTXC primary: first shortfall 2027 (610 vs 600: 10 seats, 1 class), 100 seats / 3 classes by 2029', () => {
    expect(alert('district', 'GTXC', 'primary')).toMatchObject({
      level: 'red',
      onsetYear: 2027,
      value: 1.1667, // 700 / 600 in 2028
      seatGap: 100, // 2028: 700 - 600; 2029 is covered by S5 (800 vs 870)
      classesShort: 3, // ceil(100 / 45)
      details: {
        firstShortfallYear: 2027,
        seatsNeededAtShortfall: 10,
        classesNeededAtShortfall: 1,
        seatsNeededByHorizonEnd: 100,
        classesNeededByHorizonEnd: 3,
        horizonEnd: 2029,
      },
    });
    expect(alert('district', 'GTXC', 'primary')!.message.zh).toContain('2027年起学位不足');
    expect(alert('district', 'GTXC', 'primary', 'registered')).toBeUndefined();
  });

  it(
    'district GTXC junior: red at exactly 100% in 2027 (300/300), shortfall from 2028 (60 seats, 2 classes), 120 ' +
      'seats / 3 classes by 2029',
    () => {
      // U4 + U5 junior: 180, 245, 300, 360, 420 against S4's 300 junior seats.
      expect(alert('district', 'GTXC', 'junior')).toMatchObject({
        level: 'red',
        onsetYear: 2027,
        value: 1.4,
        seatGap: 120,
        classesShort: 3, // ceil(120 / 50)
        details: { firstShortfallYear: 2028, seatsNeededAtShortfall: 60, classesNeededAtShortfall: 2 },
      });
    },
  );

  it('underuse, small school and class size', () => {
    // S6: J2 gets half of U1 = 60 pupils for 450 seats = 13%.
    expect(alert('underuse', 'S6', 'junior')).toMatchObject({ level: 'notice', onsetYear: 2025, value: 0.1333, seatGap: -390 });
    expect(candidates.filter((c) => c.rule === 'underuse')).toHaveLength(1);
    // S2: 90 pupils (< 100); S6: 150 (< 200).
    expect(alert('small_school', 'S2', 'primary')).toMatchObject({ onsetYear: 2025, value: 90, details: { band: 'under100' } });
    expect(alert('small_school', 'S6', 'junior')).toMatchObject({ onsetYear: 2025, value: 150, details: { band: 'under200' } });
    expect(
      candidates
        .filter((c) => c.rule === 'small_school')
        .map((c) => c.subjectCode)
        .sort(),
    ).toEqual(['S2', 'S6']);
    // S4 grade 1: 120/2 = 60 (大班额), grade 2: 134/2 = 67 (超大班额, yellow). Classes to reach 45:
    // ceil(120/45) - 2 = 1 and ceil(134/45) - 2 = 1; pupils above 2 x 45: 30 + 44 = 74.
    expect(alert('class_size', 'S4', 'primary')).toMatchObject({
      level: 'yellow',
      value: 67,
      classesShort: 2,
      seatGap: 74,
      leadTimeYears: 0,
    });
    expect(candidates.filter((c) => c.rule === 'class_size')).toHaveLength(1);
  });

  it('has exactly the expected alerts', () => {
    expect(candidates.map((c) => `${c.rule}:${c.subjectCode}:${c.stage}:${c.population}:${c.level}:${c.onsetYear}`).sort()).toEqual(
      [
        'class_size:S4:primary:resident:yellow:2025',
        'district:GTXC:junior:resident:red:2027',
        'district:GTXC:primary:resident:red:2027',
        'intake:J1:junior:resident:red:2026',
        'intake:P1:primary:resident:red:2028',
        'intake:P2:primary:registered:red:2025',
        'intake:P2:primary:resident:red:2025',
        'intake:P3:primary:resident:red:2027',
        'small_school:S2:primary:resident:notice:2025',
        'small_school:S6:junior:resident:notice:2025',
        'underuse:S6:junior:resident:notice:2025',
      ].sort(),
    );
  });

  it('re-evaluating raises nothing new, and a new school in the district resolves its alerts', () => {
    const once = diffAlerts([], candidates);
    expect(once.raise).toHaveLength(candidates.length);
    const again = diffAlerts(candidates, evaluateWarnings(input, { evaluationYear: 2025, config: TOY_CONFIG }).candidates);
    expect(again.raise).toHaveLength(0);
    expect(again.update).toHaveLength(0);
    expect(again.resolve).toHaveLength(0);
    // A new primary school with 270 seats (intake 45) serving P3 from 2025: P3 intake peaks at 120 / 145 = 83%,
    // the district at 700 / 870 = 80%; P3 2025 is still 450 / 870 = 52% used, so no underuse. S7 itself has no
    // enrolment yet, so its pupils are its matched demand: 450 x 270/870 = 139.7 in 2025 -> a small-school notice.
    const extra = school('S7', { approvedSeats: 270, classes: 6, classesByGrade: grades(1, 6, 1) });
    const after = evaluateWarnings(
      {
        ...input,
        schools: [...schools, extra],
        catchments: catchments.map((c) => (c.code === 'P3' ? { ...c, schoolCodes: [...c.schoolCodes, 'S7'] } : c)),
      },
      { evaluationYear: 2025, config: TOY_CONFIG },
    );
    const d = diffAlerts(candidates, after.candidates);
    const resolved = d.resolve.map((a) => `${a.rule}:${a.subjectCode}:${a.stage}`).sort();
    expect(resolved).toEqual(['district:GTXC:primary', 'intake:P3:primary']);
    expect(d.raise.map((a) => `${a.rule}:${a.subjectCode}:${a.value}`)).toEqual(['small_school:S7:140']);
    expect(d.update).toHaveLength(0);
    expect(d.unchanged).toHaveLength(candidates.length - 2);
  });
});

describe('toy city: indicators', () => {
  it('counts small schools now and per year, and 大班额 classes', () => {
    const ind = computeIndicators({ schools, figures });
    const county = ind.find((a) => a.areaType === 'county')!;
    // Open now: S1 480, S3 240, S2 90, S4 914, S6 150 (S5 planned): under 200 = S2, S6; under 100 = S2.
    expect(county.current.smallSchools.total).toEqual({ schools: 5, under200: 2, under100: 1 });
    expect(county.current.smallSchools.byType.nine_year).toEqual({ schools: 1, under200: 0, under100: 0 });
    // 2028: S2 closed; S5 not yet open -> S1, S3, S4, S6; under 200: S6.
    const y2028 = county.byYear.find((y) => y.year === 2028)!;
    expect(y2028.smallSchools.total).toEqual({ schools: 4, under200: 1, under100: 0 });
    // Classes of S1 12, S3 6, S2 6, S4 12 + 6, S6 9 = 51; 大班额: S4 grades 1 and 2 (2 + 2 classes); 超大: grade 2.
    expect(county.current.largeClasses).toMatchObject({ classes: 51, largeClasses: 4, superLargeClasses: 2 });
    expect(county.current.largeClasses.largeShare).toBeCloseTo(4 / 51, 10);
  });
});
