import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  AGGREGATION_LEVELS,
  enqueuedProjectionSchema,
  ProjectionService,
  projectionFiguresSchema,
  projectionQuerySchema,
  projectionRequestSchema,
  type AggregationLevel,
} from '@app/projection-service';
import { JobRunner, jobStatusSchema, QUEUES, type EnqueuedJob, type JobStatus, type QueueName } from '@app/jobs';
import { ApiJsonBody, ApiQueryOf, ApiReply, type RawQuery } from '../openapi';
import { LayerQueryService } from '@app/datasets-service';
import { intParam } from '../params';
import { Actor, Roles, type ActorInfo } from '../auth/auth.decorators';

@ApiTags('projections')
@Controller()
export class ProjectionsController {
  constructor(
    private readonly projections: ProjectionService,
    private readonly jobs: JobRunner,
    private readonly layers: LayerQueryService,
  ) {}

  @Post('projections')
  @Roles('planner')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Queue a projection of a dataset version (idempotent per version and assumptions). It is stored under the ' +
      'requester; only an admin with makeDefault makes it the one everyone reads (GET /projections, the warnings)',
  })
  @ApiJsonBody(projectionRequestSchema, 'ProjectionRequest')
  @ApiReply(enqueuedProjectionSchema, { status: 202 })
  async enqueue(@Body() body: unknown, @Actor() actor: ActorInfo): Promise<EnqueuedJob & { scenarioRef: string | null }> {
    const parsed = projectionRequestSchema.safeParse(body ?? {});
    if (!parsed.success)
      throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
    const req = parsed.data;
    if (req.makeDefault && actor.role !== 'admin')
      throw new ForbiddenException('only an admin may make a projection the default everyone reads');
    const versionId = await this.layers.resolveVersion(req.dataset ?? 'quzhou', req.version);
    // Without assumptions it is the standard projection, the default anyway; with them it is the requester's own.
    const standard = Object.keys(req.assumptions ?? {}).length === 0;
    const scenarioRef = req.makeDefault || standard ? null : `request:${actor.name}`;
    return { ...(await this.jobs.enqueue('projection', { versionId, assumptions: req.assumptions ?? {}, scenarioRef })), scenarioRef };
  }

  @Get('projections')
  @ApiOperation({ summary: 'Projected pupils by level (unit, township, county, city, catchment, district), stage and year' })
  @ApiQueryOf(projectionQuerySchema)
  @ApiReply(projectionFiguresSchema)
  async list(@Query() q: RawQuery<typeof projectionQuerySchema>): Promise<z.output<typeof projectionFiguresSchema>> {
    const level = (q.level ?? 'county') as AggregationLevel;
    if (!AGGREGATION_LEVELS.includes(level))
      throw new BadRequestException(`level must be one of ${AGGREGATION_LEVELS.join(', ')}, got "${q.level}"`);
    const population = q.population ?? 'resident';
    if (population !== 'resident' && population !== 'registered')
      throw new BadRequestException(`population must be resident or registered, got "${population}"`);
    const runId = intParam('run', q.run, 1);
    const run =
      runId !== undefined
        ? await this.projections.runById(runId)
        : await this.projections.latestRun(await this.layers.resolveVersion(q.dataset ?? 'quzhou', intParam('version', q.version, 1)));
    if (!run)
      throw new NotFoundException(
        runId !== undefined ? `projection run ${runId} does not exist` : 'this version has not been projected yet: POST /projections first',
      );
    const versionId = run.versionId;
    const filter = { code: q.code, stage: q.stage, year: intParam('year', q.year, 1949, 2100) };
    if (q.intervals === 'true' || q.intervals === '1') {
      const withIv = await this.projections.aggregateWithIntervals(run.id, level, filter);
      return {
        runId: run.id,
        versionId,
        population,
        figures: withIv.map(({ intervals, ...f }) => ({
          ...f,
          value: population === 'resident' ? f.resident : f.registered,
          interval: intervals ? intervals[population] : null,
        })),
      };
    }
    const figures = await this.projections.aggregate(run.id, level, filter);
    return {
      runId: run.id,
      versionId,
      population,
      figures: figures.map((f) => ({ ...f, value: population === 'resident' ? f.resident : f.registered })),
    };
  }

  @Get('jobs/:queue/:id')
  @ApiOperation({ summary: 'State and progress of a queued job' })
  @ApiReply(jobStatusSchema)
  async job(@Param('queue') queue: string, @Param('id') id: string): Promise<JobStatus> {
    if (!QUEUES.includes(queue as QueueName)) throw new BadRequestException(`unknown queue "${queue}"`);
    const s = await this.jobs.status(queue as QueueName, id);
    if (!s) throw new NotFoundException(`job ${queue}/${id} not found`);
    return s;
  }
}
