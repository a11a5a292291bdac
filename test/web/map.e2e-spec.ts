import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { parseConfig } from '@app/config';
import type { EduPageWindow } from '@app/testing';
import { createApiApp } from '../../apps/api/src/create-app';
import { buildWebIfStale } from '../support/web-build';
import { launchChromium, settledShot } from '../support/browser';
import { csvOf, SCHOOL_CSV_COLUMNS } from '../support/fixtures';
import { TEST_ADMIN_TOKEN, attachDir, authed } from '../support/http';
import { createTestDatabase, type TestDatabase, TEST_REPORTS_DIR } from '../support/test-env';
import { waitFor } from '../support/worker-process';

// page.evaluate callbacks run in the browser; the root program has no DOM types on purpose (server code).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: { querySelector(s: string): any; querySelectorAll(s: string): any };
declare const window: EduPageWindow;
declare const localStorage: { setItem(k: string, v: string): void; getItem(k: string): string | null; removeItem(k: string): void };

/**
 * The map review page (apps/web) in headless Chromium (Debian's when installed, else the npm-packaged one), driven by
 * playwright-core, against the real API (jobs in-process) on a fresh database holding the toy region (geo/demo/toy)
 * plus one school whose name is script text. Screenshots go to test-output/web/.
 */
const ROOT = resolve(__dirname, '../..');
const WEB = join(ROOT, 'apps/web');
const DIST = join(WEB, 'dist');
const TOY = join(ROOT, 'geo/demo/toy');
const SHOTS = join(ROOT, 'test-output/web');
const XSS_NAME = '<img src=x onerror="window.__xss=1">示例<script>window.__xss=2</script>幼儿园';

interface Feature<P = Record<string, unknown>> {
  geometry: { type: string; coordinates: unknown } | null;
  properties: P;
}
interface Collection<P = Record<string, unknown>> {
  numberMatched: number;
  features: Feature<P>[];
}
interface Figure {
  subjectCode: string;
  stage: string;
  year: number;
  seats: number;
  demandResident: number;
}

/** The page's utilisation colours (apps/web/src/scales.ts), to predict a school's colour from the API figures. */
function utilColour(u: number | null): string {
  if (u === null) return '#b8c0c8';
  const bands: [number, string][] = [
    [0.6, '#4c78a8'],
    [0.85, '#54a24b'],
    [1.0, '#e2b42b'],
    [1.1, '#f58518'],
    [Infinity, '#d62728'],
  ];
  return bands.find(([max]) => u <= max + 1e-9)![1];
}

describe('map review page in headless Chromium (toy region, real API, jobs in-process)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  let base = '';
  let http: ReturnType<typeof authed>;
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];
  const get = async <T>(path: string): Promise<T> => (await http.get(path).expect(200)).body as T;

  beforeAll(async () => {
    buildWebIfStale();
    mkdirSync(SHOTS, { recursive: true });

    db = await createTestDatabase('edu_web');
    const cfg = parseConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      WARNING_CRON: '',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      QUEUE_PREFIX: `w${db.name}`,
      REPORTS_DIR: TEST_REPORTS_DIR,
    });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: cfg.QUEUE_PREFIX });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);

    const req = attachDir(http.post('/datasets/toy/imports'), TOY);
    await req.expect(201);
    // One more school whose name is script text: the page must show it as text.
    const xss = [['339901K009', XSS_NAME, 'kindergarten', 'private', 117.51, 28.005, '339901', '339901101', 30, 2, 60, 30]];
    await http.post('/datasets/toy/imports').attach('files', csvOf(SCHOOL_CSV_COLUMNS, xss), 'schools.csv').expect(201);
    await http.post('/projections').send({ dataset: 'toy' }).expect(202);
    await http.post('/warnings/evaluate').send({ dataset: 'toy' }).expect(202);
    await waitFor(
      async () => ((await http.get('/figures?dataset=toy&subjectType=school')).body as Figure[]).length > 0 || null,
      30_000,
      'the toy evaluation',
    );

    const launched = await launchChromium();
    browser = launched.browser;
    console.log(`map page test: ${launched.choice.source} Chromium ${browser.version()} (${launched.choice.path})`);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !/^(data|blob):/.test(r.url())) foreignRequests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|Unauthorized/.test(m.text())) pageErrors.push(m.text());
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  const shot = (name: string) => settledShot(page, join(SHOTS, `${name}.png`));

  it('asks for the token, then loads the toy region (prints bundle size and time to first render)', async () => {
    await page.goto(`${base}/?dataset=toy`);
    // No token yet: the API refuses, and the page asks for one.
    await page.waitForSelector('dialog#settings[open]');
    expect(await page.textContent('dialog#settings')).toContain('401');
    await shot('00-token-prompt');
    await page.fill('dialog#settings input[name=token]', TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('#settings-save')]);
    await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
    expect(await page.getAttribute('body', 'data-ready')).toBe('1');
    expect(await page.evaluate(() => localStorage.getItem('edu.token'))).toBe(TEST_ADMIN_TOKEN);

    const info = JSON.parse(readFileSync(join(DIST, 'build-info.json'), 'utf8')) as {
      js: string;
      jsGzipBytes: number;
      initialGzipBytes: number;
    };
    const jsGzip = gzipSync(readFileSync(join(DIST, info.js)), { level: 9 }).length;
    const firstRender = await page.evaluate(() => window.__eduFirstRenderMs ?? NaN);
    console.log(
      `map page: JavaScript ${(jsGzip / 1024).toFixed(1)} KiB gzipped (budget 1536 KiB); initial load ` +
        `${(info.initialGzipBytes / 1024).toFixed(1)} KiB gzipped; ` +
        `first render of the toy region ${firstRender.toFixed(0)} ms after navigation (budget 2000 ms, not asserted)`,
    );
    expect(jsGzip).toBeGreaterThan(0);
    expect(await page.title()).toContain('衢州');
    expect(await page.textContent('#dataset-badge')).toContain('toy');
    await shot('01-loaded');
  });

  it('renders every layer with as many features as the API serves', async () => {
    const counties = await get<Collection>('/layers/areas?dataset=toy&level=county');
    const townships = await get<Collection>('/layers/areas?dataset=toy&level=township');
    const villages = await get<Collection>('/layers/areas?dataset=toy&level=village');
    const schools = await get<Collection>('/layers/schools?dataset=toy&limit=5000');
    const districts = await get<Collection>('/layers/districts?dataset=toy');
    const housing = await get<Collection>('/layers/housing?dataset=toy');
    const count = (sel: string) => page.locator(sel).count();
    expect(await count('.leaflet-counties-pane path')).toBe(counties.numberMatched);
    expect(await count('.leaflet-townships-pane path')).toBe(townships.numberMatched);
    expect(await count('.leaflet-villages-pane path')).toBe(villages.numberMatched);
    expect(await count('.leaflet-schools-pane path')).toBe(schools.numberMatched);
    expect(await count('.leaflet-districts-pane path')).toBe(districts.numberMatched);
    expect(await count('.leaflet-housing-pane .housing-icon')).toBe(housing.numberMatched);
    expect(villages.numberMatched).toBe(10);
    expect(schools.numberMatched).toBe(9);

    // Villages are coloured by density (no grey "no data" fill: every toy village has a projection).
    const villageFills = await page.locator('.leaflet-villages-pane path').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    expect(villageFills.every((f) => f && f !== '#b8c0c8')).toBe(true);

    // Alert areas: the polygon subjects of the alerts the panel shows (resident population by default).
    const alerts = await get<{ features: Feature[] }>('/alerts.geojson?dataset=toy&population=resident&limit=5000');
    const polygons = alerts.features.filter((f) => f.geometry && f.geometry.type !== 'Point').length;
    expect(polygons).toBeGreaterThan(0);
    await page.waitForFunction((n) => document.querySelectorAll('.leaflet-alerts-pane path').length === n, polygons);
    expect(await page.textContent('#alerts-count')).toBe(String(alerts.features.length));

    // Catchments load when switched on, one stage at a time (primary first).
    const catchments = await get<Collection>('/layers/catchments?dataset=toy&stage=primary');
    await page.check('input[data-layer-toggle=catchments]');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.leaflet-catchments-pane path').length === n,
      catchments.features.filter((f) => f.geometry).length,
    );
    await shot('02-layers-catchments');
    await page.uncheck('input[data-layer-toggle=catchments]');
    expect(await count('.leaflet-catchments-pane path')).toBe(0);

    // Switching a layer off removes its features; on again restores them.
    await page.uncheck('input[data-layer-toggle=schools]');
    expect(await count('.leaflet-schools-pane path')).toBe(0);
    await page.check('input[data-layer-toggle=schools]');
    expect(await count('.leaflet-schools-pane path')).toBe(schools.numberMatched);
  });

  it("shows a school's numbers, chart and alerts when it is clicked", async () => {
    const school = (
      await get<Collection<{ code: string; name: string; enrolment: number; approvedSeats: number; classes: number }>>(
        '/layers/schools?dataset=toy&limit=5000',
      )
    ).features.find((f) => f.properties.code === '339901P001')!.properties;
    await page.click(`.leaflet-schools-pane path[data-code="${school.code}"]`);
    await page.waitForSelector(`#details-body[data-kind=school][data-code="${school.code}"]`);
    const digits = async (kpi: string) => Number(((await page.textContent(`#details-body [data-kpi=${kpi}] b`)) ?? '').replace(/\D/g, ''));
    expect(await page.textContent('#details-body [data-name]')).toBe(school.name);
    expect(await digits('enrolment')).toBe(school.enrolment);
    expect(await digits('seats')).toBe(school.approvedSeats);
    expect(await digits('classes')).toBe(school.classes);
    const baseYear = Number(await page.textContent('#year-out'));
    const figures = await get<Figure[]>(`/figures?dataset=toy&subjectType=school&code=${school.code}&year=${baseYear}`);
    const demand = figures.reduce((n, f) => n + f.demandResident, 0);
    expect(await digits('demand')).toBe(Math.round(demand));
    expect(await page.locator('#chart-school canvas').count()).toBeGreaterThan(0);
    // Every alert that concerns the school: its own, its catchments' and its districts' (GET /alerts?school=).
    const all = (
      await get<{ alerts: { subjectCode: string; subjectType: string; details?: { schools?: string[] } }[] }>(
        '/alerts?dataset=toy&limit=5000',
      )
    ).alerts;
    const mine = (await get<{ alerts: { subjectType: string }[] }>(`/alerts?dataset=toy&limit=5000&school=${school.code}`)).alerts;
    const ownOrCatchment = all.filter(
      (a) => a.subjectCode === school.code || (a.subjectType === 'catchment' && (a.details?.schools ?? []).includes(school.code)),
    );
    expect(mine.length).toBeGreaterThanOrEqual(ownOrCatchment.length);
    expect(await page.locator('#details-body .alert-item').count()).toBe(mine.length);
    await shot('03-school-details');
  });

  it('recolours a school when the year slider moves', async () => {
    const code = '339901P001';
    const years = Number(await page.getAttribute('#year-slider', 'max')) + 1;
    expect(years).toBe(13); // base year .. + 12
    const baseYear = Number(await page.textContent('#year-out'));
    const util = async (year: number) => {
      const rows = await get<Figure[]>(`/figures?dataset=toy&subjectType=school&code=${code}&year=${year}`);
      const seats = rows.reduce((n, r) => n + r.seats, 0);
      return seats > 0 ? rows.reduce((n, r) => n + r.demandResident, 0) / seats : null;
    };
    // The first year in which the API's figures put the school in another colour band than the base year.
    let target = baseYear;
    for (let y = baseYear + 1; y <= baseYear + 12; y++) {
      if (utilColour(await util(y)) !== utilColour(await util(baseYear))) {
        target = y;
        break;
      }
    }
    expect(target).toBeGreaterThan(baseYear);
    const fill = () => page.getAttribute(`.leaflet-schools-pane path[data-code="${code}"]`, 'fill');
    expect(await fill()).toBe(utilColour(await util(baseYear)));
    const villagesBefore = await page
      .locator('.leaflet-villages-pane path')
      .evaluateAll((els) => els.map((e) => e.getAttribute('fill')).join());

    await page.focus('#year-slider');
    for (let y = baseYear; y < target; y++) await page.keyboard.press('ArrowRight');
    expect(Number(await page.textContent('#year-out'))).toBe(target);
    await page.waitForFunction(
      ([c, colour]) => document.querySelector(`.leaflet-schools-pane path[data-code="${c}"]`)?.getAttribute('fill') === colour,
      [code, utilColour(await util(target))] as const,
    );
    expect(await fill()).not.toBe(utilColour(await util(baseYear)));
    // Demand recolours too: the villages' densities change with the year.
    const villagesAfter = await page
      .locator('.leaflet-villages-pane path')
      .evaluateAll((els) => els.map((e) => e.getAttribute('fill')).join());
    expect(villagesAfter).not.toBe(villagesBefore);
    // The open school panel follows the year.
    await page.waitForFunction(
      (y) => document.querySelector('#details-body [data-kpi=utilisation] .kpi-label')?.textContent?.includes(String(y)),
      target,
    );
    await shot('04-year-slider');
    await page.keyboard.press('Home');
    expect(Number(await page.textContent('#year-out'))).toBe(baseYear);
  });

  it("shows an area's age structure and projected school-age population when it is clicked", async () => {
    await page.click('#details-close');
    const code = '339901001003';
    await page.locator(`.leaflet-villages-pane path[data-code="${code}"]`).click({ position: { x: 6, y: 6 } });
    await page.waitForSelector(`#details-body[data-kind=area][data-code="${code}"]`);
    const year = Number(await page.textContent('#year-out'));
    const proj = await get<{ figures: { year: number; resident: number }[] }>(`/projections?dataset=toy&level=unit&code=${code}`);
    const total = proj.figures.filter((f) => f.year === year).reduce((n, f) => n + f.resident, 0);
    const shown = Number(((await page.textContent('#details-body [data-kpi=schoolAge] b')) ?? '').replace(/\D/g, ''));
    expect(shown).toBe(Math.round(total));
    expect(await page.locator('#chart-pyramid canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-projection canvas').count()).toBeGreaterThan(0);
    await shot('05-area-details');
  });

  it('filters alerts by level, stage and district and centres the map on the one clicked', async () => {
    await page.click('button[data-tab=alerts]');
    await page.selectOption('select[data-filter=district]', 'TOYD');
    const api = await get<{ total: number }>('/alerts?dataset=toy&district=TOYD&population=resident');
    expect(api.total).toBeGreaterThan(0);
    await page.waitForFunction((n) => document.querySelectorAll('#alert-list .alert-item').length === n, api.total);
    await page.selectOption('select[data-filter=level]', 'red');
    const red = await get<{ total: number }>('/alerts?dataset=toy&district=TOYD&population=resident&level=red');
    await page.waitForFunction((n) => document.querySelectorAll('#alert-list .alert-item').length === n, red.total);
    await page.selectOption('select[data-filter=stage]', 'primary');
    const redPrimary = await get<{ total: number }>('/alerts?dataset=toy&district=TOYD&population=resident&level=red&stage=primary');
    await page.waitForFunction((n) => document.querySelectorAll('#alert-list .alert-item').length === n, redPrimary.total);
    expect(redPrimary.total).toBeGreaterThan(0);

    await page.evaluate(() => window.__edu.app.map.map.setView([28.2, 117.2], 9));
    await page.click('#alert-list .alert-item >> nth=0');
    await page.waitForSelector('#details-body[data-kind=district][data-code=TOYD]');
    const district = (await get<Collection>('/layers/districts?dataset=toy')).features[0].geometry as { coordinates: number[][][] };
    const xs = district.coordinates[0].map((c) => c[0]);
    const ys = district.coordinates[0].map((c) => c[1]);
    await page.waitForTimeout(400); // the map's pan animation
    const centre = await page.evaluate(() => {
      const c = window.__edu.app.map.map.getCenter();
      return [c.lng, c.lat];
    });
    expect(centre[0]).toBeGreaterThanOrEqual(Math.min(...xs));
    expect(centre[0]).toBeLessThanOrEqual(Math.max(...xs));
    expect(centre[1]).toBeGreaterThanOrEqual(Math.min(...ys));
    expect(centre[1]).toBeLessThanOrEqual(Math.max(...ys));
    await shot('06-alerts-district');
  });

  it('switches to English and back with every string translated', async () => {
    expect(await page.evaluate(() => window.__edu.missingTranslations())).toEqual([]);
    await page.click('#lang-btn');
    expect(await page.textContent('.brand h1')).toBe('Quzhou education resource planning');
    expect(await page.textContent('button[data-tab=layers]')).toBe('Layers');
    await shot('07-english');
    await page.click('#lang-btn');
    expect(await page.textContent('.brand h1')).toBe('衢州市教育资源配置规划');
  });

  it('shows names carrying script text as text', async () => {
    await page.click('#details-close');
    await page.evaluate(() => {
      const app = window.__edu.app;
      app.map.fit(app.villages);
    });
    await page.waitForTimeout(400);
    await page.click('.leaflet-schools-pane path[data-code="339901K009"]');
    await page.waitForSelector('#details-body[data-kind=school][data-code="339901K009"]');
    expect(await page.textContent('#details-body [data-name]')).toBe(XSS_NAME);
    await page.hover('.leaflet-schools-pane path[data-code="339901K009"]');
    await page.waitForSelector('.leaflet-tooltip.hover-label');
    expect(await page.textContent('.leaflet-tooltip.hover-label')).toContain(XSS_NAME);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.locator('#details-body img, .leaflet-tooltip img, #details-body script').count()).toBe(0);
  });

  it('hides the run picker, comparison and plan layer with a message while GET /runs answers 404', async () => {
    const p2 = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await p2.addInitScript((t) => localStorage.setItem('edu.token', t), TEST_ADMIN_TOKEN);
    await p2.route(/\/runs(\?.*)?$/, (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{"statusCode":404,"message":"Cannot GET /runs"}' }),
    );
    await p2.goto(`${base}/?dataset=toy`);
    await p2.waitForSelector('body[data-runs=unavailable]');
    await p2.click('button[data-tab=runs]');
    expect(await p2.textContent('#runs-message')).toContain('404');
    expect(await p2.locator('#run-picker, #compare-go').count()).toBe(0);
    await p2.click('button[data-tab=layers]');
    expect(await p2.locator('[data-layer-row=plan]').count()).toBe(0);
    await p2.screenshot({ path: join(SHOTS, '08-runs-unavailable.png') });
    await p2.close();
  });

  // The runs API (docs/api-runs.md) is exercised when it exists; before it lands GET /runs answers 404 and this
  // part only checks the message above.
  it('picks a run, shows its consolidation plan, records a review and compares two runs side by side', async () => {
    const probe = await http.get('/runs');
    if (probe.status === 404) {
      console.log('GET /runs answers 404: the run picker, plan and comparison checks are skipped until the runs API exists');
      return;
    }
    expect(probe.status).toBe(200);
    const runScenario = async (name: string, overrides: object) => {
      const s = (await http.post('/scenarios').send({ name, dataset: 'toy', overrides }).expect(201)).body as { id: number };
      const r = (await http.post(`/scenarios/${s.id}/runs`).send({}).expect(202)).body as { id: number };
      return waitFor(
        async () => {
          const run = (await http.get(`/runs/${r.id}`).expect(200)).body as { id: number; status: string; kpis: Record<string, unknown> };
          return ['completed', 'infeasible', 'failed', 'cancelled'].includes(run.status) ? run : null;
        },
        120_000,
        `run of ${name}`,
      );
    };
    // The toy region a year after its base year (closures start then): the village school P003 (96 pupils today)
    // closed by the scenario (the toy region grows, so no cap alone would close it); its villages have no other
    // school within the default 5 km, so day travel is allowed to 15 km.
    const plan = await runScenario('示例方案 <b>consolidate</b>', {
      consolidate: true,
      policy: { targetYear: 2025, maxSmallSchools: 1, smallSchoolThreshold: 100, mustClose: ['339901P003'], dayTravelKm: 15 },
    });
    const baseline = await runScenario('基准 baseline', {});
    expect(plan.status).toBe('completed');
    expect(baseline.status).toBe('completed');
    const geo = await get<{ features: Feature<{ kind: string }>[] }>(`/runs/${plan.id}/plan.geojson`);
    const transfers = geo.features.filter((f) => f.properties.kind === 'transfer').length;
    const closed = geo.features.filter((f) => f.properties.kind === 'closed_school').length;
    expect(transfers + closed).toBeGreaterThan(0);

    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForSelector('body[data-runs=available]');
    await page.click('button[data-tab=runs]');
    await page.selectOption('#run-picker', String(plan.id));
    await page.waitForSelector(`#run-card[data-run="${plan.id}"]`);
    expect(await page.textContent('#source-badge')).toContain(`#${plan.id}`);
    await page.waitForFunction(
      ([t, c]) =>
        document.querySelectorAll('.leaflet-plan-pane path.plan-transfer').length === t &&
        document.querySelectorAll('.leaflet-planmarks-pane .plan-closed').length === c,
      [transfers, closed] as const,
    );
    expect(await page.textContent('#run-card h3')).toContain('<b>consolidate</b>');
    const moved = Number(((await page.textContent('#run-kpis [data-kpi=pupilsMoved] td')) ?? '').replace(/\D/g, ''));
    expect(moved).toBe(Math.round(Number(plan.kpis.pupilsMoved)));
    await shot('09-run-plan');

    // Review: a note is required; the decision and note are stored and shown as text.
    await page.click('#review-form button[type=submit]');
    await page.waitForSelector('#review-message.error');
    const note = '同意 <script>window.__xss=3</script> 方案可行';
    await page.check('#review-form input[value=approved]');
    await page.fill('#review-form textarea[name=note]', note);
    await page.click('#review-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#review-state')?.textContent?.includes('方案可行'));
    const stored = await get<{ review: { decision: string; note: string } }>(`/runs/${plan.id}`);
    expect(stored.review).toMatchObject({ decision: 'approved', note });
    expect(await page.textContent('#review-state')).toContain(note);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();

    // Compare the plan with the baseline side by side.
    await page.selectOption('#compare-a', String(plan.id));
    await page.selectOption('#compare-b', String(baseline.id));
    await page.click('#compare-go');
    await page.waitForSelector('#compare-card');
    const cmp = await get<{ kpisByYear: unknown[] }>(`/runs/compare?a=${plan.id}&b=${baseline.id}`);
    expect(await page.textContent('#compare-kpis thead')).toContain(`A #${plan.id}`);
    expect(await page.textContent('#compare-kpis thead')).toContain(`B #${baseline.id}`);
    expect(await page.locator('#compare-kpis tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('#compare-years tbody tr').count()).toBe(cmp.kpisByYear.length);
    const movedA = Number(((await page.textContent('#compare-kpis [data-kpi=pupilsMoved] td:nth-of-type(1)')) ?? '').replace(/\D/g, ''));
    const movedB = Number(((await page.textContent('#compare-kpis [data-kpi=pupilsMoved] td:nth-of-type(2)')) ?? '').replace(/\D/g, ''));
    expect(movedA).toBe(moved);
    expect(movedB).toBe(0);
    await shot('10-compare');
    await page.click('#compare-close');
    expect(await page.locator('#compare').isHidden()).toBe(true);
  });

  it('fetched nothing from outside the API origin and logged no script errors', async () => {
    expect((await http.get('/web-config.json').expect(200)).body).toEqual({ tileUrl: '' });
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
