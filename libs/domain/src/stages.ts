/** School stages (学段). Nine-year and complete secondary schools list two stages. */
export const STAGES = ['kindergarten', 'primary', 'junior', 'senior', 'special'] as const;
export type Stage = (typeof STAGES)[number];

/** Ownership (办学性质): public, inclusive private (普惠性民办), private. */
export const OWNERSHIPS = ['public', 'inclusive_private', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const SCHOOL_STATUSES = ['open', 'closed', 'planned'] as const;
export type SchoolStatus = (typeof SCHOOL_STATUSES)[number];

export const AREA_LEVELS = ['city', 'county', 'township', 'village'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const POPULATION_KINDS = ['resident', 'registered'] as const;
/** 常住 (resident) or 户籍 (registered) population. */
export type PopulationKind = (typeof POPULATION_KINDS)[number];

/** Number of single-year age groups stored per population count row: ages 0..17. */
export const AGE_GROUPS = 18;

/**
 * Grades per stage with the age on 31 August at entry (幼儿园工作规程 2016 and 建标109-2008; docs/standards.md). Kindergarten grades are
 * 小班/中班/大班 (ages 3, 4, 5); primary grades 1-6 (ages 6-11); junior 7-9 (12-14); senior 10-12 (15-17).
 */
export const STAGE_GRADES: Record<Exclude<Stage, 'special'>, { grades: number[]; entryAge: number }> = {
  kindergarten: { grades: [-2, -1, 0], entryAge: 3 },
  primary: { grades: [1, 2, 3, 4, 5, 6], entryAge: 6 },
  junior: { grades: [7, 8, 9], entryAge: 12 },
  senior: { grades: [10, 11, 12], entryAge: 15 },
};

/** Default class size norm per stage (建标109-2008; 幼儿园工作规程 mixed class 30). */
export const DEFAULT_CLASS_SIZE: Record<Stage, number> = {
  kindergarten: 30,
  primary: 45,
  junior: 50,
  senior: 50,
  special: 12,
};

/** Stage of a grade number (kindergarten grades are -2..0). */
export function stageOfGrade(grade: number): Exclude<Stage, 'special'> {
  if (grade <= 0) return 'kindergarten';
  if (grade <= 6) return 'primary';
  if (grade <= 9) return 'junior';
  return 'senior';
}
