import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { FeatureCollection } from 'geojson';
import type { RunReviewEntity, ScenarioEntity, ScenarioRunEntity } from '@app/database';
import { featureCollectionSchema } from '@app/geo';
import { capacityFiguresSchema, type AlertCandidateReply, type CapacityFigure } from '@app/warnings-service';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  adoptOutcomeSchema,
  adoptRequestSchema,
  alertCandidatesSchema,
  compareQuerySchema,
  resultsQuerySchema,
  runFigureQuerySchema,
  reviewedRunSchema,
  runComparisonSchema,
  runDetailSchema,
  runListSchema,
  runRequestSchema,
  RunResultsService,
  runReviewsSchema,
  runSchema,
  RunStorageService,
  RunsService,
  scenarioDefaultsSchema,
  scenarioListSchema,
  scenarioQuerySchema,
  scenarioSchema,
  ScenariosService,
  type CompareFormat,
  type ResultFormat,
  type ResultTable,
  type RunSummary,
  type StoredRun,
} from '@app/scenarios-service';
import { createScenarioSchema, OBJECTIVE_WEIGHTS, policyDefaults, reviewRequestSchema } from '@app/scenarios-model';
import { allows, meSchema } from '@app/access';
import { ApiFile, ApiJsonBody, ApiQueryOf, ApiReply, type RawQuery } from '../openapi';
import { Actor, Roles, type ActorInfo } from '../auth/auth.decorators';
import { intParam } from '../params';

/** The content type of the workbooks (results, comparison, dossiers). */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('scenarios')
@Controller()
export class ScenariosController {
  constructor(
    private readonly scenarios: ScenariosService,
    private readonly runs: RunsService,
    private readonly results: RunResultsService,
    private readonly storage: RunStorageService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  @Get('scenarios/defaults')
  @ApiOperation({ summary: 'The policy defaults a scenario falls back to (value, unit, source) and the cost weights of each objective' })
  @ApiReply(scenarioDefaultsSchema)
  defaults(): { policy: ReturnType<typeof policyDefaults>; objectives: typeof OBJECTIVE_WEIGHTS } {
    return { policy: policyDefaults(this.cfg.SOLVER_TIME_LIMIT_S), objectives: OBJECTIVE_WEIGHTS };
  }

  @Get('scenarios')
  @ApiOperation({ summary: 'Scenarios with their runs' })
  @ApiQueryOf(scenarioQuerySchema)
  @ApiReply(scenarioListSchema)
  async list(
    @Query('dataset') dataset?: string,
  ): Promise<(ScenarioEntity & { runs: Pick<ScenarioRunEntity, 'id' | 'status' | 'createdAt'>[] })[]> {
    return this.scenarios.list(dataset);
  }

  @Post('scenarios')
  @Roles('planner')
  @ApiOperation({ summary: 'Create a scenario: a base version plus overrides (400 names the field of a bad override)' })
  @ApiJsonBody(createScenarioSchema, 'CreateScenarioRequest')
  @ApiReply(scenarioSchema, { status: 201 })
  async create(@Body() body: Record<string, unknown>, @Actor() actor: ActorInfo): Promise<ScenarioEntity> {
    return this.scenarios.create(body ?? {}, actor.name);
  }

  @Get('scenarios/:id')
  @ApiReply(scenarioSchema)
  async get(@Param('id', ParseIntPipe) id: number): Promise<ScenarioEntity> {
    return this.scenarios.get(id);
  }

  @Post('scenarios/:id/runs')
  @Roles('planner')
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Run a scenario as one queued flow (projection, warnings, optimisation when asked, report); 429 past the role's daily run quota",
  })
  @ApiJsonBody(runRequestSchema, 'RunRequest')
  @ApiReply(runSchema, { status: 202 })
  async run(@Param('id', ParseIntPipe) id: number, @Body() body: { consolidate?: boolean }, @Actor() actor: ActorInfo): Promise<StoredRun> {
    if (body?.consolidate !== undefined && typeof body.consolidate !== 'boolean')
      throw new BadRequestException('consolidate must be true or false');
    await this.storage.assertQuota(actor.name, actor.role);
    return this.runs.start(id, { consolidate: body?.consolidate }, actor.name);
  }

  @Get('me')
  @ApiOperation({ summary: 'Who the token is and what it may do (the map page shows the review form only when mayReview)' })
  @ApiReply(meSchema)
  me(@Actor() actor: ActorInfo): { name: string | null; role: string; mayReview: boolean; mayRun: boolean } {
    return { name: actor.name, role: actor.role, mayReview: allows(actor.role, ['reviewer']), mayRun: allows(actor.role, ['planner']) };
  }

  @Get('runs')
  @ApiReply(runListSchema)
  async runsList(): Promise<RunSummary[]> {
    return this.runs.list();
  }

  @Get('runs/compare')
  @ApiOperation({
    summary:
      'Two runs side by side: headline figures with 80/95 % intervals, KPIs by year, the schools and areas whose status differs; ' +
      'format=json|csv|xlsx, lang=zh|en (xlsx: headline, by-year, differing and closures sheets)',
  })
  @ApiQueryOf(compareQuerySchema)
  @ApiReply(runComparisonSchema, { description: 'format=json; csv and xlsx are files' })
  async compare(
    @Query() q: RawQuery<typeof compareQuerySchema>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Awaited<ReturnType<RunResultsService['compare']>> | StreamableFile> {
    const ia = intParam('a', q.a, 1);
    const ib = intParam('b', q.b, 1);
    if (ia === undefined || ib === undefined) throw new BadRequestException('compare needs ?a=RUN&b=RUN');
    const format = q.format ?? 'json';
    if (format === 'json') return this.results.compare(ia, ib);
    const out = await this.results.compareExport(ia, ib, format as CompareFormat, q.lang === 'en' ? 'en' : 'zh');
    res.setHeader('content-type', out.contentType);
    res.setHeader('content-disposition', `attachment; filename="${out.filename}"`);
    return new StreamableFile(Buffer.isBuffer(out.body) ? out.body : Buffer.from(out.body));
  }

  @Get('runs/:id')
  @ApiOperation({
    summary:
      'A run: status (infeasible with its reason), per-step progress, error (naming the failed step), KPIs, its world ' +
      '(conservation, closures) and review',
  })
  @ApiReply(runDetailSchema)
  async getRun(
    @Param('id', ParseIntPipe) id: number,
  ): Promise<Omit<StoredRun, 'results'> & { world: object | null; reason: unknown; reviews: RunReviewEntity[] }> {
    const r = await this.runs.get(id);
    const { results, ...rest } = r;
    const res = results ?? {};
    return { ...rest, world: res.world ?? null, reason: res.consolidation?.reason ?? null, reviews: await this.runs.reviews(id) };
  }

  @Post('runs/:id/cancel')
  @Roles('planner')
  @HttpCode(200)
  @ApiReply(runSchema)
  async cancel(@Param('id', ParseIntPipe) id: number): Promise<StoredRun> {
    return this.runs.cancel(id);
  }

  @Post('runs/:id/review')
  @Roles('reviewer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Approve or reject a run's plan with a note. The body names the run (runId = :id); a run already reviewed needs " +
      '"supersede": true (409 otherwise); every review stays in the history',
  })
  @ApiJsonBody(reviewRequestSchema, 'ReviewRequest')
  @ApiReply(reviewedRunSchema)
  async review(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: unknown,
    @Actor() actor: ActorInfo,
    @Req() req: Request & { audit?: Record<string, unknown> },
  ): Promise<StoredRun & { reviews: RunReviewEntity[] }> {
    const b = (body ?? {}) as Record<string, unknown>;
    // The audit trail keeps what was decided on which run, not only the path.
    req.audit = {
      runId: b.runId ?? null,
      decision: b.decision ?? null,
      note: typeof b.note === 'string' ? b.note.slice(0, 4000) : null,
      supersede: b.supersede ?? false,
    };
    return this.runs.review(id, body, actor.name);
  }

  @Post('runs/:id/adopt')
  @Roles('reviewer')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Adopt an approved run's plan as a new dataset version (body: runId = :id, note); the lineage (run, base version, " +
      "approver, note) is in the version's summary",
  })
  @ApiJsonBody(adoptRequestSchema, 'AdoptRequest')
  @ApiReply(adoptOutcomeSchema, { status: 201 })
  async adopt(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: unknown,
    @Actor() actor: ActorInfo,
    @Req() req: Request & { audit?: Record<string, unknown> },
  ): Promise<Awaited<ReturnType<RunsService['adopt']>>> {
    const b = (body ?? {}) as Record<string, unknown>;
    req.audit = { runId: b.runId ?? null, note: typeof b.note === 'string' ? b.note.slice(0, 4000) : null };
    return this.runs.adopt(id, body, actor.name);
  }

  @Get('runs/:id/reviews')
  @ApiOperation({ summary: 'Every review of a run, oldest first (decision, note, reviewer, time, the review it superseded)' })
  @ApiReply(runReviewsSchema)
  async reviews(@Param('id', ParseIntPipe) id: number): Promise<RunReviewEntity[]> {
    await this.runs.get(id);
    return this.runs.reviews(id);
  }

  @Get('runs/:id/figures')
  @ApiQueryOf(runFigureQuerySchema)
  @ApiReply(capacityFiguresSchema)
  async figures(@Param('id', ParseIntPipe) id: number, @Query() q: RawQuery<typeof runFigureQuerySchema>): Promise<CapacityFigure[]> {
    return this.results.figures(id, {
      subjectType: q.subjectType,
      code: q.code,
      stage: q.stage,
      year: intParam('year', q.year, 1949, 2100),
    });
  }

  @Get('runs/:id/alerts')
  @ApiReply(alertCandidatesSchema)
  async alerts(@Param('id', ParseIntPipe) id: number): Promise<AlertCandidateReply[]> {
    return this.results.alerts(id);
  }

  @Get('runs/:id/alerts.geojson')
  @ApiReply(featureCollectionSchema)
  async alertsGeojson(@Param('id', ParseIntPipe) id: number): Promise<FeatureCollection> {
    return this.results.alertsGeojson(id);
  }

  @Get('runs/:id/plan.geojson')
  @ApiOperation({ summary: "Closed schools and pupil transfers of the run's consolidation plan" })
  @ApiReply(featureCollectionSchema)
  async plan(@Param('id', ParseIntPipe) id: number): Promise<FeatureCollection> {
    return this.results.planGeojson(id);
  }

  @Get('runs/:id/results')
  @ApiOperation({
    summary:
      'Results: table=schools|areas|alerts|plan|closures|headline|kpis, format=json|geojson|csv|xlsx, lang=zh|en, ' +
      'geometry=point|line|polygon (GeoJSON: one geometry type per file)',
  })
  @ApiQueryOf(resultsQuerySchema)
  @ApiFile(
    'the table as an attachment: format=json its rows (application/json), geojson, csv or xlsx',
    'application/geo+json',
    'text/csv',
    XLSX,
  )
  async export(
    @Param('id', ParseIntPipe) id: number,
    @Query() q: RawQuery<typeof resultsQuerySchema>,
    @Res() res: Response,
  ): Promise<void> {
    const lang = q.lang === 'en' ? 'en' : 'zh';
    const out = await this.results.export(
      id,
      (q.table ?? 'schools') as ResultTable,
      (q.format ?? 'json') as ResultFormat,
      lang,
      q.geometry,
    );
    res.setHeader('content-type', out.contentType);
    res.setHeader('content-disposition', `attachment; filename="${out.filename}"`);
    res.send(typeof out.body === 'string' || Buffer.isBuffer(out.body) ? out.body : JSON.stringify(out.body));
  }

  @Get('runs/:id/dossiers')
  @ApiOperation({ summary: "County summary of the plan's closures (HTML, Chinese) linking one dossier per closure" })
  @ApiFile('the county summary (HTML)', 'text/html')
  async dossierSummary(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    this.sendFile(res, await this.results.dossier(id, { kind: 'summary' }), false);
  }

  @Get('runs/:id/dossiers.xlsx')
  @ApiOperation({ summary: 'Closure dossiers as one workbook: a county summary sheet and one sheet per closure' })
  @ApiFile('the dossiers workbook', XLSX)
  async dossierWorkbook(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    this.sendFile(res, await this.results.dossier(id, { kind: 'xlsx' }), true);
  }

  @Get('runs/:id/dossiers/:school')
  @ApiOperation({
    summary: "One closure's dossier (可行性论证、公示、听证): pupils, destinations, travel, boarding, receiving classes, costs, rule",
  })
  @ApiFile("the closure's dossier (HTML)", 'text/html')
  async dossier(@Param('id', ParseIntPipe) id: number, @Param('school') school: string, @Res() res: Response): Promise<void> {
    this.sendFile(res, await this.results.dossier(id, { kind: 'school', school }), false);
  }

  private sendFile(res: Response, out: { body: string | Buffer; contentType: string; filename: string }, attachment: boolean): void {
    res.setHeader('content-type', out.contentType);
    res.setHeader('content-disposition', `${attachment ? 'attachment' : 'inline'}; filename="${out.filename}"`);
    res.send(out.body);
  }

  @Get('runs/:id/report')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Self-contained HTML report (tables, charts, map; opens offline)' })
  @ApiFile('the report (HTML)', 'text/html')
  async report(@Param('id', ParseIntPipe) id: number): Promise<string> {
    return this.results.reportHtml(id);
  }
}
