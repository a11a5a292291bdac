import type { Geometry, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { AreaLevel, Ownership, PopulationKind, SchoolStatus, Stage } from './stages';

/**
 * Canonical, validated records: what an import produces and what the store keeps per dataset version.
 * Every coordinate is WGS-84 (EPSG:4326) longitude/latitude.
 */

export interface AreaRecord {
  /** Source columns/properties the engine does not interpret, kept as they came. */
  attributes?: Record<string, unknown>;
  /** Official code: 330800 city, 330802 county, 9-digit township, 12-digit village/community. */
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  /** 'urban' community (社区) or 'rural' village (村); null above village level. */
  settlement: 'urban' | 'rural' | null;
  geometry: Polygon | MultiPolygon;
}

/** A planning zone not aligned with administrative areas, such as 高铁新城. */
export interface DistrictRecord {
  /** Source columns/properties the engine does not interpret, kept as they came. */
  attributes?: Record<string, unknown>;
  code: string;
  name: string;
  /** Watched as a whole by the district warning rule. */
  watched: boolean;
  geometry: Polygon | MultiPolygon;
}

/** The seven balanced-development indicators (教督〔2017〕6号; docs/standards.md), as absolute counts/amounts for the school. */
export interface ResourceIndicators {
  /** Teachers above the required qualification (count). */
  qualifiedTeachers: number;
  /** County-level-or-above backbone teachers (count). */
  backboneTeachers: number;
  /** PE and arts teachers (count). */
  peArtsTeachers: number;
  /** Teaching and auxiliary floor area (m²). */
  teachingAreaM2: number;
  /** Sports ground area (m²). */
  sportsAreaM2: number;
  /** Teaching equipment value (CNY). */
  equipmentValueCny: number;
  /** Networked multimedia classrooms (count). */
  multimediaClassrooms: number;
}

export interface SchoolRecord {
  /** Source columns/properties the engine does not interpret, kept as they came. */
  attributes?: Record<string, unknown>;
  code: string;
  name: string;
  stages: Stage[];
  ownership: Ownership;
  lon: number;
  lat: number;
  countyCode: string | null;
  townshipCode: string | null;
  /** Classes per grade, keyed by grade number as a string (kindergarten -2..0, primary 1..6, ...). */
  classesByGrade: Record<string, number>;
  /** Enrolment per grade, same keys as classesByGrade. */
  enrolmentByGrade: Record<string, number>;
  /** Total enrolment (在校生数); equals the sum of enrolmentByGrade when grades are given. */
  enrolment: number;
  /** Total classes (班级数). */
  classes: number;
  /** Approved seats (核定学位). */
  approvedSeats: number;
  /** Class-size norm used for seats from classes; null means the stage default. */
  classSizeNorm: number | null;
  /** Most classes the buildings can hold (for expansion); null when unknown. */
  maxClasses: number | null;
  boardingPlaces: number;
  teachers: number;
  indicators: ResourceIndicators | null;
  status: SchoolStatus;
  openYear: number | null;
  closeYear: number | null;
}

/** A published 施教区 / kindergarten 服务区 for one stage. */
export interface CatchmentRecord {
  /** Source columns/properties the engine does not interpret, kept as they came. */
  attributes?: Record<string, unknown>;
  code: string;
  stage: Stage;
  /** The school(s) that serve the catchment. */
  schoolCodes: string[];
  /** Villages/communities that make up the catchment, when it is a union of villages. */
  unitCodes: string[];
  geometry: Polygon | MultiPolygon | null;
}

/** A demand unit (village, community, residential parcel, grid cell). */
export interface PopulationUnitRecord {
  /** Source columns/properties the engine does not interpret, kept as they came. */
  attributes?: Record<string, unknown>;
  code: string;
  name: string;
  /** Township code (9 digits) the unit lies in. */
  townshipCode: string;
  countyCode: string;
  settlement: 'urban' | 'rural';
  geometry: Geometry;
}

/** Residents of one unit by single year of age 0..17 for one year and population kind. */
export interface PopulationCountRecord {
  unitCode: string;
  year: number;
  population: PopulationKind;
  /** Exactly 18 non-negative integers, index = age. */
  ages: number[];
}

/** Births by area (township or unit) and year. */
export interface BirthRecord {
  areaCode: string;
  year: number;
  /** Births to the resident population. */
  births: number;
  /** Births registered (户籍) in the area, when known. */
  registeredBirths: number | null;
}

/** New residential development. */
export interface HousingProjectRecord {
  /** Source columns/properties the engine does not interpret, kept as they came. */
  attributes?: Record<string, unknown>;
  code: string;
  name: string;
  townshipCode: string;
  districtCode: string | null;
  /** Population unit the new residents join (for projection), when known. */
  unitCode: string | null;
  lon: number;
  lat: number;
  households: number;
  /** Housing type: 'commodity' (商品房), 'resettlement' (安置房), 'rental' (租赁住房), 'talent' (人才房). */
  type: string;
  /** Households completed per year, keyed by year as a string; sums to households. */
  phasing: Record<string, number>;
  /**
   * Pupil yield per household per stage (生源系数): children of that stage's ages per completed household.
   * The projection spreads a stage's yield evenly over the stage's single years of age (ages 0-2 take the
   * kindergarten per-age value).
   */
  yields: Record<'kindergarten' | 'primary' | 'junior' | 'senior', number>;
}

/** A road of the network layer (one GeoJSON LineString or MultiLineString feature). */
export interface RoadRecord {
  /** Source columns/properties the engine does not interpret, kept as they came. */
  attributes?: Record<string, unknown>;
  /** The feature's code (property `code`, else its GeoJSON id, else its 1-based position). */
  code: string;
  name: string | null;
  /** Canonical class: 高速/国道/省道/县道/乡道/村道 or an OSM highway value (motorway ... track), or ferry. */
  roadClass: string;
  /** The road's own speed; null takes the default of its class. */
  speedKmh: number | null;
  /** Drivable only in the direction the coordinates run. */
  oneway: boolean;
  /** A ferry crossing (timed with a boarding wait). */
  ferry: boolean;
  geometry: LineString | MultiLineString;
}

/** The layers an import can carry. */
export const LAYERS = ['areas', 'districts', 'schools', 'catchments', 'units', 'population', 'births', 'housing', 'roads'] as const;
export type Layer = (typeof LAYERS)[number];

export interface DatasetRecords {
  areas: AreaRecord[];
  districts: DistrictRecord[];
  schools: SchoolRecord[];
  catchments: CatchmentRecord[];
  units: PopulationUnitRecord[];
  population: PopulationCountRecord[];
  births: BirthRecord[];
  housing: HousingProjectRecord[];
  roads: RoadRecord[];
}

/** An empty record set (every layer present, no rows). */
export function emptyRecords(): DatasetRecords {
  return { areas: [], districts: [], schools: [], catchments: [], units: [], population: [], births: [], housing: [], roads: [] };
}
