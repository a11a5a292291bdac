import { STAGE_GRADES, isUnderThreshold, type ProjectedStage, type SchoolRecord } from '@app/domain';
import { stageDifferenceCoefficients, type DifferenceCoefficientResult } from './difference-coefficient';
import { findFigure, type FigureSet } from './figures';
import { isSchoolOpen, projectedStagesOf, stageEnrolment, stageSeats } from './school-capacity';

/**
 * Targets of the action plan and the national norms the indicators are read against (教督〔2017〕6号 and the action
 * plan; docs/standards.md).
 */
export interface IndicatorStandards {
  smallSchoolBelow: number;
  verySmallSchoolBelow: number;
  /** At most this many small schools in the city by `smallSchoolTargetYear`. */
  smallSchoolTargetMax: number;
  smallSchoolTargetYear: number;
  inclusiveKindergartenShareMin: number;
  publicKindergartenEnrolmentShareMin: number;
  largeClassFrom: number;
  superLargeClassFrom: number;
  /** 大班额 at most this share of classes; 超大班额 none. */
  largeClassShareMax: number;
}

export const DEFAULT_INDICATOR_STANDARDS: Readonly<IndicatorStandards> = Object.freeze({
  smallSchoolBelow: 200,
  verySmallSchoolBelow: 100,
  smallSchoolTargetMax: 30,
  smallSchoolTargetYear: 2027,
  inclusiveKindergartenShareMin: 0.95,
  publicKindergartenEnrolmentShareMin: 0.85,
  largeClassFrom: 56,
  superLargeClassFrom: 66,
  largeClassShareMax: 0.05,
});

/** Compulsory school type for the small-school count. */
export type CompulsorySchoolType = 'primary' | 'junior' | 'nine_year';

export interface SmallSchoolCount {
  schools: number;
  under200: number;
  under100: number;
}

/** Small schools by type (primary only, junior (incl. complete secondary), nine-year) and in total. */
export interface SmallSchoolCounts {
  byType: Record<CompulsorySchoolType, SmallSchoolCount>;
  total: SmallSchoolCount;
  /** Codes of the schools under 200 pupils. */
  smallSchoolCodes: string[];
}

export interface KindergartenShares {
  places: number;
  inclusivePlaces: number;
  /** (public + inclusive_private places) / all kindergarten places; null without places. */
  inclusiveShare: number | null;
  meetsInclusiveTarget: boolean | null;
  enrolment: number;
  publicEnrolment: number;
  /** Public kindergarten pupils / all kindergarten pupils; null without pupils. */
  publicEnrolmentShare: number | null;
  meetsPublicTarget: boolean | null;
}

export interface LargeClassShare {
  classes: number;
  /** Classes in grades whose average class size is 56+. */
  largeClasses: number;
  /** Of those, 66+. */
  superLargeClasses: number;
  largeShare: number | null;
  superLargeShare: number | null;
  meetsTarget: boolean | null;
}

/** Indicators of one county or the city. */
export interface AreaIndicators {
  areaType: 'county' | 'city';
  areaCode: string;
  /** From the records (current enrolment and resources). */
  current: {
    smallSchools: SmallSchoolCounts;
    kindergarten: KindergartenShares;
    largeClasses: LargeClassShare;
    /** Counties only (the plan measures balance within a county); null for the city. */
    differenceCoefficients: Record<'primary' | 'junior', DifferenceCoefficientResult> | null;
  };
  /**
   * Per projected year: what depends on openings/closures and projected enrolment. `differenceCoefficients`
   * (counties only, else null) is 差异系数 on that year's world: schools open that year, their resources over that
   * year's projected pupils (a receiving school's resources are shared by more pupils; a closed school drops out).
   */
  byYear: {
    year: number;
    smallSchools: SmallSchoolCounts;
    kindergarten: KindergartenShares;
    differenceCoefficients: Record<'primary' | 'junior', DifferenceCoefficientResult> | null;
  }[];
  /** City only: the small-school target and whether its year meets it (null if that year is not projected). */
  smallSchoolTarget?: { max: number; year: number; count: number | null; met: boolean | null };
  /** City only: counties meeting the national primary/junior CV and Quzhou's junior target. */
  countiesMeetingCv?: { primary: number; junior: number; juniorQuzhouTarget: number; counties: number };
}

export interface IndicatorInput {
  schools: readonly SchoolRecord[];
  /** Figures from computeFigures: supply projected enrolment and years. Without them only `current` is filled. */
  figures?: Pick<FigureSet, 'index' | 'years' | 'stages'>;
}

export interface IndicatorOptions {
  cityCode?: string;
  standards?: Partial<IndicatorStandards>;
}

function schoolType(s: SchoolRecord): CompulsorySchoolType | null {
  const p = s.stages.includes('primary');
  const j = s.stages.includes('junior');
  if (p && j) return 'nine_year';
  if (p) return 'primary';
  if (j) return 'junior';
  return null;
}

function emptyCount(): SmallSchoolCount {
  return { schools: 0, under200: 0, under100: 0 };
}

/**
 * Small schools among primary, junior and nine-year schools, counting compulsory pupils only (a complete secondary
 * school's senior pupils do not make it bigger as a junior school), by the one test `isUnderThreshold` of
 * @app/domain that the consolidation model uses too.
 *
 * @example
 * countSmallSchools(schools, (s) => s.enrolment).total.under200;
 */
export function countSmallSchools(
  schools: readonly SchoolRecord[],
  pupilsOf: (s: SchoolRecord) => number,
  standards: Pick<IndicatorStandards, 'smallSchoolBelow' | 'verySmallSchoolBelow'> = DEFAULT_INDICATOR_STANDARDS,
): SmallSchoolCounts {
  const byType: Record<CompulsorySchoolType, SmallSchoolCount> = { primary: emptyCount(), junior: emptyCount(), nine_year: emptyCount() };
  const total = emptyCount();
  const smallSchoolCodes: string[] = [];
  for (const s of schools) {
    const t = schoolType(s);
    if (!t) continue;
    const n = pupilsOf(s);
    for (const c of [byType[t], total]) {
      c.schools += 1;
      if (isUnderThreshold(n, standards.smallSchoolBelow)) c.under200 += 1;
      if (isUnderThreshold(n, standards.verySmallSchoolBelow)) c.under100 += 1;
    }
    if (isUnderThreshold(n, standards.smallSchoolBelow)) smallSchoolCodes.push(s.code);
  }
  return { byType, total, smallSchoolCodes };
}

/**
 * Kindergarten places and enrolment shares: inclusive (public + 普惠性民办) share of places vs 95%, public share of
 * pupils vs 85%.
 *
 * @example
 * kindergartenShares(kindergartens, (s) => s.enrolment).inclusiveShare; // e.g. 0.93
 */
export function kindergartenShares(
  schools: readonly SchoolRecord[],
  pupilsOf: (s: SchoolRecord) => number,
  standards: Pick<
    IndicatorStandards,
    'inclusiveKindergartenShareMin' | 'publicKindergartenEnrolmentShareMin'
  > = DEFAULT_INDICATOR_STANDARDS,
): KindergartenShares {
  let places = 0;
  let inclusivePlaces = 0;
  let enrolment = 0;
  let publicEnrolment = 0;
  for (const s of schools) {
    if (!s.stages.includes('kindergarten')) continue;
    const seats = stageSeats(s, 'kindergarten').seats;
    const pupils = pupilsOf(s);
    places += seats;
    enrolment += pupils;
    if (s.ownership === 'public' || s.ownership === 'inclusive_private') inclusivePlaces += seats;
    if (s.ownership === 'public') publicEnrolment += pupils;
  }
  const inclusiveShare = places > 0 ? inclusivePlaces / places : null;
  const publicEnrolmentShare = enrolment > 0 ? publicEnrolment / enrolment : null;
  return {
    places,
    inclusivePlaces,
    inclusiveShare,
    meetsInclusiveTarget: inclusiveShare === null ? null : inclusiveShare >= standards.inclusiveKindergartenShareMin,
    enrolment,
    publicEnrolment,
    publicEnrolmentShare,
    meetsPublicTarget: publicEnrolmentShare === null ? null : publicEnrolmentShare >= standards.publicKindergartenEnrolmentShareMin,
  };
}

/**
 * Share of 大班额 (56+) and 超大班额 (66+) classes in primary and junior grades. Only averages per grade are known
 * (enrolmentByGrade / classesByGrade), so all classes of a grade whose average is 56+ count as large; a stage
 * without per-grade data is judged on its own average (stage pupils / stage classes).
 *
 * @example
 * largeClassShare(schools).largeShare; // e.g. 0.031
 */
export function largeClassShare(
  schools: readonly SchoolRecord[],
  standards: Pick<IndicatorStandards, 'largeClassFrom' | 'superLargeClassFrom' | 'largeClassShareMax'> = DEFAULT_INDICATOR_STANDARDS,
): LargeClassShare {
  let classes = 0;
  let large = 0;
  let superLarge = 0;
  for (const g of gradeClassSizes(schools)) {
    classes += g.classes;
    const avg = g.pupils / g.classes;
    if (avg >= standards.largeClassFrom) large += g.classes;
    if (avg >= standards.superLargeClassFrom) superLarge += g.classes;
  }
  const largeShare = classes > 0 ? large / classes : null;
  const superLargeShare = classes > 0 ? superLarge / classes : null;
  return {
    classes,
    largeClasses: large,
    superLargeClasses: superLarge,
    largeShare,
    superLargeShare,
    meetsTarget:
      largeShare === null || superLargeShare === null ? null : largeShare <= standards.largeClassShareMax && superLargeShare === 0,
  };
}

/**
 * Pupils and classes per grade of the primary and junior stages of schools (a stage without per-grade data is one
 * entry with the stage totals). Entries without classes are skipped.
 *
 * @example
 * gradeClassSizes([school]); // [{ schoolCode: 'S1', stage: 'primary', grade: 1, pupils: 96, classes: 2 }, ...]
 */
export function gradeClassSizes(
  schools: readonly SchoolRecord[],
): { schoolCode: string; stage: 'primary' | 'junior'; grade: number | null; pupils: number; classes: number }[] {
  const out: { schoolCode: string; stage: 'primary' | 'junior'; grade: number | null; pupils: number; classes: number }[] = [];
  for (const s of schools) {
    for (const stage of ['primary', 'junior'] as const) {
      if (!s.stages.includes(stage)) continue;
      const grades = STAGE_GRADES[stage].grades;
      const perGrade = grades.some((g) => (s.classesByGrade[String(g)] ?? 0) > 0);
      if (perGrade) {
        for (const g of grades) {
          const c = s.classesByGrade[String(g)] ?? 0;
          if (c > 0) out.push({ schoolCode: s.code, stage, grade: g, pupils: s.enrolmentByGrade[String(g)] ?? 0, classes: c });
        }
      } else {
        const c = stageSeats(s, stage).classes;
        if (c > 0) out.push({ schoolCode: s.code, stage, grade: null, pupils: stageEnrolment(s, stage), classes: c });
      }
    }
  }
  return out;
}

/**
 * The plan's indicators per county and for the city: small schools, kindergarten shares, 大班额 share and the
 * difference coefficients now, and small schools and kindergarten shares per projected year (schools open that year;
 * pupils = projected enrolment from the figures, see CapacityFigure.projectedEnrolment; a stage without figures keeps
 * its current enrolment).
 *
 * @example
 * const ind = computeIndicators({ schools, figures });
 * ind.find((a) => a.areaType === 'city')?.smallSchoolTarget; // { max: 30, year: 2027, count: 41, met: false }
 */
export function computeIndicators(input: IndicatorInput, options: IndicatorOptions = {}): AreaIndicators[] {
  const standards: IndicatorStandards = { ...DEFAULT_INDICATOR_STANDARDS, ...options.standards };
  const cityCode = options.cityCode ?? '330800';
  const currentPupils = (s: SchoolRecord): number => compulsoryStages(s).reduce((a, st) => a + stageEnrolment(s, st), 0);
  const projectedPupils =
    (year: number) =>
    (s: SchoolRecord): number =>
      compulsoryStages(s).reduce((a, st) => {
        const f = input.figures ? findFigure(input.figures, 'school', s.code, st, year) : undefined;
        return a + (f?.projectedEnrolment ?? stageEnrolment(s, st));
      }, 0);
  const years = input.figures?.years ?? [];

  const build = (areaType: 'county' | 'city', areaCode: string, members: readonly SchoolRecord[]): AreaIndicators => {
    const openNow = members.filter((s) => s.status === 'open');
    return {
      areaType,
      areaCode,
      current: {
        smallSchools: countSmallSchools(openNow, currentPupils, standards),
        kindergarten: kindergartenShares(openNow, (s) => stageEnrolment(s, 'kindergarten'), standards),
        largeClasses: largeClassShare(openNow, standards),
        differenceCoefficients:
          areaType === 'county'
            ? { primary: stageDifferenceCoefficients(members, 'primary'), junior: stageDifferenceCoefficients(members, 'junior') }
            : null,
      },
      byYear: years.map((year) => {
        const openThen = members.filter((s) => isSchoolOpen(s, year));
        const pupils = projectedPupils(year);
        const stagePupils = (s: SchoolRecord, st: ProjectedStage): number => {
          const f = input.figures ? findFigure(input.figures, 'school', s.code, st, year) : undefined;
          return f?.projectedEnrolment ?? stageEnrolment(s, st);
        };
        return {
          year,
          differenceCoefficients:
            areaType === 'county'
              ? {
                  primary: stageDifferenceCoefficients(members, 'primary', year, stagePupils),
                  junior: stageDifferenceCoefficients(members, 'junior', year, stagePupils),
                }
              : null,
          smallSchools: countSmallSchools(openThen, pupils, standards),
          kindergarten: kindergartenShares(
            openThen,
            (s) => {
              const f = input.figures ? findFigure(input.figures, 'school', s.code, 'kindergarten', year) : undefined;
              return f?.projectedEnrolment ?? stageEnrolment(s, 'kindergarten');
            },
            standards,
          ),
        };
      }),
    };
  };

  const counties = [...new Set(input.schools.flatMap((s) => (s.countyCode ? [s.countyCode] : [])))].sort();
  const out = counties.map((c) =>
    build(
      'county',
      c,
      input.schools.filter((s) => s.countyCode === c),
    ),
  );
  const city = build('city', cityCode, input.schools);
  const target = city.byYear.find((y) => y.year === standards.smallSchoolTargetYear);
  city.smallSchoolTarget = {
    max: standards.smallSchoolTargetMax,
    year: standards.smallSchoolTargetYear,
    count: target ? target.smallSchools.total.under200 : null,
    met: target ? target.smallSchools.total.under200 <= standards.smallSchoolTargetMax : null,
  };
  const cvs = out.map((c) => c.current.differenceCoefficients);
  city.countiesMeetingCv = {
    counties: out.length,
    primary: cvs.filter((c) => c?.primary.meetsNational === true).length,
    junior: cvs.filter((c) => c?.junior.meetsNational === true).length,
    juniorQuzhouTarget: cvs.filter((c) => c?.junior.meetsQuzhouTarget === true).length,
  };
  out.push(city);
  return out;
}

/** The compulsory stages a school serves (its pupils in these count for the small-school rule). */
function compulsoryStages(s: SchoolRecord): ('primary' | 'junior')[] {
  return projectedStagesOf(s).filter((x): x is 'primary' | 'junior' => x === 'primary' || x === 'junior');
}
