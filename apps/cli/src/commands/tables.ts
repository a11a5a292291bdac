import type { AlertEntity } from '@app/database';
import type { DemandFigure } from '@app/projection-service';
import type { AreaIndicators } from '@app/warnings-model';

const STAGES = ['kindergarten', 'primary', 'junior', 'senior'] as const;
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '  n/a' : `${(v * 100).toFixed(1)}%`);

/** One table row per code of the figures, labelled by `names` where given. */
export function rowsByCode(figures: DemandFigure[], names: Map<string, string> = new Map()): { label: string; figures: DemandFigure[] }[] {
  return [...new Set(figures.map((f) => f.code))]
    .sort()
    .map((code) => ({ label: names.get(code)?.slice(0, 16) ?? code, figures: figures.filter((f) => f.code === code) }));
}

/** Demand by area and stage for a few years, one line per area. */
export function printDemand(title: string, rows: { label: string; figures: DemandFigure[] }[], years: number[]): void {
  console.log(`\n${title} (${years.join(' / ')}):`);
  console.log(`${''.padEnd(16)}${STAGES.map((s) => s.padEnd(30)).join(' ')}`);
  for (const r of rows) {
    const cells = STAGES.map((s) =>
      years.map((y) => String(Math.round(r.figures.find((f) => f.stage === s && f.year === y)?.resident ?? 0)).padStart(7)).join(''),
    );
    console.log(`${r.label.padEnd(16)}${cells.join('   ')}`);
  }
}

/** The plan's indicators against their targets, per county and for the city. */
export function printIndicators(indicators: AreaIndicators[], names: Map<string, string>): void {
  console.log(
    "\nthe plan's indicators (current records; targets: <=30 schools under 200 by 2027, inclusive kindergarten " +
      'places >=95%, public kindergarten enrolment >=85%, junior CV <0.35):',
  );
  console.log(
    `${'area'.padEnd(22)}${'<200'.padStart(6)}${'<100'.padStart(6)}${'incl.KG'.padStart(9)}${'publ.KG'.padStart(9)}` +
      `${'CV prim'.padStart(9)}${'CV jun'.padStart(8)}${'大班额'.padStart(8)}`,
  );
  for (const a of indicators) {
    const c = a.current;
    const cv = c.differenceCoefficients;
    console.log(
      `${(names.get(a.areaCode) ?? a.areaCode).padEnd(22)}${String(c.smallSchools.total.under200).padStart(6)}` +
        `${String(c.smallSchools.total.under100).padStart(6)}` +
        `${pct(c.kindergarten.inclusiveShare).padStart(9)}${pct(c.kindergarten.publicEnrolmentShare).padStart(9)}` +
        `${(cv?.primary.composite?.toFixed(3) ?? '  -').padStart(9)}` +
        `${(cv?.junior.composite?.toFixed(3) ?? '  -').padStart(8)}${pct(c.largeClasses.largeShare).padStart(8)}`,
    );
  }
  const city = indicators.find((a) => a.areaType === 'city');
  if (city?.smallSchoolTarget) {
    const t = city.smallSchoolTarget;
    console.log(
      `small schools (<200 pupils) projected for ${t.year}: ${t.count ?? 'n/a'} against at most ${t.max}: ${t.met ? 'met' : 'NOT met'}`,
    );
  }
}

/** Counts of active alerts, the district (高铁新城) warnings with the seats they ask for, and the first red ones. */
export function printAlerts(alerts: AlertEntity[], firstRed = 0): void {
  const count = new Map<string, number>();
  for (const a of alerts) count.set(`${a.level} ${a.kind}`, (count.get(`${a.level} ${a.kind}`) ?? 0) + 1);
  console.log(`\nearly warnings (学位预警): ${alerts.length} active`);
  for (const [k, n] of [...count.entries()].sort()) console.log(`  ${k.padEnd(24)} ${n}`);
  for (const a of alerts.filter((x) => x.subjectType === 'district')) console.log(`  [${a.level}] ${a.message.zh}`);
  const red = alerts.filter((a) => a.level === 'red' && a.subjectType !== 'district').slice(0, firstRed);
  if (red.length) console.log(`first ${red.length} red warnings:`);
  for (const a of red) console.log(`  ${a.message.zh}`);
}

/** The three runs side by side: the figures the plan is judged by. */
export function printComparison(runs: { name: string; id: number; kpis: import('@app/scenarios-model').RunKpis }[]): void {
  const col = 22;
  const cell = (v: string) => v.padStart(col);
  const gap = (k: import('@app/scenarios-model').RunKpis, stage: string, year: number, residents = false) => {
    const byDistrict = Object.values((residents ? k.districtResidentsSeatGap : k.districtSeatGap) ?? {});
    const v = byDistrict.length ? byDistrict[0][stage]?.[String(year)] : undefined;
    return v === undefined ? 'n/a' : v > 0 ? `short ${Math.round(v)}` : `spare ${Math.round(-v)}`;
  };
  const rows: [string, (k: import('@app/scenarios-model').RunKpis) => string][] = [
    [
      `schools under 200 (${runs[0]?.kpis.targetYear}, cap 30) world`,
      (k) => String(k.smallSchoolsUnder200World ?? k.smallSchoolsUnder200 ?? 'n/a'),
    ],
    ['schools under 200, model count', (k) => (k.smallSchoolsUnder200Model == null ? '-' : String(k.smallSchoolsUnder200Model))],
    [
      '  small in world / model only',
      (k) =>
        k.smallSchoolsUnder200Model == null ? '-' : `${k.smallSchoolsOnlyInWorld?.length ?? 0} / ${k.smallSchoolsOnlyInModel?.length ?? 0}`,
    ],
    ['schools under 100', (k) => String(k.smallSchoolsUnder100 ?? 'n/a')],
    // "infeasible": no plan meets the cap; the plan shown is the verified one with the fewest small schools.
    ['optimisation', (k) => k.consolidationStatus ?? '-'],
    ['schools closed', (k) => String(k.schoolsClosed)],
    ['pupils moved', (k) => String(Math.round(k.pupilsMoved))],
    ["closed schools' pupils re-seated", (k) => String(Math.round(k.pupilsReseated ?? 0))],
    [
      'mean travel km before→after',
      (k) => (k.meanTravelKmBefore === null ? '-' : `${k.meanTravelKmBefore.toFixed(2)}→${k.meanTravelKmAfter!.toFixed(2)}`),
    ],
    [
      'max travel km before→after',
      (k) => (k.maxTravelKmBefore === null ? '-' : `${k.maxTravelKmBefore.toFixed(1)}→${k.maxTravelKmAfter!.toFixed(1)}`),
    ],
    [
      'mean travel min before→after',
      (k) =>
        k.meanTravelMinutesBefore == null ? '-' : `${k.meanTravelMinutesBefore.toFixed(1)}→${k.meanTravelMinutesAfter?.toFixed(1) ?? '-'}`,
    ],
    [
      'max travel min before→after',
      (k) =>
        k.maxTravelMinutesBefore == null ? '-' : `${k.maxTravelMinutesBefore.toFixed(0)}→${k.maxTravelMinutesAfter?.toFixed(0) ?? '-'}`,
    ],
    ['travel by', (k) => k.travelSource ?? k.network?.[0]?.travelSource ?? '-'],
    [
      'primary: no seat ≤5 km road (LP)',
      (k) => {
        const n = k.network?.find((x) => x.stage === 'primary');
        return n ? `${n.unmet} of ${n.demand}` : 'n/a';
      },
    ],
    [
      'junior: no seat ≤15 km road (LP)',
      (k) => {
        const n = k.network?.find((x) => x.stage === 'junior');
        return n ? `${n.unmet} of ${n.demand}` : 'n/a';
      },
    ],
    ['red warnings', (k) => String(k.redAlerts)],
    ['yellow warnings', (k) => String(k.yellowAlerts)],
    ['pupils conserved (world)', (k) => (k.world ? (k.world.conserved ? 'yes' : 'NO') : 'n/a')],
    ['primary/junior no seat 2027 (world)', (k) => (k.world ? `${k.world.noSeat.primary ?? 0}/${k.world.noSeat.junior ?? 0}` : 'n/a')],
    ['高铁新城 primary 2027 serving-schools', (k) => gap(k, 'primary', 2027)],
    ['高铁新城 primary 2027 residents', (k) => gap(k, 'primary', 2027, true)],
    ['高铁新城 primary 2030 serving-schools', (k) => gap(k, 'primary', 2030)],
    ['高铁新城 junior 2027 serving-schools', (k) => gap(k, 'junior', 2027)],
    ['高铁新城 junior 2027 residents', (k) => gap(k, 'junior', 2027, true)],
    ['高铁新城 junior 2030 serving-schools', (k) => gap(k, 'junior', 2030)],
    ['inclusive KG places ≥95%', (k) => pct(k.indicators.find((a) => a.areaType === 'city')?.current.kindergarten.inclusiveShare)],
    ['public KG pupils ≥85%', (k) => pct(k.indicators.find((a) => a.areaType === 'city')?.current.kindergarten.publicEnrolmentShare)],
    [
      'counties junior CV <0.35',
      (k) => {
        const c = k.indicators.find((a) => a.areaType === 'city')?.countiesMeetingCv;
        return c ? `${c.juniorQuzhouTarget} of ${c.counties}` : 'n/a';
      },
    ],
    [`counties junior CV <0.35 (${runs[0]?.kpis.targetYear} world)`, (k) => juniorCvMet(k.indicators, k.targetYear)],
  ];
  console.log('\nscenario comparison:');
  console.log(`${''.padEnd(34)}${runs.map((r) => cell(`run ${r.id}`)).join('')}`);
  runs.forEach((r, i) => console.log(`  run ${r.id} = ${r.name}${i === runs.length - 1 ? '' : ''}`));
  for (const [label, f] of rows) console.log(`${label.padEnd(34)}${runs.map((r) => cell(f(r.kpis))).join('')}`);
  console.log("  every figure is of the run's world (its overrides and plan applied from their year on);");
  console.log(
    '  高铁新城 "serving-schools" = demand at the schools serving it (with pupils from outside) - their seats (the alert\'s number);',
  );
  console.log('  "residents" = pupils living in the district - the same seats.');
  console.log('  "world" counts schools under 200 compulsory pupils on the run\'s world, "model count" as the consolidation model');
  console.log('  counts for its cap (one test, isUnderThreshold); "world / model only" lists how many schools only one of them counts.');
}

/** Counties whose junior 差异系数 on the world of `year` is under Quzhou's 0.35, as "n of m". */
function juniorCvMet(indicators: AreaIndicators[], year: number): string {
  const counties = indicators.filter((a) => a.areaType === 'county');
  const cvs = counties.map((a) => a.byYear.find((y) => y.year === year)?.differenceCoefficients?.junior ?? null);
  if (cvs.every((c) => c === null)) return 'n/a';
  return `${cvs.filter((c) => c?.meetsQuzhouTarget === true).length} of ${counties.length}`;
}
