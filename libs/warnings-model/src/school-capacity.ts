import { DEFAULT_CLASS_SIZE, STAGE_GRADES, type ProjectedStage, type SchoolRecord } from '@app/domain';

/**
 * How intake (entry-grade) seats are derived from a school's stage seats.
 * - `seats_per_grade` (default): stage seats / number of grades of the stage. This is the steady-state intake a
 *   school of that size can take every year; it does not shrink because this year's entry cohort happened to be
 *   small, which would turn a dip in demand into false alarms later.
 * - `entry_classes`: entry-grade classes x class-size norm (the current 招生计划 as run this year), falling back to
 *   `seats_per_grade` when the entry grade has no classes recorded.
 */
export type IntakeSeatsRule = 'seats_per_grade' | 'entry_classes';

/** Seats of one school for one stage. */
export interface StageSeats {
  /** Stage seats (approved seats, or classes x norm; nine-year schools split by classes, see {@link stageSeats}). */
  seats: number;
  /** Entry-grade seats (see {@link IntakeSeatsRule}). */
  intakeSeats: number;
  /** Class-size norm used (school norm, else DEFAULT_CLASS_SIZE of the stage). */
  classSizeNorm: number;
  /** Classes of the stage (from classesByGrade, else the school's classes split by grades). */
  classes: number;
}

/**
 * The projected stages (kindergarten, primary, junior, senior) a school serves, in stage order.
 * @example
 * projectedStagesOf({ ...school, stages: ['junior', 'primary'] }); // ['primary', 'junior']
 */
export function projectedStagesOf(school: SchoolRecord): ProjectedStage[] {
  return (['kindergarten', 'primary', 'junior', 'senior'] as const).filter((s) => school.stages.includes(s));
}

/**
 * Whether a school takes pupils in a year: not `closed`, not closed by then (`closeYear <= year` means closed from
 * that year), and opened by then (`openYear <= year`). A `planned` school without an open year never opens: we do not
 * guess a date.
 *
 * @example
 * isSchoolOpen({ ...school, status: 'planned', openYear: 2027 }, 2026); // false
 * isSchoolOpen({ ...school, status: 'planned', openYear: 2027 }, 2027); // true
 */
export function isSchoolOpen(school: Pick<SchoolRecord, 'status' | 'openYear' | 'closeYear'>, year: number): boolean {
  if (school.status === 'closed') return false;
  if (school.closeYear !== null && school.closeYear <= year) return false;
  if (school.openYear !== null && school.openYear > year) return false;
  if (school.status === 'planned' && school.openYear === null) return false;
  return true;
}

/**
 * Class-size norm of a school for a stage: its own norm, else the stage default (DEFAULT_CLASS_SIZE).
 * @example
 * classSizeNormOf({ classSizeNorm: null }, 'junior'); // 50
 */
export function classSizeNormOf(school: Pick<SchoolRecord, 'classSizeNorm'>, stage: ProjectedStage): number {
  return school.classSizeNorm !== null && school.classSizeNorm > 0 ? school.classSizeNorm : DEFAULT_CLASS_SIZE[stage];
}

function sumGrades(byGrade: Record<string, number>, stage: ProjectedStage): number {
  let s = 0;
  for (const g of STAGE_GRADES[stage].grades) s += byGrade[String(g)] ?? 0;
  return s;
}

function hasGrades(byGrade: Record<string, number>, stages: ProjectedStage[]): boolean {
  return stages.some((s) => STAGE_GRADES[s].grades.some((g) => (byGrade[String(g)] ?? 0) > 0));
}

/**
 * A per-stage split of a school-wide quantity: by the stage's share of `byGrade` when grades are recorded, else by
 * the stage's share of grades (a nine-year school without per-grade data: 6/9 primary, 3/9 junior).
 */
function stageShare(school: SchoolRecord, byGrade: Record<string, number>, stage: ProjectedStage): number {
  const stages = projectedStagesOf(school);
  if (!stages.includes(stage)) return 0;
  if (stages.length === 1) return 1;
  if (hasGrades(byGrade, stages)) {
    const total = stages.reduce((s, st) => s + sumGrades(byGrade, st), 0);
    return total > 0 ? sumGrades(byGrade, stage) / total : 0;
  }
  const grades = stages.reduce((s, st) => s + STAGE_GRADES[st].grades.length, 0);
  return STAGE_GRADES[stage].grades.length / grades;
}

/**
 * Seats of a school for one stage.
 *
 * Rule: `approvedSeats` when > 0, else classes x class-size norm. A school serving several stages (nine-year
 * 九年一贯制, complete secondary) splits approved seats between its stages in proportion to its classes per grade
 * (classesByGrade summed over each stage's grades), or by number of grades when no per-grade classes are recorded;
 * without approved seats each stage is simply its own classes x its norm. A stage the school does not serve has 0.
 *
 * @example
 * // Nine-year school, 900 approved seats, 2 classes in each of grades 1-9: primary 12/18 of 900 = 600 seats,
 * // intake 600 / 6 = 100; junior 300 seats, intake 100.
 * stageSeats(nineYear, 'primary'); // { seats: 600, intakeSeats: 100, classSizeNorm: 45, classes: 12 }
 */
export function stageSeats(school: SchoolRecord, stage: ProjectedStage, intakeRule: IntakeSeatsRule = 'seats_per_grade'): StageSeats {
  const norm = classSizeNormOf(school, stage);
  const stages = projectedStagesOf(school);
  if (!stages.includes(stage)) return { seats: 0, intakeSeats: 0, classSizeNorm: norm, classes: 0 };
  const classesRecorded = hasGrades(school.classesByGrade, stages);
  const classes = classesRecorded ? sumGrades(school.classesByGrade, stage) : school.classes * stageShare(school, {}, stage);
  const seats = school.approvedSeats > 0 ? school.approvedSeats * stageShare(school, school.classesByGrade, stage) : classes * norm;
  const grades = STAGE_GRADES[stage].grades;
  let intakeSeats = seats / grades.length;
  if (intakeRule === 'entry_classes') {
    const entryClasses = school.classesByGrade[String(grades[0])] ?? 0;
    if (entryClasses > 0) intakeSeats = entryClasses * norm;
  }
  return { seats, intakeSeats, classSizeNorm: norm, classes };
}

/**
 * Pupils enrolled in one stage of a school: enrolmentByGrade summed over the stage's grades, else the school's
 * enrolment split like its seats (by classes per grade, else by grades).
 *
 * @example
 * stageEnrolment(nineYear, 'junior'); // enrolment of grades 7-9
 */
export function stageEnrolment(school: SchoolRecord, stage: ProjectedStage): number {
  const stages = projectedStagesOf(school);
  if (!stages.includes(stage)) return 0;
  if (hasGrades(school.enrolmentByGrade, stages)) return sumGrades(school.enrolmentByGrade, stage);
  return school.enrolment * stageShare(school, school.classesByGrade, stage);
}
