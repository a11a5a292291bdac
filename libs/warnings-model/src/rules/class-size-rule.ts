import type { SchoolRecord } from '@app/domain';
import type { ClassSizeBand } from '../config';
import { gradeClassSizes } from '../indicators';
import { classSizeNormOf, isSchoolOpen } from '../school-capacity';
import { classesEn, levelZh, round, STAGE_ZH, type AlertCandidate, type RuleContext } from './alert';

/**
 * Class size (大班额 56+, 超大班额 66+) per school and stage, from the records (enrolmentByGrade / classesByGrade,
 * grade averages), so the onset is the evaluation year and the lead time 0. Level = the most severe band of any
 * grade. classesShort = classes to add in the flagged grades to bring them to the class-size norm (45 primary,
 * 50 junior, or the school's): sum of ceil(pupils / norm) - classes; seatGap = pupils above norm x classes there.
 *
 * @example
 * classSizeRule(schools, ctx); // [{ rule: 'class_size', level: 'notice', subjectCode: 'S1', value: 58, classesShort: 1 }]
 */
export function classSizeRule(schools: readonly SchoolRecord[], ctx: RuleContext): AlertCandidate[] {
  const cfg = ctx.config.classSize;
  if (!cfg.enabled || cfg.bands.length === 0) return [];
  const out: AlertCandidate[] = [];
  const open = schools.filter((s) => isSchoolOpen(s, ctx.evaluationYear));
  const bySchool = new Map(open.map((s) => [s.code, s]));
  const grades = gradeClassSizes(open);
  const groups = new Map<string, typeof grades>();
  for (const g of grades) {
    if (!cfg.stages.includes(g.stage)) continue;
    const k = `${g.schoolCode}|${g.stage}`;
    groups.set(k, [...(groups.get(k) ?? []), g]);
  }
  for (const list of groups.values()) {
    const { schoolCode, stage } = list[0];
    const school = bySchool.get(schoolCode) as SchoolRecord;
    const norm = classSizeNormOf(school, stage);
    let worst = -1;
    const flagged: { grade: number | null; pupils: number; classes: number; average: number; band: string }[] = [];
    for (const g of list) {
      const avg = g.pupils / g.classes;
      let idx = -1;
      cfg.bands.forEach((b: ClassSizeBand, k) => {
        if (avg >= b.atLeast) idx = k;
      });
      if (idx < 0) continue;
      worst = Math.max(worst, idx);
      flagged.push({ grade: g.grade, pupils: g.pupils, classes: g.classes, average: round(avg, 1), band: cfg.bands[idx].band });
    }
    if (worst < 0) continue;
    const band = cfg.bands[worst];
    const classesShort = flagged.reduce((a, g) => a + Math.max(0, Math.ceil(g.pupils / norm - 1e-9) - g.classes), 0);
    const seatGap = flagged.reduce((a, g) => a + Math.max(0, g.pupils - g.classes * norm), 0);
    const maxAvg = Math.max(...flagged.map((g) => g.average));
    out.push({
      rule: 'class_size',
      kind: 'class_size',
      level: band.level,
      subjectType: 'school',
      subjectCode: schoolCode,
      stage,
      onsetYear: ctx.evaluationYear,
      population: 'resident',
      value: maxAvg,
      seatGap: round(seatGap, 1),
      classesShort,
      leadTimeYears: 0,
      message: {
        zh:
          `${school.name}（${STAGE_ZH[stage]}）存在${band.band}${levelZh(band.level)}：` +
          `${flagged.length}个年级平均班额达${band.atLeast}人以上，最高${maxAvg}人，需增加${classesShort}个班。`,
        en:
          `${school.name} (${stage}) has oversized classes (${band.band}, ${band.atLeast}+): ${flagged.length} grade(s), ` +
          `largest average ${maxAvg}; ${classesEn(classesShort)} more needed.`,
      },
      details: { band: band.band, atLeast: band.atLeast, classSizeNorm: norm, grades: flagged },
    });
  }
  return out;
}
