import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSource } from 'typeorm';
import { ScenarioEntity } from '@app/database';
import type { DatasetStore } from '@app/datasets-service';
import type { ProjectionService } from '@app/projection-service';
import { headlineFigures } from '@app/scenarios-model';
import { headlineIntervals } from '../headline-intervals';
import { runRepository } from '../stored-run';
import { renderRunReport, type ReportData } from '@app/scenarios-model';
import { runReportPath } from './report-files';

/** Gathers a run's data for its report: records, names of every code, and the headline figures with their intervals. */
export async function reportData(ds: DataSource, store: DatasetStore, runId: number, projections: ProjectionService): Promise<ReportData> {
  const run = await runRepository(ds).findOneByOrFail({ id: runId });
  const scenario = await ds.getRepository(ScenarioEntity).findOneByOrFail({ id: run.scenarioId });
  const records = await store.loadRecords(run.versionId, ['areas', 'schools', 'districts', 'catchments']);
  const names = new Map<string, string>([
    ...records.areas.map((a): [string, string] => [a.code, a.name]),
    ...records.districts.map((d): [string, string] => [d.code, d.name]),
    ...records.schools.map((x): [string, string] => [x.code, x.name]),
  ]);
  // A catchment is named by the schools that serve it.
  for (const c of records.catchments) names.set(c.code, `${c.schoolCodes.map((sc) => names.get(sc) ?? sc).join('、')}学区`);
  // The report step writes the KPIs just before it writes the report.
  const kpis = run.kpis;
  if (!kpis) throw new Error(`run ${runId} has no KPIs to report`);
  const results = run.results ?? {};
  return {
    runId,
    scenarioName: scenario.name,
    datasetVersion: run.versionId,
    createdAt: run.createdAt.toISOString(),
    overrides: run.overrides,
    kpis,
    headline: headlineFigures(kpis, await headlineIntervals(ds, projections, run), new Map(records.districts.map((d) => [d.code, d.name]))),
    names: Object.fromEntries(names),
    catchmentSchools: Object.fromEntries(records.catchments.map((c) => [c.code, c.schoolCodes])),
    alerts: results.alerts ?? [],
    plan: results.plan ?? null,
    consolidation: results.consolidation ?? null,
    records: {
      schools: records.schools,
      districts: records.districts,
      areas: records.areas.filter((a) => a.level === 'county' || a.level === 'city'),
    },
  };
}

/** Writes `<reports>/runs/run-<id>.html` and returns its path. */
export async function writeRunReport(
  ds: DataSource,
  store: DatasetStore,
  reportsDir: string,
  runId: number,
  projections: ProjectionService,
): Promise<string> {
  const html = renderRunReport(await reportData(ds, store, runId, projections));
  const file = runReportPath(reportsDir, runId);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  return file;
}
