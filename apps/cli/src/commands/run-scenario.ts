import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runRepository, RunsService, ScenariosService, type StoredRun } from '@app/scenarios-service';
import { type RunKpis, type RunProgress } from '@app/scenarios-model';

/**
 * Creates a scenario and runs it to the end in this process; returns the finished run (or throws with its error).
 * `onProgress` sees the run's stored progress every second while it runs.
 */
export async function runScenarioInline(
  app: INestApplicationContext,
  name: string,
  dataset: string,
  overrides: Record<string, unknown>,
  onProgress?: (progress: RunProgress) => void,
): Promise<StoredRun & { kpis: RunKpis }> {
  const scenario = await app.get(ScenariosService).create({ name, dataset, overrides }, 'cli');
  const runs = app.get(RunsService);
  // The run's id is only known once it has finished (start waits), so its scenario finds it meanwhile.
  const poll = onProgress
    ? setInterval(() => {
        void runRepository(app.get(DataSource))
          .findOne({ where: { scenarioId: scenario.id }, order: { id: 'DESC' } })
          .then(
            (r) => r && onProgress(r.progress),
            () => undefined,
          );
      }, 1000)
    : undefined;
  const started = await runs.start(scenario.id, { wait: true }, 'cli').finally(() => clearInterval(poll));
  const run = await runs.get(started.id);
  if (run.status !== 'completed' && run.status !== 'infeasible')
    throw new Error(`run ${run.id} of "${name}" ${run.status}${run.error ? ` in step ${run.error.step}: ${run.error.message}` : ''}`);
  // A finished run's report step has stored its KPIs.
  const { kpis } = run;
  if (!kpis) throw new Error(`run ${run.id} of "${name}" ${run.status} without KPIs`);
  return { ...run, kpis };
}
