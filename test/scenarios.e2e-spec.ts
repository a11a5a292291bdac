import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, authed } from './support/http';
import { dropQueuePrefix } from './support/queues';
import { createTestDatabase, redisUrl, type TestDatabase, TEST_REPORTS_DIR } from './support/test-env';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';

const DEMO = resolve(__dirname, '../geo/demo/quzhou');

interface Run {
  id: number;
  status: string;
  progress: { overall: number; steps: { name: string; state: string; progress: number }[] };
  kpis: Record<string, unknown> | null;
  error: { step: string; message: string } | null;
}

describe('scenarios as queued flows on a real worker (demo region, PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;
  let worker: WorkerProcess;
  const prefix = `s${Date.now().toString(36)}`;
  let planner = '';
  let reviewer = '';

  beforeAll(async () => {
    db = await createTestDatabase('edu_scen');
    const env = { DATABASE_URL: db.url, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, WARNING_CRON: '', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, REPORTS_DIR: TEST_REPORTS_DIR };
    worker = await startWorker(env);
    const cfg = parseConfig({ ...env, LOG_LEVEL: 'error' });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: prefix });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    let req = http.post('/datasets/quzhou/imports');
    for (const name of readdirSync(DEMO).sort()) req = req.attach('files', readFileSync(join(DEMO, name)), name);
    await req.expect(201);
    planner = (await http.post('/tokens').send({ name: 'planner-1', role: 'planner' }).expect(201)).body.token;
    reviewer = (await http.post('/tokens').send({ name: 'reviewer-1', role: 'reviewer' }).expect(201)).body.token;
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await dropQueuePrefix(redisUrl(), prefix);
    await db?.drop();
  });

  const as = (token: string) => authed(app.getHttpServer(), token);

  async function runToEnd(scenarioId: number, body: object = {}): Promise<{ run: Run; seen: number[] }> {
    const started = (await as(planner).post(`/scenarios/${scenarioId}/runs`).send(body).expect(202)).body as Run;
    const seen: number[] = [];
    const run = await waitFor(async () => {
      const r = (await http.get(`/runs/${started.id}`).expect(200)).body as Run;
      seen.push(r.progress.overall);
      return ['completed', 'failed', 'cancelled'].includes(r.status) ? r : null;
    }, 240_000, `run ${started.id}`);
    return { run, seen };
  }

  it('rejects bad overrides with a 400 naming the field', async () => {
    const res = await as(planner).post('/scenarios').send({ name: 'bad', overrides: { schools: { close: [{ code: 'NO-SUCH', year: 2060 }] } } }).expect(400);
    expect(res.body.problems).toEqual([
      { field: 'overrides.schools.close[0].code', message: 'unknown school "NO-SUCH"' },
      { field: 'overrides.schools.close[0].year', message: 'year 2060 is outside the projection horizon 2024-2036' },
    ]);
    await as(reviewer).post('/scenarios').send({ name: 'x', overrides: {} }).expect(403);
  });

  it('runs a consolidation scenario through projection, warnings, optimisation and report, and exports every format', async () => {
    const scenario = (await as(planner).post('/scenarios').send({ name: 'consolidate to 30', overrides: { consolidate: true, policy: { targetYear: 2027, smallSchoolCap: 30 } } }).expect(201)).body;
    const { run, seen } = await runToEnd(scenario.id);
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.progress.steps.map((s) => [s.name, s.state])).toEqual([
      ['projection', 'done'],
      ['warnings', 'done'],
      ['optimisation', 'done'],
      ['report', 'done'],
    ]);
    expect(run.progress.overall).toBe(100);
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    // The solver's last reported figures stay on the optimisation step: an incumbent at or above the bound.
    const solver = (run.progress.steps[2] as { solver?: { incumbent: number | null; bound: number | null; gap: number | null; elapsedMs: number } }).solver;
    expect(solver).toBeDefined();
    expect(solver!.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(solver!.incumbent).not.toBeNull();
    if (solver!.bound !== null) expect(solver!.bound).toBeLessThanOrEqual(solver!.incumbent! * (1 + 1e-9));
    const k = run.kpis as { smallSchoolsUnder200: number; schoolsClosed: number; pupilsMoved: number; consolidationStatus: string };
    expect(['optimal', 'feasible']).toContain(k.consolidationStatus);
    expect(k.smallSchoolsUnder200).toBeLessThanOrEqual(30);
    expect(k.schoolsClosed).toBeGreaterThan(0);
    expect(k.pupilsMoved).toBeGreaterThan(0);
    // What the whole network could do (transportation LP): every stage's 2027 demand placed or counted as unmet.
    const network = (run.kpis as { network: { stage: string; demand: number; unmet: number; meanKm: number; status: string }[] }).network;
    expect(network.map((n) => [n.stage, n.status])).toEqual([['primary', 'optimal'], ['junior', 'optimal']]);
    for (const n of network) {
      expect(n.demand).toBeGreaterThan(10_000);
      expect(n.unmet).toBeGreaterThanOrEqual(0);
      expect(n.unmet).toBeLessThan(n.demand);
      expect(n.meanKm).toBeGreaterThan(0);
    }

    const plan = (await http.get(`/runs/${run.id}/plan.geojson`).expect(200)).body;
    const closed = plan.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'closed_school');
    expect(closed).toHaveLength(k.schoolsClosed);
    const moved = plan.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'transfer').reduce((a: number, f: { properties: { pupils: number } }) => a + f.properties.pupils, 0);
    expect(moved).toBeCloseTo(k.pupilsMoved, 0);

    const json = (await http.get(`/runs/${run.id}/results?table=schools&format=json`).expect(200)).body;
    expect(json.length).toBeGreaterThan(1000);
    const csv = (await http.get(`/runs/${run.id}/results?table=alerts&format=csv&lang=zh`).expect(200)).text;
    expect(csv.split('\n')[0]).toContain('预警等级');
    const csvEn = (await http.get(`/runs/${run.id}/results?table=alerts&format=csv&lang=en`).expect(200)).text;
    expect(csvEn.split('\n')[0]).toContain('level');
    const xlsx = await http.get(`/runs/${run.id}/results?table=plan&format=xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const headerRow = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(headerRow).toEqual(expect.arrayContaining(['村社区代码', '原学校', '去向学校', '学生数']));
    expect(wb.worksheets[0].rowCount).toBeGreaterThan(100);
    const geo = JSON.parse((await http.get(`/runs/${run.id}/results?table=schools&format=geojson`).expect(200)).text);
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features[0].geometry.type).toBe('Point');
    const report = (await http.get(`/runs/${run.id}/report`).expect(200)).text;
    expect(report).toContain('<svg');
    expect(report).not.toMatch(/<script|src="http/);

    await as(planner).post(`/runs/${run.id}/review`).send({ decision: 'approved', note: 'ok' }).expect(403);
    const reviewed = (await as(reviewer).post(`/runs/${run.id}/review`).send({ decision: 'approved', note: '同意按方案开展论证' }).expect(200)).body;
    expect(reviewed.review).toMatchObject({ decision: 'approved', note: '同意按方案开展论证', by: 'reviewer-1' });

    // A second run of a baseline, then the comparison: the closed schools differ.
    const base = (await as(planner).post('/scenarios').send({ name: 'baseline', overrides: {} }).expect(201)).body;
    const { run: baseRun } = await runToEnd(base.id);
    expect(baseRun.status).toBe('completed');
    const cmp = (await http.get(`/runs/compare?a=${baseRun.id}&b=${run.id}`).expect(200)).body;
    expect(cmp.kpisByYear.length).toBe(13);
    expect(cmp.schoolsDiffering.filter((d: { b: string }) => d.b === 'closed')).toHaveLength(k.schoolsClosed);
    expect(cmp.a.kpis.schoolsClosed).toBe(0);

    // Runs are immutable: running again makes a new run.
    const again = (await as(planner).post(`/scenarios/${base.id}/runs`).send({}).expect(202)).body;
    expect(again.id).not.toBe(baseRun.id);
    await waitFor(async () => (await http.get(`/runs/${again.id}`).expect(200)).body.status === 'completed', 120_000, 'the second run');

    const audit = (await http.get('/audit?limit=200').expect(200)).body;
    expect(audit.some((a: { actor: string; path: string }) => a.actor === 'reviewer-1' && a.path === `/runs/${run.id}/review`)).toBe(true);
  });

  it('cancels a run, and completes an infeasible consolidation with its explanation', async () => {
    const sc = (await as(planner).post('/scenarios').send({ name: 'to cancel', overrides: { consolidate: true } }).expect(201)).body;
    const started = (await as(planner).post(`/scenarios/${sc.id}/runs`).send({}).expect(202)).body;
    await as(planner).post(`/runs/${started.id}/cancel`).expect(200);
    const cancelled = (await http.get(`/runs/${started.id}`).expect(200)).body;
    expect(cancelled.status).toBe('cancelled');
    // The impossible cap makes the optimisation infeasible with an explanation; the run still completes its report.
    const tight = (await as(planner).post('/scenarios').send({ name: 'impossible cap', overrides: { consolidate: true, policy: { smallSchoolCap: 0, solverTimeLimitS: 60 } } }).expect(201)).body;
    const { run } = await runToEnd(tight.id);
    expect(run.status).toBe('completed');
    expect((run.kpis as { consolidationStatus: string }).consolidationStatus).toBe('infeasible');
  });

  it('names the failed step: a school closed by the scenario cannot also be a must-close of the optimisation', async () => {
    const code = '330802P022';
    const sc = (await as(planner).post('/scenarios').send({ name: 'contradiction', overrides: { consolidate: true, schools: { close: [{ code, year: 2025 }] }, policy: { mustClose: [code] } } }).expect(201)).body;
    const { run } = await runToEnd(sc.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ step: 'optimisation' });
    expect((run.error as { message: string }).message).toContain(`must-keep/must-close school ${code} is not a primary/junior school open in 2027`);
    expect(run.progress.steps.map((s) => s.state)).toEqual(['done', 'done', 'failed', 'pending']);
  });
});
