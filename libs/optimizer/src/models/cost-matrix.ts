/** One usable (demand point, facility) pair and its cost. */
export interface Arc {
  demand: number;
  facility: number;
  cost: number;
}

/** A dense matrix (rows = demand points, columns = facilities); `null` or a non-finite entry means "out of reach". */
export type DenseCostMatrix = ReadonlyArray<ReadonlyArray<number | null>>;

/**
 * Costs between demand points and facilities, stored as arcs so that "out of reach" pairs cost nothing: models
 * create variables only for arcs.
 *
 * @example
 * const m = SparseCostMatrix.fromDense([[1, null], [4, 2]]); // 3 arcs
 * m.arcsOfDemand(1).map((a) => a.facility); // [0, 1]
 */
export class SparseCostMatrix {
  private readonly byDemand: Arc[][];

  constructor(
    readonly demandCount: number,
    readonly facilityCount: number,
    readonly arcs: readonly Arc[],
  ) {
    if (!Number.isInteger(demandCount) || demandCount < 0) throw new Error(`invalid demand count ${demandCount}`);
    if (!Number.isInteger(facilityCount) || facilityCount < 0) throw new Error(`invalid facility count ${facilityCount}`);
    this.byDemand = Array.from({ length: demandCount }, () => []);
    const seen = new Set<number>();
    for (const arc of arcs) {
      if (!Number.isInteger(arc.demand) || arc.demand < 0 || arc.demand >= demandCount) {
        throw new Error(`arc demand index ${arc.demand} outside 0..${demandCount - 1}`);
      }
      if (!Number.isInteger(arc.facility) || arc.facility < 0 || arc.facility >= facilityCount) {
        throw new Error(`arc facility index ${arc.facility} outside 0..${facilityCount - 1}`);
      }
      if (!Number.isFinite(arc.cost)) throw new Error(`arc ${arc.demand}->${arc.facility} has cost ${arc.cost}`);
      const key = arc.demand * facilityCount + arc.facility;
      if (seen.has(key)) throw new Error(`duplicate arc ${arc.demand}->${arc.facility}`);
      seen.add(key);
      this.byDemand[arc.demand].push(arc);
    }
  }

  /**
   * Builds the sparse form of a dense matrix.
   * @example SparseCostMatrix.fromDense([[3, 5, null]]).arcs.length; // 2
   */
  static fromDense(costs: DenseCostMatrix, facilityCount = costs[0]?.length ?? 0): SparseCostMatrix {
    const arcs: Arc[] = [];
    costs.forEach((row, demand) => {
      if (row.length !== facilityCount) throw new Error(`cost row ${demand} has ${row.length} entries, expected ${facilityCount}`);
      row.forEach((cost, facility) => {
        if (cost !== null && Number.isFinite(cost)) arcs.push({ demand, facility, cost });
      });
    });
    return new SparseCostMatrix(costs.length, facilityCount, arcs);
  }

  /** Arcs leaving one demand point. */
  arcsOfDemand(demand: number): readonly Arc[] {
    return this.byDemand[demand];
  }

  /** Demand points with no arc at all. */
  unreachableDemands(): number[] {
    const out: number[] = [];
    this.byDemand.forEach((arcs, i) => {
      if (arcs.length === 0) out.push(i);
    });
    return out;
  }
}

/** Either form accepted by the models' `fromCostMatrix`. */
export type CostMatrixInput = SparseCostMatrix | DenseCostMatrix;

/** Normalises a cost matrix input to the sparse form. */
export function toSparse(costs: CostMatrixInput, facilityCount?: number): SparseCostMatrix {
  return costs instanceof SparseCostMatrix ? costs : SparseCostMatrix.fromDense(costs, facilityCount);
}
