import type { AreaLevel, DatasetRecords, Layer } from '@app/domain';
import { keyOf } from './keys';
import type { ImportNotice, ImportProblem } from './problems';

const PARENT_LEVEL: Record<AreaLevel, AreaLevel | null> = { city: null, county: 'city', township: 'county', village: 'township' };

/** Where each imported record came from, keyed `${layer}:${key}`, so cross-layer problems can name the row. */
export type Locations = Map<string, { file: string; row?: number; feature?: number }>;

/**
 * Checks references between layers of the merged version for the layers this import touched: catchments name
 * existing schools and units, counts and housing name existing units, schools and units name existing areas,
 * teaching points name an existing central school. A parent area of a level the dataset does not hold is a notice.
 * @example checkReferences(merged, new Set(['schools']), locations).length // 0 when consistent
 */
export function checkReferences(r: DatasetRecords, touched: Set<Layer>, locations: Locations, notices?: ImportNotice[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const at = (layer: Layer, rec: unknown) =>
    locations.get(`${layer}:${keyOf(layer, rec)}`) ?? { file: `(${layer} of the previous version)` };
  const schools = new Set(r.schools.map((s) => s.code));
  const units = new Set(r.units.map((u) => u.code));
  const areas = new Map(r.areas.map((a) => [a.code, a.level]));
  const districts = new Set(r.districts.map((d) => d.code));
  const hasAreas = areas.size > 0;
  const refTouched = (...ls: Layer[]) => ls.some((l) => touched.has(l));

  if (refTouched('areas')) {
    const levels = new Set(areas.values());
    const outside = new Set<string>();
    for (const a of r.areas) {
      if (!a.parentCode || areas.has(a.parentCode)) continue;
      const parentLevel = PARENT_LEVEL[a.level];
      // A published county file (DataV 330800_full) names its city without carrying it: the hierarchy then starts at
      // the counties. A missing parent is an error only when areas of the parent's level are there.
      if (parentLevel && !levels.has(parentLevel) && notices) {
        if (!outside.has(a.parentCode))
          notices.push({
            ...at('areas', a),
            kind: 'parent_outside',
            message: `parent ${parentLevel} "${a.parentCode}" is not in the dataset: the ${a.level} areas are the top of its hierarchy`,
          });
        outside.add(a.parentCode);
      } else
        problems.push({ ...at('areas', a), code: a.code, field: 'parent_code', message: `parent area "${a.parentCode}" does not exist` });
    }
  }
  if (refTouched('schools')) {
    for (const s of r.schools) {
      const central = s.attributes?.centralSchoolCode;
      if (typeof central === 'string' && !schools.has(central))
        problems.push({
          ...at('schools', s),
          code: s.code,
          field: 'central_school_code',
          message: `central school "${central}" does not exist`,
        });
    }
  }
  if (refTouched('catchments', 'schools', 'units')) {
    for (const c of r.catchments) {
      for (const s of c.schoolCodes)
        if (!schools.has(s))
          problems.push({ ...at('catchments', c), code: c.code, field: 'school_codes', message: `school "${s}" does not exist` });
      for (const u of c.unitCodes)
        if (!units.has(u))
          problems.push({ ...at('catchments', c), code: c.code, field: 'unit_codes', message: `population unit "${u}" does not exist` });
    }
  }
  if (refTouched('population', 'units')) {
    const missing = new Set<string>();
    for (const p of r.population) {
      if (!units.has(p.unitCode) && !missing.has(p.unitCode)) {
        missing.add(p.unitCode);
        problems.push({
          ...at('population', p),
          code: p.unitCode,
          field: 'unit_code',
          message: `population unit "${p.unitCode}" does not exist`,
        });
      }
    }
  }
  if (refTouched('births', 'areas', 'units') && hasAreas) {
    for (const b of r.births) {
      if (!areas.has(b.areaCode) && !units.has(b.areaCode))
        problems.push({ ...at('births', b), code: b.areaCode, field: 'area_code', message: `area "${b.areaCode}" does not exist` });
    }
  }
  if (refTouched('housing', 'units', 'districts', 'areas')) {
    for (const h of r.housing) {
      if (h.unitCode && !units.has(h.unitCode))
        problems.push({ ...at('housing', h), code: h.code, field: 'unit_code', message: `population unit "${h.unitCode}" does not exist` });
      if (h.districtCode && !districts.has(h.districtCode))
        problems.push({
          ...at('housing', h),
          code: h.code,
          field: 'district_code',
          message: `district "${h.districtCode}" does not exist`,
        });
      if (hasAreas && areas.get(h.townshipCode) !== 'township')
        problems.push({
          ...at('housing', h),
          code: h.code,
          field: 'township_code',
          message: `township "${h.townshipCode}" does not exist`,
        });
    }
  }
  if (refTouched('schools', 'areas') && hasAreas) {
    for (const s of r.schools) {
      if (s.townshipCode && areas.get(s.townshipCode) !== 'township')
        problems.push({
          ...at('schools', s),
          code: s.code,
          field: 'township_code',
          message: `township "${s.townshipCode}" does not exist`,
        });
      if (s.countyCode && areas.get(s.countyCode) !== 'county')
        problems.push({ ...at('schools', s), code: s.code, field: 'county_code', message: `county "${s.countyCode}" does not exist` });
    }
  }
  if (refTouched('units', 'areas') && hasAreas) {
    for (const u of r.units) {
      if (areas.get(u.townshipCode) !== 'township')
        problems.push({ ...at('units', u), code: u.code, field: 'township_code', message: `township "${u.townshipCode}" does not exist` });
    }
  }
  return problems;
}
