import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AGGREGATION_LEVELS, ProjectionService, type AggregationLevel, type DemandFigure } from '@app/demand';
import { JobRunner, QUEUES, type EnqueuedJob, type JobStatus, type QueueName } from '@app/jobs';
import { LayerQueryService } from '@app/planning';
import type { ProjectionAssumptions } from '@app/projection';
import { intParam } from '../params';
import { Roles } from '../auth/auth.decorators';

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
  @ApiOperation({ summary: 'Queue a projection of a dataset version (idempotent per version and assumptions)' })
  async enqueue(@Body() body: { dataset?: string; version?: number; assumptions?: ProjectionAssumptions }): Promise<EnqueuedJob> {
    const versionId = await this.layers.resolveVersion(body.dataset ?? 'quzhou', body.version);
    return this.jobs.enqueue('projection', { versionId, assumptions: body.assumptions ?? {} });
  }

  @Get('projections')
  @ApiOperation({ summary: 'Projected pupils by level (unit, township, county, city, catchment, district), stage and year' })
  @ApiQuery({ name: 'level', required: false })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'stage', required: false })
  @ApiQuery({ name: 'year', required: false })
  @ApiQuery({ name: 'population', required: false, description: 'resident (default) or registered' })
  @ApiQuery({ name: 'dataset', required: false })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({ name: 'intervals', required: false, description: 'true: each figure with its 80 % / 95 % interval (lo80, hi80, lo95, hi95) of the chosen population' })
  async list(@Query() q: Record<string, string | undefined>): Promise<{ runId: number; versionId: number; population: string; figures: (DemandFigure & { value: number })[] }> {
    const level = (q.level ?? 'county') as AggregationLevel;
    if (!AGGREGATION_LEVELS.includes(level)) throw new BadRequestException(`level must be one of ${AGGREGATION_LEVELS.join(', ')}, got "${q.level}"`);
    const population = q.population ?? 'resident';
    if (population !== 'resident' && population !== 'registered') throw new BadRequestException(`population must be resident or registered, got "${population}"`);
    const versionId = await this.layers.resolveVersion(q.dataset ?? 'quzhou', intParam('version', q.version, 1));
    const run = await this.projections.latestRun(versionId);
    if (!run) throw new NotFoundException(`version ${versionId} has not been projected yet: POST /projections first`);
    const filter = { code: q.code, stage: q.stage, year: intParam('year', q.year, 1949, 2100) };
    if (q.intervals === 'true' || q.intervals === '1') {
      const withIv = await this.projections.aggregateWithIntervals(run.id, level, filter);
      return {
        runId: run.id,
        versionId,
        population,
        figures: withIv.map(({ intervals, ...f }) => ({ ...f, value: population === 'resident' ? f.resident : f.registered, interval: intervals ? intervals[population] : null })),
      };
    }
    const figures = await this.projections.aggregate(run.id, level, filter);
    return { runId: run.id, versionId, population, figures: figures.map((f) => ({ ...f, value: population === 'resident' ? f.resident : f.registered })) };
  }

  @Get('jobs/:queue/:id')
  @ApiOperation({ summary: 'State and progress of a queued job' })
  async job(@Param('queue') queue: string, @Param('id') id: string): Promise<JobStatus> {
    if (!QUEUES.includes(queue as QueueName)) throw new BadRequestException(`unknown queue "${queue}"`);
    const s = await this.jobs.status(queue as QueueName, id);
    if (!s) throw new NotFoundException(`job ${queue}/${id} not found`);
    return s;
  }
}
