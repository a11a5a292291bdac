import type { CatchmentRecord, DemandRow, PopulationUnitRecord, ProjectedStage, SchoolRecord } from '@app/domain';
import {
  boundsOf,
  buildPlanarPolygonIndex,
  overlayShares,
  pointLookup,
  projectionFor,
  representativePoint,
  type PlanarPolygonIndex,
  type PlanarProjection,
} from '@app/geo';
import type { MultiPolygon, Polygon } from 'geojson';
import { cubeAdd, cubeGet, newCube, type DemandCube } from './demand-cube';
import { addDemand, demandOfRow, zeroDemand, type DemandTotals } from './demand-totals';
import { isSchoolOpen, stageSeats, type IntakeSeatsRule } from './school-capacity';

/** What matching reads. Never mutated. */
export interface MatchingInput {
  schools: readonly SchoolRecord[];
  catchments: readonly CatchmentRecord[];
  units: readonly PopulationUnitRecord[];
  /** Projected demand per unit x stage x year (the projection's output). */
  demand: readonly DemandRow[];
}

export interface MatchingOptions {
  /** Stages to match; default: every stage present in the demand. */
  stages?: readonly ProjectedStage[];
  /** Years to match; default: every year present in the demand. */
  years?: readonly number[];
  /** How intake seats are derived (default `seats_per_grade`, see IntakeSeatsRule). */
  intakeSeatsRule?: IntakeSeatsRule;
  /**
   * Part of a polygon unit left outside every catchment below which the unit's shares are scaled up to 1, because
   * such slivers are digitising noise between layers drawn from different maps. Default 0.01 (1%). Above it the
   * uncovered part is reported as unmatched demand. Either way no demand disappears.
   */
  coverageTolerance?: number;
  /** Projection for the overlay; default: centred on the catchments and units. */
  projection?: PlanarProjection;
}

/** How a unit's share of a catchment was found. */
export type AssignmentMethod = 'listed' | 'point' | 'overlay' | 'representative_point';

/** A unit's share of one catchment of a stage (year-independent). */
export interface UnitCatchmentShare {
  unitCode: string;
  stage: ProjectedStage;
  catchmentCode: string;
  /** Fraction of the unit's demand sent to the catchment (0..1). */
  share: number;
  method: AssignmentMethod;
}

/** Why (part of) a unit's demand has no catchment. */
export type UnmatchedReason = 'outside_catchments' | 'partly_outside' | 'unknown_unit' | 'no_catchments_for_stage' | 'empty_geometry';

/** A unit and stage (part of) whose demand no catchment takes. */
export interface UnmatchedUnit {
  unitCode: string;
  stage: ProjectedStage;
  /** Fraction of the unit's demand not taken by any catchment (1 = all of it). */
  uncoveredShare: number;
  reason: UnmatchedReason;
}

/** Unmatched demand of one unit, stage and year (the uncovered share of its demand). */
export interface UnmatchedDemand extends UnmatchedUnit {
  year: number;
  demand: DemandTotals;
}

/** Demand a catchment receives in a year, and the schools open in it that year. */
export interface CatchmentDemand {
  catchmentCode: string;
  stage: ProjectedStage;
  year: number;
  demand: DemandTotals;
  /** Schools of the catchment open that year (in the catchment's order). */
  openSchoolCodes: string[];
}

/** Demand sent by one catchment to one of its schools in a year. */
export interface SchoolFlow {
  schoolCode: string;
  catchmentCode: string;
  stage: ProjectedStage;
  year: number;
  demand: DemandTotals;
}

/** A catchment-year with demand but no open school (all closed or not yet opened): demand kept, not served. */
export interface UnservedCatchment {
  catchmentCode: string;
  stage: ProjectedStage;
  year: number;
  demand: DemandTotals;
}

/** Data problems found while matching; none stops the run. */
export interface MatchingDiagnostics {
  /** Units listed by more than one catchment of a stage (their demand is split evenly). */
  unitsListedTwice: { unitCode: string; stage: ProjectedStage; catchmentCodes: string[] }[];
  /** Catchments naming a school that is not in the school layer. */
  unknownSchools: { catchmentCode: string; schoolCode: string }[];
  /** Catchments with neither unit codes nor geometry (they can take no demand). */
  emptyCatchments: string[];
  /** Catchments naming a school that does not serve the catchment's stage (the school gets 0 seats there). */
  stageMismatches: { catchmentCode: string; schoolCode: string; stage: string }[];
  /** Stages with demand but no catchment at all. */
  stagesWithoutCatchments: ProjectedStage[];
}

/** The result of catchment matching. */
export interface CatchmentMatch {
  stages: ProjectedStage[];
  years: number[];
  shares: UnitCatchmentShare[];
  unmatchedUnits: UnmatchedUnit[];
  unmatched: UnmatchedDemand[];
  catchmentDemand: CatchmentDemand[];
  flows: SchoolFlow[];
  unservedCatchments: UnservedCatchment[];
  diagnostics: MatchingDiagnostics;
}

/** Year-independent assignment of units to the catchments of each stage. */
export interface UnitAssignment {
  shares: UnitCatchmentShare[];
  unmatched: UnmatchedUnit[];
  /** shares and unmatched part per stage and unit. */
  byStageUnit: Map<ProjectedStage, Map<string, { shares: UnitCatchmentShare[]; unmatched: UnmatchedUnit | null }>>;
  diagnostics: Pick<MatchingDiagnostics, 'unitsListedTwice' | 'emptyCatchments' | 'stagesWithoutCatchments'>;
}

const PROJECTED: readonly ProjectedStage[] = ['kindergarten', 'primary', 'junior', 'senior'];

/**
 * Assigns each unit to the catchment(s) of each stage, once for all years.
 *
 * Rules, in order:
 * 1. A catchment that lists `unitCodes` takes those units directly (share 1; a unit listed by k catchments of the
 *    stage goes 1/k to each and is reported in diagnostics).
 * 2. Any other unit is matched by geometry against every catchment of the stage that has a geometry (listing
 *    catchments included, so a new parcel inside a listed catchment still finds it): point units by point in
 *    polygon (on a shared border: split evenly), polygon units by area overlay (share = intersection area / unit
 *    area), other geometries by their representative point. Overlapping catchments are scaled to sum to 1.
 * 3. What no catchment takes is reported in `unmatched` with its uncovered share and reason.
 *
 * @example
 * const a = assignUnitsToCatchments(units, catchments, ['primary'], new Set(['U1']));
 * a.byStageUnit.get('primary')?.get('U1')?.shares; // [{ catchmentCode: 'P1', share: 1, method: 'point', ... }]
 */
export function assignUnitsToCatchments(
  units: readonly PopulationUnitRecord[],
  catchments: readonly CatchmentRecord[],
  stages: readonly ProjectedStage[],
  unitCodes: ReadonlySet<string>,
  options: Pick<MatchingOptions, 'coverageTolerance' | 'projection'> = {},
): UnitAssignment {
  const tolerance = options.coverageTolerance ?? 0.01;
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const projection =
    options.projection ?? projectionFor(boundsOf([...catchments.map((c) => c.geometry), ...units.map((u) => u.geometry)]) ?? [0, 0, 0, 0]);
  const shares: UnitCatchmentShare[] = [];
  const unmatched: UnmatchedUnit[] = [];
  const byStageUnit: UnitAssignment['byStageUnit'] = new Map();
  const diagnostics: UnitAssignment['diagnostics'] = { unitsListedTwice: [], emptyCatchments: [], stagesWithoutCatchments: [] };
  for (const c of catchments) if (c.unitCodes.length === 0 && !c.geometry) diagnostics.emptyCatchments.push(c.code);

  for (const stage of stages) {
    const ofStage = catchments.filter((c) => c.stage === stage);
    const perUnit = new Map<string, { shares: UnitCatchmentShare[]; unmatched: UnmatchedUnit | null }>();
    byStageUnit.set(stage, perUnit);
    if (ofStage.length === 0) diagnostics.stagesWithoutCatchments.push(stage);
    const listedBy = new Map<string, string[]>();
    for (const c of ofStage) for (const u of c.unitCodes) listedBy.set(u, [...(listedBy.get(u) ?? []), c.code]);
    const layer = buildPlanarPolygonIndex(
      projection,
      ofStage.filter((c) => c.geometry).map((c) => ({ code: c.code, geometry: c.geometry as Polygon | MultiPolygon })),
    );

    for (const code of unitCodes) {
      let found: UnitCatchmentShare[] = [];
      let miss: UnmatchedUnit | null = null;
      const listed = listedBy.get(code);
      if (listed) {
        const unique = [...new Set(listed)];
        if (unique.length > 1) diagnostics.unitsListedTwice.push({ unitCode: code, stage, catchmentCodes: unique });
        found = unique.map((c) => ({ unitCode: code, stage, catchmentCode: c, share: 1 / unique.length, method: 'listed' }));
      } else if (ofStage.length === 0) {
        miss = { unitCode: code, stage, uncoveredShare: 1, reason: 'no_catchments_for_stage' };
      } else {
        const unit = unitByCode.get(code);
        if (!unit) miss = { unitCode: code, stage, uncoveredShare: 1, reason: 'unknown_unit' };
        else ({ found, miss } = matchByGeometry(unit, stage, layer, tolerance));
      }
      perUnit.set(code, { shares: found, unmatched: miss });
      shares.push(...found);
      if (miss) unmatched.push(miss);
    }
  }
  return { shares, unmatched, byStageUnit, diagnostics };
}

function matchByGeometry(
  unit: PopulationUnitRecord,
  stage: ProjectedStage,
  layer: PlanarPolygonIndex,
  tolerance: number,
): { found: UnitCatchmentShare[]; miss: UnmatchedUnit | null } {
  const g = unit.geometry;
  const byPoint = (method: AssignmentMethod): { found: UnitCatchmentShare[]; miss: UnmatchedUnit | null } => {
    const p = representativePoint(g);
    if (!p) return { found: [], miss: { unitCode: unit.code, stage, uncoveredShare: 1, reason: 'empty_geometry' } };
    const hits = pointLookup(layer, p);
    if (hits.length === 0) return { found: [], miss: { unitCode: unit.code, stage, uncoveredShare: 1, reason: 'outside_catchments' } };
    return {
      found: hits.map((c) => ({ unitCode: unit.code, stage, catchmentCode: c, share: 1 / hits.length, method })),
      miss: null,
    };
  };
  if (g.type === 'Point') return byPoint('point');
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return byPoint('representative_point');
  const overlay = overlayShares(layer, g);
  // A degenerate (zero-area) polygon still has a location.
  if (overlay === null) return byPoint('representative_point');
  const covered = overlay.reduce((s, o) => s + o.share, 0);
  if (overlay.length === 0) return { found: [], miss: { unitCode: unit.code, stage, uncoveredShare: 1, reason: 'outside_catchments' } };
  // Divide rather than multiply by 1/covered: a single catchment then gets exactly 1, not 0.9999999999999999.
  const normalise = covered > 1 || covered >= 1 - tolerance;
  const found = overlay.map((o) => ({
    unitCode: unit.code,
    stage,
    catchmentCode: o.code,
    share: normalise ? o.share / covered : o.share,
    method: 'overlay' as const,
  }));
  const left = normalise ? 0 : 1 - covered;
  const miss = left > 1e-9 ? { unitCode: unit.code, stage, uncoveredShare: left, reason: 'partly_outside' as const } : null;
  return { found, miss };
}

/**
 * Matches projected demand to schools through the published catchments, per stage and year.
 *
 * Each unit's demand goes to its catchments ({@link assignUnitsToCatchments}); a catchment's demand goes to its
 * schools open that year (closed: status closed or closeYear <= year; planned: openYear > year) in proportion to
 * their stage seats (intake demand in proportion to intake seats; evenly when the open schools have no seats).
 * A catchment with no open school keeps its demand and is reported in `unservedCatchments`; demand outside every
 * catchment is reported in `unmatched`. Sum of flows + unserved + unmatched = total demand.
 *
 * @example
 * const m = matchCatchments({ schools, catchments, units, demand });
 * m.flows.filter((f) => f.schoolCode === 'S1' && f.year === 2027);
 * m.unmatched; // [{ unitCode: 'U6', stage: 'primary', year: 2025, uncoveredShare: 1, reason: 'outside_catchments', ... }]
 */
export function matchCatchments(input: MatchingInput, options: MatchingOptions = {}): CatchmentMatch {
  const stages = options.stages ? [...options.stages] : PROJECTED.filter((s) => input.demand.some((r) => r.stage === s));
  const stageSet = new Set(stages);
  const years = options.years
    ? [...options.years].sort((a, b) => a - b)
    : [...new Set(input.demand.map((r) => r.year))].sort((a, b) => a - b);
  const yearSet = new Set(years);
  const rows = input.demand.filter((r) => stageSet.has(r.stage) && yearSet.has(r.year));
  const unitCodes = new Set(rows.map((r) => r.unitCode));
  const assignment = assignUnitsToCatchments(input.units, input.catchments, stages, unitCodes, options);

  const schoolByCode = new Map(input.schools.map((s) => [s.code, s]));
  const diagnostics: MatchingDiagnostics = { ...assignment.diagnostics, unknownSchools: [], stageMismatches: [] };
  for (const c of input.catchments) {
    for (const sc of c.schoolCodes) {
      const s = schoolByCode.get(sc);
      if (!s) diagnostics.unknownSchools.push({ catchmentCode: c.code, schoolCode: sc });
      else if (!s.stages.includes(c.stage)) diagnostics.stageMismatches.push({ catchmentCode: c.code, schoolCode: sc, stage: c.stage });
    }
  }

  // Demand per catchment-year, and unmatched demand per unit-year.
  const yearIdx = new Map(years.map((y, i) => [y, i]));
  const catchmentTotals = new Map<string, DemandCube>();
  const unmatched: UnmatchedDemand[] = [];
  for (const row of rows) {
    const entry = assignment.byStageUnit.get(row.stage)?.get(row.unitCode);
    if (!entry) continue;
    const d = demandOfRow(row);
    const yi = yearIdx.get(row.year) as number;
    for (const s of entry.shares) {
      // Keyed by stage too: nothing forbids two stages from reusing a catchment code.
      const key = `${row.stage}|${s.catchmentCode}`;
      let t = catchmentTotals.get(key);
      if (!t) catchmentTotals.set(key, (t = newCube(1, years.length)));
      cubeAdd(t, 0, yi, d, s.share);
    }
    if (entry.unmatched)
      unmatched.push({ ...entry.unmatched, year: row.year, demand: addDemand(zeroDemand(), d, entry.unmatched.uncoveredShare) });
  }

  const catchmentDemand: CatchmentDemand[] = [];
  const flows: SchoolFlow[] = [];
  const unservedCatchments: UnservedCatchment[] = [];
  const seatCache = new Map<string, { seats: number; intakeSeats: number }>();
  const seatsOf = (school: SchoolRecord, stage: ProjectedStage): { seats: number; intakeSeats: number } => {
    const key = `${school.code}\u0000${stage}`;
    let v = seatCache.get(key);
    if (!v) seatCache.set(key, (v = stageSeats(school, stage, options.intakeSeatsRule)));
    return v;
  };
  for (const c of input.catchments) {
    if (!stageSet.has(c.stage as ProjectedStage)) continue;
    const stage = c.stage as ProjectedStage;
    const schools = [...new Set(c.schoolCodes)].map((sc) => schoolByCode.get(sc)).filter((s): s is SchoolRecord => !!s);
    const totals = catchmentTotals.get(`${stage}|${c.code}`);
    for (const [yi, year] of years.entries()) {
      const demand = cubeGet(totals, 0, yi);
      const open = schools.filter((s) => isSchoolOpen(s, year));
      catchmentDemand.push({ catchmentCode: c.code, stage, year, demand, openSchoolCodes: open.map((s) => s.code) });
      if (open.length === 0) {
        if (demand.resident > 0 || demand.registered > 0) unservedCatchments.push({ catchmentCode: c.code, stage, year, demand });
        continue;
      }
      const seats = open.map((s) => seatsOf(s, stage));
      const totalSeats = seats.reduce((a, s) => a + s.seats, 0);
      const totalIntake = seats.reduce((a, s) => a + s.intakeSeats, 0);
      open.forEach((s, k) => {
        const w = totalSeats > 0 ? seats[k].seats / totalSeats : 1 / open.length;
        const wi = totalIntake > 0 ? seats[k].intakeSeats / totalIntake : 1 / open.length;
        flows.push({
          schoolCode: s.code,
          catchmentCode: c.code,
          stage,
          year,
          demand: {
            resident: demand.resident * w,
            registered: demand.registered * w,
            intakeResident: demand.intakeResident * wi,
            intakeRegistered: demand.intakeRegistered * wi,
          },
        });
      });
    }
  }
  return {
    stages,
    years,
    shares: assignment.shares,
    unmatchedUnits: assignment.unmatched,
    unmatched,
    catchmentDemand,
    flows,
    unservedCatchments,
    diagnostics,
  };
}
