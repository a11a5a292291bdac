import { AGE_GROUPS, STAGE_GRADES, type DemandRow, type ProjectedStage } from '@app/domain';
import type { ProjectedPopulation, ResolvedAssumptions } from './types';

const A = AGE_GROUPS;

/** Projected stages in STAGE_GRADES order. */
export const PROJECTED_STAGES = Object.keys(STAGE_GRADES) as ProjectedStage[];

/** Enrolment rate of a stage: kindergarten participation, primary / junior rates, general senior high share. */
export function stageRate(stage: ProjectedStage, a: ResolvedAssumptions): number {
  switch (stage) {
    case 'kindergarten':
      return a.kindergartenParticipation;
    case 'primary':
      return a.primaryRate;
    case 'junior':
      return a.juniorRate;
    case 'senior':
      return a.seniorGeneralShare;
  }
}

/**
 * Demand rows (README, "Enrolment"): grade k of a stage in year t = rate(stage) x P(entryAge + k, t), the age
 * counts being read as ages on 31 August of year t (school year t/t+1). `fromHousing` is the same sum over the
 * resident housing component. Rows are ordered unit, stage, year.
 */
export function demandRows(
  unitCodes: readonly string[],
  years: readonly number[],
  pop: ProjectedPopulation,
  a: ResolvedAssumptions,
): DemandRow[] {
  const Y = years.length;
  const rows: DemandRow[] = new Array(unitCodes.length * PROJECTED_STAGES.length * Y);
  const stages = PROJECTED_STAGES.map((stage) => ({
    stage,
    rate: stageRate(stage, a),
    entryAge: STAGE_GRADES[stage].entryAge,
    n: STAGE_GRADES[stage].grades.length,
  }));
  let i = 0;
  for (let u = 0; u < unitCodes.length; u++) {
    const unitCode = unitCodes[u];
    for (const { stage, rate, entryAge, n } of stages) {
      for (let y = 0; y < Y; y++) {
        const o = (u * Y + y) * A + entryAge;
        const residentByGrade = grades(pop.resident, o, n, rate);
        const registeredByGrade = grades(pop.registered, o, n, rate);
        let resident = 0;
        let registered = 0;
        let fromHousing = 0;
        for (let k = 0; k < n; k++) {
          resident += residentByGrade[k];
          registered += registeredByGrade[k];
          fromHousing += rate * pop.residentHousing[o + k];
        }
        rows[i++] = { unitCode, stage, year: years[y], resident, registered, residentByGrade, registeredByGrade, fromHousing };
      }
    }
  }
  return rows;
}

/** rate x arr[o .. o + n - 1] as a packed array (literals for the 3- and 6-grade stages: fewer reallocations). */
function grades(arr: Float64Array, o: number, n: number, rate: number): number[] {
  if (n === 3) return [rate * arr[o], rate * arr[o + 1], rate * arr[o + 2]];
  if (n === 6) return [rate * arr[o], rate * arr[o + 1], rate * arr[o + 2], rate * arr[o + 3], rate * arr[o + 4], rate * arr[o + 5]];
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(rate * arr[o + k]);
  return out;
}
