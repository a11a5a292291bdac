/**
 * Phased small-school consolidation of the whole demo city: every primary, junior and nine-year school and every
 * village of geo/demo/quzhou, closures 2025-2030, target year 2027, at most 30 schools under 200 pupils.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/consolidation.ts \
 *     [--target-year 2027] [--last-year 2030] [--closures-per-year 3] [--day-km 5] [--time-limit 60] [--gap 0.005]
 *     [--max-small 30] [--threshold 200] [--simple-ageing] [--dir geo/demo/quzhou]
 *
 * Prints the phased model's size (periods, variables, rows), time, objective, bound and gap, and the plan's KPIs;
 * when the cap cannot be met, the explanation by township and the cheapest plan with the fewest small schools.
 *
 * Demand: @app/projection's cohort projection (resident, housing included) when it runs on the data, else the
 * base-year counts aged forward (grade g in year t = age g + 5 - (t - base) in the base year); the output says which.
 */
import { travelCostFor } from '@app/routing';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ConsolidationModel, travelFunctionFor, type ConsolidationResult } from '@app/consolidation';
import { STAGE_GRADES, type DatasetRecords, type DemandRow } from '@app/domain';
import { DEFAULT_LIMITS, readImportFiles } from '@app/importer';
import { projectCohorts } from '@app/projection';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? Number(args[k + 1]) : fallback;
};
const TARGET_YEAR = option('target-year', 2027);
const TIME_LIMIT = option('time-limit', 60);
const GAP = option('gap', 0.005);
const MAX_SMALL = option('max-small', 30);
const THRESHOLD = option('threshold', 200);
const SIMPLE = args.includes('--simple-ageing');
const LAST_YEAR = option('last-year', 2030);
const K = option('closures-per-year', 3);
const DAY_KM = option('day-km', 5);
const DIR = args.includes('--dir') ? args[args.indexOf('--dir') + 1] : path.join('geo', 'demo', 'quzhou');
// --roads (roads hook): distances and minutes on geo/demo's road layer instead of straight line x 1.3.
const ROADS = args.includes('--roads');
const FILES = ['areas.geojson', 'units.geojson', 'schools.csv', 'catchments.geojson', 'population.csv', 'births.csv', 'housing.csv', ...(ROADS ? ['roads.geojson'] : [])];

async function load(): Promise<Partial<DatasetRecords>> {
  const files = await Promise.all(FILES.map(async (name) => ({ name, bytes: await fs.readFile(path.join(DIR, name)) })));
  const { records, problems } = await readImportFiles(files, { limits: DEFAULT_LIMITS, previousRegion: null });
  if (problems.length) {
    console.log(`import problems: ${problems.length}, first: ${JSON.stringify(problems.slice(0, 3))}`);
  }
  return records;
}

/** Base-year resident counts aged forward with no change: grade g in `year` = age g + 5 - (year - base) in the base year. */
function agedForward(records: Partial<DatasetRecords>, year: number): { rows: DemandRow[]; baseYear: number } {
  const population = (records.population ?? []).filter((p) => p.population === 'resident');
  const baseYear = Math.max(...population.map((p) => p.year));
  const shift = year - baseYear;
  const rows: DemandRow[] = [];
  for (const p of population) {
    if (p.year !== baseYear) continue;
    for (const stage of ['primary', 'junior'] as const) {
      const { grades } = STAGE_GRADES[stage];
      const byGrade = grades.map((g) => {
        const age = g + 5 - shift;
        return age >= 0 && age < p.ages.length ? p.ages[age] : 0;
      });
      const total = byGrade.reduce((a, b) => a + b, 0);
      rows.push({ unitCode: p.unitCode, stage, year, resident: total, registered: total, residentByGrade: byGrade, registeredByGrade: [...byGrade], fromHousing: 0 });
    }
  }
  return { rows, baseYear };
}

function demandFor(records: Partial<DatasetRecords>): { rows: DemandRow[]; source: string; baseYear: number } {
  if (!SIMPLE) {
    try {
      const projection = projectCohorts(
        { units: records.units ?? [], population: records.population ?? [], births: records.births ?? [], housing: records.housing ?? [] },
        { horizon: Math.max(1, LAST_YEAR - Math.max(...(records.population ?? []).map((p) => p.year))) },
      );
      const rows = projection.rows.filter((r) => r.year > projection.baseYear && r.year <= LAST_YEAR);
      if (rows.length > 0) return { rows, baseYear: projection.baseYear, source: `@app/projection cohort projection from base year ${projection.baseYear} (resident, housing included)` };
    } catch (error) {
      console.log(`projection failed (${error instanceof Error ? error.message.slice(0, 200) : String(error)}); using simple ageing`);
    }
  }
  const base = Math.max(...(records.population ?? []).map((p) => p.year));
  const rows: DemandRow[] = [];
  for (let y = base + 1; y <= LAST_YEAR; y++) rows.push(...agedForward(records, y).rows);
  return { rows, baseYear: base, source: `base-year ${base} resident counts aged forward (no migration, no housing)` };
}

const n = (x: number, digits = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function report(result: ConsolidationResult, buildSeconds: number): void {
  const s = result.stats;
  console.log(`schools ${s.schools} (closable ${s.closableSchools}), villages ${s.villages}, demand pairs ${s.demandPairs}, arcs ${s.arcs}`);
  console.log(`years ${s.years[0]}-${s.years[s.years.length - 1]} (${s.years.length} periods), variables ${s.variables} (integer ${s.integerVariables}), rows ${s.rows}`);
  console.log(`status ${result.status}: ${result.message}`);
  console.log(
    `objective ${result.objective === null ? 'n/a' : n(result.objective)}, bound ${result.bound === null ? 'n/a' : n(result.bound)}, gap ${result.gap === null ? 'n/a' : `${(result.gap * 100).toFixed(3)}%`}`,
  );
  if (result.plan) kpis(result.plan);
  function kpis(plan: NonNullable<ConsolidationResult['plan']>): void {
    const k = plan.kpis;
    console.log(`small schools (< ${THRESHOLD}): today ${k.smallSchoolsToday}, ${TARGET_YEAR} status quo ${k.smallSchoolsStatusQuo}, after ${k.smallSchoolsAfter} (cap ${MAX_SMALL})`);
    console.log(`schools closed ${k.schoolsClosed} by year ${JSON.stringify(k.closuresByYear)}, extra classes ${TARGET_YEAR} ${k.extraClasses}, pupils ${n(k.pupils)}`);
    console.log(`moved ${n(k.pupilsMoved, 1)} (closures ${n(k.pupilsMovedByClosure, 1)}, re-zoned ${n(k.pupilsRezoned, 1)}), cross-county transfers ${k.crossCountyTransfers}, new boarders ${n(k.newBoarders, 1)}`);
    const lifted = plan.schools.filter((x) => x.decision === 'keep' && x.enrolmentToday < 150 && x.enrolmentAfter >= THRESHOLD && x.enrolmentAfter <= THRESHOLD + 10 && x.pupilsRezonedIn > 0);
    console.log(`schools lifted from < 150 to ${THRESHOLD}-${THRESHOLD + 10} by re-zoning: ${lifted.length}`);
    for (const l of plan.laterYears) console.log(`  ${l.year}: ${l.smallSchools} small, cap ${l.capHolds ? 'holds' : 'broken'}${l.crossing.length ? `, crossing: ${l.crossing.join(', ')}` : ''}`);
    console.log(`small per county: ${Object.entries(plan.smallSchoolsByCounty).map(([c, l]) => `${c} ${l.length}`).join(', ')}`);
    console.log(`travel km mean/max: before ${k.meanTravelBeforeKm.toFixed(2)} / ${k.maxTravelBeforeKm.toFixed(2)}, after ${k.meanTravelAfterKm.toFixed(2)} / ${k.maxTravelAfterKm.toFixed(2)}`);
    console.log(`cost: travel ${n(k.cost.travel)}, moves ${n(k.cost.moves)}, operating ${n(k.cost.operating)}, expansion ${n(k.cost.expansion)}, total ${n(k.cost.total)}`);
    console.log(`plan check ${plan.check.ok ? 'ok' : plan.check.problems.join('; ')}, transfer lines ${plan.transfers.features.length}`);
  }
  if (result.infeasibility) {
    const why = result.infeasibility;
    console.log(`infeasible: ${why.summary}`);
    const m = why.minimumPlanSolve;
    if (m) console.log(`cheapest plan at the minimum (${why.minimumSmallSchools} small): ${m.status}, objective ${n(m.objective)}, bound ${m.bound === null ? 'n/a' : n(m.bound)}, gap ${m.gap === null ? 'n/a' : `${(m.gap * 100).toFixed(3)}%`}, ${m.seconds.toFixed(1)} s`);
    if (why.minimumPlan) kpis(why.minimumPlan);
    const limits = new Map<string, number>();
    for (const f of why.findings) limits.set(f.limit, (limits.get(f.limit) ?? 0) + 1);
    console.log(`findings by limit: ${[...limits].map(([l, c]) => `${l} ${c}`).join(', ')}`);
    for (const t of why.byTownship.slice(0, 10)) {
      console.log(`  township ${t.townshipCode}: small ${t.smallSchools.join(', ') || '-'}; ${t.findings.map((f) => f.limit).join(', ')}`);
    }
  }
  console.log(`seconds: build ${buildSeconds.toFixed(2)}, solve ${result.solveSeconds.toFixed(2)}`);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const records = await load();
  const { rows, source, baseYear } = demandFor(records);
  const loadSeconds = (performance.now() - t0) / 1000;
  console.log(`loaded ${DIR}: ${records.schools?.length ?? 0} schools, ${records.units?.length ?? 0} units, ${rows.length} demand rows for ${TARGET_YEAR} in ${loadSeconds.toFixed(1)} s`);
  console.log(`demand: ${source}`);

  const t1 = performance.now();
  const roadTravel = ROADS ? { travel: travelFunctionFor(travelCostFor(records.roads ?? [])), travelSource: 'roads' as const } : {};
  const model = ConsolidationModel.fromInputs(
    { schools: records.schools ?? [], units: records.units ?? [], demand: rows, catchments: records.catchments ?? [], targetYear: TARGET_YEAR, baseYear, ...roadTravel },
    { smallSchoolThreshold: THRESHOLD, maxSmallSchools: MAX_SMALL, maxClosuresPerCountyPerYear: K, closureWindow: { last: LAST_YEAR }, dayTravelKm: DAY_KM },
  );
  model.stats();
  const buildSeconds = (performance.now() - t1) / 1000;
  for (const w of model.warnings) console.log(`warning: ${w}`);
  const pre = model.precheck();
  console.log(`precheck: ${pre.ok ? 'ok' : 'fails'}, forced small schools ${pre.forcedSmallSchools.length}, fatal findings ${pre.fatal.length}`);

  const result = await model.solve({
    timeLimitSeconds: TIME_LIMIT,
    mipRelGap: GAP,
    onProgress: (e) => console.log(`  [${e.seconds.toFixed(1)} s] ${e.phase}: ${e.message}`),
  });
  report(result, buildSeconds);
  const v = result.plan?.villages ?? [];
  const pupils = v.reduce((a, x) => a + x.pupils, 0);
  const mean = (f: (x: (typeof v)[number]) => number | null) => v.reduce((a, x) => a + (f(x) ?? 0) * x.pupils, 0) / Math.max(1, pupils);
  console.log(`travel by ${v[0]?.travelSource ?? '-'}: mean minutes ${mean((x) => x.travelBeforeMinutes).toFixed(1)} -> ${mean((x) => x.travelAfterMinutes).toFixed(1)}, max ${Math.max(0, ...v.map((x) => x.travelBeforeMinutes ?? 0)).toFixed(0)} -> ${Math.max(0, ...v.map((x) => x.travelAfterMinutes ?? 0)).toFixed(0)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
