import { AGE_GROUPS, type PopulationKind } from '@app/domain';
import { resolveAssumptions } from './assumptions';
import type { ProjectionAssumptions, ProjectionHousing, ProjectionInput, ProjectionIssue, ResolvedAssumptions } from './types';

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
 * The steps run in a fixed order (units, scenario areas, history window, counts, history checks, births, their
 * coverage, housing), so the issues come out in the same order for the same input.
 */
export function prepare(input: ProjectionInput, assumptionsIn: ProjectionAssumptions = {}): Prepared {
  const { assumptions, issues } = resolveAssumptions(assumptionsIn);
  const log = issueLog(issues);
  const areas = indexUnits(input.units ?? [], log);
  checkScenarioAreas(assumptions, areas, log);
  const window = historyWindow(input.population ?? [], assumptions, log);
  const counts = readCounts(input.population ?? [], areas, window, log);
  checkHistory(areas, window, counts, log);
  const series = readBirths(input.births ?? [], areas, window.baseYear, log);
  checkBirthCoverage(areas, series, log);
  const housing = readHousing(input.housing ?? [], areas, log);
  return {
    assumptions,
    unitCodes: areas.unitCodes,
    unitIndex: areas.unitIndex,
    unitTownship: Int32Array.from(areas.uT),
    unitCounty: Int32Array.from(areas.uC),
    townshipCodes: areas.townshipCodes,
    countyCodes: areas.countyCodes,
    townshipCounty: Int32Array.from(areas.tC),
    baseYear: window.baseYear,
    firstYear: window.firstYear,
    nHist: window.nHist,
    hist: counts.hist,
    present: counts.present,
    hasRegistered: counts.hasRegistered,
    series,
    housing,
    errors: log.errors,
    warnings: log.warnings,
  };
}

/** The issues found so far, in the order found. */
interface IssueLog {
  errors: ProjectionIssue[];
  warnings: ProjectionIssue[];
  err(i: Omit<ProjectionIssue, 'severity'>): void;
  warn(i: Omit<ProjectionIssue, 'severity'>): void;
}

function issueLog(initialErrors: readonly ProjectionIssue[]): IssueLog {
  const errors: ProjectionIssue[] = [...initialErrors];
  const warnings: ProjectionIssue[] = [];
  return {
    errors,
    warnings,
    err: (i) => void errors.push({ severity: 'error', ...i }),
    warn: (i) => void warnings.push({ severity: 'warning', ...i }),
  };
}

/** Units, townships and counties numbered in input order; `uT`/`uC` a unit's township/county, `tC` a township's county. */
interface AreaTables {
  unitCodes: string[];
  unitIndex: Map<string, number>;
  townshipIndex: Map<string, number>;
  countyIndex: Map<string, number>;
  townshipCodes: string[];
  countyCodes: string[];
  uT: number[];
  uC: number[];
  tC: number[];
}

/** Step 1: number the units, townships and counties (a township's county is its first unit's). */
function indexUnits(units: ProjectionInput['units'], log: IssueLog): AreaTables {
  const a: AreaTables = {
    unitCodes: [],
    unitIndex: new Map(),
    townshipIndex: new Map(),
    countyIndex: new Map(),
    townshipCodes: [],
    countyCodes: [],
    uT: [],
    uC: [],
    tC: [],
  };
  if (units.length === 0) log.err({ code: 'NO_UNITS', message: 'no population units to project' });
  for (const unit of units) {
    if (a.unitIndex.has(unit.code)) {
      log.err({ code: 'DUPLICATE_UNIT', unitCode: unit.code, message: `unit ${unit.code} is listed twice` });
      continue;
    }
    let c = a.countyIndex.get(unit.countyCode);
    if (c === undefined) {
      c = a.countyCodes.length;
      a.countyIndex.set(unit.countyCode, c);
      a.countyCodes.push(unit.countyCode);
    }
    let t = a.townshipIndex.get(unit.townshipCode);
    if (t === undefined) {
      t = a.townshipCodes.length;
      a.townshipIndex.set(unit.townshipCode, t);
      a.townshipCodes.push(unit.townshipCode);
      a.tC.push(c);
    }
    a.unitIndex.set(unit.code, a.unitCodes.length);
    a.unitCodes.push(unit.code);
    a.uT.push(t);
    a.uC.push(c);
  }
  return a;
}

/** Step 2: scenario multipliers naming an area the input does not have are ignored, with a warning. */
function checkScenarioAreas(assumptions: ResolvedAssumptions, areas: AreaTables, log: IssueLog): void {
  for (const [name, m] of [
    ['migrationMultiplier', assumptions.migrationMultiplier],
    ['birthMultiplier', assumptions.birthMultiplier],
  ] as const)
    for (const [level, index] of [
      ['unit', areas.unitIndex],
      ['township', areas.townshipIndex],
      ['county', areas.countyIndex],
    ] as const)
      for (const code of Object.keys(m[level] ?? {}))
        if (!index.has(code))
          log.warn({
            code: 'UNKNOWN_SCENARIO_AREA',
            areaCode: code,
            message: `${name}.${level} names ${code}, which is not a ${level} of the input: ignored`,
          });
}

/** The years of counts read: `firstYear`..`baseYear` (`nHist` of them); baseYear NaN when it cannot be set. */
interface HistoryWindow {
  baseYear: number;
  firstYear: number;
  nHist: number;
}

/** Step 3: the base year (assumed, else the latest resident count) and the earliest year within MAX_HISTORY_YEARS. */
function historyWindow(population: ProjectionInput['population'], assumptions: ResolvedAssumptions, log: IssueLog): HistoryWindow {
  let latestResident = -Infinity;
  for (const r of population) if (r.population === 'resident' && isYear(r.year) && r.year > latestResident) latestResident = r.year;
  const baseYear = assumptions.baseYear ?? (Number.isFinite(latestResident) ? latestResident : NaN);
  if (Number.isNaN(baseYear)) log.err({ code: 'NO_POPULATION', message: 'no resident age counts: the base year cannot be set' });
  let firstYear = baseYear;
  for (const r of population)
    if (isYear(r.year) && r.year <= baseYear && r.year > baseYear - MAX_HISTORY_YEARS && r.year < firstYear) firstYear = r.year;
  const nHist = Number.isNaN(baseYear) ? 1 : baseYear - firstYear + 1;
  return { baseYear, firstYear, nHist };
}

type Counts = Pick<Prepared, 'hist' | 'present' | 'hasRegistered'>;

/** Step 4: the age counts of the window into flat arrays, each row checked (year, kind, unit, 18 counts, once). */
function readCounts(population: ProjectionInput['population'], areas: AreaTables, w: HistoryWindow, log: IssueLog): Counts {
  const U = areas.unitCodes.length;
  const { baseYear, firstYear, nHist } = w;
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
      log.err({ code: 'BAD_YEAR', unitCode: r.unitCode, message: `${who}: year ${String(r.year)} is not a year` });
      continue;
    }
    if (r.population !== 'resident' && r.population !== 'registered') {
      log.err({ code: 'BAD_AGES', unitCode: r.unitCode, year: r.year, message: `${who}: population must be resident or registered` });
      continue;
    }
    const u = areas.unitIndex.get(r.unitCode);
    if (u === undefined) {
      log.err({
        code: 'UNKNOWN_UNIT',
        unitCode: r.unitCode,
        year: r.year,
        population: r.population,
        message: `${who}: counts for an unknown unit`,
      });
      continue;
    }
    if (!Array.isArray(r.ages) || r.ages.length !== A) {
      log.err({
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
      log.err({
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
      log.err({ code: 'DUPLICATE_COUNT', unitCode: r.unitCode, year: r.year, population: r.population, message: `${who}: counted twice` });
      continue;
    }
    pr[u * nHist + y] = 1;
    const h = hist[r.population];
    const o = (u * nHist + y) * A;
    for (let a = 0; a < A; a++) h[o + a] = r.ages[a];
  }
  if (!hasRegistered && U > 0)
    log.warn({ code: 'NO_REGISTERED', message: `no registered (户籍) counts up to the base year ${baseYear}: registered figures are 0` });
  return { hist, present, hasRegistered };
}

/** Step 5: every unit needs base-year counts, and every county some unit with two consecutive years of them. */
function checkHistory(areas: AreaTables, w: HistoryWindow, counts: Counts, log: IssueLog): void {
  const { baseYear, nHist } = w;
  if (Number.isNaN(baseYear)) return;
  const { unitCodes, countyCodes, uC } = areas;
  for (const kind of KINDS) {
    if (kind === 'registered' && !counts.hasRegistered) continue;
    const pr = counts.present[kind];
    const countyHasPairs = new Uint8Array(countyCodes.length);
    for (let u = 0; u < unitCodes.length; u++) {
      if (!pr[u * nHist + nHist - 1])
        log.err({
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
        log.warn({
          code: 'NO_HISTORY',
          unitCode: unitCodes[u],
          population: kind,
          message: `unit ${unitCodes[u]}: no two consecutive years of ${kind} counts; uses its township's (or county's) ratios`,
        });
    }
    for (let c = 0; c < countyCodes.length; c++)
      if (!countyHasPairs[c])
        log.err({
          code: 'NO_COUNTY_HISTORY',
          areaCode: countyCodes[c],
          population: kind,
          message:
            `county ${countyCodes[c]}: no unit has two consecutive years of ${kind} counts up to ${baseYear}; ` +
            `cohort-change ratios cannot be estimated`,
        });
  }
}

/** Step 6: births into one sorted series per unit, township or county, each row checked. */
function readBirths(births: ProjectionInput['births'], areas: AreaTables, baseYear: number, log: IssueLog): Map<string, BirthSeries> {
  const series = new Map<string, BirthSeries>();
  const levelOf = (code: string): AreaLevelOfSeries | null =>
    areas.unitIndex.has(code) ? 'unit' : areas.townshipIndex.has(code) ? 'township' : areas.countyIndex.has(code) ? 'county' : null;
  const seen = new Set<string>();
  for (const b of births) {
    const who = `births of area ${b.areaCode} in ${b.year}`;
    if (!isYear(b.year)) {
      log.err({ code: 'BAD_YEAR', areaCode: b.areaCode, message: `${who}: year ${String(b.year)} is not a year` });
      continue;
    }
    const level = levelOf(b.areaCode);
    if (level === null) {
      log.err({
        code: 'UNKNOWN_BIRTH_AREA',
        areaCode: b.areaCode,
        year: b.year,
        message: `${who}: ${b.areaCode} is not a known unit, township or county`,
      });
      continue;
    }
    if (!isCount(b.births) || (b.registeredBirths !== null && b.registeredBirths !== undefined && !isCount(b.registeredBirths))) {
      log.err({
        code: 'NEGATIVE_BIRTHS',
        areaCode: b.areaCode,
        year: b.year,
        message: `${who}: births ${String(b.births)} / registered ${String(b.registeredBirths)} must be non-negative numbers`,
      });
      continue;
    }
    const key = `${b.areaCode}|${b.year}`;
    if (seen.has(key)) {
      log.err({ code: 'DUPLICATE_BIRTHS', areaCode: b.areaCode, year: b.year, message: `${who}: given twice` });
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
      log.warn({
        code: 'BIRTHS_END_EARLY',
        areaCode: s.areaCode,
        message:
          `births of area ${s.areaCode} end in ${s.years[s.years.length - 1]}, before the base year ${baseYear}: extended ` + `from there`,
      });
  }
  return series;
}

/** Step 7: every unit needs a births series at some level; an area with its own and its units' series is warned of once. */
function checkBirthCoverage(areas: AreaTables, series: Map<string, BirthSeries>, log: IssueLog): void {
  const { unitCodes, townshipCodes, countyCodes, uT, uC } = areas;
  const mixedWarned = new Set<string>();
  for (let u = 0; u < unitCodes.length; u++) {
    const t = townshipCodes[uT[u]];
    const c = countyCodes[uC[u]];
    if (!series.has(unitCodes[u]) && !series.has(t) && !series.has(c))
      log.err({
        code: 'NO_BIRTHS',
        unitCode: unitCodes[u],
        message: `unit ${unitCodes[u]}: no births series for the unit, its township ${t} or its county ${c}`,
      });
    for (const area of [t, c])
      if (series.has(unitCodes[u]) && series.has(area) && !mixedWarned.has(area)) {
        mixedWarned.add(area);
        log.warn({
          code: 'MIXED_BIRTH_LEVELS',
          areaCode: area,
          message: `area ${area} has its own births series and units with theirs: its series is taken to cover only its other units`,
        });
      }
  }
}

/** Step 8: the housing projects that place, yield and phase correctly; the others become errors. */
function readHousing(projects: readonly ProjectionHousing[], areas: AreaTables, log: IssueLog): ProjectionHousing[] {
  const housing: ProjectionHousing[] = [];
  for (const h of projects) {
    const who = `housing project ${h.code}`;
    if (h.unitCode !== null && h.unitCode !== undefined && !areas.unitIndex.has(h.unitCode)) {
      log.err({
        code: 'UNKNOWN_HOUSING_UNIT',
        projectCode: h.code,
        unitCode: h.unitCode,
        message: `${who}: unit ${h.unitCode} is not a known unit`,
      });
      continue;
    }
    if ((h.unitCode === null || h.unitCode === undefined) && !areas.townshipIndex.has(h.townshipCode)) {
      log.err({
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
      log.err({
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
      log.err({ code: 'BAD_HOUSING', projectCode: h.code, message: `${who}: ${bad}` });
      continue;
    }
    if (Math.abs(sum - h.households) > 0.5)
      log.warn({
        code: 'HOUSING_PHASING_SUM',
        projectCode: h.code,
        message: `${who}: phasing sums to ${sum} households, not ${h.households}; the phasing is used`,
      });
    if (h.unitCode === null || h.unitCode === undefined)
      log.warn({
        code: 'HOUSING_WITHOUT_UNIT',
        projectCode: h.code,
        areaCode: h.townshipCode,
        message: `${who}: no unit given; spread over township ${h.townshipCode}'s units by their base-year resident population 0-17`,
      });
    housing.push(h);
  }
  return housing;
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
