import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SolveProgress, SolverBackend, SolveStatus } from './solver';
import { CapacitatedFacilityLocation } from './models/cflp';
import { UncapacitatedFacilityLocation } from './models/ufl';
import { defaultBackend } from './models/facility-solution';
import type { StructuredReport } from './models/facility-structured';

/** One OR-Library `cap` instance: facilities (warehouses) and customers, costs per customer and facility. */
export interface OrlibCapInstance {
  name: string;
  capacities: number[];
  /** True when the file had the literal word `capacity` (capa/b/c) and no override was given. */
  capacityIsPlaceholder: boolean;
  fixedCosts: number[];
  demands: number[];
  /** costs[customer][facility] = cost of serving ALL of that customer's demand from the facility. */
  costs: number[][];
}

/**
 * Parses the OR-Library `cap` format: `m n`; m lines `capacity fixed_cost`; then per customer its demand and m
 * costs. capa/b/c write the literal `capacity` instead of a number; `capacityOverride` supplies it (and, if given,
 * replaces every capacity, which is what the published capa/b/c variants mean).
 *
 * @example
 * const inst = parseOrlibCap(readFileSync('cap41.txt', 'utf8'), 'cap41');
 * inst.capacities.length; // 16
 */
export function parseOrlibCap(text: string, name: string, capacityOverride?: number): OrlibCapInstance {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  let at = 0;
  const next = (what: string): string => {
    if (at >= tokens.length) throw new Error(`${name}: file ends early while reading ${what}`);
    return tokens[at++];
  };
  const number = (what: string): number => {
    const token = next(what);
    const value = Number(token);
    if (!Number.isFinite(value)) throw new Error(`${name}: expected a number for ${what}, got "${token}"`);
    return value;
  };
  const m = number('facility count');
  const n = number('customer count');
  if (!Number.isInteger(m) || !Number.isInteger(n) || m <= 0 || n <= 0) throw new Error(`${name}: bad header ${m} ${n}`);

  const capacities: number[] = [];
  const fixedCosts: number[] = [];
  let placeholder = false;
  for (let j = 0; j < m; j++) {
    const token = next(`capacity of facility ${j}`);
    if (token.toLowerCase() === 'capacity') {
      placeholder = true;
      capacities.push(NaN);
    } else {
      const value = Number(token);
      if (!Number.isFinite(value)) throw new Error(`${name}: bad capacity "${token}" for facility ${j}`);
      capacities.push(value);
    }
    fixedCosts.push(number(`fixed cost of facility ${j}`));
  }
  const demands: number[] = [];
  const costs: number[][] = [];
  for (let i = 0; i < n; i++) {
    demands.push(number(`demand of customer ${i}`));
    const row: number[] = [];
    for (let j = 0; j < m; j++) row.push(number(`cost of customer ${i} at facility ${j}`));
    costs.push(row);
  }
  if (at !== tokens.length) throw new Error(`${name}: ${tokens.length - at} unexpected trailing tokens`);

  if (capacityOverride !== undefined) {
    if (!(capacityOverride > 0)) throw new Error(`${name}: capacity override must be positive, got ${capacityOverride}`);
    capacities.fill(capacityOverride);
    placeholder = false;
  }
  return { name, capacities, capacityIsPlaceholder: placeholder, fixedCosts, demands, costs };
}

/** Options of {@link solveOrlibCflp}. */
export interface SolveOrlibOptions {
  /** Capacity of every facility; required for capa/b/c, which only carry a placeholder. */
  capacity?: number;
  /** Ignore capacities and solve the uncapacitated problem. */
  uncapacitated?: boolean;
  backend?: SolverBackend;
  timeLimitSeconds?: number;
  /** Defaults to 1e-9 so that published optima are reproduced, not approximated. */
  mipRelGap?: number;
  /** Formulation of the capacitated model (see CflpInput.strengthen); default: 'lazy' from 20,000 arcs, else true. */
  strengthen?: boolean | 'lazy';
  /**
   * 'structured' (default): Lagrangian relaxation, fixing and branch and bound or a reduced MIP (see solveFacilityStructured);
   * 'mip': the whole MILP to the backend.
   */
  method?: 'structured' | 'mip';
  /** With 'structured': close the root's gap by Lagrangian branch and bound ('branch', default) or a reduced MIP ('mip'). */
  finish?: 'branch' | 'mip';
  /** Incumbent, bound, gap and elapsed time while it solves, at least every second. */
  onProgress?: (progress: SolveProgress) => void;
  signal?: AbortSignal;
}

/** What `solve-cflp` prints. Facility indices are 0-based positions in the file. */
export interface OrlibSolveResult {
  instance: string;
  objective: number | null;
  status: SolveStatus;
  openFacilities: number[];
  seconds: number;
  gap: number | null;
  message?: string;
  /** Which solver produced the answer ('lagrangian', 'lagrangian+bb', 'lagrangian+highs', 'highs'). */
  backend: string | null;
  /** What the structured method did (bound, fixings, reduced MIP size, phase times). */
  report?: StructuredReport;
}

/**
 * Reads an OR-Library `cap` file and solves it as a capacitated (split demand) or uncapacitated facility
 * location problem with a verified answer.
 *
 * @example
 * const r = await solveOrlibCflp('../shared/data/orlib/cap/cap41.txt');
 * // { instance: 'cap41', objective: 1040444.375, status: 'optimal', openFacilities: [...], seconds: 0.4, gap: 0 }
 */
export async function solveOrlibCflp(filePath: string, options: SolveOrlibOptions = {}): Promise<OrlibSolveResult> {
  const started = performance.now();
  const name = path.basename(filePath).replace(/\.txt$/i, '');
  const instance = parseOrlibCap(readFileSync(filePath, 'utf8'), name, options.capacity);
  if (!options.uncapacitated && instance.capacityIsPlaceholder) {
    throw new Error(`${name} has no numeric capacities; pass a capacity (optima.csv lists capacity_override values)`);
  }
  const backend = options.backend ?? defaultBackend();
  const solveOptions = {
    timeLimitSeconds: options.timeLimitSeconds,
    mipRelGap: options.mipRelGap ?? 1e-9,
    onProgress: options.onProgress,
    signal: options.signal,
  };
  const problem = options.uncapacitated
    ? UncapacitatedFacilityLocation.fromCostMatrix({
        costs: instance.costs,
        demands: instance.demands,
        fixedCosts: instance.fixedCosts,
        costBasis: 'total',
      })
    : CapacitatedFacilityLocation.fromCostMatrix({
        costs: instance.costs,
        demands: instance.demands,
        capacities: instance.capacities,
        fixedCosts: instance.fixedCosts,
        costBasis: 'total',
        strengthen: options.strengthen,
      });
  const solution =
    options.method === 'mip'
      ? await problem.solve(backend, solveOptions)
      : await problem.solveStructured({ ...solveOptions, backend, finish: options.finish });
  return {
    instance: name,
    objective: solution.objective,
    status: solution.status,
    openFacilities: solution.openFacilities,
    seconds: (performance.now() - started) / 1000,
    gap: solution.gap,
    message: solution.message,
    backend: solution.backend,
    report: 'report' in solution ? (solution.report as StructuredReport | undefined) : undefined,
  };
}

/** One row of `optima.csv`. */
export interface OrlibOptimum {
  instance: string;
  file: string;
  capacityOverride: number | undefined;
  capacitatedOptimum: number | undefined;
  uncapacitatedOptimum: number | undefined;
}

/**
 * Reads `optima.csv` (instance,file,capacity_override,capacitated_optimum,uncapacitated_optimum).
 * @example readOrlibOptima('../shared/data/orlib/optima.csv').find((r) => r.instance === 'cap41')?.capacitatedOptimum;
 */
export function readOrlibOptima(csvPath: string): OrlibOptimum[] {
  const lines = readFileSync(csvPath, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0);
  const header = lines[0].split(',').map((h) => h.trim());
  const column = (key: string): number => {
    const k = header.indexOf(key);
    if (k < 0) throw new Error(`${csvPath}: missing column ${key}`);
    return k;
  };
  const cols = {
    instance: column('instance'),
    file: column('file'),
    capacity: column('capacity_override'),
    cap: column('capacitated_optimum'),
    uncap: column('uncapacitated_optimum'),
  };
  const optional = (text: string | undefined): number | undefined => {
    const t = (text ?? '').trim();
    return t === '' ? undefined : Number(t);
  };
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      instance: cells[cols.instance].trim(),
      file: cells[cols.file].trim(),
      capacityOverride: optional(cells[cols.capacity]),
      capacitatedOptimum: optional(cells[cols.cap]),
      uncapacitatedOptimum: optional(cells[cols.uncap]),
    };
  });
}
