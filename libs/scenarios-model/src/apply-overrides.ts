import { DEFAULT_CLASS_SIZE, type DatasetRecords, type HousingProjectRecord, type SchoolRecord } from '@app/domain';
import { pointInRegion } from '@app/geo';
import type { ProjectionAssumptions } from '@app/projection-model';
import { overridesSchema, type ScenarioOverrides } from './overrides.schema';

/** One problem with a scenario's overrides, named by its path (e.g. `schools.close[0].code`). */
export interface OverrideProblem {
  field: string;
  message: string;
}

export class OverridesRejected extends Error {
  constructor(readonly problems: OverrideProblem[]) {
    super(`invalid overrides: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
}

const path = (p: readonly PropertyKey[]) =>
  p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');

/**
 * Validates overrides by shape, then against the base version: every code must exist (or be new where it is
 * added) and every year must fall within the projection horizon.
 * @example validateOverrides({ schools: { close: [{ code: 'X', year: 2027 }] } }, records, 2024, 12) // throws: schools.close[0].code
 */
export function validateOverrides(raw: unknown, base: DatasetRecords, baseYear: number, horizon: number): ScenarioOverrides {
  const parsed = overridesSchema.safeParse(raw ?? {});
  if (!parsed.success)
    throw new OverridesRejected(parsed.error.issues.map((i) => ({ field: path(i.path) || '(overrides)', message: i.message })));
  const o = parsed.data;
  const problems: OverrideProblem[] = [];
  const schools = new Set(base.schools.map((s) => s.code));
  const housing = new Set(base.housing.map((h) => h.code));
  const units = new Set(base.units.map((u) => u.code));
  const catchments = new Set(base.catchments.map((c) => c.code));
  const districts = new Set(base.districts.map((d) => d.code));
  const townships = new Set(base.areas.filter((a) => a.level === 'township').map((a) => a.code));
  const counties = new Set(base.areas.filter((a) => a.level === 'county').map((a) => a.code));
  const lastYear = baseYear + horizon;
  const inHorizon = (field: string, y: number) => {
    if (y < baseYear || y > lastYear)
      problems.push({ field, message: `year ${y} is outside the projection horizon ${baseYear}-${lastYear}` });
  };
  const known = (field: string, set: Set<string>, c: string, what: string) => {
    if (!set.has(c)) problems.push({ field, message: `unknown ${what} "${c}"` });
  };
  const checkMultipliers = (
    field: string,
    m: { county?: Record<string, number>; township?: Record<string, number>; unit?: Record<string, number> } | undefined,
  ) => {
    for (const c of Object.keys(m?.county ?? {})) known(`${field}.county.${c}`, counties, c, 'county');
    for (const c of Object.keys(m?.township ?? {})) known(`${field}.township.${c}`, townships, c, 'township');
    for (const c of Object.keys(m?.unit ?? {})) known(`${field}.unit.${c}`, units, c, 'population unit');
  };
  checkMultipliers('births.multipliers', o.births?.multipliers);
  checkMultipliers('migration.multipliers', o.migration?.multipliers);
  o.housing?.add?.forEach((h, i) => {
    if (housing.has(h.code)) problems.push({ field: `housing.add[${i}].code`, message: `housing project "${h.code}" already exists` });
    known(`housing.add[${i}].unitCode`, units, h.unitCode, 'population unit');
    known(`housing.add[${i}].townshipCode`, townships, h.townshipCode, 'township');
    if (h.districtCode) known(`housing.add[${i}].districtCode`, districts, h.districtCode, 'district');
    const total = Object.values(h.phasing).reduce((a, b) => a + b, 0);
    if (total !== h.households)
      problems.push({ field: `housing.add[${i}].phasing`, message: `phasing adds up to ${total}, not ${h.households}` });
    for (const y of Object.keys(h.phasing)) inHorizon(`housing.add[${i}].phasing.${y}`, Number(y));
  });
  o.housing?.remove?.forEach((c, i) => known(`housing.remove[${i}]`, housing, c, 'housing project'));
  o.housing?.rephase?.forEach((r, i) => {
    known(`housing.rephase[${i}].code`, housing, r.code, 'housing project');
    const h = base.housing.find((x) => x.code === r.code);
    const total = Object.values(r.phasing).reduce((a, b) => a + b, 0);
    if (h && total !== h.households)
      problems.push({ field: `housing.rephase[${i}].phasing`, message: `phasing adds up to ${total}, not ${h.households}` });
    for (const y of Object.keys(r.phasing)) inHorizon(`housing.rephase[${i}].phasing.${y}`, Number(y));
  });
  o.housing?.scale?.forEach((s, i) => known(`housing.scale[${i}].code`, housing, s.code, 'housing project'));
  o.housing?.scaleDistrict?.forEach((s, i) => known(`housing.scaleDistrict[${i}].districtCode`, districts, s.districtCode, 'district'));
  o.schools?.close?.forEach((c, i) => {
    known(`schools.close[${i}].code`, schools, c.code, 'school');
    inHorizon(`schools.close[${i}].year`, c.year);
  });
  o.schools?.open?.forEach((s, i) => {
    if (schools.has(s.code)) problems.push({ field: `schools.open[${i}].code`, message: `school "${s.code}" already exists` });
    known(`schools.open[${i}].townshipCode`, townships, s.townshipCode, 'township');
    // A new school must stand where it says: inside its township, and so inside the city.
    const area = base.areas.find((a) => a.level === 'township' && a.code === s.townshipCode);
    const counties = base.areas.filter((a) => a.level === 'county' && a.geometry.coordinates.length > 0);
    if (counties.length > 0 && !counties.some((c) => pointInRegion([s.lon, s.lat], c.geometry))) {
      problems.push({
        field: `schools.open[${i}].lon`,
        message: `(${s.lon}, ${s.lat}) is outside the city (no county of the base version contains it)`,
      });
    } else if (area && area.geometry.coordinates.length > 0 && !pointInRegion([s.lon, s.lat], area.geometry)) {
      problems.push({
        field: `schools.open[${i}].lon`,
        message: `(${s.lon}, ${s.lat}) is outside township ${s.townshipCode} (${area.name})`,
      });
    }
    inHorizon(`schools.open[${i}].openYear`, s.openYear);
    s.joinCatchments.forEach((c, j) => known(`schools.open[${i}].joinCatchments[${j}]`, catchments, c, 'catchment'));
  });
  o.schools?.expand?.forEach((e, i) => known(`schools.expand[${i}].code`, schools, e.code, 'school'));
  const newSchools = new Set(o.schools?.open?.map((s) => s.code) ?? []);
  o.schools?.catchments?.forEach((c, i) => {
    known(`schools.catchments[${i}].code`, catchments, c.code, 'catchment');
    c.schoolCodes?.forEach((s, j) => {
      if (!schools.has(s) && !newSchools.has(s))
        problems.push({ field: `schools.catchments[${i}].schoolCodes[${j}]`, message: `unknown school "${s}"` });
    });
    c.unitCodes?.forEach((u, j) => known(`schools.catchments[${i}].unitCodes[${j}]`, units, u, 'population unit'));
  });
  if (o.policy?.targetYear !== undefined) inHorizon('policy.targetYear', o.policy.targetYear);
  o.policy?.mustKeep?.forEach((c, i) => {
    if (!schools.has(c) && !newSchools.has(c)) problems.push({ field: `policy.mustKeep[${i}]`, message: `unknown school "${c}"` });
  });
  o.policy?.mustClose?.forEach((c, i) => {
    known(`policy.mustClose[${i}]`, schools, c, 'school');
    if (o.policy?.mustKeep?.includes(c)) problems.push({ field: `policy.mustClose[${i}]`, message: `school "${c}" is also in mustKeep` });
  });
  o.policy?.townshipWaivers?.forEach((c, i) => known(`policy.townshipWaivers[${i}]`, townships, c, 'township'));
  if (
    o.policy?.warningYellowAt !== undefined &&
    o.policy?.warningRedAt !== undefined &&
    o.policy.warningYellowAt >= o.policy.warningRedAt
  ) {
    problems.push({ field: 'policy.warningYellowAt', message: 'yellow must start below red' });
  }
  if (problems.length) throw new OverridesRejected(problems);
  return o;
}

/** Scales a phasing so it sums to round(households x factor), keeping its shape. */
function scalePhasing(h: HousingProjectRecord, factor: number): HousingProjectRecord {
  const years = Object.keys(h.phasing).sort();
  const target = Math.round(h.households * factor);
  const phasing: Record<string, number> = {};
  let given = 0;
  years.forEach((y, i) => {
    const v = i === years.length - 1 ? target - given : Math.round(h.phasing[y] * factor);
    phasing[y] = v;
    given += v;
  });
  return { ...h, households: target, phasing };
}

/**
 * The scenario's records: the base version with housing and school changes applied. The base is not mutated.
 * @example applyOverrides(records, { schools: { expand: [{ code: 'S1', classes: 6 }] } }).schools
 */
export function applyOverrides(base: DatasetRecords, o: ScenarioOverrides): DatasetRecords {
  let housing = base.housing.filter((h) => !o.housing?.remove?.includes(h.code));
  housing = housing.map((h) => {
    const re = o.housing?.rephase?.find((r) => r.code === h.code);
    return re ? { ...h, phasing: { ...re.phasing } } : h;
  });
  for (const s of o.housing?.scale ?? []) housing = housing.map((h) => (h.code === s.code ? scalePhasing(h, s.factor) : h));
  for (const s of o.housing?.scaleDistrict ?? [])
    housing = housing.map((h) => (h.districtCode === s.districtCode ? scalePhasing(h, s.factor) : h));
  housing = [
    ...housing,
    ...(o.housing?.add ?? []).map((h) => ({ ...h, districtCode: h.districtCode ?? null, attributes: { scenario: true } })),
  ];

  const norms = o.policy?.classSizeNorms;
  let schools: SchoolRecord[] = base.schools.map((s) => {
    let out = s;
    const close = o.schools?.close?.find((c) => c.code === s.code);
    if (close) out = { ...out, closeYear: close.year };
    const expand = o.schools?.expand?.find((e) => e.code === s.code);
    if (expand) {
      const norm =
        out.classSizeNorm ?? DEFAULT_CLASS_SIZE[s.stages.includes('junior') && !s.stages.includes('primary') ? 'junior' : 'primary'];
      out = {
        ...out,
        classes: out.classes + expand.classes,
        approvedSeats: out.approvedSeats + expand.classes * norm,
        maxClasses: out.maxClasses === null ? null : Math.max(out.maxClasses, out.classes + expand.classes),
      };
    }
    if (norms) {
      const stageNorm = s.stages.includes('primary') ? norms.primary : s.stages.includes('junior') ? norms.junior : undefined;
      if (stageNorm !== undefined) out = { ...out, classSizeNorm: stageNorm };
    }
    return out;
  });
  for (const n of o.schools?.open ?? []) {
    const norm = n.classSizeNorm ?? DEFAULT_CLASS_SIZE[n.stages.includes('junior') && !n.stages.includes('primary') ? 'junior' : 'primary'];
    schools = [
      ...schools,
      {
        code: n.code,
        name: n.name,
        stages: n.stages,
        ownership: 'public',
        lon: n.lon,
        lat: n.lat,
        countyCode: n.townshipCode.slice(0, 6),
        townshipCode: n.townshipCode,
        classesByGrade: {},
        enrolmentByGrade: {},
        enrolment: 0,
        classes: n.classes,
        approvedSeats: n.classes * norm,
        classSizeNorm: norm,
        maxClasses: n.classes,
        boardingPlaces: n.boardingPlaces,
        teachers: 0,
        indicators: null,
        status: 'planned',
        openYear: n.openYear,
        closeYear: null,
        attributes: { scenario: true },
      },
    ];
  }
  const catchments = base.catchments.map((c) => {
    const change = o.schools?.catchments?.find((x) => x.code === c.code);
    const joining = (o.schools?.open ?? []).filter((s) => s.joinCatchments.includes(c.code)).map((s) => s.code);
    if (!change && joining.length === 0) return c;
    const schoolCodes = [...new Set([...(change?.schoolCodes ?? c.schoolCodes), ...joining])];
    return { ...c, schoolCodes, unitCodes: change?.unitCodes ?? c.unitCodes, geometry: change?.unitCodes ? null : c.geometry };
  });
  return { ...base, schools, housing, catchments };
}

/** The projection assumptions a scenario implies. */
export function projectionAssumptionsOf(o: ScenarioOverrides): ProjectionAssumptions {
  return {
    birthExtension: o.births?.variant ?? 'medium',
    ...(o.births?.multipliers ? { birthMultiplier: o.births.multipliers } : {}),
    ...(o.migration?.multipliers ? { migrationMultiplier: o.migration.multipliers } : {}),
  };
}
