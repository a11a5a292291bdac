/**
 * Projection speed on the demo city: in-process (every unit x 18 ages x 13 years x 2 populations) and the queued job
 * with its database writes. Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/projection.ts
 * Uses DATABASE_URL, or the local PostgreSQL at 127.0.0.1:5432, in a scratch database it drops afterwards.
 */
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { ConfigModule, loadConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DatasetsModule, ImportService } from '@app/datasets';
import { DemandModule, ProjectionService } from '@app/demand';
import { JobsModule } from '@app/jobs';
import { backtest, projectCohorts } from '@app/projection';
import { Module } from '@nestjs/common';
import { demoFiles, loadDemoRecords } from './demo-records';

async function main(): Promise<void> {
  const r = await loadDemoRecords();
  const input = { units: r.units, population: r.population, births: r.births, housing: r.housing };
  projectCohorts(input); // warm-up: JIT and lazy requires
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    rows = projectCohorts(input).rows.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[2];
  console.log(`in-process: ${r.units.length} units x 18 ages x 13 years x 2 populations -> ${rows} demand rows`);
  console.log(`  median ${median.toFixed(0)} ms over 5 runs (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)}); ${(r.units.length / (median / 1000)).toFixed(0)} units/s`);

  const bt = backtest(input, 1);
  console.log('back-test, hold out 1 year, MAPE % by stage (unit / township / county):');
  for (const [stage, e] of Object.entries(bt.resident.byStage)) {
    console.log(`  ${stage.padEnd(13)} ${e.unit.mape.toFixed(2)} / ${e.township.mape.toFixed(2)} / ${e.county.mape.toFixed(2)}`);
  }

  const server = loadConfig().DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `edu_bench_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  @Module({ imports: [ConfigModule.forRoot(), DatabaseModule.forRoot({ url: url.toString(), migrate: true }), JobsModule.forRoot({ prefix: 'bench' }), DatasetsModule, DemandModule] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    const outcome = await app.get(ImportService).import({ dataset: 'quzhou', files: demoFiles(), mode: 'replace' });
    const t = performance.now();
    const s = await app.get(ProjectionService).run({ versionId: outcome.versionId, assumptions: { birthExtension: 'medium' } });
    const total = performance.now() - t;
    console.log(`job with database writes: ${s.rows} rows in ${total.toFixed(0)} ms (load + project ${(total - s.writeMs).toFixed(0)} ms, write ${s.writeMs.toFixed(0)} ms)`);
  } finally {
    await app.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
