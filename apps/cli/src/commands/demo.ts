import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetStore, ImportService } from '@app/datasets';
import { ProjectionService } from '@app/demand';
import { JobRunner } from '@app/jobs';
import type { ParsedArgs } from '../args';
import { openContext } from '../context';

const DEMO_DIR = resolve(__dirname, '../../../../geo/demo/quzhou');
const STAGES = ['kindergarten', 'primary', 'junior', 'senior'] as const;

/** Imports the demo region once (skipped when the same files are already the latest version). */
async function importDemo(imports: ImportService, store: DatasetStore): Promise<number> {
  const names = readdirSync(DEMO_DIR).filter((n) => /\.(geojson|csv|xlsx)$/.test(n)).sort();
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
  console.log(`imported the demo region (${names.length} files) as version ${outcome.number} (id ${outcome.versionId}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const [layer, n] of Object.entries(outcome.counts)) console.log(`  ${layer.padEnd(11)} ${n}`);
  return outcome.versionId;
}

/** `demo`: the main job on the bundled demo region; prints what a planner needs and writes report files. */
export async function demoCommand(_args: ParsedArgs): Promise<number> {
  const started = performance.now();
  if (!existsSync(DEMO_DIR)) throw new Error(`the demo region is missing at ${DEMO_DIR}`);
  const ctx = await openContext({ inlineJobs: true });
  try {
    const versionId = await importDemo(ctx.app.get(ImportService), ctx.app.get(DatasetStore));
    const job = await ctx.app.get(JobRunner).enqueue('projection', { versionId, assumptions: { birthExtension: 'medium' } });
    const summary = job.result as { runId: number; baseYear: number; horizon: number; rows: number; computeMs: number };
    const svc = ctx.app.get(ProjectionService);
    const years = [0, 3, 6, 12].map((d) => summary.baseYear + d);
    const city = await svc.aggregate(summary.runId, 'city');
    const districts = await svc.aggregate(summary.runId, 'district');
    const counties = await svc.aggregate(summary.runId, 'county');
    console.log(`\nprojected demand (medium births), resident pupils, ${years.join(' / ')}:`);
    const row = (label: string, figs: typeof city, code?: string) => {
      const cells = STAGES.map((s) => years.map((y) => String(Math.round(figs.find((f) => (!code || f.code === code) && f.stage === s && f.year === y)?.resident ?? 0)).padStart(7)).join(''));
      console.log(`${label.padEnd(14)}${cells.join('   ')}`);
    };
    console.log(`${''.padEnd(14)}${STAGES.map((s) => s.padEnd(28)).join(' ')}`);
    row('city', city);
    for (const code of [...new Set(counties.map((f) => f.code))].sort()) row(code, counties, code);
    for (const code of [...new Set(districts.map((f) => f.code))].sort()) row(`district ${code}`, districts, code);
    const out = resolve(ctx.cfg.REPORTS_DIR);
    mkdirSync(out, { recursive: true });
    const csv = ['level,code,stage,year,resident,registered,from_housing', ...[...city, ...counties, ...districts].map((f) => [f.level, f.code, f.stage, f.year, f.resident.toFixed(1), f.registered.toFixed(1), f.fromHousing.toFixed(1)].join(','))];
    writeFileSync(join(out, 'demo-projection.csv'), csv.join('\n') + '\n');
    console.log(`\nreport files: ${join(out, 'demo-projection.csv')}`);
    console.log(`demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await ctx.close();
  }
}
