import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ImportService } from '@app/datasets-service';
import { JobRegistry, JobRunner, type JobContext, type JobHandler } from '@app/jobs';
import { WarningsService, type EvaluationRequest, type EvaluationSummary } from './warnings.service';

/**
 * The `warnings` queue: evaluate a dataset. Every committed import queues one (deduplicated per version), so
 * warnings follow the data without anyone asking.
 */
@Injectable()
export class WarningsHandler implements JobHandler<EvaluationRequest, EvaluationSummary | EvaluationSummary[]>, OnModuleInit {
  readonly queue = 'warnings' as const;

  constructor(
    private readonly warnings: WarningsService,
    private readonly registry: JobRegistry,
    private readonly jobs: JobRunner,
    private readonly imports: ImportService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    this.imports.onVersionCreated(async (o) => {
      // Only queued mode reacts automatically; in-process callers (demo, CLI) evaluate explicitly, in order.
      if (this.jobs.queued)
        await this.jobs.enqueue(
          'warnings',
          { dataset: o.dataset, versionId: o.versionId, trigger: 'import' },
          { jobId: `warnings-v${o.versionId}` },
        );
    });
  }

  /** `dataset: '*'` (the schedule) evaluates every dataset. */
  async run(data: EvaluationRequest, ctx: JobContext): Promise<EvaluationSummary | EvaluationSummary[]> {
    if (data.dataset !== '*') return this.warnings.evaluate(data, (p) => ctx.progress(p));
    const out: EvaluationSummary[] = [];
    for (const dataset of await this.warnings.datasets())
      out.push(await this.warnings.evaluate({ ...data, dataset }, (p) => ctx.progress({ dataset, ...p })));
    return out;
  }
}
