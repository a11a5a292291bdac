/**
 * Matching and warning evaluation of the whole demo city (all stages, 13 years), in-process: with point values only,
 * and with probabilities (the projection's calibrated error model: P(utilisation >= 100 % / 90 %) per seat warning).
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/warnings.ts
 */
import { computeIndicators, evaluateWarnings } from '@app/warnings-model';
import { projectWithIntervals } from '@app/projection-model';
import { loadavg } from 'node:os';
import { loadDemoRecords } from './demo-records';

async function main(): Promise<void> {
  const r = await loadDemoRecords();
  const tp = performance.now();
  const { result, uncertainty, backtest } = projectWithIntervals(
    { units: r.units, population: r.population, births: r.births, housing: r.housing },
    { birthExtension: 'medium' },
    { backtest: { maxOrigins: 3 } },
  );
  const projectMs = performance.now() - tp;
  const demand = result.rows;
  const input = { schools: r.schools, catchments: r.catchments, units: r.units, districts: r.districts, housing: r.housing, demand };
  // CPU time next to wall time: the machine may be shared, and a loaded machine stretches the wall time only.
  const run = (withProbabilities: boolean) => {
    const times: number[] = [];
    const cpu: number[] = [];
    let last: ReturnType<typeof evaluateWarnings> | undefined;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const c0 = process.cpuUsage();
      last = evaluateWarnings(input, withProbabilities ? { uncertainty } : {});
      computeIndicators({ schools: r.schools, figures: last.figures });
      times.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    return { e: last!, times, cpu };
  };
  const plain = run(false);
  const prob = run(true);
  const e = prob.e;
  const byLevel = new Map<string, number>();
  for (const c of e.candidates) byLevel.set(`${c.level} ${c.rule}`, (byLevel.get(`${c.level} ${c.rule}`) ?? 0) + 1);
  console.log(
    `demo city: ${r.schools.length} schools, ${r.catchments.length} catchments, ${r.units.length} units, ${demand.length} demand rows`,
  );
  console.log(
    `projection + error model + calibration (back-test of ${backtest?.origins.length ?? 0} origins), once per ` +
      `version: ${projectMs.toFixed(0)} ms`,
  );
  console.log(`matching + figures + rules + indicators: ${plain.times.map((t) => t.toFixed(0)).join(' / ')} ms (3 runs)`);
  console.log(`  the same with probabilities: ${prob.times.map((t) => t.toFixed(0)).join(' / ')} ms (3 runs); target < 5000 ms`);
  console.log(
    `  CPU time: ${plain.cpu.map((t) => t.toFixed(0)).join(' / ')} ms; with probabilities ` +
      `${prob.cpu.map((t) => t.toFixed(0)).join(' / ')} ms; load average ` +
      `${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `figures: ${e.figures.rows.length}; unmatched demand entries: ${e.match.unmatched.length}; alert candidates: ${e.candidates.length}`,
  );
  for (const [k, n] of [...byLevel.entries()].sort()) console.log(`  ${k.padEnd(22)} ${n}`);
  const withP = e.candidates.filter((c) => c.probability);
  const bands = [0, 0.1, 0.5, 0.9, 1.01];
  console.log(`seat warnings with a probability: ${withP.length}; P(utilisation >= 100 %) in the onset year:`);
  for (let k = 0; k < bands.length - 1; k++) {
    const n = withP.filter((c) => c.probability!.atLeast100 >= bands[k] && c.probability!.atLeast100 < bands[k + 1]).length;
    console.log(`  ${(bands[k] * 100).toFixed(0).padStart(3)}-${Math.min(100, bands[k + 1] * 100).toFixed(0)} %  ${n}`);
  }
  const sample = withP.find((c) => c.level === 'yellow') ?? withP[0];
  if (sample) console.log(`example: ${sample.message.zh}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
