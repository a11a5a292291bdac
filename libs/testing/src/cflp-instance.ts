import { lcg } from './lcg';

/** A capacitated facility-location instance as cost matrices (costs for a customer's whole demand). */
export interface CflpInstance {
  costs: number[][];
  demands: number[];
  capacities: number[];
  fixedCosts: number[];
}

/**
 * A seeded Euclidean CFLP instance in the unit square (OR-Library style): demands 1-20, capacities `tightness` x the
 * average share (equal, or 0.5-1.5 of it), fixed costs `min + round(spread x U(0,1))` for `fixedCost` = [min, spread].
 * @example cflpInstance(7, 6, 20, true, 2.5, [200, 300]).capacities.length // 6
 */
export function cflpInstance(
  seed: number,
  facilities: number,
  customers: number,
  equal: boolean,
  tightness: number,
  fixedCost: [number, number],
): CflpInstance {
  const random = lcg(seed);
  const fx = Array.from({ length: facilities }, () => [random(), random()]);
  const cx = Array.from({ length: customers }, () => [random(), random()]);
  const demands = cx.map(() => 1 + Math.floor(random() * 20));
  const total = demands.reduce((a, b) => a + b, 0);
  const common = Math.round((total / facilities) * tightness);
  const capacities = fx.map(() => (equal ? common : Math.round(common * (0.5 + random()))));
  const fixedCosts = fx.map(() => fixedCost[0] + Math.round(random() * fixedCost[1]));
  const costs = cx.map(([x, y], i) => fx.map(([u, v]) => Math.round(Math.hypot(x - u, y - v) * 40 * demands[i] * 100) / 100));
  return { costs, demands, capacities, fixedCosts };
}
