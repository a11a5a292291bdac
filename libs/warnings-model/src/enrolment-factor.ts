import type { ProjectedStage } from '@app/domain';
import { enrolmentPerPupil } from './figures';
import { stageEnrolment } from './school-capacity';
import type { RunWorld } from './world';

/**
 * Projected enrolment per placed pupil for every school and stage of a world, read in its first year (the year the
 * figures take the trend from): the factor by which the consolidation model turns placed pupils into the enrolment
 * the world's figures and small-school indicators count (see enrolmentPerPupil). A school without matched demand in
 * that year keeps its enrolment in the world whatever is placed there; the model then counts its pupils as placed
 * (factor 1), the one case where the two counts can differ.
 * @example
 * const w = buildRunWorld(input, noDecisions(2027));
 * enrolmentFactorsOf(w)('330802P001', 'primary'); // e.g. 0.96
 */
export function enrolmentFactorsOf(
  world: Pick<RunWorld, 'years' | 'schools' | 'schoolsByYear'>,
): (schoolCode: string, stage: ProjectedStage) => number {
  const first = world.years[0];
  const base = new Map((first === undefined ? [] : world.schoolsByYear(first)).map((s) => [s.code, s]));
  const records = new Map(world.schools.map((s) => [s.code, s]));
  const cache = new Map<string, number>();
  return (code, stage) => {
    const k = `${code}|${stage}`;
    let f = cache.get(k);
    if (f === undefined) {
      const s = records.get(code);
      const w = base.get(code);
      f = s ? (enrolmentPerPupil(w?.status === 'open', stageEnrolment(s, stage), w?.stages[stage]?.pupils ?? 0) ?? 1) : 1;
      cache.set(k, f);
    }
    return f;
  };
}
