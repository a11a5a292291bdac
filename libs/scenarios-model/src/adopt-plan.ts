import type { DatasetRecords } from '@app/domain';
import { classSizeNormOf, type PlanDecisions } from '@app/warnings-model';

/** What adopting changed, recorded with the new version. */
export interface AdoptionChanges {
  closed: { schoolCode: string; year: number }[];
  addedClasses: { schoolCode: string; stage: string; classes: number }[];
  /** Units listed by the receiving school's catchment (whole unit and stage), from their old catchment. */
  rezoned: { unitCode: string; stage: string; toSchool: string; toCatchment: string }[];
  /** Transfers that could not become a catchment change (the receiving school has no catchment of the stage, or a unit splits). */
  notRezoned: { unitCode: string; stage: string; toSchool: string; reason: string }[];
}

/**
 * The records a plan leaves behind, as the base of new scenarios: the scenario's records (overrides applied) with the
 * decisions made permanent. Closures set `closeYear`; added classes raise classes and approved seats (classes x norm);
 * a unit whose moved pupils of a stage all go to one school is listed by that school's catchment of the stage (and
 * no longer by the others). Splits of a unit between schools cannot be drawn as catchments and are reported.
 * The input is not mutated.
 * @example adoptedRecords(records, planDecisionsOf(plan)).changes.closed.length // 10
 */
export function adoptedRecords(scenario: DatasetRecords, d: PlanDecisions): { records: DatasetRecords; changes: AdoptionChanges } {
  const changes: AdoptionChanges = { closed: [], addedClasses: [], rezoned: [], notRezoned: [] };
  const schools = scenario.schools.map((s) => {
    let out = s;
    const c = d.closures.filter((x) => x.schoolCode === s.code).map((x) => x.year ?? d.targetYear);
    if (c.length) {
      const year = Math.min(...c);
      if (out.closeYear === null || year < out.closeYear) out = { ...out, closeYear: year };
      changes.closed.push({ schoolCode: s.code, year: out.closeYear ?? year });
    }
    for (const a of d.addedClasses.filter((x) => x.schoolCode === s.code)) {
      const norm = classSizeNormOf(out, a.stage);
      out = {
        ...out,
        classes: out.classes + a.classes,
        approvedSeats: out.approvedSeats > 0 ? out.approvedSeats + a.classes * norm : 0,
        maxClasses: out.maxClasses === null ? null : Math.max(out.maxClasses, out.classes + a.classes),
      };
      changes.addedClasses.push({ schoolCode: s.code, stage: a.stage, classes: a.classes });
    }
    return out;
  });
  const catchments = scenario.catchments.map((c) => ({ ...c, unitCodes: [...c.unitCodes] }));
  const byUnitStage = new Map<string, Set<string>>();
  for (const t of d.transfers) {
    const k = `${t.unitCode}|${t.stage}`;
    byUnitStage.set(k, (byUnitStage.get(k) ?? new Set()).add(t.toSchool));
  }
  for (const [k, to] of [...byUnitStage].sort(([a], [b]) => a.localeCompare(b))) {
    const [unitCode, stage] = k.split('|');
    const [toSchool] = [...to];
    if (to.size > 1) {
      changes.notRezoned.push({ unitCode, stage, toSchool: [...to].sort().join(','), reason: 'split between schools' });
      continue;
    }
    const target = catchments.find((c) => c.stage === stage && c.schoolCodes.includes(toSchool));
    if (!target) {
      changes.notRezoned.push({ unitCode, stage, toSchool, reason: 'no catchment of the stage lists the school' });
      continue;
    }
    for (const c of catchments) if (c.stage === stage && c !== target) c.unitCodes = c.unitCodes.filter((u) => u !== unitCode);
    if (!target.unitCodes.includes(unitCode)) target.unitCodes.push(unitCode);
    changes.rezoned.push({ unitCode, stage, toSchool, toCatchment: target.code });
  }
  return { records: { ...scenario, schools, catchments }, changes };
}
