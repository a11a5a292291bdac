import { AGE_GROUPS, type PopulationKind } from '@app/domain';
import { resolveAssumptions } from './assumptions';
import type {
  ProjectionAssumptions,
  ProjectionHousing,
  ProjectionInput,
  ProjectionIssue,
  ResolvedAssumptions,
} from './types';

/** Years of history before the base year that are read at most (older counts are ignored). */
export const MAX_HISTORY_YEARS = 30;

const A = AGE_GROUPS;
const KINDS: readonly PopulationKind[] = ['resident', 'registered'];

export type AreaLevelOfSeries = 'unit' | 'township' | 'county';

/** A births series of one area, sorted by year. `registered` holds only the years with registered births. */
export interface BirthSeries {
  areaCode: string;
  level: AreaLevelOfSeries;
  years: number[];
  births: number[];
  registeredYears: number[];
  registered: number[];
}

/** Indexed, checked input. Built once; the projection and the back-test read it. */
export interface Prepared {
  assumptions: ResolvedAssumptions;
  unitCodes: string[];
  unitIndex: Map<string, number>;
  /** Township / county index of each unit. */
  unitTownship: Int32Array;
  unitCounty: Int32Array;
  townshipCodes: string[];
  countyCodes: string[];
  /** County index of each township (from its first unit). */
  townshipCounty: Int32Array;
  baseYear: number;
  firstYear: number;
  /** baseYear - firstYear + 1. */
  nHist: number;
  /** Counts, flat `((u * nHist) + (year - firstYear)) * 18 + age`. */
  hist: Record<PopulationKind, Float64Array>;
  /** 1 where a unit has counts for a year, flat `u * nHist + (year - firstYear)`. */
  present: Record<PopulationKind, Uint8Array>;
  hasRegistered: boolean;
  series: Map<string, BirthSeries>;
  housing: ProjectionHousing[];
  errors: ProjectionIssue[];
  warnings: ProjectionIssue[];
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isYear = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1900 && x <= 2200;

/**
 * Index and check the input. Never throws on bad data: every problem becomes an issue naming the unit, area
 * or project. When `errors` is non-empty the other fields may be partial and must not be projected.
 */
export function prepare(input: ProjectionInput, assumptionsIn: ProjectionAssumptions = {}): Prepared {
  const { assumptions, issues } = resolveAssumptions(assumptionsIn);
  const errors: ProjectionIssue[] = [...issues];
  const warnings: ProjectionIssue[] = [];
  const err = (i: Omit<ProjectionIssue, 'severity'>): void => void errors.push({ severity: 'error', ...i });
  const warn = (i: Omit<ProjectionIssue, 'severity'>): void => void warnings.push({ severity: 'warning', ...i });

  // ---- units, townships, counties
  const unitCodes: string[] = [];
  const unitIndex = new Map<string, number>();
  const townshipIndex = new Map<string, number>();
  const countyIndex = new Map<string, number>();
  const townshipCodes: string[] = [];
  const countyCodes: string[] = [];
  const uT: number[] = [];
  const uC: number[] = [];
  const tC: number[] = [];
  const units = input.units ?? [];
  if (units.length === 0) err({ code: 'NO_UNITS', message: 'no population units to project' });
  for (const unit of units) {
    if (unitIndex.has(unit.code)) {
      err({ code: 'DUPLICATE_UNIT', unitCode: unit.code, message: `unit ${unit.code} is listed twice` });
      continue;
    }
    let c = countyIndex.get(unit.countyCode);
    if (c === undefined) {
      c = countyCodes.length;
      countyIndex.set(unit.countyCode, c);
      countyCodes.push(unit.countyCode);
    }
    let t = townshipIndex.get(unit.townshipCode);
    if (t === undefined) {
      t = townshipCodes.length;
      townshipIndex.set(unit.townshipCode, t);
      townshipCodes.push(unit.townshipCode);
      tC.push(c);
    }
    unitIndex.set(unit.code, unitCodes.length);
    unitCodes.push(unit.code);
    uT.push(t);
    uC.push(c);
  }
  const U = unitCodes.length;
  for (const [name, m] of [
    ['migrationMultiplier', assumptions.migrationMultiplier],
    ['birthMultiplier', assumptions.birthMultiplier],
  ] as const)
    for (const [level, index] of [
      ['unit', unitIndex],
      ['township', townshipIndex],
      ['county', countyIndex],
    ] as const)
      for (const code of Object.keys(m[level] ?? {}))
        if (!index.has(code))
          warn({
            code: 'UNKNOWN_SCENARIO_AREA',
            areaCode: code,
            message: `${name}.${level} names ${code}, which is not a ${level} of the input: ignored`,
          });

  // ---- population counts: base year and history window
  const population = input.population ?? [];
  let latestResident = -Infinity;
  for (const r of population) if (r.population === 'resident' && isYear(r.year) && r.year > latestResident) latestResident = r.year;
  const baseYear = assumptions.baseYear ?? (Number.isFinite(latestResident) ? latestResident : NaN);
  if (Number.isNaN(baseYear)) err({ code: 'NO_POPULATION', message: 'no resident age counts: the base year cannot be set' });
  let firstYear = baseYear;
  for (const r of population)
    if (isYear(r.year) && r.year <= baseYear && r.year > baseYear - MAX_HISTORY_YEARS && r.year < firstYear) firstYear = r.year;
  const nHist = Number.isNaN(baseYear) ? 1 : baseYear - firstYear + 1;
  const hist: Record<PopulationKind, Float64Array> = {
    resident: new Float64Array(U * nHist * A),
    registered: new Float64Array(U * nHist * A),
  };
  const present: Record<PopulationKind, Uint8Array> = {
    resident: new Uint8Array(U * nHist),
    registered: new Uint8Array(U * nHist),
  };
  let hasRegistered = false;
  for (const r of population) {
    const who = `unit ${r.unitCode} (${r.population}, ${r.year})`;
    if (!isYear(r.year)) {
      err({ code: 'BAD_YEAR', unitCode: r.unitCode, message: `${who}: year ${String(r.year)} is not a year` });
      continue;
    }
    if (r.population !== 'resident' && r.population !== 'registered') {
      err({ code: 'BAD_AGES', unitCode: r.unitCode, year: r.year, message: `${who}: population must be resident or registered` });
      continue;
    }
    const u = unitIndex.get(r.unitCode);
    if (u === undefined) {
      err({ code: 'UNKNOWN_UNIT', unitCode: r.unitCode, year: r.year, population: r.population, message: `${who}: counts for an unknown unit` });
      continue;
    }
    if (!Array.isArray(r.ages) || r.ages.length !== A) {
      err({
        code: 'BAD_AGES',
        unitCode: r.unitCode,
        year: r.year,
        population: r.population,
        message: `${who}: expected ${A} age counts (ages 0-17), got ${Array.isArray(r.ages) ? r.ages.length : 'none'}`,
      });
      continue;
    }
    const badAge = r.ages.findIndex((x) => !isCount(x));
    if (badAge >= 0) {
      err({
        code: r.ages[badAge] < 0 ? 'NEGATIVE_COUNT' : 'BAD_AGES',
        unitCode: r.unitCode,
        year: r.year,
        population: r.population,
        message: `${who}: age ${badAge} count ${String(r.ages[badAge])} is not a non-negative number`,
      });
      continue;
    }
    if (r.year > baseYear || r.year < firstYear) continue;
    if (r.population === 'registered') hasRegistered = true;
    const y = r.year - firstYear;
    const pr = present[r.population];
    if (pr[u * nHist + y]) {
      err({ code: 'DUPLICATE_COUNT', unitCode: r.unitCode, year: r.year, population: r.population, message: `${who}: counted twice` });
      continue;
    }
    pr[u * nHist + y] = 1;
    const h = hist[r.population];
    const o = (u * nHist + y) * A;
    for (let a = 0; a < A; a++) h[o + a] = r.ages[a];
  }
  if (!hasRegistered && U > 0)
    warn({ code: 'NO_REGISTERED', message: `no registered (户籍) counts up to the base year ${baseYear}: registered figures are 0` });

  // ---- base-year counts and history per unit; every county needs some history
  if (!Number.isNaN(baseYear)) {
    for (const kind of KINDS) {
      if (kind === 'registered' && !hasRegistered) continue;
      const pr = present[kind];
      const countyHasPairs = new Uint8Array(countyCodes.length);
      for (let u = 0; u < U; u++) {
        if (!pr[u * nHist + nHist - 1])
          err({
            code: 'MISSING_BASE_COUNTS',
            unitCode: unitCodes[u],
            year: baseYear,
            population: kind,
            message: `unit ${unitCodes[u]}: no ${kind} age counts for the base year ${baseYear}`,
          });
        let pairs = 0;
        for (let y = 1; y < nHist; y++) if (pr[u * nHist + y] && pr[u * nHist + y - 1]) pairs++;
        if (pairs > 0) countyHasPairs[uC[u]] = 1;
        else
          warn({
            code: 'NO_HISTORY',
            unitCode: unitCodes[u],
            population: kind,
            message: `unit ${unitCodes[u]}: no two consecutive years of ${kind} counts; uses its township's (or county's) ratios`,
          });
      }
      for (let c = 0; c < countyCodes.length; c++)
        if (!countyHasPairs[c])
          err({
            code: 'NO_COUNTY_HISTORY',
            areaCode: countyCodes[c],
            population: kind,
            message: `county ${countyCodes[c]}: no unit has two consecutive years of ${kind} counts up to ${baseYear}; cohort-change ` +
              `ratios cannot be estimated`,
          });
    }
  }

  // ---- births
  const series = new Map<string, BirthSeries>();
  const levelOf = (code: string): AreaLevelOfSeries | null =>
    unitIndex.has(code) ? 'unit' : townshipIndex.has(code) ? 'township' : countyIndex.has(code) ? 'county' : null;
  const seen = new Set<string>();
  for (const b of input.births ?? []) {
    const who = `births of area ${b.areaCode} in ${b.year}`;
    if (!isYear(b.year)) {
      err({ code: 'BAD_YEAR', areaCode: b.areaCode, message: `${who}: year ${String(b.year)} is not a year` });
      continue;
    }
    const level = levelOf(b.areaCode);
    if (level === null) {
      err({
        code: 'UNKNOWN_BIRTH_AREA',
        areaCode: b.areaCode,
        year: b.year,
        message: `${who}: ${b.areaCode} is not a known unit, township or county`,
      });
      continue;
    }
    if (!isCount(b.births) || (b.registeredBirths !== null && b.registeredBirths !== undefined && !isCount(b.registeredBirths))) {
      err({
        code: 'NEGATIVE_BIRTHS',
        areaCode: b.areaCode,
        year: b.year,
        message: `${who}: births ${String(b.births)} / registered ${String(b.registeredBirths)} must be non-negative numbers`,
      });
      continue;
    }
    const key = `${b.areaCode}|${b.year}`;
    if (seen.has(key)) {
      err({ code: 'DUPLICATE_BIRTHS', areaCode: b.areaCode, year: b.year, message: `${who}: given twice` });
      continue;
    }
    seen.add(key);
    let s = series.get(b.areaCode);
    if (!s) {
      s = { areaCode: b.areaCode, level, years: [], births: [], registeredYears: [], registered: [] };
      series.set(b.areaCode, s);
    }
    s.years.push(b.year);
    s.births.push(b.births);
    if (b.registeredBirths !== null && b.registeredBirths !== undefined) {
      s.registeredYears.push(b.year);
      s.registered.push(b.registeredBirths);
    }
  }
  for (const s of series.values()) {
    sortTogether(s.years, s.births);
    sortTogether(s.registeredYears, s.registered);
    if (!Number.isNaN(baseYear) && s.years[s.years.length - 1] < baseYear)
      warn({
        code: 'BIRTHS_END_EARLY',
        areaCode: s.areaCode,
        message: `births of area ${s.areaCode} end in ${s.years[s.years.length - 1]}, before the base year ${baseYear}: extended ` +
          `from there`,
      });
  }
  const mixedWarned = new Set<string>();
  for (let u = 0; u < U; u++) {
    const t = townshipCodes[uT[u]];
    const c = countyCodes[uC[u]];
    if (!series.has(unitCodes[u]) && !series.has(t) && !series.has(c))
      err({
        code: 'NO_BIRTHS',
        unitCode: unitCodes[u],
        message: `unit ${unitCodes[u]}: no births series for the unit, its township ${t} or its county ${c}`,
      });
    for (const area of [t, c])
      if (series.has(unitCodes[u]) && series.has(area) && !mixedWarned.has(area)) {
        mixedWarned.add(area);
        warn({
          code: 'MIXED_BIRTH_LEVELS',
          areaCode: area,
          message: `area ${area} has its own births series and units with theirs: its series is taken to cover only its other units`,
        });
      }
  }

  // ---- housing
  const housing: ProjectionHousing[] = [];
  for (const h of input.housing ?? []) {
    const who = `housing project ${h.code}`;
    if (h.unitCode !== null && h.unitCode !== undefined && !unitIndex.has(h.unitCode)) {
      err({ code: 'UNKNOWN_HOUSING_UNIT', projectCode: h.code, unitCode: h.unitCode, message: `${who}: unit ${h.unitCode} is not a known unit` });
      continue;
    }
    if ((h.unitCode === null || h.unitCode === undefined) && !townshipIndex.has(h.townshipCode)) {
      err({
        code: 'UNKNOWN_HOUSING_TOWNSHIP',
        projectCode: h.code,
        areaCode: h.townshipCode,
        message: `${who}: no unit given and township ${h.townshipCode} has no population units`,
      });
      continue;
    }
    const yields = h.yields ?? ({} as ProjectionHousing['yields']);
    const badYield = (['kindergarten', 'primary', 'junior', 'senior'] as const).find((k) => !isCount(yields[k]));
    if (!isCount(h.households) || badYield) {
      err({
        code: 'BAD_HOUSING',
        projectCode: h.code,
        message: badYield
          ? `${who}: yield ${badYield} ${String(yields[badYield])} must be a non-negative number`
          : `${who}: households ${String(h.households)} must be a non-negative number`,
      });
      continue;
    }
    let sum = 0;
    let bad: string | null = null;
    for (const [k, v] of Object.entries(h.phasing ?? {})) {
      if (!isYear(Number(k)) || String(Number(k)) !== k.trim()) bad = `phasing year '${k}' is not a year`;
      else if (!isCount(v)) bad = `phasing ${k}: ${String(v)} households must be a non-negative number`;
      else sum += v;
    }
    if (bad) {
      err({ code: 'BAD_HOUSING', projectCode: h.code, message: `${who}: ${bad}` });
      continue;
    }
    if (Math.abs(sum - h.households) > 0.5)
      warn({
        code: 'HOUSING_PHASING_SUM',
        projectCode: h.code,
        message: `${who}: phasing sums to ${sum} households, not ${h.households}; the phasing is used`,
      });
    if (h.unitCode === null || h.unitCode === undefined)
      warn({
        code: 'HOUSING_WITHOUT_UNIT',
        projectCode: h.code,
        areaCode: h.townshipCode,
        message: `${who}: no unit given; spread over township ${h.townshipCode}'s units by their base-year resident population 0-17`,
      });
    housing.push(h);
  }

  return {
    assumptions,
    unitCodes,
    unitIndex,
    unitTownship: Int32Array.from(uT),
    unitCounty: Int32Array.from(uC),
    townshipCodes,
    countyCodes,
    townshipCounty: Int32Array.from(tC),
    baseYear,
    firstYear,
    nHist,
    hist,
    present,
    hasRegistered,
    series,
    housing,
    errors,
    warnings,
  };
}

/** Sort `keys` ascending and permute `values` alongside. */
function sortTogether(keys: number[], values: number[]): void {
  const order = keys.map((_, i) => i).sort((i, j) => keys[i] - keys[j]);
  const k2 = order.map((i) => keys[i]);
  const v2 = order.map((i) => values[i]);
  for (let i = 0; i < keys.length; i++) {
    keys[i] = k2[i];
    values[i] = v2[i];
  }
}
