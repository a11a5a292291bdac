/**
 * The steps of a scenario run, in order; optimisation only when the scenario asks for it. The optimisation comes
 * before the warnings so that the warnings, network reach and KPIs are computed on the world after the plan.
 */
export const RUN_STEPS = ['projection', 'optimisation', 'warnings', 'report'] as const;
export type RunStep = (typeof RUN_STEPS)[number];

export interface StepState {
  name: RunStep;
  state: 'pending' | 'running' | 'done' | 'skipped' | 'failed';
  progress: number;
  message?: string;
  /** The optimisation step's solver while it runs: incumbent, bound (objective units), relative gap, elapsed ms. */
  solver?: { incumbent: number | null; bound: number | null; gap: number | null; elapsedMs: number };
}

export interface RunProgress {
  overall: number;
  steps: StepState[];
}

/** Initial progress of a run. */
export function initialProgress(consolidate: boolean): RunProgress {
  return {
    overall: 0,
    steps: RUN_STEPS.map((name) => ({ name, state: name === 'optimisation' && !consolidate ? 'skipped' : 'pending', progress: 0 })),
  };
}

/** Overall progress: the mean of the steps that run (skipped ones do not count). */
export function overallOf(steps: StepState[]): number {
  const counted = steps.filter((s) => s.state !== 'skipped');
  if (counted.length === 0) return 100;
  return Math.round(counted.reduce((a, s) => a + (s.state === 'done' ? 100 : s.progress), 0) / counted.length);
}
