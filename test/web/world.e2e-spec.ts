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
import { createTestDatabase, type TestDatabase, TEST_REPORTS_DIR } from '../support/test-env';
import { waitFor } from '../support/worker-process';

// page.evaluate callbacks run in the browser; the root program has no DOM types on purpose (server code).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: { querySelector(s: string): any; querySelectorAll(s: string): any };
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const localStorage: { setItem(k: string, v: string): void };
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface El {
  id: string;
  className: string;
  tagName: string;
  getBoundingClientRect(): Box;
  querySelectorAll(s: string): Iterable<El>;
}

/**
 * The run's world on the map page (apps/web world-layer.ts, closures-table.ts, print.ts) in headless Chromium
 * against the real API (jobs in-process) on the toy region: a consolidation run that closes the village school
 * P003 and opens a new school, its closures table, the closed school's panel, the print layout and the English top
 * bar. Screenshots go to test-output/web/ (w-*.png).
 */
const ROOT = resolve(__dirname, '../..');
const TOY = join(ROOT, 'geo/demo/toy');
const SHOTS = join(ROOT, 'test-output/web');
const CLOSED = '339901P003';
const NEW = '339901P009';
const NEW_NAME = '示例县甲街道新城小学';

interface PlanRow {
  fromSchool: string | null;
  toSchool: string;
  reason: string | null;
  pupils: number;
  moved: boolean;
  travelBeforeKm: number | null;
  travelAfterKm: number;
}

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

describe("the run's world on the map page (toy region, real API, jobs in-process)", () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  let base = '';
  let http: ReturnType<typeof authed>;
  const pageErrors: string[] = [];
  let plan: { id: number; status: string };
  let baseline: { id: number; status: string };
  const get = async <T>(path: string): Promise<T> => (await http.get(path).expect(200)).body as T;
  const shot = (name: string) => settledShot(page, join(SHOTS, `${name}.png`));

  beforeAll(async () => {
    buildWebIfStale();
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase('edu_world');
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
    await http.post('/projections').send({ dataset: 'toy' }).expect(202);
    await http.post('/warnings/evaluate').send({ dataset: 'toy' }).expect(202);
    await waitFor(
      async () => ((await http.get('/figures?dataset=toy&subjectType=school')).body as unknown[]).length > 0 || null,
      60_000,
      'the toy evaluation',
    );

    const runScenario = async (name: string, overrides: object) => {
      const s = (await http.post('/scenarios').send({ name, dataset: 'toy', overrides }).expect(201)).body as { id: number };
      const r = (await http.post(`/scenarios/${s.id}/runs`).send({}).expect(202)).body as { id: number };
      return waitFor(
        async () => {
          const run = (await http.get(`/runs/${r.id}`).expect(200)).body as { id: number; status: string };
          return ['completed', 'infeasible', 'failed', 'cancelled'].includes(run.status) ? run : null;
        },
        180_000,
        `run of ${name}`,
      );
    };
    // The village school P003 closes a year after the base year (day travel allowed to 15 km, as in the map test),
    // and the scenario opens a new primary school in 甲街道 the same year.
    plan = await runScenario('撤并与新建 consolidation', {
      consolidate: true,
      policy: { targetYear: 2025, maxSmallSchools: 1, smallSchoolThreshold: 100, mustClose: [CLOSED], dayTravelKm: 15 },
      schools: {
        open: [
          {
            code: NEW,
            name: NEW_NAME,
            stages: ['primary'],
            lon: 117.565,
            lat: 28.035,
            townshipCode: '339901001',
            classes: 12,
            openYear: 2025,
          },
        ],
      },
    });
    baseline = await runScenario('基准 baseline', {});

    const launched = await launchChromium();
    browser = launched.browser;
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|Unauthorized/.test(m.text())) pageErrors.push(m.text());
    });
    await page.addInitScript((t) => localStorage.setItem('edu.token', t), TEST_ADMIN_TOKEN);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('loads the first view with a print button and a north arrow', async () => {
    await page.goto(`${base}/?dataset=toy`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
    expect(await page.textContent('#print-btn')).toBe('打印');
    expect(await page.locator('#north-arrow svg').count()).toBe(1);
    expect(await page.locator('#print-paper option').evaluateAll((els) => els.map((e) => e.getAttribute('value')))).toEqual(['A4', 'A3']);
    const missing = await page.evaluate(() => window.__edu.missingTranslations());
    expect(missing).toEqual([]);
    await shot('w-01-first-view');
  });

  it('in English the top bar has no overlapping items at 1440 px', async () => {
    await page.click('#lang-btn');
    expect(await page.textContent('.brand h1')).toBe('Quzhou education resource planning');
    const boxes = await page.evaluate(() =>
      // Each item's box grown by everything drawn inside it (a title wider than its box overflows onto the next).
      [...(document.querySelectorAll('.topbar > *:not(.spacer)') as Iterable<El>)].map((el) => {
        const rects = [el, ...el.querySelectorAll('*')].map((x) => x.getBoundingClientRect()).filter((r) => r.width > 0);
        return {
          id: el.id || el.className,
          left: Math.min(...rects.map((r) => r.left)),
          right: Math.max(...rects.map((r) => r.right)),
          top: Math.min(...rects.map((r) => r.top)),
          bottom: Math.max(...rects.map((r) => r.bottom)),
          height: el.getBoundingClientRect().height,
          button: el.tagName === 'BUTTON',
        };
      }),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(7);
    for (let i = 0; i < boxes.length; i++) {
      expect(boxes[i].right).toBeLessThanOrEqual(1440);
      expect(boxes[i].bottom).toBeLessThanOrEqual(56);
      if (boxes[i].button) expect(boxes[i].height).toBeLessThan(36); // one line of text (two would be about 50 px)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom && b.top < a.bottom;
        if (overlap) throw new Error(`top bar items overlap: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      }
    }
    await shot('w-02-english');
    await page.click('#lang-btn');
    expect(await page.textContent('.brand h1')).toBe('衢州市教育资源配置规划');
  });

  it('counts the schools of the stage filter and keeps housing "not yet delivered" when toggled', async () => {
    const schools = (await get<{ features: { properties: { stages: string[] } }[] }>('/layers/schools?dataset=toy&limit=5000')).features;
    await page.selectOption('select[data-control=schoolStage]', 'primary');
    const primary = schools.filter((f) => f.properties.stages.includes('primary')).length;
    expect(primary).toBe(3);
    await page.waitForFunction((n) => document.querySelector('[data-count=schools]')?.textContent?.includes(String(n)), primary);
    expect(await page.locator('.leaflet-schools-pane path').count()).toBe(primary);
    await page.selectOption('select[data-control=schoolStage]', '');
    const pending = await page.locator('.leaflet-housing-pane .housing-icon.pending').count();
    await page.uncheck('input[data-layer-toggle=housing]');
    await page.check('input[data-layer-toggle=housing]');
    expect(await page.locator('.leaflet-housing-pane .housing-icon.pending').count()).toBe(pending);
  });

  it("draws the consolidation run's world: the closed school with its year, the new school, and the closures table", async () => {
    expect(plan.status).toBe('completed');
    const run = await get<{ world: { closures: { schoolCode: string; year?: number; reason?: string }[]; targetYear: number } }>(
      `/runs/${plan.id}`,
    );
    const rows = (await http.get(`/runs/${plan.id}/results?table=plan&format=json`).expect(200)).body as PlanRow[];
    const closure = run.world.closures.find((c) => c.schoolCode === CLOSED)!;
    expect(closure).toBeDefined();
    const year = closure.year ?? run.world.targetYear;
    expect(year).toBe(2025);
    const moves = rows.filter((r) => r.moved && r.fromSchool === CLOSED && r.reason !== 'rezoning');
    const pupils = moves.reduce((n, r) => n + r.pupils, 0);
    const receiving = [...new Set(moves.map((r) => r.toSchool))];
    const after = moves.reduce((n, r) => n + r.travelAfterKm * r.pupils, 0) / pupils;
    console.log(
      `world test: run ${plan.id} closes ${run.world.closures.map((c) => `${c.schoolCode}@${c.year}`).join(', ')}; ` +
        `${CLOSED} sends ${pupils.toFixed(1)} pupils to ${receiving.join(', ')}, mean travel after ${after.toFixed(2)} ` +
        `km`,
    );
    expect(pupils).toBeGreaterThan(50);
    expect(receiving.length).toBeGreaterThan(0);

    await page.click('button[data-tab=runs]');
    await page.selectOption('#run-picker', String(plan.id));
    await page.waitForSelector(`.world-closed[data-code="${CLOSED}"]`);
    await page.waitForSelector(`.world-new[data-code="${NEW}"]`);
    expect(await page.textContent(`.world-closed[data-code="${CLOSED}"] .wc-label`)).toContain('2025年起撤并');
    expect(await page.textContent(`.world-new[data-code="${NEW}"] .wn-label`)).toContain(NEW_NAME);
    // Receiving schools are labelled with the pupils they take (a new school in its own label).
    const received = (code: string) =>
      rows.filter((r) => r.moved && r.toSchool === code && r.fromSchool !== code).reduce((n, r) => n + r.pupils, 0);
    for (const r of receiving) {
      const label = r === NEW ? `.world-new[data-code="${r}"] .wn-recv` : `.world-receive[data-code="${r}"]`;
      expect(digits((await page.textContent(label))?.split('+')[1] ?? '')).toBe(Math.round(received(r)));
    }

    // The closures table: one row per closed school, with the plan's numbers.
    await page.waitForSelector('#closures-table tbody tr');
    expect(await page.locator('#closures-table tbody tr').count()).toBe(run.world.closures.length);
    const row = page.locator(`#closures-table tbody tr[data-code="${CLOSED}"]`);
    expect(digits(await row.locator('[data-col=pupils]').textContent())).toBe(Math.round(pupils));
    expect(await row.locator('[data-col=year]').textContent()).toBe('2025');
    expect(await row.locator('[data-col=after]').textContent()).toContain(after.toFixed(1));
    expect(await row.locator('[data-to]').count()).toBe(receiving.length);
    await shot('w-03-consolidation-closures');

    // Table → map: the row selects the school; its panel shows 0 pupils from the closure year and where they go.
    await row.click();
    await page.waitForSelector(`#details-body[data-kind=school][data-code="${CLOSED}"] #closure-section`);
    expect(await page.locator('#closures-table tbody tr.selected').getAttribute('data-code')).toBe(CLOSED);
    await page.focus('#year-slider');
    const baseYear = Number(await page.textContent('#year-out'));
    for (let y = baseYear; y < 2025; y++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() =>
      document.querySelector('#details-body [data-kpi=enrolment] .kpi-label')?.textContent?.includes('2025'),
    );
    expect(digits(await page.textContent('#details-body [data-kpi=enrolment] b'))).toBe(0);
    const figures = await get<{ demandResident: number }[]>(`/runs/${plan.id}/figures?subjectType=school&code=${CLOSED}&year=2025`);
    expect(figures.reduce((n, f) => n + f.demandResident, 0)).toBe(0);
    expect(digits(await page.textContent('#details-body [data-kpi=demand] b'))).toBe(0);
    expect(await page.locator('#closure-destinations li').count()).toBe(receiving.length);
    await shot('w-04-closed-school-panel');

    // Map → table: clicking the new school opens its panel (run figures) and no row is marked.
    await page.click(`.world-new[data-code="${NEW}"]`);
    await page.waitForSelector(`#details-body[data-code="${NEW}"] #new-school-section`);
    expect(await page.locator('#closures-table tbody tr.selected').count()).toBe(0);

    // Sorting by pupils (largest first) puts the largest closure on top.
    await page.click('#closures-table th[data-sort=pupils]');
    const shown = await page
      .locator('#closures-table tbody tr')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pupils'))));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));

    // The dossier opens from the row, fetched with the token.
    const dossier = (await http.get(`/runs/${plan.id}/dossiers/${CLOSED}`).expect(200)).text;
    expect(dossier).toContain('乙五村小学');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click(`#closures-table tr[data-code="${CLOSED}"] [data-dossier]`)]);
    await popup.waitForFunction(() => document.querySelector('body')?.textContent?.includes('乙五村小学'), undefined, { timeout: 15_000 });
    await popup.close();
  });

  it('prints an A4 landscape sheet with title, run, date, legend, scale bar, north arrow and source, without controls', async () => {
    await page.click('#details-close');
    await page.evaluate(() => window.__edu.app.print.prepare('A4'));
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    expect(await page.textContent('#print-title')).toContain('衢州市教育资源配置规划');
    expect(await page.textContent('#print-run')).toContain(`#${plan.id} 撤并与新建 consolidation`);
    expect(await page.textContent('#print-date')).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await page.textContent('#print-year')).toContain('2025');
    expect(await page.textContent('#print-source')).toContain('toy');
    expect(await page.locator('#print-legend .legend').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#print-legend #plan-legend').count()).toBe(1);
    for (const sel of ['#print-head', '#print-legend', '#north-arrow', '.leaflet-control-scale', '#map'])
      expect(await page.locator(sel).first().isVisible()).toBe(true);
    for (const sel of ['.topbar', '.sidebar', '.leaflet-control-zoom', '#closures', '#print-btn'])
      expect(await page.locator(sel).first().isVisible()).toBe(false);
    const map = await page.locator('.map-wrap').boundingBox();
    // 205 mm x 165 mm at 96 dpi (border included: border-box), the legend column 68 mm beside it: 273 mm of the
    // 277 mm an A4 landscape sheet has inside 10 mm margins.
    expect(Math.round(map!.width)).toBe(Math.round((205 / 25.4) * 96));
    expect(Math.round(map!.height)).toBe(Math.round((165 / 25.4) * 96));
    const legendBox = await page.locator('#print-legend').boundingBox();
    expect(Math.round(legendBox!.width)).toBe(Math.round((68 / 25.4) * 96));
    // Everything of the sheet fits the printable height (190 mm).
    const sourceBox = await page.locator('#print-source').boundingBox();
    expect(sourceBox!.y + sourceBox!.height).toBeLessThanOrEqual((190 / 25.4) * 96);
    await shot('w-05-print-a4');
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.__edu.app.print.finish());
    expect(await page.locator('.topbar').isVisible()).toBe(true);
  });

  it('shows in the comparison which schools the two worlds close and open differently', async () => {
    expect(baseline.status).toBe('completed');
    await page.selectOption('#compare-a', String(plan.id));
    await page.selectOption('#compare-b', String(baseline.id));
    await page.click('#compare-go');
    await page.waitForSelector(`#compare-world-table tr[data-world-diff=closed][data-code="${CLOSED}"]`);
    expect(await page.textContent(`#compare-world-table tr[data-code="${CLOSED}"] .col-a`)).toContain('2025');
    expect(await page.textContent(`#compare-world-table tr[data-code="${CLOSED}"] .col-b`)).toBe('–');
    expect(await page.locator(`#compare-world-table tr[data-world-diff=new][data-code="${NEW}"]`).count()).toBe(1);
    await shot('w-06-compare-worlds');
    await page.click('#compare-close');
  });

  it("shades schools by the probability of a shortage and labels the district's two demand quantities", async () => {
    await page.click('button[data-tab=layers]');
    await page.check('input[data-control=schoolColour][value=prob]');
    await page.waitForSelector('#prob-legend');
    const year = Number(await page.textContent('#year-out'));
    const alerts = (
      await get<{
        features: {
          properties: {
            subjectType: string;
            subjectCode: string;
            onsetYear: number;
            pAtLeast100: number | null;
            details?: { schools?: string[] };
          };
        }[];
      }>('/alerts.geojson?dataset=toy&population=resident&limit=5000')
    ).features;
    const p = new Map<string, number>();
    for (const { properties: a } of alerts) {
      if (typeof a.pAtLeast100 !== 'number' || a.onsetYear > year) continue;
      for (const s of a.subjectType === 'school' ? [a.subjectCode] : a.subjectType === 'catchment' ? (a.details?.schools ?? []) : [])
        p.set(s, Math.max(p.get(s) ?? -1, a.pAtLeast100));
    }
    const colour = (x: number | undefined) =>
      x === undefined ? '#b8c0c8' : x < 0.1 ? '#fde0d2' : x < 0.25 ? '#fcae91' : x < 0.5 ? '#fb6a4a' : x < 0.75 ? '#de2d26' : '#a50f15';
    const fills = await page
      .locator('.leaflet-schools-pane path')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), e.getAttribute('fill')]));
    console.log(`world test: shortage probabilities by ${year}: ${JSON.stringify([...p])}`);
    expect(fills.length).toBe(8);
    for (const [code, fill] of fills) expect(fill).toBe(colour(p.get(code!)));

    // District: residents of the district and demand at the serving schools, the latter as the alert says.
    // The evaluation's figures (no run): the district warning's series is the evaluation's.
    await page.click('button[data-tab=runs]');
    await page.selectOption('#run-picker', '');
    await page.waitForFunction(() => document.querySelector('#closures')?.hidden === true && !document.querySelector('.world-closed'));
    await page.evaluate(() => window.__edu.app.select({ kind: 'district', code: 'TOYD' }));
    await page.waitForSelector('#details-body[data-kind=district][data-code=TOYD] [data-kpi=serving-primary]');
    const shownYear = Number(await page.textContent('#year-out'));
    const fig = (
      await get<{ stage: string; demandResident: number; seats: number }[]>(
        `/figures?dataset=toy&subjectType=district&code=TOYD&year=${shownYear}`,
      )
    ).find((f) => f.stage === 'primary')!;
    expect(digits(await page.textContent('#details-body [data-kpi=residents-primary] b'))).toBe(Math.round(fig.demandResident));
    expect(await page.textContent('#details-body [data-kpi=residents-primary] .kpi-label')).toContain('区内居住学龄人口');
    const alert = (
      await get<{
        alerts: { stage: string; population: string; details: { demandBasis: string; series: { year: number; demand: number }[] } }[];
      }>('/alerts?dataset=toy&district=TOYD&population=resident')
    ).alerts.find((a) => a.stage === 'primary');
    expect(alert!.details.demandBasis).toBe('serving_schools');
    const serving = alert!.details.series.find((s) => s.year === shownYear)!.demand;
    console.log(
      `world test: 示例新区 primary ${shownYear}: residents of the district ${fig.demandResident.toFixed(1)}, demand at ` +
        `the serving schools ${serving.toFixed(1)}, seats ${fig.seats}`,
    );
    expect(serving).toBeGreaterThan(fig.demandResident);
    expect(digits(await page.textContent('#details-body [data-kpi=serving-primary] b'))).toBe(Math.round(serving));
    expect(await page.textContent('#details-body [data-kpi=serving-primary] .kpi-label')).toContain('服务学校需求（含区外生源）');
    expect(await page.locator('#chart-district canvas').count()).toBeGreaterThan(0);
    await shot('w-07-district');
  });

  it("colours villages by travel time to the nearest primary school, and by a selected school's isochrone", async () => {
    const band = (m: number | null | undefined, iso: boolean) =>
      m === null || m === undefined
        ? iso
          ? '#e4e7eb'
          : '#8c1a1a'
        : m <= 15
          ? '#1a9850'
          : m <= 30
            ? '#91cf60'
            : m <= 45
              ? '#fee08b'
              : m <= 60
                ? '#fc8d59'
                : '#d73027';
    const near = await get<{
      source: string;
      schools: number;
      units: { code: string; school: string | null; minutes: number | null; km: number | null }[];
    }>('/travel/nearest?dataset=toy&stage=primary');
    expect(near.source).toBe('straight-line');
    expect(near.schools).toBe(3);
    expect(near.units.length).toBe(10);
    // Each unit's nearest school is the one GET /travel puts closest of the three primary schools.
    for (const u of near.units) {
      const trips = await Promise.all(
        ['339901P001', '339901P002', '339901P003'].map((s) =>
          get<{ minutes: number; to: { code: string } }>(`/travel?dataset=toy&from=${u.code}&to=${s}`),
        ),
      );
      const best = trips.reduce((a, b) => (b.minutes < a.minutes ? b : a));
      expect(u.minutes).toBeCloseTo(best.minutes, 1);
      expect(trips.find((x) => x.to.code === u.school)!.minutes).toBeCloseTo(best.minutes, 1);
    }
    console.log(
      `world test: minutes to the nearest primary school: ` +
        `${near.units.map((u) => `${u.code.slice(-3)} ${u.minutes} (${u.school?.slice(-4)})`).join(', ')}`,
    );
    await page.click('button[data-tab=layers]');
    await page.selectOption('select[data-travel=mode]', 'nearest');
    await page.waitForSelector('body[data-village-colour=nearest] #travel-legend');
    const fills = async () =>
      new Map(
        await page
          .locator('.leaflet-villages-pane path')
          .evaluateAll((els) => els.map((e) => [e.getAttribute('data-code')!, e.getAttribute('fill')!] as [string, string])),
      );
    const nearFills = await fills();
    for (const u of near.units) expect(nearFills.get(u.code)).toBe(band(u.minutes, false));

    const iso = await get<{ units: { code: string; minutes: number }[] }>('/travel/isochrone?dataset=toy&school=339901P002&maxMinutes=60');
    expect(iso.units.length).toBeGreaterThan(0);
    expect(iso.units.map((u) => u.minutes)).toEqual([...iso.units.map((u) => u.minutes)].sort((a, b) => a - b));
    await page.evaluate(() => window.__edu.app.select({ kind: 'school', code: '339901P002' }));
    await page.click('#details-body [data-isochrone="339901P002"]');
    await page.waitForSelector('body[data-village-colour=isochrone] #travel-legend');
    const isoFills = await fills();
    const isoMinutes = new Map(iso.units.map((u) => [u.code, u.minutes]));
    for (const code of isoFills.keys()) expect(isoFills.get(code)).toBe(band(isoMinutes.get(code), true));
    await shot('w-08-isochrone');
    await page.selectOption('select[data-travel=mode]', 'density');
    await page.waitForSelector('body[data-village-colour=density]');
  });

  it("shows API errors in the page's language and logged no script errors", async () => {
    const msg = await page.evaluate(async () => {
      const r = await fetch('/runs/999999', { headers: { Authorization: 'Bearer wrong-token' } });
      return r.status;
    });
    expect(msg).toBe(401);
    const p2 = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await p2.addInitScript(() => localStorage.setItem('edu.token', 'not-a-valid-token'));
    await p2.goto(`${base}/?dataset=toy`);
    await p2.waitForSelector('body[data-ready]');
    await p2.waitForSelector('#map-status.error');
    const text = (await p2.textContent('#map-status')) ?? '';
    expect(text).toContain('未登录或访问令牌无效');
    expect(text).toContain('401');
    await p2.close();
    expect(pageErrors).toEqual([]);
  });
});
