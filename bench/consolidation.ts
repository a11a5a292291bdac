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
 * Times: the build split by step, and per solver call the wall seconds beside HiGHS's own run clock and node count
 * (the latter two change little with the machine's load; print `uptime` with any figure you quote).
 *
 * Demand: @app/projection-model's cohort projection (resident, housing included) when it runs on the data, else the
 * base-year counts aged forward (grade g in year t = age g + 5 - (t - base) in the base year); the output says which.
 */
import { travelCostFor } from '@app/routing';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  ConsolidationModel,
  travelFunctionFor,
  travelTargetsOf,
  type ConsolidationPlan,
  type ConsolidationResult,
} from '@app/consolidation';
import { buildRunWorld, enrolmentFactorsOf, evaluateDecisions, figureKey, noDecisions } from '@app/warnings-model';
import { planDecisionsOf } from '../libs/scenarios-model/src/plan-decisions';
import { roadDistance } from '../libs/scenarios-model/src/road-distance';
import { STAGE_GRADES, type DatasetRecords, type DemandRow } from '@app/domain';
import { DEFAULT_LIMITS, readImportFiles } from '@app/datasets-model';
import { projectCohorts } from '@app/projection-model';

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
const FILES = [
  'areas.geojson',
  'units.geojson',
  'schools.csv',
  'catchments.geojson',
  'population.csv',
  'births.csv',
  'housing.csv',
  ...(ROADS ? ['roads.geojson'] : []),
];

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
      rows.push({
        unitCode: p.unitCode,
        stage,
        year,
        resident: total,
        registered: total,
        residentByGrade: byGrade,
        registeredByGrade: [...byGrade],
        fromHousing: 0,
      });
    }
  }
  return { rows, baseYear };
}

function demandFor(records: Partial<DatasetRecords>): { rows: DemandRow[]; all: DemandRow[]; source: string; baseYear: number } {
  if (!SIMPLE) {
    try {
      const projection = projectCohorts(
        { units: records.units ?? [], population: records.population ?? [], births: records.births ?? [], housing: records.housing ?? [] },
        { horizon: Math.max(1, LAST_YEAR - Math.max(...(records.population ?? []).map((p) => p.year))) },
      );
      const rows = projection.rows.filter((r) => r.year > projection.baseYear && r.year <= LAST_YEAR);
      const all = projection.rows.filter((r) => r.year <= LAST_YEAR);
      if (rows.length > 0)
        return {
          rows,
          all,
          baseYear: projection.baseYear,
          source: `@app/projection-model cohort projection from base year ${projection.baseYear} (resident, housing included)`,
        };
    } catch (error) {
      console.log(`projection failed (${error instanceof Error ? error.message.slice(0, 200) : String(error)}); using simple ageing`);
    }
  }
  const base = Math.max(...(records.population ?? []).map((p) => p.year));
  const rows: DemandRow[] = [];
  for (let y = base + 1; y <= LAST_YEAR; y++) rows.push(...agedForward(records, y).rows);
  return {
    rows,
    all: [...agedForward(records, base).rows, ...rows],
    baseYear: base,
    source: `base-year ${base} resident counts aged forward (no migration, no housing)`,
  };
}

const n = (x: number, digits = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** CPU seconds of the whole process (main thread and solver workers) since `from`: what a loaded machine does not inflate much. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

function report(result: ConsolidationResult, buildSeconds: number, cpu: { build: number; solve: number }): void {
  const s = result.stats;
  console.log(
    `schools ${s.schools} (closable ${s.closableSchools}), villages ${s.villages}, demand pairs ${s.demandPairs}, arcs ${s.arcs}`,
  );
  console.log(
    `years ${s.years[0]}-${s.years[s.years.length - 1]} (${s.years.length} periods), variables ${s.variables} ` +
      `(integer ${s.integerVariables}), rows ${s.rows}`,
  );
  console.log(`status ${result.status}: ${result.message}`);
  console.log(
    `objective ${result.objective === null ? 'n/a' : n(result.objective)}, bound ` +
      `${result.bound === null ? 'n/a' : n(result.bound)}, gap ` +
      `${result.gap === null ? 'n/a' : `${(result.gap * 100).toFixed(3)}%`}`,
  );
  if (result.plan) kpis(result.plan);
  function kpis(plan: NonNullable<ConsolidationResult['plan']>): void {
    const k = plan.kpis;
    console.log(
      `small schools (< ${THRESHOLD}): today ${k.smallSchoolsToday}, ${TARGET_YEAR} status quo ` +
        `${k.smallSchoolsStatusQuo}, after ${k.smallSchoolsAfter} (cap ${MAX_SMALL})`,
    );
    console.log(
      `schools closed ${k.schoolsClosed} by year ${JSON.stringify(k.closuresByYear)}, extra classes ${TARGET_YEAR} ` +
        `${k.extraClasses}, pupils ${n(k.pupils)}`,
    );
    console.log(
      `moved ${n(k.pupilsMoved, 1)} (closures ${n(k.pupilsMovedByClosure, 1)}, re-zoned ${n(k.pupilsRezoned, 1)}), ` +
        `cross-county transfers ${k.crossCountyTransfers}, new boarders ${n(k.newBoarders, 1)}`,
    );
    const lifted = plan.schools.filter(
      (x) =>
        x.decision === 'keep' &&
        x.enrolmentToday < 150 &&
        x.enrolmentAfter >= THRESHOLD &&
        x.enrolmentAfter <= THRESHOLD + 10 &&
        x.pupilsRezonedIn > 0,
    );
    console.log(`schools lifted from < 150 to ${THRESHOLD}-${THRESHOLD + 10} by re-zoning: ${lifted.length}`);
    for (const l of plan.laterYears)
      console.log(
        `  ${l.year}: ${l.smallSchools} small, cap ${l.capHolds ? 'holds' : 'broken'}` +
          `${l.crossing.length ? `, crossing: ${l.crossing.join(', ')}` : ''}`,
      );
    console.log(
      `small per county: ${Object.entries(plan.smallSchoolsByCounty)
        .map(([c, l]) => `${c} ${l.length}`)
        .join(', ')}`,
    );
    console.log(
      `travel km mean/max: before ${k.meanTravelBeforeKm.toFixed(2)} / ${k.maxTravelBeforeKm.toFixed(2)}, after ` +
        `${k.meanTravelAfterKm.toFixed(2)} / ${k.maxTravelAfterKm.toFixed(2)}`,
    );
    console.log(
      `cost: travel ${n(k.cost.travel)}, moves ${n(k.cost.moves)}, operating ${n(k.cost.operating)}, expansion ` +
        `${n(k.cost.expansion)}, total ${n(k.cost.total)}`,
    );
    console.log(`plan check ${plan.check.ok ? 'ok' : plan.check.problems.join('; ')}, transfer lines ${plan.transfers.features.length}`);
  }
  if (result.infeasibility) {
    const why = result.infeasibility;
    console.log(`infeasible: ${why.summary}`);
    const m = why.minimumPlanSolve;
    if (m)
      console.log(
        `cheapest plan at the minimum (${why.minimumSmallSchools} small): ${m.status}, objective ${n(m.objective)}, ` +
          `bound ${m.bound === null ? 'n/a' : n(m.bound)}, gap ${m.gap === null ? 'n/a' : `${(m.gap * 100).toFixed(3)}%`},` +
          ` ${m.seconds.toFixed(1)} s`,
      );
    if (why.minimumPlan) kpis(why.minimumPlan);
    const limits = new Map<string, number>();
    for (const f of why.findings) limits.set(f.limit, (limits.get(f.limit) ?? 0) + 1);
    console.log(`findings by limit: ${[...limits].map(([l, c]) => `${l} ${c}`).join(', ')}`);
    for (const t of why.byTownship.slice(0, 10)) {
      console.log(`  township ${t.townshipCode}: small ${t.smallSchools.join(', ') || '-'}; ${t.findings.map((f) => f.limit).join(', ')}`);
    }
  }
  console.log(
    `seconds: build ${buildSeconds.toFixed(2)}, solve ${result.solveSeconds.toFixed(2)} (CPU of the process, ` +
      `workers included: build ${cpu.build.toFixed(2)}, solve ${cpu.solve.toFixed(2)})`,
  );
  // HiGHS's own clock and node count per solve: less sensitive to a loaded machine than the wall seconds above.
  for (const x of result.solves) {
    console.log(
      `  solve ${x.model}: ${x.status}, ${x.variables} variables, ${x.rows} rows, ${x.seconds.toFixed(2)} s (HiGHS ` +
        `${x.solverSeconds === null ? 'n/a' : `${x.solverSeconds.toFixed(2)} s`}, ${x.nodes ?? 'n/a'} nodes)`,
    );
  }
}

/**
 * The plan on the run's world (buildRunWorld + every warning rule, as a scenario run's warnings step): red warnings
 * with no decisions and with the plan, the new ones by subject, the world's and the model's small-school counts, and
 * issue 16's checks (cross-county, re-zoned, lifted, build before closing).
 */
function worldChecks(records: Partial<DatasetRecords>, demand: DemandRow[], baseYear: number, plan: ConsolidationPlan): void {
  const t0 = performance.now();
  const input = {
    schools: records.schools ?? [],
    catchments: records.catchments ?? [],
    units: records.units ?? [],
    districts: records.districts ?? [],
    housing: records.housing ?? [],
    demand,
  };
  const detour = 1.3;
  const { distance } = roadDistance(travelCostFor(ROADS ? (records.roads ?? []) : [], { detour }), input.schools, { detour, maxKm: 15 });
  const world = { distance, travelKm: { kindergarten: DAY_KM, primary: DAY_KM, junior: 15, senior: 15 } };
  const base = evaluateDecisions(input, noDecisions(TARGET_YEAR), { evaluationYear: baseYear, world });
  const after = evaluateDecisions(input, planDecisionsOf(plan), { evaluationYear: baseYear, world });
  const red = (e: typeof base) => e.candidates.filter((c) => c.level === 'red');
  const key = (c: (typeof base.candidates)[number]) => `${c.rule}|${c.subjectType}|${c.subjectCode}|${c.stage}`;
  const before = new Set(red(base).map(key));
  const now = new Set(red(after).map(key));
  const receivers = new Set(plan.villages.filter((x) => x.moved).map((x) => x.toSchool));
  const closed = new Set(plan.schools.filter((x) => x.decision === 'close').map((x) => x.code));
  const fresh = red(after).filter((c) => !before.has(key(c)));
  const gone = red(base).filter((c) => !now.has(key(c)));
  const on = (list: typeof fresh, f: (c: (typeof fresh)[number]) => boolean) => list.filter(f).length;
  console.log(
    `world (${((performance.now() - t0) / 1000).toFixed(1)} s, ${ROADS ? 'road km' : 'straight line x 1.3'}): red ` +
      `warnings baseline ${before.size}, with the plan ${now.size}`,
  );
  console.log(
    `  new red ${fresh.length}: at receiving schools ` +
      `${on(fresh, (c) => c.subjectType === 'school' && receivers.has(c.subjectCode))}, elsewhere ` +
      `${on(fresh, (c) => !(c.subjectType === 'school' && receivers.has(c.subjectCode)))}` +
      ` (` +
      `${
        [
          ...new Set(
            fresh.filter((c) => !(c.subjectType === 'school' && receivers.has(c.subjectCode))).map((c) => `${c.rule}/${c.subjectType}`),
          ),
        ].join(', ') || '-'
      })` +
      `; gone ${gone.length} (at closed schools ${on(gone, (c) => closed.has(c.subjectCode))})`,
  );
  const city = after.indicators.find((a) => a.areaType === 'city');
  const worldSmall = new Set(city?.byYear.find((y) => y.year === TARGET_YEAR)?.smallSchools.smallSchoolCodes ?? []);
  const modelSmall = new Set(plan.schools.filter((x) => x.smallAfter).map((x) => x.code));
  const onlyWorld = [...worldSmall].filter((c) => !modelSmall.has(c));
  const onlyModel = [...modelSmall].filter((c) => !worldSmall.has(c));
  const worldPupils = (code: string) =>
    (['primary', 'junior'] as const).reduce(
      (a, st) => a + (after.figures.index.get(figureKey('school', code, st, TARGET_YEAR))?.projectedEnrolment ?? 0),
      0,
    );
  for (const c of [...onlyWorld, ...onlyModel].slice(0, 6)) {
    const sp = plan.schools.find((x) => x.code === c);
    console.log(`  ${c}: model ${sp?.enrolmentAfter.toFixed(2)} pupils, world ${worldPupils(c).toFixed(2)}`);
  }
  const catchmentOfClosed = (code: string) =>
    (records.catchments ?? []).some((c) => c.code === code && c.schoolCodes.every((sc) => closed.has(sc)));
  console.log(
    `  new red on catchments whose schools all closed: ` +
      `${on(fresh, (c) => c.subjectType === 'catchment' && catchmentOfClosed(c.subjectCode))}; others: ` +
      `${fresh
        .filter((c) => !(c.subjectType === 'catchment' && catchmentOfClosed(c.subjectCode)))
        .map((c) => `${c.rule}/${c.subjectType}/${c.subjectCode}`)
        .slice(0, 8)
        .join(', ')}`,
  );
  console.log(
    `small schools ${TARGET_YEAR}: world ${worldSmall.size}, model ${modelSmall.size}; world only ` +
      `${onlyWorld.length} (${onlyWorld.slice(0, 8).join(', ')}), model only ${onlyModel.length} ` +
      `(${onlyModel.slice(0, 8).join(', ')})`,
  );
  const noSeat = after.world.conservation.find((c) => c.stage === 'primary' && c.year === TARGET_YEAR);
  console.log(
    `  conserved ${after.world.conservation.every((c) => c.ok)}; primary ${TARGET_YEAR} without a seat: baseline ` +
      `${Math.round(base.world.conservation.find((c) => c.stage === 'primary' && c.year === TARGET_YEAR)?.noSeat ?? 0)},` +
      ` plan ${Math.round(noSeat?.noSeat ?? 0)}`,
  );
  // Issue 16's "done when", measured.
  const cross = plan.villages.filter(
    (x) =>
      x.moved &&
      x.fromSchool !== null &&
      plan.schools.find((s) => s.code === x.fromSchool)?.countyCode !== plan.schools.find((s) => s.code === x.toSchool)?.countyCode,
  ).length;
  const rezoned = plan.villages.filter((x) => x.moved && x.reason === 'rezoning').reduce((a, x) => a + x.pupils, 0);
  const lifted = plan.schools.filter(
    (x) =>
      x.decision === 'keep' &&
      x.enrolmentToday < 150 &&
      x.enrolmentAfter >= THRESHOLD &&
      x.enrolmentAfter <= THRESHOLD + 10 &&
      x.pupilsRezonedIn > 0,
  ).length;
  const late = plan.schools.flatMap((x) =>
    x.expansions.flatMap((e) =>
      e.forClosures.filter((c) => {
        const y = plan.schools.find((s) => s.code === c)?.closureYear;
        return y == null || e.readyYear >= y;
      }),
    ),
  );
  const noYear = plan.schools.filter((x) => x.decision === 'close' && x.closureYear === null).length;
  const served = plan.schools.filter((x) => x.decision === 'close').length;
  console.log(
    `issue 16 checks: cross-county transfers ${cross}, pupils re-zoned ${rezoned}, lifted from <150 to ` +
      `${THRESHOLD}-${THRESHOLD + 10} by re-zoning ${lifted}, closures ${served} (without a year ${noYear}), ` +
      `expansions not ready the year before their closure ${late.length}`,
  );
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const records = await load();
  const { rows, all, source, baseYear } = demandFor(records);
  const loadSeconds = (performance.now() - t0) / 1000;
  console.log(
    `loaded ${DIR}: ${records.schools?.length ?? 0} schools, ${records.units?.length ?? 0} units, ${rows.length} ` +
      `demand rows for ${TARGET_YEAR} in ${loadSeconds.toFixed(1)} s`,
  );
  console.log(`demand: ${source}`);

  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const roadTravel = ROADS
    ? {
        travel: travelFunctionFor(travelCostFor(records.roads ?? []), travelTargetsOf(records.schools ?? [])),
        travelSource: 'roads' as const,
      }
    : {};
  const t2 = performance.now();
  // The status quo of the run's world (as libs/scenarios-service' consolidation step passes it).
  const status = buildRunWorld(
    {
      schools: records.schools ?? [],
      catchments: records.catchments ?? [],
      units: records.units ?? [],
      demand: all.filter((r) => r.year === TARGET_YEAR || r.year === baseYear),
    },
    noDecisions(TARGET_YEAR),
  );
  const placement = (unitCode: string, stage: 'primary' | 'junior') => status.placementAt(unitCode, stage, TARGET_YEAR);
  const t3 = performance.now();
  const model = ConsolidationModel.fromInputs(
    {
      schools: records.schools ?? [],
      units: records.units ?? [],
      demand: rows,
      catchments: records.catchments ?? [],
      targetYear: TARGET_YEAR,
      baseYear,
      ...roadTravel,
      placement,
      enrolmentFactor: enrolmentFactorsOf(status),
    },
    {
      smallSchoolThreshold: THRESHOLD,
      maxSmallSchools: MAX_SMALL,
      maxClosuresPerCountyPerYear: K,
      closureWindow: { last: LAST_YEAR },
      dayTravelKm: DAY_KM,
    },
  );
  const t4 = performance.now();
  model.stats();
  const buildSeconds = (performance.now() - t1) / 1000;
  const buildCpu = cpuSince(cpu1);
  // Where the build goes: the road graph, the status quo world, the sets (with every unit's road search) and the MILP.
  const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2);
  console.log(
    `build: road graph ${s(t1, t2)} s, status world ${s(t2, t3)} s, sets and travel ${s(t3, t4)} s, MILP ${s(t4, performance.now())} s`,
  );
  for (const w of model.warnings) console.log(`warning: ${w}`);
  const pre = model.precheck();
  console.log(
    `precheck: ${pre.ok ? 'ok' : 'fails'}, forced small schools ${pre.forcedSmallSchools.length}, fatal findings ${pre.fatal.length}`,
  );

  const cpu2 = process.cpuUsage();
  const result = await model.solve({
    timeLimitSeconds: TIME_LIMIT,
    mipRelGap: GAP,
    onProgress: (e) => console.log(`  [${e.seconds.toFixed(1)} s] ${e.phase}: ${e.message}`),
  });
  report(result, buildSeconds, { build: buildCpu, solve: cpuSince(cpu2) });
  // The plan's travel (or, when the cap cannot be met, the cheapest plan with the fewest small schools).
  const v = (result.plan ?? result.infeasibility?.minimumPlan ?? null)?.villages ?? [];
  const pupils = v.reduce((a, x) => a + x.pupils, 0);
  const mean = (f: (x: (typeof v)[number]) => number | null) => v.reduce((a, x) => a + (f(x) ?? 0) * x.pupils, 0) / Math.max(1, pupils);
  const plan = result.plan ?? result.infeasibility?.minimumPlan ?? null;
  if (plan) worldChecks(records, all, baseYear, plan);
  console.log(
    `travel by ${v[0]?.travelSource ?? '-'}: mean minutes ${mean((x) => x.travelBeforeMinutes).toFixed(1)} -> ` +
      `${mean((x) => x.travelAfterMinutes).toFixed(1)}, max ` +
      `${Math.max(0, ...v.map((x) => x.travelBeforeMinutes ?? 0)).toFixed(0)} -> ` +
      `${Math.max(0, ...v.map((x) => x.travelAfterMinutes ?? 0)).toFixed(0)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
