/** Builds the Quzhou demo region as canonical records (plus unit totals) from the real facts. */
import type { AreaRecord, CatchmentRecord, DatasetRecords, Ownership, SchoolRecord } from '@app/domain';
import { emptyRecords } from '@app/domain';
import type { Facts } from './facts';
import { buildWorld, type World } from './geometry';
import { buildDistrict, buildHousing, type District, type HousingProject } from './district';
import { checkDistrict, type DistrictCheck } from './gtxc';
import { buildPopulation, BIRTH_YEARS, type PopulationResult } from './population';
import { HISTORY_YEARS, noisyHistory } from './history';
import { buildSchools, total, totalClasses, type Catchment, type School } from './schools';
import { toGeometry, traceLabels, type PolygonCoords } from './trace';
import type { UnitExtras } from './write';
import { buildRoads, type RoadNetwork } from './roads';

export const CITY_CODE = '330800';
export const CITY_NAME = '衢州市';

export interface QuzhouModel {
  world: World;
  pop: PopulationResult;
  district: District;
  housing: HousingProject[];
  schools: School[];
  catchments: Catchment[];
  checks: DistrictCheck[];
  roads: RoadNetwork;
}

export interface QuzhouResult {
  records: DatasetRecords;
  extras: Map<string, UnitExtras>;
  model: QuzhouModel;
}

export function buildQuzhou(facts: Facts): QuzhouResult {
  const world = buildWorld(facts);
  const pop = buildPopulation(world);
  const district = buildDistrict(world);
  const { schools, catchments } = buildSchools(world, pop, new Set(district.villages));
  const housing = buildHousing(world, district);
  const checks = checkDistrict(pop, catchments, housing, district, true);
  // Last, from its own random stream: the road network leaves every other layer exactly as it was.
  const roads = buildRoads(world, schools);
  const model: QuzhouModel = { world, pop, district, housing, schools, catchments, checks, roads };
  const records = toRecords(model);
  records.roads = roads.roads;
  return { records, extras: unitExtras(world), model };
}

function unitExtras(world: World): Map<string, UnitExtras> {
  const m = new Map<string, UnitExtras>();
  for (const v of world.villages) m.set(v.code, { residentsTotal: v.residents, registeredTotal: v.registered });
  return m;
}

function toRecords(m: QuzhouModel): DatasetRecords {
  const { world, pop } = m;
  const { grid } = world;
  const r = emptyRecords();
  // ---- areas ----
  const cityLabels = new Int32Array(grid.size).fill(-1);
  for (let c = 0; c < grid.size; c++) if (world.countyOf[c] >= 0) cityLabels[c] = 0;
  const city = traceLabels(grid, cityLabels);
  const counties = traceLabels(grid, world.countyOf);
  const townships = traceLabels(grid, world.townshipOf);
  const villages = traceLabels(grid, world.villageOf);
  const area = (
    code: string,
    name: string,
    level: AreaRecord['level'],
    parentCode: string | null,
    polys: PolygonCoords[],
    settlement: AreaRecord['settlement'] = null,
  ): AreaRecord => ({
    code,
    name,
    level,
    parentCode,
    settlement,
    geometry: toGeometry(polys),
  });
  r.areas.push(area(CITY_CODE, CITY_NAME, 'city', null, city.get(0) ?? []));
  for (const c of world.counties) r.areas.push(area(c.fact.code, c.fact.name, 'county', CITY_CODE, counties.get(c.idx) ?? []));
  for (const t of world.townships) r.areas.push(area(t.code, t.name, 'township', t.county.fact.code, townships.get(t.idx) ?? []));
  const vSorted = [...world.villages].sort((a, b) => a.code.localeCompare(b.code));
  for (const v of vSorted)
    r.areas.push(area(v.code, v.name, 'village', v.township.code, villages.get(v.idx) ?? [], v.urban ? 'urban' : 'rural'));
  // ---- district ----
  r.districts.push({
    code: m.district.code,
    name: m.district.name,
    watched: true,
    geometry: toGeometry(traceLabels(grid, m.district.labels, { shape: m.district.labels }).get(0) ?? []),
  });
  // ---- units ----
  for (const v of vSorted) {
    const [lon, lat] = grid.center(v.center);
    r.units.push({
      code: v.code,
      name: v.name,
      townshipCode: v.township.code,
      countyCode: v.county.fact.code,
      settlement: v.urban ? 'urban' : 'rural',
      geometry: { type: 'Point', coordinates: [lon, lat] },
    });
  }
  // ---- schools ----
  for (const s of m.schools) r.schools.push(schoolRecord(s));
  // ---- catchments: one trace per stage (catchments of a stage partition their villages) ----
  for (const stage of ['kindergarten', 'primary', 'junior'] as const) {
    const cs = m.catchments.filter((c) => c.stage === stage);
    const labels = new Int32Array(grid.size).fill(-1);
    const byVillage = new Map<number, number>();
    cs.forEach((c, k) => c.villages.forEach((v) => byVillage.set(v.idx, k)));
    for (let c = 0; c < grid.size; c++) {
      const v = world.villageOf[c];
      if (v >= 0 && byVillage.has(v)) labels[c] = byVillage.get(v) as number;
    }
    const traced = traceLabels(grid, labels);
    cs.forEach((c, k) => {
      const rec: CatchmentRecord = {
        code: c.code,
        stage,
        schoolCodes: c.schools.map((s) => s.code),
        unitCodes: c.villages.map((v) => v.code).sort(),
        geometry: toGeometry(traced.get(k) ?? []),
      };
      r.catchments.push(rec);
    });
  }
  r.catchments.sort((a, b) => a.code.localeCompare(b.code));
  // ---- population ----
  // The written history is the noisy one (history.ts); the model's own 2024 is its last year.
  const history = noisyHistory(world, pop);
  for (const v of vSorted) {
    const u = history.get(v);
    if (!u) continue;
    for (const y of HISTORY_YEARS) {
      r.population.push({ unitCode: v.code, year: y, population: 'resident', ages: u.resident.get(y) as number[] });
      r.population.push({ unitCode: v.code, year: y, population: 'registered', ages: u.registered.get(y) as number[] });
    }
  }
  // ---- births ----
  for (const t of world.townships) {
    const b = pop.townshipBirths.get(t);
    if (!b) continue;
    for (const y of BIRTH_YEARS) {
      const [res, reg] = b.get(y) as [number, number];
      r.births.push({ areaCode: t.code, year: y, births: res, registeredBirths: reg });
    }
  }
  // ---- housing ----
  for (const h of m.housing) {
    r.housing.push({
      code: h.code,
      name: h.name,
      townshipCode: h.village.township.code,
      districtCode: h.inDistrict ? m.district.code : null,
      unitCode: h.village.code,
      lon: h.lon,
      lat: h.lat,
      households: h.households,
      type: h.type,
      phasing: Object.fromEntries([...h.phasing.entries()].map(([y, n]) => [String(y), n])),
      yields: { ...h.yields },
    });
  }
  r.housing.sort((a, b) => a.code.localeCompare(b.code));
  return r;
}

export function schoolRecord(s: School): SchoolRecord {
  const byGrade = (mp: Map<number, number>) =>
    Object.fromEntries([...mp.entries()].sort((a, b) => a[0] - b[0]).map(([g, n]) => [String(g), n]));
  return {
    code: s.code,
    name: s.name,
    stages: s.stages,
    ownership: s.ownership as Ownership,
    lon: s.lon,
    lat: s.lat,
    countyCode: s.county.fact.code,
    townshipCode: s.township.code,
    classesByGrade: byGrade(s.classes),
    enrolmentByGrade: byGrade(s.enrol),
    enrolment: total(s),
    classes: totalClasses(s),
    approvedSeats: s.approvedSeats,
    classSizeNorm: s.classSizeNorm,
    maxClasses: s.maxClasses,
    boardingPlaces: s.boardingPlaces,
    teachers: s.teachers,
    indicators: s.indicators ? { ...s.indicators } : null,
    status: 'open',
    openYear: s.openYear,
    closeYear: null,
  };
}
