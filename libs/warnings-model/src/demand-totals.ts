import { STAGE_GRADES, type DemandRow, type PopulationKind } from '@app/domain';

/** Demand of one subject, stage and year, on both population counts, in total and for the entry grade. */
export interface DemandTotals {
  /** Pupils of the stage from the resident (常住) population. */
  resident: number;
  /** Pupils of the stage from the registered (户籍) population. */
  registered: number;
  /** Entry-grade pupils (first grade of the stage), resident. */
  intakeResident: number;
  /** Entry-grade pupils, registered. */
  intakeRegistered: number;
}

/**
 * A fresh zero total.
 * @example
 * const t = zeroDemand(); // { resident: 0, registered: 0, intakeResident: 0, intakeRegistered: 0 }
 */
export function zeroDemand(): DemandTotals {
  return { resident: 0, registered: 0, intakeResident: 0, intakeRegistered: 0 };
}

/**
 * Adds `w` x `src` into `into` (mutates `into`, which the caller owns) and returns it.
 * @example
 * addDemand(total, demandOfRow(row), 0.5); // half of a straddling unit
 */
export function addDemand(into: DemandTotals, src: DemandTotals, w = 1): DemandTotals {
  into.resident += src.resident * w;
  into.registered += src.registered * w;
  into.intakeResident += src.intakeResident * w;
  into.intakeRegistered += src.intakeRegistered * w;
  return into;
}

/**
 * Total demand of a population kind.
 * @example
 * demandOf(totals, 'registered');
 */
export function demandOf(d: DemandTotals, population: PopulationKind): number {
  return population === 'resident' ? d.resident : d.registered;
}

/**
 * Entry-grade demand of a population kind.
 * @example
 * intakeDemandOf(totals, 'resident');
 */
export function intakeDemandOf(d: DemandTotals, population: PopulationKind): number {
  return population === 'resident' ? d.intakeResident : d.intakeRegistered;
}

/**
 * The totals of one DemandRow. The entry grade is the first element of the grade arrays (STAGE_GRADES order); a row
 * without grade arrays is assumed evenly spread over the stage's grades.
 *
 * @example
 * demandOfRow({ ...row, stage: 'primary', resident: 600, residentByGrade: [120, 100, 100, 100, 90, 90] }).intakeResident; // 120
 */
export function demandOfRow(row: DemandRow): DemandTotals {
  const grades = STAGE_GRADES[row.stage].grades.length;
  return {
    resident: row.resident,
    registered: row.registered,
    intakeResident: row.residentByGrade.length > 0 ? row.residentByGrade[0] : row.resident / grades,
    intakeRegistered: row.registeredByGrade.length > 0 ? row.registeredByGrade[0] : row.registered / grades,
  };
}
