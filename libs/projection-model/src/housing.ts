import { AGE_GROUPS, STAGE_GRADES, type ProjectedStage } from '@app/domain';
import type { Prepared } from './prepare';
import type { ProjectionHousing } from './types';

const A = AGE_GROUPS;

/**
 * Children per completed household at each single year of age 0..17: a stage's yield spread evenly over the
 * stage's ages (STAGE_GRADES); ages below kindergarten entry (0-2) take the kindergarten per-age value.
 */
export function yieldPerAge(yields: ProjectionHousing['yields']): Float64Array {
  const out = new Float64Array(A);
  for (const stage of Object.keys(STAGE_GRADES) as ProjectedStage[]) {
    const { grades, entryAge } = STAGE_GRADES[stage];
    const per = yields[stage] / grades.length;
    for (let k = 0; k < grades.length; k++) out[entryAge + k] = per;
    if (stage === 'kindergarten') for (let age = 0; age < entryAge; age++) out[age] = per;
  }
  return out;
}

/**
 * Resident arrivals from housing per unit (only units that receive any), flat `y * 18 + age` (README,
 * "Housing"): households completed in year c (base < c <= base + horizon) x yield per age, added in year c;
 * with `housingBirthsPerHousehold` > 0, every household completed before year t (and after the base year) adds
 * that many births to age 0 in year t. A project without a unit is spread over its township's units by their
 * base-year resident population 0-17 (equally when it is 0).
 */
export function housingAdditions(p: Prepared, years: readonly number[]): Map<number, Float64Array> {
  const U = p.unitCodes.length;
  const Y = years.length;
  const base = p.baseYear;
  const add = new Map<number, Float64Array>();
  if (p.housing.length === 0) return add;
  const of = (u: number): Float64Array => {
    let arr = add.get(u);
    if (!arr) {
      arr = new Float64Array(Y * A);
      add.set(u, arr);
    }
    return arr;
  };
  const birthsPerHh = p.assumptions.housingBirthsPerHousehold;
  const baseTotal = (u: number): number => {
    const o = (u * p.nHist + p.nHist - 1) * A;
    let s = 0;
    for (let a = 0; a < A; a++) s += p.hist.resident[o + a];
    return s;
  };
  let townshipUnits: Map<string, number[]> | null = null;
  for (const h of p.housing) {
    let targets: Array<[number, number]>;
    if (h.unitCode !== null && h.unitCode !== undefined) targets = [[p.unitIndex.get(h.unitCode)!, 1]];
    else {
      if (!townshipUnits) {
        townshipUnits = new Map();
        for (let u = 0; u < U; u++) {
          const code = p.townshipCodes[p.unitTownship[u]];
          const list = townshipUnits.get(code);
          if (list) list.push(u);
          else townshipUnits.set(code, [u]);
        }
      }
      const members = townshipUnits.get(h.townshipCode)!;
      const total = members.reduce((s, u) => s + baseTotal(u), 0);
      targets = members.map((u) => [u, total > 0 ? baseTotal(u) / total : 1 / members.length]);
    }
    const perAge = yieldPerAge(h.yields);
    for (const [key, households] of Object.entries(h.phasing ?? {})) {
      const c = Number(key);
      if (c <= base || households === 0) continue;
      if (c > base + Y - 1) continue;
      for (const [u, share] of targets) {
        const hh = households * share;
        if (hh === 0) continue;
        const arr = of(u);
        const o = (c - base) * A;
        for (let a = 0; a < A; a++) arr[o + a] += hh * perAge[a];
        if (birthsPerHh > 0) for (let t = c + 1; t <= base + Y - 1; t++) arr[(t - base) * A] += hh * birthsPerHh;
      }
    }
  }
  return add;
}
