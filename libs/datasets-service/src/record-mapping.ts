import * as turf from '@turf/turf';
import type { Geometry } from 'geojson';
import type {
  AreaRecord,
  BirthRecord,
  CatchmentRecord,
  DatasetRecords,
  DistrictRecord,
  HousingProjectRecord,
  Layer,
  PopulationCountRecord,
  PopulationUnitRecord,
  RoadRecord,
  SchoolRecord,
} from '@app/domain';
import {
  AreaEntity,
  BirthEntity,
  CatchmentEntity,
  DistrictEntity,
  HousingProjectEntity,
  PopulationCountEntity,
  PopulationUnitEntity,
  RoadEntity,
  SchoolEntity,
} from '@app/database';

type Row = Record<string, unknown>;

function bbox(g: Geometry | null): Row {
  if (!g) return { minLon: null, minLat: null, maxLon: null, maxLat: null };
  const [minLon, minLat, maxLon, maxLat] = turf.bbox(g);
  return { minLon, minLat, maxLon, maxLat };
}

/** The entity of each layer's table. */
export interface LayerEntities {
  areas: AreaEntity;
  districts: DistrictEntity;
  schools: SchoolEntity;
  catchments: CatchmentEntity;
  units: PopulationUnitEntity;
  population: PopulationCountEntity;
  births: BirthEntity;
  housing: HousingProjectEntity;
  roads: RoadEntity;
}

/** One record of each layer. */
export type LayerRecord = { [L in Layer]: DatasetRecords[L][number] };

/** A layer's table: its entity class and the mapping between the layer's records and the table's rows. */
export interface LayerTable<L extends Layer> {
  entity: new () => LayerEntities[L];
  toRow(r: LayerRecord[L]): Row;
  fromRow(e: LayerEntities[L]): LayerRecord[L];
}

/** Entity class and record<->row mapping per layer: the one place that knows both shapes. */
export const LAYER_TABLES: { [L in Layer]: LayerTable<L> } = {
  areas: {
    entity: AreaEntity,
    toRow: (r: AreaRecord) => ({ ...r, ...bbox(r.geometry), areaKm2: turf.area(r.geometry) / 1e6, attributes: r.attributes ?? {} }),
    fromRow: (e: AreaEntity): AreaRecord => ({
      code: e.code,
      name: e.name,
      level: e.level as AreaRecord['level'],
      parentCode: e.parentCode,
      settlement: e.settlement as AreaRecord['settlement'],
      geometry: e.geometry as AreaRecord['geometry'],
      attributes: e.attributes,
    }),
  },
  districts: {
    entity: DistrictEntity,
    toRow: (r: DistrictRecord) => ({ ...r, ...bbox(r.geometry), attributes: r.attributes ?? {} }),
    fromRow: (e: DistrictEntity): DistrictRecord => ({
      code: e.code,
      name: e.name,
      watched: e.watched,
      geometry: e.geometry as DistrictRecord['geometry'],
      attributes: e.attributes,
    }),
  },
  schools: {
    entity: SchoolEntity,
    toRow: (r: SchoolRecord) => ({ ...r, attributes: r.attributes ?? {} }),
    fromRow: (e: SchoolEntity): SchoolRecord => ({
      code: e.code,
      name: e.name,
      stages: e.stages as SchoolRecord['stages'],
      ownership: e.ownership as SchoolRecord['ownership'],
      lon: e.lon,
      lat: e.lat,
      countyCode: e.countyCode,
      townshipCode: e.townshipCode,
      classesByGrade: e.classesByGrade,
      enrolmentByGrade: e.enrolmentByGrade,
      enrolment: e.enrolment,
      classes: e.classes,
      approvedSeats: e.approvedSeats,
      classSizeNorm: e.classSizeNorm,
      maxClasses: e.maxClasses,
      boardingPlaces: e.boardingPlaces,
      teachers: e.teachers,
      indicators: e.indicators,
      status: e.status as SchoolRecord['status'],
      openYear: e.openYear,
      closeYear: e.closeYear,
      attributes: e.attributes,
    }),
  },
  catchments: {
    entity: CatchmentEntity,
    toRow: (r: CatchmentRecord) => ({ ...r, ...bbox(r.geometry), attributes: r.attributes ?? {} }),
    fromRow: (e: CatchmentEntity): CatchmentRecord => ({
      code: e.code,
      stage: e.stage as CatchmentRecord['stage'],
      schoolCodes: e.schoolCodes,
      unitCodes: e.unitCodes,
      geometry: e.geometry as CatchmentRecord['geometry'],
      attributes: e.attributes,
    }),
  },
  units: {
    entity: PopulationUnitEntity,
    toRow: (r: PopulationUnitRecord) => {
      const p = r.geometry.type === 'Point' ? r.geometry.coordinates : turf.pointOnFeature(r.geometry).geometry.coordinates;
      return { ...r, ...bbox(r.geometry), lon: p[0], lat: p[1], attributes: r.attributes ?? {} };
    },
    fromRow: (e: PopulationUnitEntity): PopulationUnitRecord => ({
      code: e.code,
      name: e.name,
      townshipCode: e.townshipCode,
      countyCode: e.countyCode,
      settlement: e.settlement as PopulationUnitRecord['settlement'],
      geometry: e.geometry as Geometry,
      attributes: e.attributes,
    }),
  },
  population: {
    entity: PopulationCountEntity,
    toRow: (r: PopulationCountRecord) => ({ ...r }),
    fromRow: (e: PopulationCountEntity): PopulationCountRecord => ({
      unitCode: e.unitCode,
      year: e.year,
      population: e.population as PopulationCountRecord['population'],
      ages: e.ages,
    }),
  },
  births: {
    entity: BirthEntity,
    toRow: (r: BirthRecord) => ({ ...r }),
    fromRow: (e: BirthEntity): BirthRecord => ({
      areaCode: e.areaCode,
      year: e.year,
      births: e.births,
      registeredBirths: e.registeredBirths,
    }),
  },
  housing: {
    entity: HousingProjectEntity,
    toRow: (r: HousingProjectRecord) => ({ ...r, attributes: r.attributes ?? {} }),
    fromRow: (e: HousingProjectEntity): HousingProjectRecord => ({
      code: e.code,
      name: e.name,
      townshipCode: e.townshipCode,
      districtCode: e.districtCode,
      unitCode: e.unitCode,
      lon: e.lon,
      lat: e.lat,
      households: e.households,
      type: e.type,
      phasing: e.phasing,
      yields: e.yields as HousingProjectRecord['yields'],
      attributes: e.attributes,
    }),
  },
  roads: {
    entity: RoadEntity,
    toRow: (r: RoadRecord) => ({ ...r, ...bbox(r.geometry), attributes: r.attributes ?? {} }),
    fromRow: (e: RoadEntity): RoadRecord => ({
      code: e.code,
      name: e.name,
      roadClass: e.roadClass,
      speedKmh: e.speedKmh,
      oneway: e.oneway,
      ferry: e.ferry,
      geometry: e.geometry as RoadRecord['geometry'],
      attributes: e.attributes,
    }),
  },
};

/**
 * A layer's rows (entities of its table, as TypeORM reads them) as the layer's records.
 * @example recordsFromRows('schools', await ds.getRepository(SchoolEntity).findBy({ versionId: 3 }))[0].stages
 */
export function recordsFromRows<L extends Layer>(layer: L, rows: readonly LayerEntities[L][]): LayerRecord[L][] {
  const t: LayerTable<L> = LAYER_TABLES[layer];
  return rows.map((r) => t.fromRow(r));
}
