import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { parseConfig } from '@app/config';
import { createApiApp } from '../../apps/api/src/create-app';
import { buildWebIfStale } from '../support/web-build';
import { launchChromium, settledShot } from '../support/browser';
import { TEST_ADMIN_TOKEN, attachDir, authed } from '../support/http';
import { dropQueuePrefix } from '../support/queues';
import { createTestDatabase, redisUrl, type TestDatabase, TEST_REPORTS_DIR } from '../support/test-env';
import { startWorker, waitFor, type WorkerProcess } from '../support/worker-process';

// page.evaluate callbacks run in the browser; the root program has no DOM types on purpose (server code).
declare const document: { querySelector(s: string): any }; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const localStorage: { setItem(k: string, v: string): void };

/**
 * The scenario builder and the upload preview of the map page in headless Chromium, against the real API and the
 * real worker (PostgreSQL and Redis), on the toy region. Screenshots at 1440 x 900 go to test-output/web/.
 */
const ROOT = resolve(__dirname, '../..');
const TOY = join(ROOT, 'geo/demo/toy');
const SHOTS = join(ROOT, 'test-output/web');

interface Figure {
  subjectCode: string;
  stage: string;
  year: number;
  seats: number;
  demandResident: number;
}

describe('scenario builder, reviews and upload preview on the map page (real worker)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let worker: WorkerProcess;
  let browser: Browser;
  let page: Page;
  let base = '';
  let prefix = '';
  let http: ReturnType<typeof authed>;
  const pageErrors: string[] = [];
  let builtRun = 0;

  beforeAll(async () => {
    buildWebIfStale();
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase('edu_builder');
    prefix = `b${db.name}`;
    const env = { DATABASE_URL: db.url, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, WARNING_CRON: '', REPORTS_DIR: TEST_REPORTS_DIR };
    worker = await startWorker(env, 120_000);
    const cfg = parseConfig({ ...env, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: prefix });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    const req = attachDir(http.post('/datasets/toy/imports'), TOY);
    await req.expect(201);
    await http.post('/projections').send({ dataset: 'toy' }).expect(202);
    await http.post('/warnings/evaluate').send({ dataset: 'toy' }).expect(202);
    await waitFor(
      async () => ((await http.get('/figures?dataset=toy&subjectType=school')).body as Figure[]).length > 0 || null,
      180_000,
      'the toy evaluation',
    );

    browser = (await launchChromium()).browser;
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript((token) => localStorage.setItem('edu.token', token), TEST_ADMIN_TOKEN);
    await page.goto(`${base}/?dataset=toy`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await worker?.stop();
    await dropQueuePrefix(redisUrl(), prefix);
    await db?.drop();
  });

  const shot = (name: string) => settledShot(page, join(SHOTS, `${name}.png`));

  it('serves the policy defaults with sources and publishes the scenario body in OpenAPI', async () => {
    const d = (await http.get('/scenarios/defaults').expect(200)).body as {
      policy: { field: string; value: number | string; source: string }[];
      objectives: Record<string, Record<string, number>>;
    };
    expect(d.policy.find((x) => x.field === 'maxSmallSchools')?.value).toBe(30);
    expect(d.policy.find((x) => x.field === 'smallSchoolThreshold')?.value).toBe(200);
    expect(d.policy.find((x) => x.field === 'solverTimeLimitS')?.value).toBe(120);
    expect(d.objectives.travel.fixedCostPerSchool).toBe(0);
    expect(d.objectives.fewest_schools.fixedCostPerSchool).toBe(20_000_000);
    const doc = (await http.get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        {
          post?: {
            requestBody?: {
              content: Record<string, { schema: { properties?: Record<string, { properties?: Record<string, unknown> }> } }>;
            };
          };
        }
      >;
    };
    const body = doc.paths['/scenarios'].post!.requestBody!.content['application/json'].schema;
    expect(Object.keys(body.properties!)).toEqual(['name', 'dataset', 'baseVersionId', 'overrides']);
    expect(Object.keys((body.properties!.overrides.properties!.policy as { properties: Record<string, unknown> }).properties)).toContain(
      'objective',
    );
    // An unknown objective is a 400 naming the field.
    const bad = await http
      .post('/scenarios')
      .send({ name: 'x', dataset: 'toy', overrides: { policy: { objective: 'cheapest' } } })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('overrides.policy.objective');
  });

  it('maps policy.objective to the consolidation weights: the same toy city, three plans (worker)', async () => {
    const closed: Record<string, unknown> = {};
    for (const objective of ['cost', 'travel', 'fewest_schools']) {
      const sc = (
        await http
          .post('/scenarios')
          .send({
            name: `目标 ${objective}`,
            dataset: 'toy',
            overrides: { policy: { objective, targetYear: 2027, dayTravelKm: 15 }, consolidate: true },
          })
          .expect(201)
      ).body as { id: number };
      const st = (await http.post(`/scenarios/${sc.id}/runs`).send({ consolidate: true }).expect(202)).body as {
        id?: number;
        runId?: number;
      };
      const id = st.runId ?? st.id!;
      const run = await waitFor(
        async () => {
          const r = (await http.get(`/runs/${id}`)).body as { status: string; kpis?: { schoolsClosed?: number; pupilsMoved?: number } };
          return ['completed', 'infeasible', 'failed'].includes(r.status) ? r : null;
        },
        300_000,
        `the ${objective} run`,
      );
      closed[objective] = [run.status, run.kpis?.schoolsClosed, Math.round((run.kpis?.pupilsMoved ?? 0) * 10) / 10];
    }
    console.log(`objective runs (status, schools closed, pupils moved): ${JSON.stringify(closed)}`);
    // Measured on the toy region (15 km day travel): the cost objective closes one school; travel alone closes none
    // (the cap already holds); fewest schools also closes one (the township rule keeps 乙镇's other primary school),
    // earlier, so more pupils are moved in the target year.
    expect(closed).toEqual({ cost: ['completed', 1, 50.2], travel: ['completed', 0, 0], fewest_schools: ['completed', 1, 77.3] });
  }, 600_000);

  it(
    'builds a scenario on the page (closes a school, places a new one, lowers births), runs it on the worker and ' + 'lands on its results',
    async () => {
      await page.click('#tab-btn-build');
      await page.waitForSelector('#builder .policy-field[data-field=maxSmallSchools] input[placeholder="30"]', { state: 'attached' });
      expect(await page.textContent('#builder .policy-field[data-field=maxSmallSchools] .source')).toContain('行动计划');
      await page.fill('#b-name', '页面方案');
      await page.check('input[name=b-mode][value=pick]');
      await page.click('.leaflet-schools-pane path[data-code="339901P003"]');
      await page.fill('#b-close-year', '2026');
      await page.click('#b-close');
      await page.check('input[name=b-mode][value=place]');
      // A point inside 乙镇 (339901101), clicked through the map's own projection.
      const pt = await page.evaluate(() => window.__edu.app.map.map.latLngToContainerPoint([28.012, 117.565]));
      const box = (await page.locator('#map').boundingBox())!;
      await page.mouse.click(box.x + pt.x, box.y + pt.y);
      await page.waitForSelector('#b-new');
      expect(await page.textContent('#b-new')).toContain('乙镇');
      await page.fill('#b-new input[name=name]', '乙镇新区小学');
      await page.fill('#b-new input[name=classes]', '12');
      await page.fill('#b-new input[name=openYear]', '2027');
      await page.click('#b-new button[type=submit]');
      await page.fill('#b-births input[data-part=value]', '0.8');
      await page.dispatchEvent('#b-births input[data-part=value]', 'change');
      await page.uncheck('#b-consolidate');
      expect(await page.locator('#b-changes li[data-kind]').count()).toBe(2);
      await page.evaluate(() => (window.__edu.app.builder.el.scrollTop = 0));
      await shot('20-scenario-builder');
      await page.click('#b-policy summary');
      await page.selectOption('#b-policy select[data-policy=objective]', 'travel');
      await page.evaluate(() => document.querySelector('#b-policy').scrollIntoView());
      expect(await page.getAttribute('#b-policy input[data-policy=fixedCostPerSchool]', 'placeholder')).toBe('0');
      expect(await page.textContent('#b-policy .policy-field[data-field=fixedCostPerSchool] .source')).toBe(
        '默认 0 — 优化目标“学生路程最短”的权重',
      );
      expect(await page.textContent('#b-policy .policy-field[data-field=targetYear] .source')).toContain('默认 2027 —');
      await shot('22-scenario-builder-policy');
      await page.selectOption('#b-policy select[data-policy=objective]', '');
      // The same builder in English: its own texts follow the page's language.
      await page.click('#lang-btn');
      await page.evaluate(() => (window.__edu.app.builder.el.scrollTop = 0));
      expect(await page.textContent('#builder h3')).toBe('Scenario builder');
      expect(await page.textContent('#b-changes')).toContain('close ');
      await shot('23-scenario-builder-en');
      await page.click('#lang-btn');

      await page.click('#b-run');
      await page.waitForSelector('#b-progress');
      await page.waitForSelector('#run-kpis', { timeout: 300_000 });
      const runs = (await http.get('/runs').expect(200)).body as { id: number; scenarioName: string; status: string }[];
      const run = runs.find((r) => r.scenarioName === '页面方案')!;
      expect(run.status).toBe('completed');
      builtRun = run.id;
      const scenario = (await http.get(`/runs/${run.id}`).expect(200)).body as { scenarioId: number };
      const overrides = ((await http.get(`/scenarios/${scenario.scenarioId}`).expect(200)).body as { overrides: Record<string, unknown> })
        .overrides;
      expect(overrides).toMatchObject({
        schools: {
          close: [{ code: '339901P003', year: 2026 }],
          open: [{ code: 'NEW001', name: '乙镇新区小学', townshipCode: '339901101', classes: 12, openYear: 2027, stages: ['primary'] }],
        },
        births: { multipliers: { all: 0.8 } },
      });

      // The map draws the run's world: the closed school marked closed from its year, the new school, the closures table.
      await page.waitForSelector('.world-closed[data-code="339901P003"]');
      expect(await page.textContent('.world-closed[data-code="339901P003"] .wc-label')).toContain('2026年起撤并');
      await page.waitForSelector('.world-new[data-code="NEW001"]');
      expect(await page.textContent('.world-new[data-code="NEW001"] .wn-label')).toContain('乙镇新区小学');
      await page.waitForSelector('#closures-table tbody tr[data-code="339901P003"]', { state: 'attached' });
      expect(await page.locator('#closures-table tbody tr').count()).toBe(1);
      expect(await page.locator('#closures-table tbody tr[data-code="339901P003"] [data-col=year]').textContent()).toBe('2026');
      // The closure by hand re-seats its pupils (the world's mechanism): the run counts the school and where they went.
      const built = (await http.get(`/runs/${run.id}`).expect(200)).body as {
        kpis: { schoolsClosed: number; pupilsReseated: number; pupilsMoved: number };
        world: { reseated: { fromSchool: string; toSchool: string; pupils: number }[] };
      };
      console.log(`builder run #${run.id}: schools closed ${built.kpis.schoolsClosed}, re-seated ${JSON.stringify(built.world.reseated)}`);
      expect([built.kpis.schoolsClosed, built.kpis.pupilsMoved]).toEqual([1, 0]);
      // Measured: P003's 50.2 primary pupils of 2027 go to the new school, the nearest with room (its catchment has no other).
      expect(
        built.world.reseated.map((r) => [r.fromSchool, r.toSchool, (r as { via?: string }).via, Math.round(r.pupils * 10) / 10]),
      ).toEqual([['339901P003', 'NEW001', 'nearest', 50.2]]);
      expect(built.kpis.pupilsReseated).toBeCloseTo(
        built.world.reseated.reduce((n, r) => n + r.pupils, 0),
        2,
      );
      expect(
        Number(
          ((await page.locator('#closures-table tbody tr[data-code="339901P003"] [data-col=pupils]').textContent()) ?? '').replace(
            /[^\d]/g,
            '',
          ),
        ),
      ).toBe(Math.round(built.kpis.pupilsReseated));
      await shot('24-built-run-world');

      const figs = (await http.get(`/runs/${run.id}/figures?subjectType=school&stage=primary`).expect(200)).body as Figure[];
      const at = (code: string, year: number) => figs.find((f) => f.subjectCode === code && f.year === year);
      // The closed school has no seats from its closing year; the new one has 12 classes x 45 from its opening year.
      expect(at('339901P003', 2026)?.seats ?? 0).toBe(0);
      expect(at('NEW001', 2027)?.seats).toBe(540);
      expect(at('NEW001', 2026)?.seats ?? 0).toBe(0);
      const city = (await http.get(`/runs/${run.id}/figures?subjectType=city&stage=primary`).expect(200)).body as Figure[];
      const base = (await http.get('/figures?dataset=toy&subjectType=city&stage=primary').expect(200)).body as Figure[];
      const last = Math.max(...city.map((f) => f.year));
      console.log(
        `builder run #${run.id}: city primary demand ${last} ${city.find((f) => f.year === last)?.demandResident} (base ` +
          `${base.find((f) => f.year === last)?.demandResident}); seats 2027 ${city.find((f) => f.year === 2027)?.seats}`,
      );
      expect(city.find((f) => f.year === 2027)?.seats).toBe(1080 + 540 + 540);
      // Births x 0.8: the city's primary demand in the last projected year, against the version's default projection.
      expect(last).toBe(2036);
      expect(Math.round(city.find((f) => f.year === last)!.demandResident)).toBe(3156);
      expect(Math.round(base.find((f) => f.year === last)!.demandResident)).toBe(3860);
      expect(pageErrors).toEqual([]);
    },
    400_000,
  );

  it("shows a 400 of the API in the page's language, naming the field", async () => {
    await page.click('#tab-btn-build');
    await page.check('input[name=b-mode][value=place]');
    await page.fill('#b-name', '越界方案');
    // A closure year the zod schema allows but the API refuses (outside the projection horizon), as its second closure.
    await page.evaluate(() => window.__edu.app.builder.close.set('339901P002', 2099));
    await page.click('#b-run');
    await page.waitForSelector('#b-messages .error');
    const text = await page.textContent('#b-messages');
    expect(text).toContain('撤并第 2 项');
    expect(text).toContain('超出预测期');
  });

  it('a review from the comparison view lands on the run it names; a second one without supersede is refused', async () => {
    const s = (await http.post('/scenarios').send({ name: '基准', dataset: 'toy', overrides: {} }).expect(201)).body as { id: number };
    const started = (await http.post(`/scenarios/${s.id}/runs`).send({}).expect(202)).body as { id?: number; runId?: number };
    const other = started.runId ?? started.id!;
    await waitFor(
      async () => ((await http.get(`/runs/${other}`)).body as { status: string }).status === 'completed' || null,
      300_000,
      'the baseline run',
    );
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.click('[data-tab=runs]');
    await page.waitForSelector('#compare-a');
    await page.selectOption('#compare-a', String(other));
    await page.selectOption('#compare-b', String(builtRun));
    await page.click('#compare-go');
    await page.waitForSelector('#compare:not([hidden])');
    await page.waitForSelector(`#review-form[data-run-id="${other}"]`);
    await page.fill('#review-form textarea[name=note]', '对比后批准基准');
    await page.click('#review-form button[type=submit]');
    await page.waitForSelector('#review-message');
    expect(await page.textContent('#review-history')).toContain('对比后批准基准');
    // A second review on the page without ticking "supersede" is refused and said so in the page's language.
    await page.fill('#review-form textarea[name=note]', '再次审核');
    await page.click('#review-form button[type=submit]');
    await page.waitForSelector('#review-message.error');
    expect(await page.textContent('#review-message')).toContain('替代');
    const a = (await http.get(`/runs/${other}/reviews`).expect(200)).body as { decision: string; note: string }[];
    const b = (await http.get(`/runs/${builtRun}/reviews`).expect(200)).body as unknown[];
    expect(a.map((r) => [r.decision, r.note])).toEqual([['approved', '对比后批准基准']]);
    expect(b).toHaveLength(0);
    await http.post(`/runs/${other}/review`).send({ runId: other, decision: 'rejected', note: 'again' }).expect(409);
    await http.post(`/runs/${other}/review`).send({ runId: builtRun, decision: 'rejected', note: 'wrong run' }).expect(400);
  }, 400_000);

  it('previews an upload (header row below a title, units in headers, a footer row), then imports it', async () => {
    const csv = [
      '示例县学校名单（2025年）,,,,,,,,,',
      '学校代码,学校名称,学段,办学性质,经度,纬度,县代码,乡镇代码,在校生数（人）,班级数（个）',
      '339901P009,示例县乙镇新村小学,小学,公办,117.5700,28.0050,339901,339901101,412人,12',
      '合计,,,,,,,,412,12',
    ].join('\r\n');
    await page.click('#compare-close');
    await page.click('#tab-btn-import');
    await page.setInputFiles('#u-files', { name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.click('#u-preview');
    await page.waitForSelector('#u-result');
    expect(await page.getAttribute('#u-result', 'data-accepted')).toBe('true');
    expect(await page.textContent('.u-file[data-file="schools.csv"] .u-header')).toContain('2');
    expect(await page.textContent('.u-mapping tr[data-source="班级数（个）"] td:last-child')).toBe('classes');
    expect(await page.textContent('.u-skipped li[data-row="4"]')).toBe('第 4 行: 表尾行 "合计"');
    expect(await page.textContent('.u-sample[data-layer=schools]')).toContain('412');
    await shot('21-upload-preview');
    const before = ((await http.get('/datasets').expect(200)).body as unknown[]).length;
    await page.click('#u-import');
    await page.waitForSelector('#u-message.info');
    expect(((await http.get('/datasets').expect(200)).body as unknown[]).length).toBe(before + 1);
    const school = (
      (await http.get('/layers/schools?dataset=toy&limit=5000').expect(200)).body as {
        features: { properties: { code: string; enrolment: number; classes: number } }[];
      }
    ).features.find((f) => f.properties.code === '339901P009');
    expect(school?.properties).toMatchObject({ enrolment: 412, classes: 12 });
  });
});
