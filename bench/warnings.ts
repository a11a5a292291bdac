/**
 * Matching and warning evaluation of the whole demo city (all stages, 13 years), in-process.
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/warnings.ts
 */
import { computeIndicators, evaluateWarnings } from '@app/matching';
import { projectCohorts } from '@app/projection';
import { loadDemoRecords } from './demo-records';

async function main(): Promise<void> {
  const r = await loadDemoRecords();
  const demand = projectCohorts({ units: r.units, population: r.population, births: r.births, housing: r.housing }, { birthExtension: 'medium' }).rows;
  const input = { schools: r.schools, catchments: r.catchments, units: r.units, districts: r.districts, housing: r.housing, demand };
  const times: number[] = [];
  let last: ReturnType<typeof evaluateWarnings> | undefined;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    last = evaluateWarnings(input);
    computeIndicators({ schools: r.schools, figures: last.figures });
    times.push(performance.now() - t);
  }
  const e = last!;
  const byLevel = new Map<string, number>();
  for (const c of e.candidates) byLevel.set(`${c.level} ${c.rule}`, (byLevel.get(`${c.level} ${c.rule}`) ?? 0) + 1);
  console.log(`demo city: ${r.schools.length} schools, ${r.catchments.length} catchments, ${r.units.length} units, ${demand.length} demand rows`);
  console.log(`matching + figures + rules + indicators: ${times.map((t) => t.toFixed(0)).join(' / ')} ms (3 runs)`);
  console.log(`figures: ${e.figures.rows.length}; unmatched demand entries: ${e.match.unmatched.length}; alert candidates: ${e.candidates.length}`);
  for (const [k, n] of [...byLevel.entries()].sort()) console.log(`  ${k.padEnd(22)} ${n}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
