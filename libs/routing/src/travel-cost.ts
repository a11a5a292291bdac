import type { RoadRecord } from '@app/domain';
import { haversineM } from './geometry';
import { buildRoadGraph, type GraphOptions, type RoadGraph, type RoadInput } from './graph';
import { pathClasses, SearchSpace, SNAP_DEFAULTS, searchFrom, snapPoint, travelTo, type Snap, type SnapOptions } from './search';

/** Where a travel figure came from; every output that shows minutes or km says which. */
export type TravelSource = 'roads' | 'straight-line';

export interface TravelPoint {
  lon: number;
  lat: number;
}

export interface TravelEstimate {
  minutes: number;
  km: number;
}

export interface TravelLimit {
  maxMinutes?: number;
  maxKm?: number;
}

/** One reachable origin-target pair of a matrix. */
export interface TravelPair extends TravelEstimate {
  origin: number;
  target: number;
}

export interface TravelCostOptions {
  /** Straight-line fallback: road km = great-circle km x detour (the engine's rule without roads); default 1.3. */
  detour?: number;
  /** Straight-line fallback: minutes = road km at this speed; default 30 km/h (乡道, JTG B01 grade IV). */
  straightSpeedKmh?: number;
  snap?: SnapOptions;
}

/**
 * Minutes and km between places, on the road network when there is one and by straight line x detour otherwise.
 * `source` says which; consumers print it next to every figure.
 */
export interface TravelCost {
  readonly source: TravelSource;
  /** One line saying how figures are made, e.g. "roads: 12,345 edges, access at 10 km/h". */
  readonly label: string;
  readonly detour: number;
  readonly straightSpeedKmh: number;
  /**
   * From one place to each target; null where beyond the limit or not connected. Do not mutate `to` between calls:
   * the snaps of the last list are reused.
   */
  fromOne(from: TravelPoint, to: readonly TravelPoint[], limit?: TravelLimit): (TravelEstimate | null)[];
  /** Every origin to every target within the limit (sparse; pairs beyond it are left out). */
  matrix(origins: readonly TravelPoint[], targets: readonly TravelPoint[], limit?: TravelLimit): TravelPair[];
  /** One trip with the road classes on its path (none on the straight-line source); null when not connected. */
  route(from: TravelPoint, to: TravelPoint): (TravelEstimate & { roadClasses: string[] }) | null;
  /** The snap of a place (roads only; null on the straight-line source or beyond the snap radius). */
  snap(p: TravelPoint): Snap | null;
  /** The graph behind a roads source. */
  readonly graph: RoadGraph | null;
}

/**
 * Converts stored road records to graph input.
 * @example roadInputs(records.roads).length === records.roads.length
 */
export function roadInputs(roads: readonly RoadRecord[]): RoadInput[] {
  return roads.map((r) => ({
    code: r.code,
    roadClass: r.roadClass,
    speedKmh: r.speedKmh,
    oneway: r.oneway,
    ferry: r.ferry,
    lines: r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.coordinates,
  }));
}

function straightEstimate(a: TravelPoint, b: TravelPoint, detour: number, speed: number): TravelEstimate {
  const km = (haversineM(a.lon, a.lat, b.lon, b.lat) / 1000) * detour;
  return { km, minutes: (km / speed) * 60 };
}

function within(e: TravelEstimate, limit: TravelLimit | undefined): boolean {
  return (limit?.maxMinutes === undefined || e.minutes <= limit.maxMinutes) && (limit?.maxKm === undefined || e.km <= limit.maxKm);
}

/**
 * The straight-line provider: great-circle km x detour, minutes at a fixed speed.
 * @example straightLineTravel({ detour: 1.3 }).fromOne({ lon: 118.87, lat: 28.94 }, [{ lon: 118.96, lat: 28.97 }])[0]?.km // ≈ 12.1
 */
export function straightLineTravel(opts: TravelCostOptions = {}): TravelCost {
  const detour = opts.detour ?? 1.3;
  const speed = opts.straightSpeedKmh ?? 30;
  const fromOne = (from: TravelPoint, to: readonly TravelPoint[], limit?: TravelLimit) =>
    to.map((t) => {
      const e = straightEstimate(from, t, detour, speed);
      return within(e, limit) ? e : null;
    });
  return {
    source: 'straight-line',
    label: `straight line x ${detour} at ${speed} km/h (no road layer)`,
    detour,
    straightSpeedKmh: speed,
    graph: null,
    fromOne,
    matrix(origins, targets, limit) {
      const out: TravelPair[] = [];
      origins.forEach((o, i) =>
        fromOne(o, targets, limit).forEach((e, j) => {
          if (e) out.push({ origin: i, target: j, ...e });
        }),
      );
      return out;
    },
    snap: () => null,
    route: (from, to) => ({ ...straightEstimate(from, to, detour, speed), roadClasses: [] }),
  };
}

/**
 * The road provider over a built graph. Searches are bounded by the limit's minutes (or, given only km, by the km
 * at the fastest speed of the network), one search per origin, or per target on the reverse graph when there are
 * fewer targets.
 * @example
 * const tc = roadTravel(buildRoadGraph(roadInputs(records.roads)));
 * tc.fromOne(village, schools, { maxMinutes: 30 })
 */
export function roadTravel(graph: RoadGraph, opts: TravelCostOptions = {}): TravelCost {
  const snapOpts = { ...SNAP_DEFAULTS, ...opts.snap };
  const space = new SearchSpace(graph);
  const snaps = new Map<string, Snap | null>();
  const snapOf = (p: TravelPoint): Snap | null => {
    const k = `${p.lon},${p.lat}`;
    let s = snaps.get(k);
    if (s === undefined) {
      s = snapPoint(graph, p.lon, p.lat, snapOpts);
      snaps.set(k, s);
    }
    return s;
  };
  let lastTargets: readonly TravelPoint[] | null = null;
  let lastSnaps: (Snap | null)[] = [];
  let fastest = 1;
  for (let e = 0; e < graph.edgeCount; e++)
    if (graph.edgeSeconds[e] > 0) fastest = Math.max(fastest, graph.edgeMeters[e] / graph.edgeSeconds[e]);
  const boundSeconds = (limit: TravelLimit | undefined) =>
    Math.min(
      limit?.maxMinutes !== undefined ? limit.maxMinutes * 60 : Infinity,
      limit?.maxKm !== undefined ? (limit.maxKm * 1000) / fastest : Infinity,
    );
  const estimate = (leg: { seconds: number; meters: number }): TravelEstimate => ({ minutes: leg.seconds / 60, km: leg.meters / 1000 });
  /** One bounded search; calls `hit` for every target within the limit (no object per unreached target). */
  const eachReached = (
    from: Snap,
    targets: readonly (Snap | null)[],
    limit: TravelLimit | undefined,
    reversed: boolean,
    hit: (index: number, e: TravelEstimate) => void,
  ): void => {
    const res = searchFrom(space, from, boundSeconds(limit), reversed);
    const lab = space.seconds;
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i];
      if (!t) continue;
      // Neither end of the target's edge labelled (and not on the search's own edge): not reached, skip cheaply.
      if (lab[graph.edgeFrom[t.edge]] === Infinity && lab[graph.edgeTo[t.edge]] === Infinity && t.edge !== from.edge) continue;
      const leg = travelTo(res, t);
      if (!leg) continue;
      const e = estimate(leg);
      if (within(e, limit)) hit(i, e);
    }
  };
  const oneSearch = (
    from: Snap,
    targets: readonly (Snap | null)[],
    limit: TravelLimit | undefined,
    reversed: boolean,
  ): (TravelEstimate | null)[] => {
    const out: (TravelEstimate | null)[] = targets.map(() => null);
    eachReached(from, targets, limit, reversed, (i, e) => {
      out[i] = e;
    });
    return out;
  };
  return {
    source: 'roads',
    label:
      `roads: ${graph.edgeCount.toLocaleString('en-US')} edges, ${graph.componentCount} piece(s); access legs at ` +
      `${snapOpts.accessSpeedKmh} km/h`,
    detour: opts.detour ?? 1.3,
    straightSpeedKmh: opts.straightSpeedKmh ?? 30,
    graph,
    snap: snapOf,
    route(from, to) {
      const a = snapOf(from);
      const b = snapOf(to);
      if (!a || !b) return null;
      const res = searchFrom(space, a, Infinity);
      const leg = travelTo(res, b);
      return leg ? { ...estimate(leg), roadClasses: pathClasses(res, b) } : null;
    },
    fromOne(from, to, limit) {
      const s = snapOf(from);
      if (!s) return to.map(() => null);
      // Callers ask from many origins to the same target list: its snaps are kept for the list last seen.
      if (to !== lastTargets) {
        lastTargets = to;
        lastSnaps = to.map(snapOf);
      }
      return oneSearch(s, lastSnaps, limit, false);
    },
    matrix(origins, targets, limit) {
      const out: TravelPair[] = [];
      const os = origins.map(snapOf);
      const ts = targets.map(snapOf);
      if (targets.length < origins.length) {
        ts.forEach((t, j) => {
          if (t) eachReached(t, os, limit, true, (i, e) => out.push({ origin: i, target: j, minutes: e.minutes, km: e.km }));
        });
        out.sort((a, b) => a.origin - b.origin || a.target - b.target);
      } else {
        os.forEach((o, i) => {
          if (o) eachReached(o, ts, limit, false, (j, e) => out.push({ origin: i, target: j, minutes: e.minutes, km: e.km }));
        });
      }
      return out;
    },
  };
}

/**
 * The provider for a dataset: roads when the version has a road layer, straight line x detour otherwise.
 * @example travelCostFor(records.roads, { detour: 1.3 }).source // 'roads' or 'straight-line'
 */
export function travelCostFor(roads: readonly RoadRecord[], opts: TravelCostOptions & { graph?: GraphOptions } = {}): TravelCost {
  if (roads.length === 0) return straightLineTravel(opts);
  return roadTravel(buildRoadGraph(roadInputs(roads), opts.graph), opts);
}

/**
 * Built graphs kept per dataset version (least recently used dropped first), so a run, the CLI and GET /travel do not
 * rebuild the network for every question. Versions are immutable, so a key never goes stale.
 */
export class TravelCostCache<T = TravelCost> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 3) {}

  /**
   * The provider for `key` (a dataset version id), built by `make` on a miss.
   * @example cache.get(`v${versionId}`, () => travelCostFor(records.roads))
   */
  get(key: string, make: () => T): T {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return made;
  }

  /** Forgets a key (e.g. a build that failed). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
