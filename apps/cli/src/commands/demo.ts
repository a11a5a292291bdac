import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetStore, ImportService } from '@app/datasets-service';
import { ProjectionService } from '@app/projection-service';
import { JobRunner } from '@app/jobs';
import type { AreaIndicators } from '@app/warnings-model';
import { AlertsService, type EvaluationSummary } from '@app/warnings-service';
import type { RunKpis } from '@app/scenarios-model';
import { demoScenarios } from './demo-scenarios';
import { runScenarioInline } from './run-scenario';
import { printComparison } from './tables';
import { printAlerts, printDemand, printIndicators, rowsByCode } from './tables';
import { TokensService } from '@app/access';
import type { ParsedArgs } from '../args';
import { openContext } from '../context';

const DEMO_DIR = resolve(__dirname, '../../../../geo/demo/quzhou');

/** Imports the demo region once (skipped when the same files are already the latest version). */
async function importDemo(imports: ImportService, store: DatasetStore): Promise<number> {
  const names = readdirSync(DEMO_DIR)
    .filter((n) => /\.(geojson|csv|xlsx)$/.test(n))
    .sort();
  const files = names.map((name) => ({ name, bytes: readFileSync(join(DEMO_DIR, name)) }));
  const digest = createHash('sha1');
  for (const f of files) digest.update(f.name).update(f.bytes);
  const label = `demo region ${digest.digest('hex').slice(0, 12)}`;
  const latest = await store.latestVersion('quzhou');
  if (latest?.label === label) {
    console.log(`demo region already imported as version ${latest.number} (id ${latest.id})`);
    return latest.id;
  }
  const t0 = performance.now();
  const outcome = await imports.import({ dataset: 'quzhou', files, mode: 'replace', label });
  console.log(
    `imported the demo region (${names.length} files) as version ${outcome.number} (id ${outcome.versionId}) in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  for (const [layer, n] of Object.entries(outcome.counts)) console.log(`  ${layer.padEnd(11)} ${n}`);
  return outcome.versionId;
}

/**
 * Wall and CPU time of each demo step, printed at the end so a slow start shows where it went. CPU is this process's
 * (every thread: the solver's worker too, not the embedded PostgreSQL); on a loaded machine wall grows, CPU hardly.
 */
class StepClock {
  private readonly steps: [string, number, number][] = [];
  // performance.now() and process.cpuUsage() count from the process start, so the first lap is Node plus loading
  // (and transpiling) modules.
  private last = 0;
  private lastCpu = 0;
  lap(name: string): void {
    const now = performance.now();
    const cpu = cpuMs();
    this.steps.push([name, now - this.last, cpu - this.lastCpu]);
    this.last = now;
    this.lastCpu = cpu;
  }
  print(): void {
    const total = performance.now();
    console.log(`\nwhere the time went (${(total / 1000).toFixed(1)} s since the process started, ${(cpuMs() / 1000).toFixed(1)} s CPU):`);
    for (const [name, ms, cpu] of this.steps)
      console.log(
        `  ${(ms / 1000).toFixed(1).padStart(6)} s ${((100 * ms) / total).toFixed(0).padStart(3)} %  ` +
          `${(cpu / 1000).toFixed(1).padStart(5)} s CPU  ${name}`,
      );
  }
}

/** CPU time of this process so far (user + system, all threads), in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** `demo`: the main job on the bundled demo region; prints what a planner needs and writes report files. */
export async function demoCommand(_args: ParsedArgs): Promise<number> {
  const started = performance.now();
  if (!existsSync(DEMO_DIR)) throw new Error(`the demo region is missing at ${DEMO_DIR}`);
  const clock = new StepClock();
  clock.lap('Node start, modules loaded');
  const ctx = await openContext({ inlineJobs: true });
  clock.lap('database (embedded start + migrations) and Nest');
  try {
    const versionId = await importDemo(ctx.app.get(ImportService), ctx.app.get(DatasetStore));
    clock.lap('import of the demo region');
    const job = await ctx.app.get(JobRunner).enqueue('projection', { versionId, assumptions: { birthExtension: 'medium' } });
    const summary = job.result as { runId: number; baseYear: number; horizon: number; rows: number; computeMs: number };
    const svc = ctx.app.get(ProjectionService);
    const years = [0, 3, 6, 12].map((d) => summary.baseYear + d);
    const city = await svc.aggregate(summary.runId, 'city');
    const districts = await svc.aggregate(summary.runId, 'district');
    const counties = await svc.aggregate(summary.runId, 'county');
    const names = new Map(
      (await ctx.app.get(DatasetStore).loadRecords(versionId, ['areas', 'districts'])).areas.map((a) => [a.code, `${a.code} ${a.name}`]),
    );
    printDemand(
      'projected demand (medium births), resident pupils',
      [{ label: 'city', figures: city }, ...rowsByCode(counties, names), ...rowsByCode(districts, names)],
      years,
    );
    clock.lap('projection (12 years) and its tables');

    const evaluation = (await ctx.app.get(JobRunner).enqueue('warnings', { dataset: 'quzhou', trigger: 'manual' }))
      .result as EvaluationSummary;
    const alerts = ctx.app.get(AlertsService);
    const { alerts: active } = await alerts.list({ dataset: 'quzhou', limit: 5000, offset: 0 });
    printAlerts(active);
    const latest = await alerts.latestEvaluation('quzhou');
    printIndicators((latest?.indicators ?? []) as AreaIndicators[], names);
    console.log(
      `(warnings evaluation ${evaluation.evaluationId}: ${evaluation.raised} raised, ${evaluation.updated} updated, ` +
        `${evaluation.resolved} resolved)`,
    );
    clock.lap('warnings evaluation and its tables');

    const records = await ctx.app.get(DatasetStore).loadRecords(versionId);
    const runs: { name: string; id: number; kpis: RunKpis }[] = [];
    for (const sc of demoScenarios(records)) {
      const t = performance.now();
      const run = await runScenarioInline(ctx.app, sc.name, 'quzhou', sc.overrides);
      runs.push({ name: sc.name, id: run.id, kpis: run.kpis });
      const seconds = ((performance.now() - t) / 1000).toFixed(1);
      // An infeasible run finished its steps too, but it must not read as "completed": say why the cap cannot be met.
      const reason = run.results?.consolidation?.reason?.en;
      console.log(
        `scenario "${sc.name}": run ${run.id} ${run.status} in ${seconds} s${run.status === 'infeasible' && reason ? `\n  ${reason}` : ''}`,
      );
      clock.lap(`scenario "${sc.name}"`);
    }
    printComparison(runs);
    const out = resolve(ctx.cfg.REPORTS_DIR);
    mkdirSync(out, { recursive: true });
    const csv = [
      'level,code,stage,year,resident,registered,from_housing',
      ...[...city, ...counties, ...districts].map((f) =>
        [f.level, f.code, f.stage, f.year, f.resident.toFixed(1), f.registered.toFixed(1), f.fromHousing.toFixed(1)].join(','),
      ),
    ];
    writeFileSync(join(out, 'demo-projection.csv'), csv.join('\n') + '\n');
    console.log(`\nreport files:`);
    console.log(`  ${join(out, 'demo-projection.csv')}`);
    for (const r of runs) console.log(`  ${join(out, 'runs', `run-${r.id}.html`)}  (${r.name})`);
    const token = await ctx.app.get(TokensService).create(`demo ${new Date().toISOString().slice(0, 19)}`, 'admin');
    console.log(
      `\nto review on the map: npm start, then open http://${ctx.cfg.HOST}:${ctx.cfg.PORT}/ and give the page this token: ${token.token}`,
    );
    clock.lap('comparison, report files and token');
    clock.print();
    console.log(`demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await ctx.close();
  }
}
