import type { ConsolidationPlan, InfeasibilityExplanation } from '@app/consolidation';
import { emptyRecords } from '@app/domain';
import { schoolRecord } from '@app/testing';
import { adoptedRecords } from './adopt-plan';
import { infeasibleReason } from './infeasible-reason';
import { planDecisionsOf, runDecisions } from './plan-decisions';

type VillageRow = ConsolidationPlan['villages'][number];
type SchoolRow = ConsolidationPlan['schools'][number];
const village = (
  unitCode: string,
  band: 'lower' | 'upper' | 'junior',
  from: string,
  to: string,
  pupils: number,
  moved = true,
  year: number | null = moved ? 2026 : null,
): VillageRow => ({
  unitCode,
  unitName: unitCode,
  countyCode: '330802',
  townshipCode: 'T1',
  band,
  stage: band === 'junior' ? 'junior' : 'primary',
  fromSchool: from,
  toSchool: to,
  year,
  reason: moved ? 'closure' : null,
  share: 1,
  pupils,
  // Pupils of the row in the target year (2027): a little fewer than in the move year, as births fall.
  pupilsByYear: year ? { [String(year)]: pupils, '2027': pupils - 1 } : { '2027': pupils },
  moved,
  boarding: false,
  travelBeforeKm: 1,
  travelAfterKm: 3,
  travelBeforeMinutes: null,
  travelAfterMinutes: null,
  travelSource: 'straight-line',
});
const schoolPlan = (code: string, decision: 'keep' | 'close', extra = 0): SchoolRow => ({
  code,
  name: code,
  countyCode: '330802',
  townshipCode: 'T1',
  stages: ['primary'],
  decision,
  closureYear: decision === 'close' ? 2026 : null,
  closureKind: decision === 'close' ? 'closure' : null,
  closureRule: decision === 'close' ? 'small_school_cap' : null,
  fixed: null,
  teachingPoint: false,
  enrolmentToday: 0,
  enrolmentStatusQuo: 0,
  enrolmentAfter: 0,
  enrolmentByYear: {},
  smallAfter: false,
  pupilsKept: 0,
  pupilsOut: 0,
  pupilsIn: 0,
  pupilsRezonedIn: 0,
  villagesReceived: [],
  extraClasses: { primary: extra, junior: 0 },
  expansions: extra > 0 ? [{ stage: 'primary', classes: extra, readyYear: 2025, forClosures: ['A'] }] : [],
  seatsAfter: { primary: 0, junior: 0 },
  newBoarders: 0,
});

const plan = {
  targetYear: 2027,
  schools: [schoolPlan('A', 'close'), schoolPlan('B', 'keep', 2), schoolPlan('C', 'keep')],
  // U1's lower and upper bands both go A -> B from 2026 (29 + 24 = 53 pupils in 2027); U2 stays at C (not a transfer).
  villages: [village('U1', 'lower', 'A', 'B', 30), village('U1', 'upper', 'A', 'B', 25), village('U2', 'lower', 'C', 'C', 40, false)],
};

describe('planDecisionsOf / runDecisions', () => {
  it(
    'maps closures from their year, moved bands (target-year pupils summed per unit, stage, school pair and year) ' +
      'and expansions by ready year',
    () => {
      expect(planDecisionsOf(plan)).toEqual({
        targetYear: 2027,
        closures: [{ schoolCode: 'A', year: 2026, reason: 'closure' }],
        transfers: [{ unitCode: 'U1', stage: 'primary', fromSchool: 'A', toSchool: 'B', pupils: 53, year: 2026, reason: 'closure' }],
        addedClasses: [{ schoolCode: 'B', stage: 'primary', classes: 2, year: 2025 }],
      });
    },
  );

  it('reads the closure kind a plan row carries, and adds the scenario closures as manual', () => {
    const dated = { ...plan, schools: [{ ...schoolPlan('A', 'close'), closureYear: 2028, closureKind: 'merge' as const }] };
    const d = runDecisions({ schools: { close: [{ code: 'X', year: 2025 }] } }, dated, 2027);
    expect(d.closures).toEqual([
      { schoolCode: 'X', year: 2025, reason: 'manual' },
      { schoolCode: 'A', year: 2028, reason: 'merge' },
    ]);
  });
});

describe('adoptedRecords', () => {
  it('makes closures, added classes and whole-unit moves permanent, without touching the input', () => {
    const r = emptyRecords();
    r.schools = [schoolRecord({ code: 'A', classes: 6, approvedSeats: 270 }), schoolRecord({ code: 'B', classes: 6, approvedSeats: 270 })];
    r.catchments = [
      { code: 'CA', stage: 'primary', schoolCodes: ['A'], unitCodes: ['U1'], geometry: null },
      { code: 'CB', stage: 'primary', schoolCodes: ['B'], unitCodes: [], geometry: null },
    ];
    const { records, changes } = adoptedRecords(r, planDecisionsOf(plan));
    expect(records.schools.map((s) => [s.code, s.closeYear, s.classes, s.approvedSeats])).toEqual([
      ['A', 2026, 6, 270],
      ['B', null, 8, 360],
    ]);
    expect(records.catchments.map((c) => [c.code, c.unitCodes])).toEqual([
      ['CA', []],
      ['CB', ['U1']],
    ]);
    expect(changes.rezoned).toEqual([{ unitCode: 'U1', stage: 'primary', toSchool: 'B', toCatchment: 'CB' }]);
    expect(r.catchments[0].unitCodes).toEqual(['U1']);
  });
});

describe('infeasibleReason', () => {
  it('names the binding townships and schools in Chinese and English', () => {
    const x = {
      summary: 's',
      threshold: 200,
      maxSmallSchools: 0,
      forcedSmallSchools: 2,
      minimumSmallSchools: 3,
      minimumProved: true,
      secondSolve: null,
      findings: [],
      minimumPlan: null,
      minimumPlanSolve: null,
      byTownship: [
        {
          townshipCode: '330802001',
          smallSchools: ['S1', 'S2'],
          findings: [{ limit: 'township_rule', townshipCode: '330802001', schoolCode: 'S1', message: 'm' }],
        },
      ],
    } as InfeasibilityExplanation;
    const r = infeasibleReason(x, { township: (c) => (c === '330802001' ? '九华乡' : undefined), school: (c) => `${c}小学` });
    expect(r.townships).toEqual([
      {
        code: '330802001',
        name: '九华乡',
        schools: [
          { code: 'S1', name: 'S1小学' },
          { code: 'S2', name: 'S2小学' },
        ],
        limits: ['township_rule'],
      },
    ]);
    expect(r.zh).toBe(
      '无可行方案：要求小规模学校（不足200人）不超过0所，在其他约束下至少保留3所。约束所在乡镇：九华乡（330802001）：S1小学、S2小学（乡镇须保留一所小学）。',
    );
    expect(r.en).toBe(
      'No plan meets the limits: at most 0 schools under 200 pupils were asked for, the other limits allow no fewer ' +
        'than 3. Binding townships: 九华乡 (330802001): S1小学 S1, S2小学 S2 (township_rule).',
    );
  });
});
