import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { z } from 'zod';
import { parseConfig } from '@app/config';
import { LAYER_PROPERTIES, MAP_LAYERS } from '@app/datasets-service';
import { API_CONTROLLERS } from '../apps/api/src/api.module';
import { createApiApp } from '../apps/api/src/create-app';
import { REPLY_SCHEMA } from '../apps/api/src/openapi';
import { AlertsController } from '../apps/api/src/controllers/alerts.controller';
import { DatasetsController } from '../apps/api/src/controllers/datasets.controller';
import { HealthController } from '../apps/api/src/controllers/health.controller';
import { LayersController } from '../apps/api/src/controllers/layers.controller';
import { ProjectionsController } from '../apps/api/src/controllers/projections.controller';
import { ScenariosController } from '../apps/api/src/controllers/scenarios.controller';
import { TokensController } from '../apps/api/src/controllers/tokens.controller';
import { TravelController } from '../apps/api/src/controllers/travel.controller';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { createTestDatabase, type TestDatabase, TEST_REPORTS_DIR } from './support/test-env';
import { waitFor } from './support/worker-process';

/**
 * Real answers of the API (toy region, jobs in-process) parsed with the response schemas its OpenAPI document
 * publishes, taken from the handlers' own decorators: a schema that lies about a type, a null or a missing member
 * fails here. Parsing must also give back the answer unchanged, so an undocumented member (stripped by a closed
 * object schema) fails too. The served /docs-json is the committed openapi.json.
 */
const ROOT = resolve(__dirname, '..');
const TOY = join(ROOT, 'geo/demo/toy');

describe('answers match their published OpenAPI schemas (toy region, real API)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;
  const checked = new Set<unknown>();

  /** Parses `body` with the schema that `handler` publishes for `status`; returns it typed by that schema. */
  function check(name: string, handler: unknown, status: number, body: unknown): unknown {
    const schemas = (Reflect.getMetadata(REPLY_SCHEMA, handler as object) ?? {}) as Record<number, z.ZodType>;
    const schema = schemas[status];
    if (!schema) throw new Error(`${name}: no response schema published for ${status}`);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new Error(`${name}: ${z.prettifyError(parsed.error)}`);
    expect(parsed.data).toStrictEqual(body);
    checked.add(handler);
    return parsed.data;
  }
  const get = async (name: string, handler: unknown, path: string, status = 200) =>
    check(name, handler, status, (await http.get(path).expect(status)).body);
  const post = async (name: string, handler: unknown, path: string, body: object, status: number) =>
    check(name, handler, status, (await http.post(path).send(body).expect(status)).body);

  beforeAll(async () => {
    db = await createTestDatabase('edu_openapi');
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      WARNING_CRON: '',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      QUEUE_PREFIX: `o${db.name}`,
      REPORTS_DIR: TEST_REPORTS_DIR,
    });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: cfg.QUEUE_PREFIX });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('serves the committed document at /docs-json', async () => {
    const served = (await http.get('/docs-json').expect(200)).body as { paths: object; components: { schemas: Record<string, unknown> } };
    const committed = JSON.parse(readFileSync(join(ROOT, 'apps/web/src/generated/openapi.json'), 'utf8')) as typeof served;
    expect(served).toEqual(committed);
    expect(Object.keys(served.components.schemas).length).toBe(Object.keys(committed.components.schemas).length);
  });

  it('imports, projects, evaluates: datasets, layers, projections, alerts, figures', async () => {
    const dry = attachDir(http.post('/datasets/toy/imports?dryRun=true'), TOY);
    const preview = check('import dryRun', DatasetsController.prototype.import, 200, (await dry.expect(200)).body) as { accepted: boolean };
    expect(preview.accepted).toBe(true);
    const req = attachDir(http.post('/datasets/toy/imports'), TOY);
    const outcome = check('import', DatasetsController.prototype.import, 201, (await req.expect(201)).body) as {
      versionId: number;
      counts: Record<string, number>;
    };
    expect(outcome.counts.schools).toBe(8);

    await get('GET /health', HealthController.prototype.health, '/health');
    const versions = (await get('GET /datasets', DatasetsController.prototype.versions, '/datasets')) as { id: number }[];
    expect(versions.length).toBe(1);
    await get('GET /datasets/versions/:id', DatasetsController.prototype.version, `/datasets/versions/${outcome.versionId}`);

    const codes: Record<string, string[]> = {};
    for (const layer of MAP_LAYERS) {
      const page = (await get(`GET /layers/${layer}`, LayersController.prototype.layer, `/layers/${layer}?dataset=toy`)) as {
        features: { properties: { code: string } }[];
      };
      for (const f of page.features) LAYER_PROPERTIES[layer].parse(f.properties);
      codes[layer] = page.features.map((f) => f.properties.code);
    }
    expect([codes.schools.length, codes.units.length, codes.roads.length]).toEqual([8, 10, 0]);

    const job = (await post('POST /projections', ProjectionsController.prototype.enqueue, '/projections', { dataset: 'toy' }, 202)) as {
      queue: string;
      id: string;
    };
    await get('GET /jobs/:queue/:id', ProjectionsController.prototype.job, `/jobs/${job.queue}/${job.id}`);
    const figures = (await get('GET /projections', ProjectionsController.prototype.list, '/projections?dataset=toy&level=township')) as {
      figures: unknown[];
    };
    expect(figures.figures.length).toBeGreaterThan(0);
    await get('GET /projections (intervals)', ProjectionsController.prototype.list, '/projections?dataset=toy&level=county&intervals=true');

    await get('GET /kpis (none yet)', AlertsController.prototype.kpis, '/kpis?dataset=toy');
    await post('POST /warnings/evaluate', AlertsController.prototype.evaluate, '/warnings/evaluate', { dataset: 'toy' }, 202);
    await waitFor(
      async () => ((await http.get('/figures?dataset=toy&subjectType=school')).body as unknown[]).length > 0 || null,
      30_000,
      'the toy evaluation',
    );
    await get('GET /kpis', AlertsController.prototype.kpis, '/kpis?dataset=toy');
    const capacity = (await get('GET /figures', AlertsController.prototype.figures, '/figures?dataset=toy')) as unknown[];
    expect(capacity.length).toBeGreaterThan(0);
    const alerts = (await get('GET /alerts', AlertsController.prototype.list, '/alerts?dataset=toy&status=all')) as {
      total: number;
      alerts: { id: number }[];
    };
    expect(alerts.total).toBeGreaterThan(0);
    await get('GET /alerts.geojson', AlertsController.prototype.geojson, '/alerts.geojson?dataset=toy');
    await post('POST /alerts/:id/ack', AlertsController.prototype.ack, `/alerts/${alerts.alerts[0].id}/ack`, { comment: '已知' }, 200);
    const history = (await get(
      'GET /alerts/:id/history',
      AlertsController.prototype.history,
      `/alerts/${alerts.alerts[0].id}/history`,
    )) as { event: string }[];
    expect(history.map((e) => e.event)).toEqual(['raised', 'acknowledged']);

    await get(
      'GET /travel',
      TravelController.prototype.get,
      `/travel?dataset=toy&from=${codes.units[0]}&to=${codes.schools.find((c) => c.includes('P'))}`,
    );
    await get('GET /travel/nearest', TravelController.prototype.nearest, '/travel/nearest?dataset=toy');
    await get(
      'GET /travel/isochrone',
      TravelController.prototype.isochrone,
      `/travel/isochrone?dataset=toy&school=${codes.schools.find((c) => c.includes('P'))}`,
    );
  }, 300_000);

  it('scenarios and runs: create, run, read, compare, review, adopt', async () => {
    await get('GET /scenarios/defaults', ScenariosController.prototype.defaults, '/scenarios/defaults');
    await get('GET /me', ScenariosController.prototype.me, '/me');
    const runOf = async (name: string, overrides: object) => {
      const s = (await post(
        'POST /scenarios',
        ScenariosController.prototype.create,
        '/scenarios',
        { name, dataset: 'toy', overrides },
        201,
      )) as { id: number };
      await get('GET /scenarios/:id', ScenariosController.prototype.get, `/scenarios/${s.id}`);
      const r = (await post('POST /scenarios/:id/runs', ScenariosController.prototype.run, `/scenarios/${s.id}/runs`, {}, 202)) as {
        id: number;
      };
      return waitFor(
        async () => {
          const run = (await get('GET /runs/:id', ScenariosController.prototype.getRun, `/runs/${r.id}`)) as { id: number; status: string };
          return ['completed', 'infeasible', 'failed', 'cancelled'].includes(run.status) ? run : null;
        },
        240_000,
        `run of ${name}`,
      );
    };
    const plan = await runOf('示例撤并', {
      consolidate: true,
      policy: { targetYear: 2025, maxSmallSchools: 1, smallSchoolThreshold: 100, mustClose: ['339901P003'], dayTravelKm: 15 },
    });
    const base = await runOf('基准', {});
    expect([plan.status, base.status]).toEqual(['completed', 'completed']);

    await get('GET /scenarios', ScenariosController.prototype.list, '/scenarios?dataset=toy');
    const runs = (await get('GET /runs', ScenariosController.prototype.runsList, '/runs')) as unknown[];
    expect(runs.length).toBe(2);
    await get('GET /runs/compare', ScenariosController.prototype.compare, `/runs/compare?a=${base.id}&b=${plan.id}`);
    await get('GET /runs/:id/figures', ScenariosController.prototype.figures, `/runs/${plan.id}/figures?subjectType=school`);
    await get('GET /runs/:id/alerts', ScenariosController.prototype.alerts, `/runs/${plan.id}/alerts`);
    await get('GET /runs/:id/alerts.geojson', ScenariosController.prototype.alertsGeojson, `/runs/${plan.id}/alerts.geojson`);
    await get('GET /runs/:id/plan.geojson', ScenariosController.prototype.plan, `/runs/${plan.id}/plan.geojson`);
    await post(
      'POST /runs/:id/review',
      ScenariosController.prototype.review,
      `/runs/${plan.id}/review`,
      { runId: plan.id, decision: 'approved', note: '同意' },
      200,
    );
    const reviews = (await get('GET /runs/:id/reviews', ScenariosController.prototype.reviews, `/runs/${plan.id}/reviews`)) as unknown[];
    expect(reviews.length).toBe(1);
    await post(
      'POST /runs/:id/adopt',
      ScenariosController.prototype.adopt,
      `/runs/${plan.id}/adopt`,
      { runId: plan.id, note: '采纳' },
      201,
    );

    // A run cancelled while queued: a scenario whose run is cancelled at once.
    const s = (await http.post('/scenarios').send({ name: '取消', dataset: 'toy', overrides: {} }).expect(201)).body as { id: number };
    const queued = (await http.post(`/scenarios/${s.id}/runs`).send({}).expect(202)).body as { id: number; status: string };
    const cancel = await http.post(`/runs/${queued.id}/cancel`).send({});
    // In-process jobs may already have finished the run (409); a cancellable one answers with the run.
    if (cancel.status === 200) check('POST /runs/:id/cancel', ScenariosController.prototype.cancel, 200, cancel.body);
    else expect(cancel.status).toBe(409);
  }, 600_000);

  it('tokens and the audit trail', async () => {
    await post('POST /tokens', TokensController.prototype.create, '/tokens', { name: 'reader', role: 'reviewer' }, 201);
    const tokens = (await get('GET /tokens', TokensController.prototype.list, '/tokens')) as unknown[];
    expect(tokens.length).toBe(2);
    const audit = (await get('GET /audit', TokensController.prototype.auditLog, '/audit')) as unknown[];
    expect(audit.length).toBeGreaterThan(0);
  });

  it('parsed an answer of every handler that publishes a JSON schema (a cancel only when the run was still cancellable)', () => {
    const published = API_CONTROLLERS.flatMap((c) =>
      Object.getOwnPropertyNames(c.prototype)
        .map((k) => ({ name: `${c.name}.${k}`, fn: Object.getOwnPropertyDescriptor(c.prototype, k)?.value as unknown }))
        .filter(({ fn }) => typeof fn === 'function' && Reflect.getMetadata(REPLY_SCHEMA, fn as object) !== undefined),
    );
    const missed = published.filter(({ fn }) => !checked.has(fn) && fn !== ScenariosController.prototype.cancel).map((p) => p.name);
    expect(missed).toEqual([]);
    expect(published.length).toBe(38);
  });
});
