import type { DemandRow } from '@app/domain';
import { aggregateDemand, byCatchment, byMembership, toOne, type UnitKeys } from '@app/projection-model';

const r = (unitCode: string, stage: DemandRow['stage'], year: number, resident: number, fromHousing = 0): DemandRow => ({
  unitCode,
  stage,
  year,
  resident,
  registered: resident / 2,
  residentByGrade: stage === 'junior' ? [resident / 3, resident / 3, resident / 3] : [resident, 0, 0, 0, 0, 0],
  registeredByGrade: stage === 'junior' ? [resident / 6, resident / 6, resident / 6] : [resident / 2, 0, 0, 0, 0, 0],
  fromHousing,
});

const rows = [r('u1', 'primary', 2024, 10, 2), r('u2', 'primary', 2024, 30), r('u1', 'junior', 2024, 6), r('u2', 'primary', 2025, 3)];

describe('aggregateDemand', () => {
  it('sums every field with weights, ordered by key, stage, year', () => {
    const out = aggregateDemand(
      rows,
      new Map<string, UnitKeys>([
        [
          'u1',
          [
            { key: 'A', weight: 0.5 },
            { key: 'B', weight: 0.5 },
          ],
        ],
        ['u2', 'B'],
      ]),
    );
    expect(out.map((x) => [x.key, x.stage, x.year, x.resident])).toEqual([
      ['A', 'primary', 2024, 5],
      ['A', 'junior', 2024, 3],
      ['B', 'primary', 2024, 35],
      ['B', 'primary', 2025, 3],
      ['B', 'junior', 2024, 3],
    ]);
    const b = out.find((x) => x.key === 'B' && x.year === 2024 && x.stage === 'primary')!;
    expect(b.registered).toBe(17.5);
    expect(b.fromHousing).toBe(1);
    expect(b.residentByGrade).toEqual([35, 0, 0, 0, 0, 0]);
    expect(b.registeredByGrade).toEqual([17.5, 0, 0, 0, 0, 0]);
  });

  it('takes a record, a function, and leaves out unmapped units', () => {
    expect(aggregateDemand(rows, { u2: 'X' }).map((x) => x.resident)).toEqual([30, 3]);
    expect(aggregateDemand(rows, toOne('city')).find((x) => x.stage === 'primary' && x.year === 2024)!.resident).toBe(40);
  });

  it('maps memberships (districts) fully or split, and catchments by stage with an unassigned key', () => {
    const full = aggregateDemand(rows, byMembership({ D1: ['u1', 'u2'], D2: ['u1'] }));
    expect(full.filter((x) => x.stage === 'primary' && x.year === 2024).map((x) => [x.key, x.resident])).toEqual([
      ['D1', 40],
      ['D2', 10],
    ]);
    const split = aggregateDemand(rows, byMembership({ D1: ['u1', 'u2'], D2: ['u1'] }, { split: true }));
    expect(split.filter((x) => x.stage === 'primary' && x.year === 2024).map((x) => [x.key, x.resident])).toEqual([
      ['D1', 35],
      ['D2', 5],
    ]);
    const cat = aggregateDemand(rows, byCatchment([{ code: 'P1', stage: 'primary', unitCodes: ['u1'] }], 'none'));
    expect(cat.map((x) => [x.key, x.stage, x.year, x.resident])).toEqual([
      ['P1', 'primary', 2024, 10],
      ['none', 'primary', 2024, 30],
      ['none', 'primary', 2025, 3],
      ['none', 'junior', 2024, 6],
    ]);
  });
});
