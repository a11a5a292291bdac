import type { Stage } from './stages';

/** A stage that has grades and is projected (special education is matched by county, not projected). */
export type ProjectedStage = Exclude<Stage, 'special'>;

/**
 * Projected demand of one population unit for one stage and year: the output of the projection and the
 * input of matching. Grade arrays follow STAGE_GRADES order (kindergarten 小班..大班, primary 1..6, ...).
 */
export interface DemandRow {
  unitCode: string;
  stage: ProjectedStage;
  year: number;
  /** Pupils from the resident (常住) population, housing pipeline included. */
  resident: number;
  /** Pupils from the registered (户籍) population, housing pipeline included. */
  registered: number;
  residentByGrade: number[];
  registeredByGrade: number[];
  /** Of `resident`, the pupils contributed by housing projects completed since the base year. */
  fromHousing: number;
}
