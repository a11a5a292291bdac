import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry, type JobContext, type JobHandler, type QueueName } from '@app/jobs';
import { RunExecutor } from './run-executor';
import type { RunStep } from '@app/scenarios-model';

interface StepData {
  runId: number;
  step: RunStep;
}

/** `scenario` and `optimisation` queues: one step of a run each (optimisation has its own queue to scale apart). */
@Injectable()
export class ScenarioStepHandler implements OnModuleInit {
  constructor(
    private readonly executor: RunExecutor,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    for (const queue of ['scenario', 'optimisation'] as QueueName[]) {
      const handler: JobHandler<StepData, { runId: number; step: RunStep }> = {
        queue,
        run: async (data: StepData, ctx: JobContext) => {
          await this.executor.execute(data.runId, data.step, ctx.finalAttempt);
          return { runId: data.runId, step: data.step };
        },
        gaveUp: async (data: StepData, reason: string) => this.executor.abandon(data.runId, data.step, reason),
      };
      this.registry.register(handler);
    }
  }
}
