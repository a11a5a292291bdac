/**
 * Serialises canonical records to the import formats of docs/import-formats.md (English headers), with fixed
 * number formats (coordinates 5 decimals) and stable ordering, so a rerun gives byte-identical files.
 */
import type { Geometry, Position } from 'geojson';
import type { DatasetRecords, SchoolRecord } from '@app/domain';

export interface UnitExtras {
  residentsTotal: number;
  registeredTotal: number;
}

export interface OutputFile {
  name: string;
  content: string;
}

const fx = (v: number) => v.toFixed(5);
const pos = (p: Position) => `[${fx(p[0])},${fx(p[1])}]`;

export function geometryJson(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `{"type":"Point","coordinates":${pos(g.coordinates)}}`;
    case 'LineString':
      return `{"type":"LineString","coordinates":[${g.coordinates.map(pos).join(',')}]}`;
    case 'Polygon':
      return `{"type":"Polygon","coordinates":[${g.coordinates.map((r) => `[${r.map(pos).join(',')}]`).join(',')}]}`;
    case 'MultiPolygon':
      return `{"type":"MultiPolygon","coordinates":[${g.coordinates
        .map((p) => `[${p.map((r) => `[${r.map(pos).join(',')}]`).join(',')}]`)
        .join(',')}]}`;
    default:
      throw new Error(`unsupported geometry ${g.type}`);
  }
}

function featureCollection(layer: string, features: { properties: Record<string, unknown>; geometry: Geometry }[]): string {
  const lines = features.map(
    (f) => `{"type":"Feature","properties":${JSON.stringify(f.properties)},"geometry":${geometryJson(f.geometry)}}`,
  );
  return `{"type":"FeatureCollection","layer":"${layer}","features":[\n${lines.join(',\n')}\n]}\n`;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

const KG = [-2, -1, 0];
const G = Array.from({ length: 12 }, (_, k) => k + 1);

export const SCHOOL_COLUMNS = [
  'code',
  'name',
  'stages',
  'ownership',
  'lon',
  'lat',
  'county_code',
  'township_code',
  'enrolment',
  'classes',
  'approved_seats',
  'class_size_norm',
  'max_classes',
  'boarding_places',
  'teachers',
  'status',
  'open_year',
  'close_year',
  ...KG.map((_, k) => `enrol_k${k + 1}`),
  ...G.map((g) => `enrol_g${g}`),
  ...KG.map((_, k) => `classes_k${k + 1}`),
  ...G.map((g) => `classes_g${g}`),
  'qualified_teachers',
  'backbone_teachers',
  'pe_arts_teachers',
  'teaching_area_m2',
  'sports_area_m2',
  'equipment_value_cny',
  'multimedia_classrooms',
];

function schoolRow(s: SchoolRecord): unknown[] {
  const grade = (m: Record<string, number>, g: number) => (String(g) in m ? m[String(g)] : null);
  const i = s.indicators;
  return [
    s.code,
    s.name,
    s.stages.join(';'),
    s.ownership,
    fx(s.lon),
    fx(s.lat),
    s.countyCode,
    s.townshipCode,
    s.enrolment,
    s.classes,
    s.approvedSeats,
    s.classSizeNorm,
    s.maxClasses,
    s.boardingPlaces,
    s.teachers,
    s.status,
    s.openYear,
    s.closeYear,
    ...KG.map((g) => grade(s.enrolmentByGrade, g)),
    ...G.map((g) => grade(s.enrolmentByGrade, g)),
    ...KG.map((g) => grade(s.classesByGrade, g)),
    ...G.map((g) => grade(s.classesByGrade, g)),
    i?.qualifiedTeachers ?? null,
    i?.backboneTeachers ?? null,
    i?.peArtsTeachers ?? null,
    i?.teachingAreaM2 ?? null,
    i?.sportsAreaM2 ?? null,
    i?.equipmentValueCny ?? null,
    i?.multimediaClassrooms ?? null,
  ];
}

/** All layer files of one region. */
export function writeRecords(r: DatasetRecords, extras: Map<string, UnitExtras>): OutputFile[] {
  const files: OutputFile[] = [];
  files.push({
    name: 'areas.geojson',
    content: featureCollection(
      'areas',
      r.areas.map((a) => ({
        properties: {
          code: a.code,
          name: a.name,
          level: a.level,
          parent_code: a.parentCode,
          ...(a.level === 'village' ? { settlement: a.settlement } : {}),
        },
        geometry: a.geometry,
      })),
    ),
  });
  files.push({
    name: 'districts.geojson',
    content: featureCollection(
      'districts',
      r.districts.map((d) => ({ properties: { code: d.code, name: d.name, watched: d.watched }, geometry: d.geometry })),
    ),
  });
  files.push({
    name: 'units.geojson',
    content: featureCollection(
      'units',
      r.units.map((u) => {
        const x = extras.get(u.code);
        return {
          properties: {
            code: u.code,
            name: u.name,
            township_code: u.townshipCode,
            county_code: u.countyCode,
            settlement: u.settlement,
            residents_total: x?.residentsTotal ?? null,
            registered_total: x?.registeredTotal ?? null,
          },
          geometry: u.geometry,
        };
      }),
    ),
  });
  files.push({ name: 'schools.csv', content: csv(SCHOOL_COLUMNS, r.schools.map(schoolRow)) });
  files.push({
    name: 'catchments.geojson',
    content: featureCollection(
      'catchments',
      r.catchments.map((c) => {
        if (!c.geometry) throw new Error(`catchment ${c.code} has no geometry`);
        return {
          properties: { code: c.code, stage: c.stage, school_codes: c.schoolCodes.join(';'), unit_codes: c.unitCodes.join(';') },
          geometry: c.geometry,
        };
      }),
    ),
  });
  files.push({
    name: 'population.csv',
    content: csv(
      ['unit_code', 'year', 'population', ...Array.from({ length: 18 }, (_, a) => `age_${a}`)],
      r.population.map((p) => [p.unitCode, p.year, p.population, ...p.ages]),
    ),
  });
  files.push({
    name: 'births.csv',
    content: csv(
      ['area_code', 'year', 'births', 'registered_births'],
      r.births.map((b) => [b.areaCode, b.year, b.births, b.registeredBirths]),
    ),
  });
  files.push({
    name: 'housing.csv',
    content: csv(
      [
        'code',
        'name',
        'township_code',
        'district_code',
        'unit_code',
        'lon',
        'lat',
        'households',
        'type',
        'phasing',
        'yield_kindergarten',
        'yield_primary',
        'yield_junior',
        'yield_senior',
      ],
      r.housing.map((h) => [
        h.code,
        h.name,
        h.townshipCode,
        h.districtCode,
        h.unitCode,
        fx(h.lon),
        fx(h.lat),
        h.households,
        h.type,
        Object.entries(h.phasing)
          .sort((a, b) => Number(a[0]) - Number(b[0]))
          .map(([y, n]) => `${y}:${n}`)
          .join(';'),
        h.yields.kindergarten.toFixed(2),
        h.yields.primary.toFixed(2),
        h.yields.junior.toFixed(2),
        h.yields.senior.toFixed(2),
      ]),
    ),
  });
  if (r.roads.length > 0) {
    files.push({
      name: 'roads.geojson',
      content: featureCollection(
        'roads',
        r.roads.map((x) => ({
          properties: { code: x.code, name: x.name, class: x.roadClass, speed_kmh: x.speedKmh, oneway: x.oneway, ferry: x.ferry },
          geometry: x.geometry,
        })),
      ),
    });
  }
  return files;
}
