import type { CatchmentRecord, DemandRow, PopulationUnitRecord, ProjectedStage } from '@app/domain';
import { PROJECTED_STAGES } from './enrolment';

/**
 * Where a unit's demand goes: one key (weight 1), several keys (weight 1 each), explicit weights (a unit split
 * between catchments, e.g. 0.5 / 0.5), or nothing (null / undefined / []: the unit is left out).
 */
export type UnitKeys = string | null | undefined | readonly string[] | readonly { key: string; weight: number }[];

/** Key(s) of a unit for a stage (catchments differ by stage; townships and counties do not). */
export type KeyOfUnit = (unitCode: string, stage: ProjectedStage) => UnitKeys;

/** A demand row summed over the units of one key (township, county, catchment, district...). */
export interface AggregatedDemandRow {
  key: string;
  stage: ProjectedStage;
  year: number;
  resident: number;
  registered: number;
  residentByGrade: number[];
  registeredByGrade: number[];
  fromHousing: number;
}

function normalise(keys: UnitKeys): { key: string; weight: number }[] {
  if (keys === null || keys === undefined) return [];
  if (typeof keys === 'string') return [{ key: keys, weight: 1 }];
  return keys.map((k) => (typeof k === 'string' ? { key: k, weight: 1 } : k));
}

/**
 * Sum demand rows by key: every field is multiplied by the unit's weight for that key and added up. Rows come
 * back ordered by key, stage (STAGE_GRADES order) and year. The input rows are not changed.
 */
export function aggregateDemand(
  rows: readonly DemandRow[],
  keyOfUnit: KeyOfUnit | ReadonlyMap<string, UnitKeys> | Readonly<Record<string, UnitKeys>>,
): AggregatedDemandRow[] {
  const lookup: KeyOfUnit =
    typeof keyOfUnit === 'function'
      ? keyOfUnit
      : keyOfUnit instanceof Map
        ? (u) => keyOfUnit.get(u)
        : (u) => (Object.hasOwn(keyOfUnit, u) ? (keyOfUnit as Readonly<Record<string, UnitKeys>>)[u] : undefined);
  const cache = new Map<string, { key: string; weight: number }[]>();
  const acc = new Map<string, AggregatedDemandRow>();
  for (const row of rows) {
    const ck = `${row.unitCode}\u0000${row.stage}`;
    let targets = cache.get(ck);
    if (!targets) {
      targets = normalise(lookup(row.unitCode, row.stage));
      cache.set(ck, targets);
    }
    for (const { key, weight } of targets) {
      const id = `${key}\u0000${row.stage}\u0000${row.year}`;
      let a = acc.get(id);
      if (!a) {
        a = {
          key,
          stage: row.stage,
          year: row.year,
          resident: 0,
          registered: 0,
          residentByGrade: new Array<number>(row.residentByGrade.length).fill(0),
          registeredByGrade: new Array<number>(row.registeredByGrade.length).fill(0),
          fromHousing: 0,
        };
        acc.set(id, a);
      }
      a.resident += weight * row.resident;
      a.registered += weight * row.registered;
      a.fromHousing += weight * row.fromHousing;
      for (let k = 0; k < row.residentByGrade.length; k++) a.residentByGrade[k] += weight * row.residentByGrade[k];
      for (let k = 0; k < row.registeredByGrade.length; k++) a.registeredByGrade[k] += weight * row.registeredByGrade[k];
    }
  }
  const stageOrder = new Map(PROJECTED_STAGES.map((s, i) => [s, i]));
  return [...acc.values()].sort(
    (x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0) || stageOrder.get(x.stage)! - stageOrder.get(y.stage)! || x.year - y.year,
  );
}

type UnitRef = Pick<PopulationUnitRecord, 'code' | 'townshipCode' | 'countyCode'>;

/** Units to their township. */
export function byTownship(units: readonly UnitRef[]): KeyOfUnit {
  const m = new Map(units.map((u) => [u.code, u.townshipCode]));
  return (code) => m.get(code);
}

/** Units to their county. */
export function byCounty(units: readonly UnitRef[]): KeyOfUnit {
  const m = new Map(units.map((u) => [u.code, u.countyCode]));
  return (code) => m.get(code);
}

/** Every unit to one key (the city). */
export function toOne(key: string): KeyOfUnit {
  return () => key;
}

/**
 * Units to the catchments (施教区 / 服务区) of the row's stage that list them in `unitCodes`. A unit listed by
 * several catchments of one stage is split equally between them (weight 1/n each); a unit no catchment of the
 * stage lists goes to `unassignedKey` when given, else is left out. Catchments defined by a polygon only need
 * a unit-to-catchment map made by the caller (pass it to `aggregateDemand` directly).
 */
export function byCatchment(
  catchments: readonly Pick<CatchmentRecord, 'code' | 'stage' | 'unitCodes'>[],
  unassignedKey?: string,
): KeyOfUnit {
  const m = new Map<string, string[]>();
  for (const c of catchments)
    for (const u of c.unitCodes ?? []) {
      const k = `${c.stage}\u0000${u}`;
      const list = m.get(k);
      if (list) {
        if (!list.includes(c.code)) list.push(c.code);
      } else m.set(k, [c.code]);
    }
  return (unitCode, stage) => {
    const list = m.get(`${stage}\u0000${unitCode}`);
    if (!list) return unassignedKey;
    return list.map((key) => ({ key, weight: 1 / list.length }));
  };
}

/**
 * Units to keys from a membership list `{ key: unitCodes }` (districts such as 高铁新城, or any grouping).
 * With `split`, a unit in n keys counts 1/n in each; without it (default) it counts fully in each.
 */
export function byMembership(
  membership: Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>,
  options: { split?: boolean } = {},
): KeyOfUnit {
  const m = new Map<string, string[]>();
  const entries = membership instanceof Map ? [...membership.entries()] : Object.entries(membership);
  for (const [key, codes] of entries)
    for (const u of codes) {
      const list = m.get(u);
      if (list) {
        if (!list.includes(key)) list.push(key);
      } else m.set(u, [key]);
    }
  return (unitCode) => {
    const list = m.get(unitCode);
    if (!list) return undefined;
    const w = options.split ? 1 / list.length : 1;
    return list.map((key) => ({ key, weight: w }));
  };
}
