import type { AreaMultipliers, ProjectionAssumptions, ProjectionIssue, ResolvedAssumptions } from './types';

/**
 * Defaults of the projection. Each value says where it comes from; "assumption" means no official source was
 * used and a scenario should override it where local figures exist. The README repeats this table.
 */
export const DEFAULT_ASSUMPTIONS: Readonly<Omit<ResolvedAssumptions, 'baseYear'>> = Object.freeze({
  /** 12 years after the base year: issue 4 ("base year to base + 12"). */
  horizon: 12,
  /** K = 20 children: assumption (a unit with 20 children in the base cohorts gets half its own ratio). */
  credibilityK: 20,
  /** Township toward county: same K as units, assumption. */
  townshipCredibilityK: 20,
  /** Ratios clipped to [0.5, 2.0]: assumption (a cohort at most halves or doubles in a year). */
  ratioMin: 0.5,
  ratioMax: 2.0,
  /** No migration scenario: m = 1 everywhere. */
  migrationMultiplier: Object.freeze({}) as AreaMultipliers,
  /** Births beyond the series: the 'medium' variant (-2 % a year), assumption. */
  birthExtension: 'medium',
  /** 'trend' fits the last 5 observed years: assumption. */
  trendYears: 5,
  /** 'trend' annual rate kept within [-10 %, +10 %]: assumption. */
  trendRateMin: -0.1,
  trendRateMax: 0.1,
  /**
   * Variant rates a year: low -4 %, medium -2 %, high 0 %: assumptions. Context: national births fell every year
   * 2017-2023 (NBS communiqués: 17.23 M to 9.02 M, about -10 % a year) and rose in 2024 (9.54 M).
   */
  variantRates: Object.freeze({ low: -0.04, medium: -0.02, high: 0 }),
  /** No births scenario: multiplier 1. */
  birthMultiplier: Object.freeze({}) as AreaMultipliers,
  /** Birth shares from ages 0-2 of the base year (three cohorts are steadier than age 0 alone): assumption. */
  birthShareAges: 3,
  /** Housing arrivals are not registered (户籍) at first: share 0, assumption. */
  housingRegisteredShare: 0,
  /** No births to new households beyond the project yields: 0, assumption. */
  housingBirthsPerHousehold: 0,
  /** 90 % of 3-5 year olds in kindergarten: assumption (issue 4 suggestion; check the local 毛入园率). */
  kindergartenParticipation: 0.9,
  /** Compulsory education (义务教育法): every child aged 6-14 is enrolled, 100 %. */
  primaryRate: 1,
  juniorRate: 1,
  /** 60 % of 15-17 year olds in general senior high school: issue 4 default, assumption. */
  seniorGeneralShare: 0.6,
});

/** Merge assumptions over the defaults (no mutation) and list every out-of-range value as an issue. */
export function resolveAssumptions(a: ProjectionAssumptions = {}): {
  assumptions: ResolvedAssumptions;
  issues: ProjectionIssue[];
} {
  const d = DEFAULT_ASSUMPTIONS;
  const credibilityK = a.credibilityK ?? d.credibilityK;
  const r: ResolvedAssumptions = {
    baseYear: a.baseYear,
    horizon: a.horizon ?? d.horizon,
    credibilityK,
    townshipCredibilityK: a.townshipCredibilityK ?? a.credibilityK ?? d.townshipCredibilityK,
    ratioMin: a.ratioMin ?? d.ratioMin,
    ratioMax: a.ratioMax ?? d.ratioMax,
    migrationMultiplier: a.migrationMultiplier ?? d.migrationMultiplier,
    birthExtension: a.birthExtension ?? d.birthExtension,
    trendYears: a.trendYears ?? d.trendYears,
    trendRateMin: a.trendRateMin ?? d.trendRateMin,
    trendRateMax: a.trendRateMax ?? d.trendRateMax,
    variantRates: { ...d.variantRates, ...(a.variantRates ?? {}) },
    birthMultiplier: a.birthMultiplier ?? d.birthMultiplier,
    birthShareAges: a.birthShareAges ?? d.birthShareAges,
    housingRegisteredShare: a.housingRegisteredShare ?? d.housingRegisteredShare,
    housingBirthsPerHousehold: a.housingBirthsPerHousehold ?? d.housingBirthsPerHousehold,
    kindergartenParticipation: a.kindergartenParticipation ?? d.kindergartenParticipation,
    primaryRate: a.primaryRate ?? d.primaryRate,
    juniorRate: a.juniorRate ?? d.juniorRate,
    seniorGeneralShare: a.seniorGeneralShare ?? d.seniorGeneralShare,
  };
  const issues: ProjectionIssue[] = [];
  const bad = (name: string, value: unknown, rule: string): void => {
    issues.push({
      severity: 'error',
      code: 'BAD_ASSUMPTION',
      message: `assumption ${name} = ${String(value)} is invalid: ${rule}`,
    });
  };
  const finite = (x: number): boolean => typeof x === 'number' && Number.isFinite(x);
  if (r.baseYear !== undefined && !Number.isInteger(r.baseYear)) bad('baseYear', r.baseYear, 'must be an integer year');
  if (!Number.isInteger(r.horizon) || r.horizon < 0 || r.horizon > 100) bad('horizon', r.horizon, 'must be an integer 0..100');
  for (const k of ['credibilityK', 'townshipCredibilityK', 'housingBirthsPerHousehold'] as const)
    if (!finite(r[k]) || r[k] < 0) bad(k, r[k], 'must be a finite number >= 0');
  if (!finite(r.ratioMin) || !finite(r.ratioMax) || r.ratioMin < 0 || r.ratioMin > r.ratioMax)
    bad('ratioMin/ratioMax', `${r.ratioMin}/${r.ratioMax}`, 'need 0 <= ratioMin <= ratioMax');
  if (!['constant', 'trend', 'low', 'medium', 'high'].includes(r.birthExtension))
    bad('birthExtension', r.birthExtension, "must be 'constant', 'trend', 'low', 'medium' or 'high'");
  if (!Number.isInteger(r.trendYears) || r.trendYears < 2) bad('trendYears', r.trendYears, 'must be an integer >= 2');
  if (!finite(r.trendRateMin) || !finite(r.trendRateMax) || r.trendRateMin <= -1 || r.trendRateMin > r.trendRateMax)
    bad('trendRateMin/trendRateMax', `${r.trendRateMin}/${r.trendRateMax}`, 'need -1 < min <= max');
  for (const v of ['low', 'medium', 'high'] as const)
    if (!finite(r.variantRates[v]) || r.variantRates[v] <= -1) bad(`variantRates.${v}`, r.variantRates[v], 'must be > -1');
  if (!Number.isInteger(r.birthShareAges) || r.birthShareAges < 1 || r.birthShareAges > 18)
    bad('birthShareAges', r.birthShareAges, 'must be an integer 1..18');
  for (const k of ['housingRegisteredShare', 'kindergartenParticipation', 'primaryRate', 'juniorRate', 'seniorGeneralShare'] as const)
    if (!finite(r[k]) || r[k] < 0 || r[k] > 1) bad(k, r[k], 'must be a share in [0, 1]');
  for (const [name, m] of [
    ['migrationMultiplier', r.migrationMultiplier],
    ['birthMultiplier', r.birthMultiplier],
  ] as const) {
    if (m.all !== undefined && (!finite(m.all) || m.all < 0)) bad(`${name}.all`, m.all, 'must be a finite number >= 0');
    for (const level of ['county', 'township', 'unit'] as const)
      for (const [code, v] of Object.entries(m[level] ?? {}))
        if (!finite(v) || v < 0) bad(`${name}.${level}[${code}]`, v, 'must be a finite number >= 0');
  }
  return { assumptions: r, issues };
}

/** The multiplier of a unit: the most specific level that names it wins, else `all`, else 1. */
export function multiplierOf(m: AreaMultipliers, unitCode: string, townshipCode: string, countyCode: string): number {
  if (m.unit && Object.hasOwn(m.unit, unitCode)) return m.unit[unitCode];
  if (m.township && Object.hasOwn(m.township, townshipCode)) return m.township[townshipCode];
  if (m.county && Object.hasOwn(m.county, countyCode)) return m.county[countyCode];
  return m.all ?? 1;
}
