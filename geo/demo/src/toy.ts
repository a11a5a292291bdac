/**
 * The toy region: one county, two townships, ten square villages and eight schools with small round numbers, so
 * projections and matching can be computed by hand in tests. It lies near 117.5E 28.0N, well away from Quzhou.
 *
 * Layout (each square 0.02 x 0.02 degrees):
 *   28.04 +------+------+------+------+------+
 *         |  A1  |  A2  |  A3  |  A4  |  A5  |   甲街道 339901001 (urban communities 001-005)
 *   28.02 +------+------+------+------+------+
 *         |  B1  |  B2  |  B3  |  B4  |  B5  |   乙镇 339901101 (rural villages 201-205)
 *   28.00 +------+------+------+------+------+
 *       117.50                             117.60
 *
 * Population (every unit, every age 0..17):
 *   communities, resident: 2022 all 25; 2023 age 0 = 25, ages 1+ = 30; 2024 age 0 = 25, age 1 = 30, ages 2+ = 36
 *     (cohort-change ratio exactly 1.2); registered 20 at every age and year.
 *   villages, resident: 2022 all 25; 2023 age 0 = 25, ages 1+ = 20; 2024 age 0 = 25, age 1 = 20, ages 2+ = 16
 *     (ratio exactly 0.8); registered 30 at every age and year.
 *   births 2012-2024 per township: 125 resident (= 5 x 25, the age-0 count); registered 100 (甲) and 150 (乙).
 */
import type { Polygon } from 'geojson';
import type { DatasetRecords, SchoolRecord } from '@app/domain';
import { emptyRecords } from '@app/domain';
import type { UnitExtras } from './write';

export const TOY_CITY = '339900';
export const TOY_COUNTY = '339901';
export const TOY_TOWNSHIP_A = '339901001';
export const TOY_TOWNSHIP_B = '339901101';
const X0 = 117.5;
const Y0 = 28.0;
const D = 0.02;

function rect(x1: number, y1: number, x2: number, y2: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x1, y1],
        [x2, y1],
        [x2, y2],
        [x1, y2],
        [x1, y1],
      ],
    ],
  };
}

/** Square of village k (0..4) in row 0 (乙, south) or 1 (甲, north). */
function square(row: number, k: number): Polygon {
  return rect(X0 + k * D, Y0 + row * D, X0 + (k + 1) * D, Y0 + (row + 1) * D);
}

export const TOY_COMMUNITIES = [1, 2, 3, 4, 5].map((k) => `${TOY_TOWNSHIP_A}00${k}`);
export const TOY_VILLAGES = [1, 2, 3, 4, 5].map((k) => `${TOY_TOWNSHIP_B}20${k}`);
const CN = ['一', '二', '三', '四', '五'];

function residentAges(urban: boolean, year: number): number[] {
  const b = 25;
  const r = urban ? 1.2 : 0.8;
  return Array.from({ length: 18 }, (_, a) => {
    const steps = Math.min(a, year - 2022);
    return Math.round(b * r ** steps);
  });
}

interface ToySchool {
  code: string;
  name: string;
  stages: SchoolRecord['stages'];
  ownership: SchoolRecord['ownership'];
  at: [number, number];
  township: string;
  enrol: Record<string, number>;
  classes: Record<string, number>;
  approved: number;
  norm: number;
  maxClasses: number;
  boarding: number;
  teachers: number;
  indicators: SchoolRecord['indicators'];
  openYear: number;
}

/** Centre of a village square with a small offset (fractions of the square). */
function at(row: number, k: number, fx = 0, fy = 0): [number, number] {
  return [X0 + (k + 0.5 + fx) * D, Y0 + (row + 0.5 + fy) * D];
}

const grades = (gs: number[], v: number) => Object.fromEntries(gs.map((g) => [String(g), v]));

export const TOY_SCHOOLS: ToySchool[] = [
  {
    code: '339901K001',
    name: '示例县甲街道中心幼儿园',
    stages: ['kindergarten'],
    ownership: 'public',
    at: at(1, 1),
    township: TOY_TOWNSHIP_A,
    // zone A1-A3: ages 3, 4, 5 in 2024 = 3 x 36 = 108 each
    enrol: grades([-2, -1, 0], 108),
    classes: grades([-2, -1, 0], 4),
    approved: 360,
    norm: 30,
    maxClasses: 12,
    boarding: 0,
    teachers: 26,
    indicators: null,
    openYear: 1995,
  },
  {
    code: '339901K002',
    name: '示例县甲街道东区幼儿园',
    stages: ['kindergarten'],
    ownership: 'public',
    at: at(1, 3, 0.2, 0.1),
    township: TOY_TOWNSHIP_A,
    // zone A4-A5: 2 x 36 = 72 per age
    enrol: grades([-2, -1, 0], 72),
    classes: grades([-2, -1, 0], 3),
    approved: 270,
    norm: 30,
    maxClasses: 9,
    boarding: 0,
    teachers: 20,
    indicators: null,
    openYear: 2012,
  },
  {
    code: '339901K003',
    name: '示例县小树苗幼儿园',
    stages: ['kindergarten'],
    ownership: 'inclusive_private',
    at: at(0, 2),
    township: TOY_TOWNSHIP_B,
    // zone B1-B5: 5 x 16 = 80 per age
    enrol: grades([-2, -1, 0], 80),
    classes: grades([-2, -1, 0], 3),
    approved: 270,
    norm: 30,
    maxClasses: 9,
    boarding: 0,
    teachers: 20,
    indicators: null,
    openYear: 2010,
  },
  {
    code: '339901P001',
    name: '示例县甲街道小学',
    stages: ['primary'],
    ownership: 'public',
    at: at(1, 2, -0.2, -0.1),
    township: TOY_TOWNSHIP_A,
    // catchment A1-A5: 5 x 36 = 180 per grade, 4 classes of 45
    enrol: grades([1, 2, 3, 4, 5, 6], 180),
    classes: grades([1, 2, 3, 4, 5, 6], 4),
    approved: 1080,
    norm: 45,
    maxClasses: 30,
    boarding: 0,
    teachers: 60,
    indicators: {
      qualifiedTeachers: 54,
      backboneTeachers: 12,
      peArtsTeachers: 10,
      teachingAreaM2: 5400,
      sportsAreaM2: 8640,
      equipmentValueCny: 2376000,
      multimediaClassrooms: 26,
    },
    openYear: 1980,
  },
  {
    code: '339901P002',
    name: '示例县乙镇中心小学',
    stages: ['primary'],
    ownership: 'public',
    at: at(0, 1),
    township: TOY_TOWNSHIP_B,
    // catchment B1-B4: 4 x 16 = 64 per grade, 2 classes of 32
    enrol: grades([1, 2, 3, 4, 5, 6], 64),
    classes: grades([1, 2, 3, 4, 5, 6], 2),
    approved: 540,
    norm: 45,
    maxClasses: 12,
    boarding: 0,
    teachers: 24,
    indicators: {
      qualifiedTeachers: 20,
      backboneTeachers: 5,
      peArtsTeachers: 4,
      teachingAreaM2: 2700,
      sportsAreaM2: 4320,
      equipmentValueCny: 960000,
      multimediaClassrooms: 14,
    },
    openYear: 1975,
  },
  {
    code: '339901P003',
    name: '示例县乙镇乙五村小学',
    stages: ['primary'],
    ownership: 'public',
    at: at(0, 4),
    township: TOY_TOWNSHIP_B,
    // catchment B5: 16 per grade, 1 class each: 96 pupils (under 100)
    enrol: grades([1, 2, 3, 4, 5, 6], 16),
    classes: grades([1, 2, 3, 4, 5, 6], 1),
    approved: 180,
    norm: 30,
    maxClasses: 6,
    boarding: 0,
    teachers: 8,
    indicators: {
      qualifiedTeachers: 6,
      backboneTeachers: 1,
      peArtsTeachers: 1,
      teachingAreaM2: 900,
      sportsAreaM2: 1440,
      equipmentValueCny: 240000,
      multimediaClassrooms: 6,
    },
    openYear: 1965,
  },
  {
    code: '339901J001',
    name: '示例县初级中学',
    stages: ['junior'],
    ownership: 'public',
    at: at(1, 4),
    township: TOY_TOWNSHIP_A,
    // catchment all ten units: 180 + 80 = 260 per grade, 6 classes
    enrol: grades([7, 8, 9], 260),
    classes: grades([7, 8, 9], 6),
    approved: 900,
    norm: 50,
    maxClasses: 18,
    boarding: 100,
    teachers: 60,
    indicators: {
      qualifiedTeachers: 48,
      backboneTeachers: 10,
      peArtsTeachers: 8,
      teachingAreaM2: 5200,
      sportsAreaM2: 9100,
      equipmentValueCny: 2080000,
      multimediaClassrooms: 20,
    },
    openYear: 1970,
  },
  {
    code: '339901S001',
    name: '示例县第一中学',
    stages: ['senior'],
    ownership: 'public',
    at: at(1, 0),
    township: TOY_TOWNSHIP_A,
    // half of ages 15-17: (180 + 80) / 2 = 130 per grade, 3 classes
    enrol: grades([10, 11, 12], 130),
    classes: grades([10, 11, 12], 3),
    approved: 450,
    norm: 50,
    maxClasses: 12,
    boarding: 300,
    teachers: 36,
    indicators: {
      qualifiedTeachers: 30,
      backboneTeachers: 6,
      peArtsTeachers: 4,
      teachingAreaM2: 2730,
      sportsAreaM2: 4680,
      equipmentValueCny: 1170000,
      multimediaClassrooms: 12,
    },
    openYear: 1956,
  },
];

export const TOY_CATCHMENTS: { code: string; stage: 'kindergarten' | 'primary' | 'junior'; schools: string[]; units: string[] }[] = [
  { code: '339901J001-junior', stage: 'junior', schools: ['339901J001'], units: [...TOY_COMMUNITIES, ...TOY_VILLAGES] },
  { code: '339901K001-kindergarten', stage: 'kindergarten', schools: ['339901K001'], units: TOY_COMMUNITIES.slice(0, 3) },
  { code: '339901K002-kindergarten', stage: 'kindergarten', schools: ['339901K002'], units: TOY_COMMUNITIES.slice(3) },
  { code: '339901K003-kindergarten', stage: 'kindergarten', schools: ['339901K003'], units: TOY_VILLAGES },
  { code: '339901P001-primary', stage: 'primary', schools: ['339901P001'], units: TOY_COMMUNITIES },
  { code: '339901P002-primary', stage: 'primary', schools: ['339901P002'], units: TOY_VILLAGES.slice(0, 4) },
  { code: '339901P003-primary', stage: 'primary', schools: ['339901P003'], units: TOY_VILLAGES.slice(4) },
];

/** Union of consecutive squares k1..k2 of rows r1..r2 as one rectangle. */
function block(r1: number, r2: number, k1: number, k2: number): Polygon {
  return rect(X0 + k1 * D, Y0 + r1 * D, X0 + (k2 + 1) * D, Y0 + (r2 + 1) * D);
}

function unitGeometry(code: string): Polygon {
  const a = TOY_COMMUNITIES.indexOf(code);
  if (a >= 0) return square(1, a);
  return square(0, TOY_VILLAGES.indexOf(code));
}

/** Catchment polygon: the units are consecutive squares of one or both rows. */
function catchmentGeometry(units: string[]): Polygon {
  const ka = units.map((u) => TOY_COMMUNITIES.indexOf(u)).filter((k) => k >= 0);
  const kb = units.map((u) => TOY_VILLAGES.indexOf(u)).filter((k) => k >= 0);
  if (ka.length > 0 && kb.length > 0) return block(0, 1, Math.min(...ka, ...kb), Math.max(...ka, ...kb));
  if (ka.length > 0) return block(1, 1, Math.min(...ka), Math.max(...ka));
  return block(0, 0, Math.min(...kb), Math.max(...kb));
}

export function buildToy(): { records: DatasetRecords; extras: Map<string, UnitExtras>; ruralSchools: Set<string> } {
  const r = emptyRecords();
  r.areas.push({ code: TOY_CITY, name: '示例市', level: 'city', parentCode: null, settlement: null, geometry: block(0, 1, 0, 4) });
  r.areas.push({ code: TOY_COUNTY, name: '示例县', level: 'county', parentCode: TOY_CITY, settlement: null, geometry: block(0, 1, 0, 4) });
  r.areas.push({
    code: TOY_TOWNSHIP_A,
    name: '甲街道',
    level: 'township',
    parentCode: TOY_COUNTY,
    settlement: null,
    geometry: block(1, 1, 0, 4),
  });
  r.areas.push({
    code: TOY_TOWNSHIP_B,
    name: '乙镇',
    level: 'township',
    parentCode: TOY_COUNTY,
    settlement: null,
    geometry: block(0, 0, 0, 4),
  });
  const extras = new Map<string, UnitExtras>();
  const units = [
    ...TOY_COMMUNITIES.map((code, k) => ({ code, name: `甲${CN[k]}社区`, t: TOY_TOWNSHIP_A, urban: true })),
    ...TOY_VILLAGES.map((code, k) => ({ code, name: `乙${CN[k]}村`, t: TOY_TOWNSHIP_B, urban: false })),
  ];
  for (const u of units) {
    r.areas.push({
      code: u.code,
      name: u.name,
      level: 'village',
      parentCode: u.t,
      settlement: u.urban ? 'urban' : 'rural',
      geometry: unitGeometry(u.code),
    });
    r.units.push({
      code: u.code,
      name: u.name,
      townshipCode: u.t,
      countyCode: TOY_COUNTY,
      settlement: u.urban ? 'urban' : 'rural',
      geometry: unitGeometry(u.code),
    });
    extras.set(u.code, u.urban ? { residentsTotal: 2000, registeredTotal: 1600 } : { residentsTotal: 800, registeredTotal: 1000 });
    for (const year of [2022, 2023, 2024]) {
      r.population.push({ unitCode: u.code, year, population: 'resident', ages: residentAges(u.urban, year) });
      r.population.push({ unitCode: u.code, year, population: 'registered', ages: new Array(18).fill(u.urban ? 20 : 30) });
    }
  }
  // the toy district: communities A3 and A4
  r.districts.push({ code: 'TOYD', name: '示例新区', watched: true, geometry: block(1, 1, 2, 3) });
  for (const s of TOY_SCHOOLS) {
    const enrolment = Object.values(s.enrol).reduce((a, b) => a + b, 0);
    const classes = Object.values(s.classes).reduce((a, b) => a + b, 0);
    r.schools.push({
      code: s.code,
      name: s.name,
      stages: s.stages,
      ownership: s.ownership,
      lon: s.at[0],
      lat: s.at[1],
      countyCode: TOY_COUNTY,
      townshipCode: s.township,
      classesByGrade: s.classes,
      enrolmentByGrade: s.enrol,
      enrolment,
      classes,
      approvedSeats: s.approved,
      classSizeNorm: s.norm,
      maxClasses: s.maxClasses,
      boardingPlaces: s.boarding,
      teachers: s.teachers,
      indicators: s.indicators,
      status: 'open',
      openYear: s.openYear,
      closeYear: null,
    });
  }
  for (const c of TOY_CATCHMENTS) {
    r.catchments.push({ code: c.code, stage: c.stage, schoolCodes: c.schools, unitCodes: c.units, geometry: catchmentGeometry(c.units) });
  }
  for (const t of [TOY_TOWNSHIP_A, TOY_TOWNSHIP_B]) {
    for (let y = 2012; y <= 2024; y++)
      r.births.push({ areaCode: t, year: y, births: 125, registeredBirths: t === TOY_TOWNSHIP_A ? 100 : 150 });
  }
  r.housing.push({
    code: 'TOY-H01',
    name: '示例花园',
    townshipCode: TOY_TOWNSHIP_A,
    districtCode: 'TOYD',
    unitCode: TOY_COMMUNITIES[2],
    lon: at(1, 2, 0.2, 0.2)[0],
    lat: at(1, 2, 0.2, 0.2)[1],
    households: 1000,
    type: 'commodity',
    phasing: { '2025': 400, '2026': 600 },
    yields: { kindergarten: 0.1, primary: 0.2, junior: 0.1, senior: 0.08 },
  });
  r.housing.push({
    code: 'TOY-H02',
    name: '乙镇安置小区',
    townshipCode: TOY_TOWNSHIP_B,
    districtCode: null,
    unitCode: TOY_VILLAGES[1],
    lon: at(0, 1, 0.2, 0.2)[0],
    lat: at(0, 1, 0.2, 0.2)[1],
    households: 100,
    type: 'resettlement',
    phasing: { '2027': 100 },
    yields: { kindergarten: 0.1, primary: 0.2, junior: 0.1, senior: 0.1 },
  });
  const ruralSchools = new Set(['339901K003', '339901P002', '339901P003']);
  return { records: r, extras, ruralSchools };
}
