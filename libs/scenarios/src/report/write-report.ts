import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { ConsolidationPlan } from '@app/consolidation';
import { ScenarioEntity, ScenarioRunEntity } from '@app/database';
import type { DatasetStore } from '@app/datasets';
import type { RunKpis } from '../run-kpis';
import { renderRunReport, type ReportData } from './render-report';

/** Gathers a run's data for its report. */
export async function reportData(ds: DataSource, store: DatasetStore, runId: number): Promise<ReportData> {
  const run = await ds.getRepository(ScenarioRunEntity).findOneByOrFail({ id: runId });
  const scenario = await ds.getRepository(ScenarioEntity).findOneByOrFail({ id: run.scenarioId });
  const records = await store.loadRecords(run.versionId, ['areas', 'schools', 'districts']);
  const results = (run.results ?? {}) as { alerts?: ReportData['alerts']; plan?: ConsolidationPlan | null; consolidation?: { status: string; message: string } };
  return {
    runId,
    scenarioName: scenario.name,
    datasetVersion: run.versionId,
    createdAt: run.createdAt.toISOString(),
    overrides: run.overrides,
    kpis: run.kpis as unknown as RunKpis,
    alerts: results.alerts ?? [],
    plan: results.plan ?? null,
    consolidation: results.consolidation ?? null,
    records: { ...records, areas: records.areas.filter((a) => a.level === 'county') },
  };
}

/** Writes `<reports>/runs/run-<id>.html` and returns its path. */
export async function writeRunReport(ds: DataSource, store: DatasetStore, reportsDir: string, runId: number): Promise<string> {
  const html = renderRunReport(await reportData(ds, store, runId));
  const dir = resolve(reportsDir, 'runs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `run-${runId}.html`);
  writeFileSync(file, html);
  return file;
}
