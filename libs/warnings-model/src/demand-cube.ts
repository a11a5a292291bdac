import type { DemandTotals } from './demand-totals';

/**
 * Internal: demand of one subject for every stage and year, packed as
 * [stage][year][resident, registered, intakeResident, intakeRegistered] in one Float64Array. Aggregating 100k demand
 * rows through string-keyed maps of small objects spent most of its time in the garbage collector; flat arrays
 * indexed by position do not allocate.
 */
export interface DemandCube {
  data: Float64Array;
  years: number;
}

/**
 * @internal A zeroed cube.
 * @example
 * const c = newCube(4, 13); // 4 stages x 13 years
 */
export function newCube(stages: number, years: number): DemandCube {
  return { data: new Float64Array(stages * years * 4), years };
}

/**
 * @internal Adds w x d at (stage, year).
 * @example
 * cubeAdd(c, 1, 0, demandOfRow(row), 0.5);
 */
export function cubeAdd(cube: DemandCube, stage: number, year: number, d: DemandTotals, w = 1): void {
  const o = (stage * cube.years + year) * 4;
  const a = cube.data;
  a[o] += d.resident * w;
  a[o + 1] += d.registered * w;
  a[o + 2] += d.intakeResident * w;
  a[o + 3] += d.intakeRegistered * w;
}

/**
 * @internal Adds every cell of `from` into `into`.
 * @example
 * cubeAddCube(townshipCube, unitCube);
 */
export function cubeAddCube(into: DemandCube, from: DemandCube): void {
  const a = into.data;
  const b = from.data;
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}

/**
 * @internal The totals at (stage, year); zeros for a missing cube.
 * @example
 * cubeGet(c, 1, 0).resident;
 */
export function cubeGet(cube: DemandCube | undefined, stage: number, year: number): DemandTotals {
  if (!cube) return { resident: 0, registered: 0, intakeResident: 0, intakeRegistered: 0 };
  const o = (stage * cube.years + year) * 4;
  const a = cube.data;
  return { resident: a[o], registered: a[o + 1], intakeResident: a[o + 2], intakeRegistered: a[o + 3] };
}
