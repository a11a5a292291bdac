import { AGE_GROUPS, type PopulationKind } from '@app/domain';
import { unitBirths } from './births';
import { demandRows } from './enrolment';
import { housingAdditions } from './housing';
import { prepare, type Prepared } from './prepare';
import { ratioArrays } from './ratios';
import type { ProjectedPopulation, ProjectionAssumptions, ProjectionInput, ProjectionResult } from './types';
import { ProjectionInputError } from './validate';

const A = AGE_GROUPS;

/**
 * Cohort-component projection of every unit, single year of age 0..17, base year .. base + horizon, resident
 * and registered, with the enrolment demand rows. Throws `ProjectionInputError` (every error, each naming its
 * unit) when the input is unusable; nothing partial is returned. Inputs are not mutated. See the README for
 * every formula and default.
 */
export function projectCohorts(input: ProjectionInput, assumptions: ProjectionAssumptions = {}): ProjectionResult {
  const p = prepare(input, assumptions);
  if (p.errors.length) throw new ProjectionInputError(p.errors);
  return projectPrepared(p);
}

/** The projection of already prepared (and error-free) input. */
export function projectPrepared(p: Prepared): ProjectionResult {
  const a = p.assumptions;
  const U = p.unitCodes.length;
  const H = a.horizon;
  const Y = H + 1;
  const years = Array.from({ length: Y }, (_, y) => p.baseYear + y);
  const births = unitBirths(p, years);
  const add = housingAdditions(p, years);
  const ratios = { resident: ratioArrays(p, 'resident').applied, registered: ratioArrays(p, 'registered').applied };
  const population = {} as ProjectedPopulation;
  for (const kind of ['resident', 'registered'] as const) {
    const P = new Float64Array(U * Y * A);
    const Q = new Float64Array(U * Y * A);
    const h = p.hist[kind];
    const B = births[kind];
    const R = ratios[kind];
    const f = kind === 'resident' ? 1 : p.hasRegistered ? a.housingRegisteredShare : 0;
    for (let u = 0; u < U; u++) {
      const src = (u * p.nHist + p.nHist - 1) * A;
      const o0 = u * Y * A;
      for (let k = 0; k < A; k++) P[o0 + k] = h[src + k];
      const r = u * A;
      const addU = f > 0 ? add.get(u) : undefined;
      for (let y = 1; y < Y; y++) {
        const o = o0 + y * A;
        const prev = o - A;
        P[o] = B[u * Y + y];
        for (let k = 1; k < A; k++) P[o + k] = R[r + k] * P[prev + k - 1];
        if (addU) {
          // Housing part: same ageing, plus this year's arrivals (Q stays 0 for units without housing).
          for (let k = 1; k < A; k++) Q[o + k] = R[r + k] * Q[prev + k - 1];
          for (let k = 0; k < A; k++) {
            const x = addU[y * A + k] * f;
            P[o + k] += x;
            Q[o + k] += x;
          }
        }
      }
    }
    if (kind === 'resident') {
      population.resident = P;
      population.residentHousing = Q;
    } else {
      population.registered = P;
      population.registeredHousing = Q;
    }
  }
  const rows = demandRows(p.unitCodes, years, population, a);
  const unitIndex = p.unitIndex;
  return {
    baseYear: p.baseYear,
    horizon: H,
    years,
    unitCodes: p.unitCodes.slice(),
    rows,
    population,
    ratios,
    births,
    hasRegistered: p.hasRegistered,
    warnings: p.warnings,
    assumptions: a,
    populationOf(unitCode: string, kind: PopulationKind, year: number, housingOnly = false): number[] {
      const u = unitIndex.get(unitCode);
      const y = year - p.baseYear;
      if (u === undefined) throw new RangeError(`unknown unit ${unitCode}`);
      if (!Number.isInteger(y) || y < 0 || y >= Y) throw new RangeError(`year ${year} is outside ${years[0]}..${years[Y - 1]}`);
      const arr =
        kind === 'resident'
          ? housingOnly
            ? population.residentHousing
            : population.resident
          : housingOnly
            ? population.registeredHousing
            : population.registered;
      const o = (u * Y + y) * A;
      return Array.from(arr.subarray(o, o + A));
    },
  };
}
