import type { AlertEntity } from '@app/database';
import type { DemandFigure } from '@app/demand';
import type { AreaIndicators } from '@app/matching';

const STAGES = ['kindergarten', 'primary', 'junior', 'senior'] as const;
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '  n/a' : `${(v * 100).toFixed(1)}%`);

/** Demand by area and stage for a few years, one line per area. */
export function printDemand(title: string, rows: { label: string; figures: DemandFigure[] }[], years: number[]): void {
  console.log(`\n${title} (${years.join(' / ')}):`);
  console.log(`${''.padEnd(16)}${STAGES.map((s) => s.padEnd(30)).join(' ')}`);
  for (const r of rows) {
    const cells = STAGES.map((s) => years.map((y) => String(Math.round(r.figures.find((f) => f.stage === s && f.year === y)?.resident ?? 0)).padStart(7)).join(''));
    console.log(`${r.label.padEnd(16)}${cells.join('   ')}`);
  }
}

/** The plan's indicators against their targets, per county and for the city. */
export function printIndicators(indicators: AreaIndicators[], names: Map<string, string>): void {
  console.log('\nthe plan\'s indicators (current records; targets: <=30 schools under 200 by 2027, inclusive kindergarten places >=95%, public kindergarten enrolment >=85%, junior CV <0.35):');
  console.log(`${'area'.padEnd(22)}${'<200'.padStart(6)}${'<100'.padStart(6)}${'incl.KG'.padStart(9)}${'publ.KG'.padStart(9)}${'CV prim'.padStart(9)}${'CV jun'.padStart(8)}${'大班额'.padStart(8)}`);
  for (const a of indicators) {
    const c = a.current;
    const cv = c.differenceCoefficients;
    console.log(
      `${(names.get(a.areaCode) ?? a.areaCode).padEnd(22)}${String(c.smallSchools.total.under200).padStart(6)}${String(c.smallSchools.total.under100).padStart(6)}` +
        `${pct(c.kindergarten.inclusiveShare).padStart(9)}${pct(c.kindergarten.publicEnrolmentShare).padStart(9)}` +
        `${(cv?.primary.composite?.toFixed(3) ?? '  -').padStart(9)}${(cv?.junior.composite?.toFixed(3) ?? '  -').padStart(8)}${pct(c.largeClasses.largeShare).padStart(8)}`,
    );
  }
  const city = indicators.find((a) => a.areaType === 'city');
  if (city?.smallSchoolTarget) {
    const t = city.smallSchoolTarget;
    console.log(`small schools (<200 pupils) projected for ${t.year}: ${t.count ?? 'n/a'} against at most ${t.max}: ${t.met ? 'met' : 'NOT met'}`);
  }
}

/** Counts of active alerts and the district (高铁新城) warnings with the seats they ask for. */
export function printAlerts(alerts: AlertEntity[]): void {
  const count = new Map<string, number>();
  for (const a of alerts) count.set(`${a.level} ${a.kind}`, (count.get(`${a.level} ${a.kind}`) ?? 0) + 1);
  console.log(`\nearly warnings (学位预警): ${alerts.length} active`);
  for (const [k, n] of [...count.entries()].sort()) console.log(`  ${k.padEnd(24)} ${n}`);
  for (const a of alerts.filter((x) => x.subjectType === 'district')) console.log(`  [${a.level}] ${a.message.zh}`);
}
