import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry, type JobContext, type JobHandler } from '@app/jobs';
import { ProjectionService, type ProjectionRequest, type ProjectionSummary } from './projection.service';

/** The `projection` queue's domain side: project a version, store it once. */
@Injectable()
export class ProjectionHandler implements JobHandler<ProjectionRequest, ProjectionSummary>, OnModuleInit {
  readonly queue = 'projection' as const;

  constructor(
    private readonly projections: ProjectionService,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  run(data: ProjectionRequest, ctx: JobContext): Promise<ProjectionSummary> {
    return this.projections.run(data, (p) => ctx.progress(p));
  }
}
