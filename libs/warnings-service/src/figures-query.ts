import type { DataSource } from 'typeorm';
import type { CapacityFigure } from './alert.schema';

export interface FigureFilter {
  subjectType?: string;
  code?: string;
  stage?: string;
  year?: number;
}

/** The stored capacity figures of one evaluation (dataset-level or a scenario run's), filtered, in stable order. */
export async function queryCapacityFigures(
  ds: DataSource,
  evaluationId: number,
  q: FigureFilter,
  limit = 100_000,
): Promise<CapacityFigure[]> {
  const params: unknown[] = [evaluationId];
  const where = ['evaluation_id = $1'];
  if (q.subjectType) where.push(`subject_type = $${params.push(q.subjectType)}`);
  if (q.code) where.push(`subject_code = $${params.push(q.code)}`);
  if (q.stage) where.push(`stage = $${params.push(q.stage)}`);
  if (q.year !== undefined) where.push(`year = $${params.push(q.year)}`);
  return ds.query(
    // Seats are counted by people: whole numbers out (a nine-year school's stage split can be fractional inside).
    `SELECT subject_type AS "subjectType", subject_code AS "subjectCode", stage, year, round(seats)::int AS seats, ` +
      `round(intake_seats)::int AS "intakeSeats",
            demand_resident AS "demandResident", demand_registered AS "demandRegistered", utilisation_resident ` +
      `AS "utilisationResident",
            utilisation_registered AS "utilisationRegistered", seat_gap_resident AS "seatGap", ` +
      `classes_short_resident AS "classesShort"
     FROM capacity_figures WHERE ${where.join(' AND ')} ORDER BY subject_type, subject_code, stage, year LIMIT ` +
      `${Math.floor(limit)}`,
    params,
  );
}

/** A city or district figure as a run's KPIs read it (seats unrounded, the figure's JSON beside). */
export interface KpiFigureRow {
  subjectType: string;
  subjectCode: string;
  stage: string;
  year: number;
  seats: number;
  demandResident: number;
  seatGap: number;
  data: { servingSchoolsDemand?: { resident: number } };
}

/**
 * The city and district figures of one evaluation, for a run's KPIs.
 * @example const kpis = runKpis({ figures: await queryKpiFigures(ds, run.evaluationId), … });
 */
export async function queryKpiFigures(ds: DataSource, evaluationId: number | null): Promise<KpiFigureRow[]> {
  return (await ds.query(
    `SELECT subject_type AS "subjectType", subject_code AS "subjectCode", stage, year, seats, demand_resident AS
      "demandResident", seat_gap_resident AS "seatGap", data
     FROM capacity_figures WHERE evaluation_id = $1 AND subject_type IN ('city', 'district')`,
    [evaluationId],
  )) as KpiFigureRow[];
}
