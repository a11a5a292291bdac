import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FeatureCollection } from 'geojson';
import { enqueuedJobSchema, JobRunner, type EnqueuedJob } from '@app/jobs';
import type { AlertEntity, AlertEventEntity } from '@app/database';
import {
  ackRequestSchema,
  alertFeatureCollectionSchema,
  alertQuerySchema,
  figureQuerySchema,
  alertHistorySchema,
  alertListSchema,
  alertSchema,
  AlertsService,
  capacityFiguresSchema,
  evaluateRequestSchema,
  kpisQuerySchema,
  kpisSchema,
  type AlertFilter,
  type CapacityFigure,
} from '@app/warnings-service';
import { ApiJsonBody, ApiQueryOf, ApiReply, type RawQuery } from '../openapi';
import { intParam } from '../params';
import { Actor, Roles, type ActorInfo } from '../auth/auth.decorators';

function filterOf(q: RawQuery<typeof alertQuerySchema>): AlertFilter {
  return {
    dataset: q.dataset ?? 'quzhou',
    level: q.level,
    kind: q.kind,
    stage: q.stage,
    county: q.county,
    district: q.district,
    school: q.school,
    year: intParam('year', q.year, 1949, 2100),
    status: q.status,
    population: q.population,
    limit: intParam('limit', q.limit, 1, 5000) ?? 500,
    offset: intParam('offset', q.offset, 0) ?? 0,
  };
}

@ApiTags('warnings')
@Controller()
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly jobs: JobRunner,
  ) {}

  @Get('alerts')
  @ApiOperation({ summary: 'Early warnings (学位预警); status active (default), open, acknowledged, resolved or all' })
  @ApiQueryOf(alertQuerySchema)
  @ApiReply(alertListSchema)
  async list(@Query() q: RawQuery<typeof alertQuerySchema>): Promise<{ total: number; alerts: AlertEntity[] }> {
    return this.alerts.list(filterOf(q));
  }

  @Get('alerts.geojson')
  @ApiOperation({ summary: 'Alerts as GeoJSON at their subjects (school points, catchment/area/district polygons)' })
  @ApiQueryOf(alertQuerySchema)
  @ApiReply(alertFeatureCollectionSchema)
  async geojson(@Query() q: RawQuery<typeof alertQuerySchema>): Promise<FeatureCollection> {
    return this.alerts.geojson(filterOf(q));
  }

  @Post('alerts/:id/ack')
  @Roles('planner', 'reviewer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alert with a comment (kept in its history)' })
  @ApiJsonBody(ackRequestSchema, 'AckRequest')
  @ApiReply(alertSchema)
  async ack(@Param('id', ParseIntPipe) id: number, @Body() body: { comment?: string }, @Actor() actor: ActorInfo): Promise<AlertEntity> {
    if (typeof body?.comment !== 'string') throw new BadRequestException('comment is required');
    return this.alerts.acknowledge(id, body.comment, actor.name);
  }

  @Get('alerts/:id/history')
  @ApiOperation({ summary: 'Raised, updated, acknowledged and resolved events of an alert' })
  @ApiReply(alertHistorySchema)
  async history(@Param('id', ParseIntPipe) id: number): Promise<AlertEventEntity[]> {
    return this.alerts.history(id);
  }

  @Post('warnings/evaluate')
  @Roles('planner')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a re-evaluation of a dataset (normally automatic after imports and on schedule)' })
  @ApiJsonBody(evaluateRequestSchema, 'EvaluateRequest')
  @ApiReply(enqueuedJobSchema, { status: 202 })
  async evaluate(@Body() body: { dataset?: string }): Promise<EnqueuedJob> {
    return this.jobs.enqueue('warnings', { dataset: body?.dataset ?? 'quzhou', trigger: 'manual' });
  }

  @Get('kpis')
  @ApiOperation({ summary: "The plan's indicators of the latest evaluation: small schools, kindergarten shares, 差异系数, 大班额" })
  @ApiQueryOf(kpisQuerySchema)
  @ApiReply(kpisSchema)
  async kpis(@Query('dataset') dataset = 'quzhou'): Promise<
    | { dataset: string; evaluation: null; indicators: never[] }
    | {
        dataset: string;
        evaluationId: number;
        versionId: number;
        evaluationYear: number;
        createdAt: Date;
        changes: Record<string, number>;
        indicators: unknown;
        unmatchedDemand: unknown;
      }
  > {
    const ev = await this.alerts.latestEvaluation(dataset);
    if (!ev) return { dataset, evaluation: null, indicators: [] };
    return {
      dataset,
      evaluationId: ev.id,
      versionId: ev.versionId,
      evaluationYear: ev.evaluationYear,
      createdAt: ev.createdAt,
      changes: ev.changes,
      indicators: ev.indicators,
      unmatchedDemand: ev.unmatched,
    };
  }

  @Get('figures')
  @ApiOperation({ summary: 'Demand, seats, utilisation and gaps of the latest evaluation' })
  @ApiQueryOf(figureQuerySchema)
  @ApiReply(capacityFiguresSchema)
  async figures(@Query() q: RawQuery<typeof figureQuerySchema>): Promise<CapacityFigure[]> {
    return this.alerts.figures(q.dataset ?? 'quzhou', {
      subjectType: q.subjectType,
      code: q.code,
      stage: q.stage,
      year: intParam('year', q.year, 1949, 2100),
    });
  }
}
