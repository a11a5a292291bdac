import type { INestApplicationContext } from '@nestjs/common';
import { RunsService, ScenariosService, type RunKpis } from '@app/scenarios';
import type { ScenarioRunEntity } from '@app/database';

/** Creates a scenario and runs it to the end in this process; returns the finished run (or throws with its error). */
export async function runScenarioInline(app: INestApplicationContext, name: string, dataset: string, overrides: Record<string, unknown>): Promise<ScenarioRunEntity & { kpis: RunKpis }> {
  const scenario = await app.get(ScenariosService).create({ name, dataset, overrides }, 'cli');
  const runs = app.get(RunsService);
  const started = await runs.start(scenario.id, { wait: true }, 'cli');
  const run = await runs.get(started.id);
  if (run.status !== 'completed' && run.status !== 'infeasible') throw new Error(`run ${run.id} of "${name}" ${run.status}${run.error ? ` in step ${run.error.step}: ${run.error.message}` : ''}`);
  return run as ScenarioRunEntity & { kpis: RunKpis };
}
