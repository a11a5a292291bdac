import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { loadWorkbook } from '@app/testing';
import { parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { launchChromium } from './support/browser';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { dropQueuePrefix } from './support/queues';
import { createTestDatabase, redisUrl, type TestDatabase, TEST_REPORTS_DIR } from './support/test-env';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';

/**
 * Exports of a run for Excel and QGIS, and its HTML report, on the toy region (geo/demo/toy) run by the real worker
 * (PostgreSQL and Redis, schema by migrations): a consolidation that closes the village school 339901P003 a year
 * after the base year, and a baseline to compare it with. The report is rendered to PNG under test-output/report/.
 */
const ROOT = resolve(__dirname, '..');
const TOY = join(ROOT, 'geo/demo/toy');
const OUT = join(ROOT, 'test-output/report');

jest.setTimeout(300_000);

type Row = Record<string, unknown>;

describe('exports for Excel and QGIS, and the HTML report (toy region, real worker)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let worker: WorkerProcess;
  let http: ReturnType<typeof authed>;
  const prefix = `x${randomBytes(5).toString('hex')}`;
  let planId = 0;
  let baseId = 0;
  let plan: { villages: Row[] } = { villages: [] };

  const binary = async (path: string): Promise<Buffer> =>
    (
      await http
        .get(path)
        .expect(200)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
    ).body as Buffer;
  const workbook = async (path: string): Promise<ExcelJS.Workbook> => {
    const wb = await loadWorkbook(await binary(path));
    return wb;
  };
  /** A sheet as objects keyed by its (translated) header. */
  const rowsOf = (ws: ExcelJS.Worksheet): Row[] => {
    const head = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const out: Row[] = [];
    ws.eachRow((r, i) => {
      if (i === 1) return;
      const v = (r.values as unknown[]).slice(1);
      out.push(Object.fromEntries(head.map((h, j) => [h, v[j] ?? null])));
    });
    return out;
  };

  async function runScenario(name: string, overrides: object): Promise<{ id: number; status: string; kpis: Row }> {
    const s = (await http.post('/scenarios').send({ name, dataset: 'toy', overrides }).expect(201)).body as { id: number };
    const r = (await http.post(`/scenarios/${s.id}/runs`).send({}).expect(202)).body as { id: number };
    return waitFor(
      async () => {
        const run = (await http.get(`/runs/${r.id}`).expect(200)).body as { id: number; status: string; kpis: Row };
        return ['completed', 'infeasible', 'failed', 'cancelled'].includes(run.status) ? run : null;
      },
      240_000,
      `run of ${name}`,
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase('edu_exports');
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: prefix,
      WARNING_CRON: '',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      REPORTS_DIR: TEST_REPORTS_DIR,
    };
    worker = await startWorker(env);
    const cfg = parseConfig({ ...env, LOG_LEVEL: 'error' });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: prefix });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    const req = attachDir(http.post('/datasets/toy/imports'), TOY);
    await req.expect(201);
    // As in the map page test: the village school P003 closes a year after the base year (its villages have no other
    // school within 5 km, so day travel is allowed to 15 km).
    const p = await runScenario('示例撤并', {
      consolidate: true,
      policy: { targetYear: 2025, maxSmallSchools: 1, smallSchoolThreshold: 100, mustClose: ['339901P003'], dayTravelKm: 15 },
    });
    const b = await runScenario('基准', {});
    expect([p.status, b.status]).toEqual(['completed', 'completed']);
    planId = p.id;
    baseId = b.id;
    plan = { villages: (await http.get(`/runs/${planId}/results?table=plan&format=json`).expect(200)).body as Row[] };
  }, 300_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await dropQueuePrefix(redisUrl(), prefix);
    await db?.drop();
  });

  it('opens the plan workbook: names, Chinese values, whole pupils that add up, closures and headline sheets, frozen header', async () => {
    const wb = await workbook(`/runs/${planId}/results?table=plan&format=xlsx&lang=zh`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['调整明细', '撤并学校', '关键指标']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).font?.bold).toBe(true);
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(8);
    }
    const rows = rowsOf(wb.worksheets[0]);
    expect(rows).toHaveLength(plan.villages.length);
    // Names beside codes, values in Chinese.
    const moved = rows.filter((r) => r['是否转移'] === '是');
    expect(moved.length).toBe(plan.villages.filter((v) => v.moved).length);
    // The whole school goes to one school: a merge (整体合并), both grade bands of the village 乙五村.
    expect(
      moved.map((r) => [r['村社区'], r['年级段'], r['原学校代码'], r['原学校'], r['去向学校'], r['调整原因'], r['学生数'], r['寄宿']]),
    ).toEqual([
      ['乙五村', '1-3年级', '339901P003', '示例县乙镇乙五村小学', '示例县乙镇中心小学', '整体合并', 39, '否'],
      ['乙五村', '4-6年级', '339901P003', '示例县乙镇乙五村小学', '示例县乙镇中心小学', '整体合并', 38, '否'],
    ]);
    expect(new Set(rows.map((r) => r['学段']))).toEqual(new Set(['小学', '初中']));
    expect(new Set(rows.map((r) => r['乡镇(街道)']))).toEqual(new Set(['甲街道', '乙镇']));
    expect(new Set(rows.map((r) => r['县(市、区)']))).toEqual(new Set(['示例县']));
    expect(rows.every((r) => typeof r['去向学校'] === 'string' && (r['去向学校'] as string).startsWith('示例县'))).toBe(true);
    expect(rows.filter((r) => r['是否转移'] === '否').every((r) => r['调整原因'] === null)).toBe(true);
    // Whole pupils, and one village's stage pupils still add up to its rounded total.
    expect(rows.every((r) => Number.isInteger(r['学生数']))).toBe(true);
    const stored = new Map<string, number>();
    const shown = new Map<string, number>();
    plan.villages.forEach((v, i) => {
      const key = `${String(v.unitCode)}|${String(v.stage)}|${String(v.year)}`;
      stored.set(key, (stored.get(key) ?? 0) + (v.pupils as number));
      shown.set(key, (shown.get(key) ?? 0) + (rows[i]['学生数'] as number));
    });
    for (const [key, total] of stored) expect([key, shown.get(key)]).toEqual([key, Math.round(total)]);
    const wb0 = wb.worksheets[0];
    const pupilsCol = (wb0.getRow(1).values as unknown[]).indexOf('学生数');
    expect(wb0.getRow(2).getCell(pupilsCol).numFmt).toBe('#,##0');
    expect((wb0.getRow(1).values as unknown[]).slice(1)).toEqual(expect.arrayContaining(['2025年学生数', '原通学时间(分钟)', '比例']));

    const closures = rowsOf(wb.worksheets[1]);
    expect(closures).toHaveLength(1);
    const c = closures[0];
    expect([c['代码'], c['名称'], c['乡镇(街道)'], c['撤并年份'], c['撤并依据']]).toEqual([
      '339901P003',
      '示例县乙镇乙五村小学',
      '乙镇',
      2025,
      '方案指定撤并',
    ]);
    expect(c['转出学生数']).toBe(Math.round(moved.reduce((a, r) => a + (r['学生数'] as number), 0)));
    expect(String(c['接收学校(学生数)'])).toMatch(/^示例县.+\(\d+\)/);

    const head = rowsOf(wb.worksheets[2]);
    const metric = (label: string) => head.find((r) => r['指标'] === label)!;
    expect(metric('撤并学校')['数值']).toBe(1);
    const pm = metric('转移学生');
    // Measured: 77 pupils moved, 80 % and 95 % intervals from 1,000 joint draws of the projection's error model.
    expect([pm['数值'], pm['95%区间下限'], pm['95%区间上限']]).toEqual([77, 76, 79]);
    expect(pm['数值']).toBe(Math.round(Number((await http.get(`/runs/${planId}`).expect(200)).body.kpis.pupilsMoved)));
    expect(Number.isInteger(pm['80%区间下限'])).toBe(true);
    expect(pm['95%区间下限'] as number).toBeLessThanOrEqual(pm['80%区间下限'] as number);
    expect(pm['80%区间下限'] as number).toBeLessThanOrEqual(pm['数值'] as number);
    expect(pm['80%区间上限'] as number).toBeGreaterThanOrEqual(pm['数值'] as number);
    expect(pm['95%区间上限'] as number).toBeGreaterThanOrEqual(pm['80%区间上限'] as number);
    expect(pm['95%区间上限'] as number).toBeGreaterThan(pm['95%区间下限'] as number);
    const gaps = head.filter((r) => String(r['指标']).startsWith('示例新区'));
    expect(
      gaps.some((r) => String(r['指标']).includes('服务学校口径') && String(r['口径说明']).includes('服务该片区的学校的全部学生需求')),
    ).toBe(true);
    const resident = gaps.filter((r) => String(r['指标']).includes('片区居民口径'));
    expect(resident.length).toBeGreaterThan(0);
    expect(
      resident.every(
        (r) =>
          typeof r['80%区间下限'] === 'number' &&
          (r['80%区间下限'] as number) <= (r['数值'] as number) &&
          (r['数值'] as number) <= (r['80%区间上限'] as number),
      ),
    ).toBe(true);
    expect(metric('平均通学时间(调整后)')['单位']).toBe('分钟');
    // Every interval holds its figure: 95 % low <= 80 % low <= value <= 80 % high <= 95 % high.
    const withInterval = head.filter((r) => typeof r['80%区间下限'] === 'number');
    expect(withInterval.length).toBeGreaterThanOrEqual(5);
    for (const r of withInterval) {
      const v = [r['95%区间下限'], r['80%区间下限'], r['数值'], r['80%区间上限'], r['95%区间上限']] as number[];
      expect([r['指标'], v]).toEqual([r['指标'], [...v].sort((x, y) => x - y)]);
    }
    console.log(
      `plan workbook: ${rows.length} rows, ${moved.length} moves; pupils moved ${String(pm['数值'])} (80 %: ` +
        `${String(pm['80%区间下限'])}-${String(pm['80%区间上限'])}; 95 %: ${String(pm['95%区间下限'])}-${String(pm['95%区间上限'])})`,
    );
  });

  it('exports schools and alerts with names, whole seats, percentages and Chinese values; English on request', async () => {
    const wb = await workbook(`/runs/${planId}/results?table=schools&format=xlsx&lang=zh`);
    const rows = rowsOf(wb.worksheets[0]);
    expect(rows.length).toBeGreaterThan(10);
    expect(
      rows.every(
        (r) =>
          typeof r['名称'] === 'string' &&
          r['县(市、区)'] === '示例县' &&
          Number.isInteger(r['学位数']) &&
          Number.isInteger(r['常住需求(人)']),
      ),
    ).toBe(true);
    const head = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(head).toEqual(
      expect.arrayContaining([
        '对象代码',
        '名称',
        '乡镇(街道)代码',
        '乡镇(街道)',
        '学段',
        '常住学位使用率',
        '学位缺口',
        '富余学位',
        '供需状态',
      ]),
    );
    expect(head).not.toContain('townshipCode');
    const util = head.indexOf('常住学位使用率') + 1;
    expect(wb.worksheets[0].getRow(2).getCell(util).numFmt).toBe('0.0%');
    // Shortage and spare seats are those of the shown whole demand and seats.
    for (const r of rows) {
      const gap = (r['常住需求(人)'] as number) - (r['学位数'] as number);
      expect([r['学位缺口'], r['富余学位'], r['供需状态']]).toEqual([
        Math.max(0, gap),
        Math.max(0, -gap),
        gap > 0 ? '学位不足' : gap < 0 ? '学位富余' : '持平',
      ]);
    }
    const p003 = rows.find((r) => r['对象代码'] === '339901P003' && r['年份'] === 2025)!;
    expect([p003['名称'], p003['学位数'], p003['常住需求(人)']]).toEqual(['示例县乙镇乙五村小学', 0, 0]);

    const csv = (await http.get(`/runs/${planId}/results?table=schools&format=csv&lang=zh`).expect(200)).text;
    const [h, first] = csv.replace(/^\ufeff/, '').split('\n');
    expect(h.split(',').slice(0, 6)).toEqual(['对象代码', '名称', '县(市、区)代码', '县(市、区)', '乡镇(街道)代码', '乡镇(街道)']);
    expect(h).toContain('常住学位使用率(%)');
    expect(first).toMatch(/^339901[A-Z]\d{3},示例县/);
    expect(csv).not.toMatch(/\d\.\d{5,}/);

    const alerts = rowsOf((await workbook(`/runs/${planId}/results?table=alerts&format=xlsx&lang=zh`)).worksheets[0]);
    expect(alerts.length).toBeGreaterThan(0);
    expect(
      alerts.every(
        (a) =>
          ['红色', '黄色', '橙色', '提示'].includes(a['预警等级'] as string) &&
          ['常住', '户籍'].includes(a['口径'] as string) &&
          typeof a['对象名称'] === 'string',
      ),
    ).toBe(true);
    const en = (await http.get(`/runs/${planId}/results?table=alerts&format=csv&lang=en`).expect(200)).text
      .replace(/^\ufeff/, '')
      .split('\n');
    expect(en[0].split(',').slice(0, 6)).toEqual(['level', 'kind', 'rule', 'subject type', 'subject code', 'subject name']);
    expect(en.slice(1, -1).every((l) => /^(red|yellow|orange|notice),/.test(l))).toBe(true);
  });

  it('writes one geometry type per GeoJSON file with flat properties and label_zh / label_en', async () => {
    const geo = async (q: string) =>
      JSON.parse((await http.get(`/runs/${planId}/results?${q}`).expect(200)).text) as {
        features: { geometry: { type: string }; properties: Row }[];
      };
    const cases: [string, string[]][] = [
      ['table=plan&format=geojson', ['LineString']],
      ['table=plan&format=geojson&geometry=point', ['Point']],
      ['table=closures&format=geojson', ['Point']],
      ['table=schools&format=geojson', ['Point']],
      ['table=areas&format=geojson', ['Polygon', 'MultiPolygon']],
      ['table=alerts&format=geojson&geometry=point', ['Point']],
      ['table=alerts&format=geojson&geometry=polygon', ['Polygon', 'MultiPolygon']],
    ];
    const counts: string[] = [];
    for (const [q, types] of cases) {
      const fc = await geo(q);
      const seen = new Set(fc.features.map((f) => f.geometry.type));
      expect([q, seen.size]).toEqual([q, 1]);
      expect(types).toContain([...seen][0]);
      for (const f of fc.features) {
        expect(Object.values(f.properties).every((v) => v === null || typeof v !== 'object')).toBe(true);
        expect(typeof f.properties.label_zh).toBe('string');
        expect(typeof f.properties.label_en).toBe('string');
      }
      counts.push(`${q}: ${fc.features.length}`);
    }
    console.log(`GeoJSON features: ${counts.join('; ')}`);
    const lines = await geo('table=plan&format=geojson');
    expect(lines.features.length).toBe(
      new Set(plan.villages.filter((v) => v.moved).map((v) => `${String(v.unitCode)}|${String(v.toSchool)}|${String(v.year)}`)).size,
    );
    expect(
      lines.features.map((f) => [
        f.properties.fromSchoolName,
        f.properties.toSchoolName,
        f.properties.reason,
        f.properties.pupils,
        f.properties.label_zh,
      ]),
    ).toEqual([['示例县乙镇乙五村小学', '示例县乙镇中心小学', '整体合并', 77, '乙五村 → 示例县乙镇中心小学 77人']]);
    const closed = await geo('table=plan&format=geojson&geometry=point&lang=en');
    expect(closed.features.map((f) => [f.properties.code, f.properties.closureKind, f.properties.label_en])).toEqual([
      ['339901P003', 'merge', '示例县乙镇乙五村小学 (closes 2025)'],
    ]);
    const bad = await http.get(`/runs/${planId}/results?table=plan&format=geojson&geometry=circle`).expect(400);
    expect(bad.body.message).toContain('geometry must be one of point, line, polygon');
    await http.get(`/runs/${planId}/results?table=plan&format=geojson&geometry=polygon`).expect(400);
  });

  it("exports the comparison with both runs' headline figures and their 80/95 % intervals", async () => {
    const wb = await workbook(`/runs/compare?a=${baseId}&b=${planId}&format=xlsx&lang=zh`);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '关键指标对比',
      `分年指标 方案A(${baseId})`,
      `分年指标 方案B(${planId})`,
      '状态不同的学校',
      '状态不同的区域',
      `撤并学校 方案A(${baseId})`,
      `撤并学校 方案B(${planId})`,
    ]);
    const head = rowsOf(wb.worksheets[0]);
    const closed = head.find((r) => r['指标'] === '撤并学校')!;
    expect([closed['方案A'], closed['方案B'], closed['差值(B−A)']]).toEqual([0, 1, 1]);
    const demand = head.find((r) => String(r['指标']).startsWith('2025年全市小学需求'))!;
    for (const s of ['A', 'B']) {
      expect(demand[`${s} 80%下限`] as number).toBeLessThanOrEqual(demand[`方案${s}`] as number);
      expect(demand[`${s} 95%上限`] as number).toBeGreaterThan(demand[`${s} 80%上限`] as number);
    }
    // Measured on the toy region: 1,759 primary pupils in 2025, 80 % interval 1,731-1,788.
    expect([demand['方案B'], demand['B 80%下限'], demand['B 80%上限']]).toEqual([1759, 1731, 1788]);
    const moved = head.find((r) => r['指标'] === '转移学生')!;
    expect(moved['方案A']).toBe(0);
    expect(moved['B 95%上限'] as number).toBeGreaterThanOrEqual(moved['方案B'] as number);
    const differing = rowsOf(wb.worksheets[3]);
    expect(differing.find((r) => r['对象代码'] === '339901P003')).toMatchObject({ 对象名称: '示例县乙镇乙五村小学', 方案B状态: '撤并' });
    expect(rowsOf(wb.worksheets[6]).map((r) => r['名称'])).toEqual(['示例县乙镇乙五村小学']);
    const csv = (await http.get(`/runs/compare?a=${baseId}&b=${planId}&format=csv&lang=en`).expect(200)).text;
    expect(csv).toContain('A 80 % low');
    expect(csv).toContain('Schools closed,0,,,,,1,,,,,1,schools');
    const json = (await http.get(`/runs/compare?a=${baseId}&b=${planId}`).expect(200)).body as {
      headline: { b: { id: string; interval: { lo80: number } | null }[] };
    };
    expect(json.headline.b.find((f) => f.id === 'cityDemand.primary')!.interval!.lo80).toBeGreaterThan(0);
    await http.get(`/runs/compare?a=${baseId}&b=${planId}&format=pdf`).expect(400);
    console.log(
      `comparison: 2025 city primary demand B ${String(demand['方案B'])} (80 %: ` +
        `${String(demand['B 80%下限'])}-${String(demand['B 80%上限'])}), pupils moved B ${String(moved['方案B'])} (95 %: ` +
        `${String(moved['B 95%下限'])}-${String(moved['B 95%上限'])})`,
    );
  });

  it(
    'renders the HTML report with names, a legend, a scale bar, a north arrow, round ticks and intervals (PNG in ' + 'test-output/report/)',
    async () => {
      const html = (await http.get(`/runs/${planId}/report`).expect(200)).text;
      expect(html).toContain('示例县乙镇乙五村小学');
      expect(html).toContain('示例新区');
      expect(html).toContain('data-legend');
      expect(html).toContain('data-scale-bar');
      expect(html).toContain('data-north-arrow');
      expect(html).toContain('1,759 (80%: 1,731 ~ 1,788; 95%: 1,716 ~ 1,804) 人');
      expect(html).not.toMatch(/<script|src="http/);
      // Schools take their catchments' warning colour: the two primary schools with red catchments (P001, P002; P003
      // is closed, drawn black), plus the legend's swatch.
      expect((html.match(/<circle[^>]*fill="#c0392b"/g) ?? []).length).toBe(3);
      // Axis ticks are round numbers (1, 2 or 5 times a power of ten).
      const ticks = [...html.matchAll(/data-tick="(\d+)"/g)].map((m) => Number(m[1]));
      expect(ticks.length).toBeGreaterThan(2);
      const step = ticks[1] - ticks[0];
      expect(ticks.every((t, i) => t === i * step)).toBe(true);
      expect([1, 2, 5].includes(step / 10 ** Math.floor(Math.log10(step)))).toBe(true);
      mkdirSync(OUT, { recursive: true });
      const file = join(OUT, `run-${planId}.html`);
      writeFileSync(file, html);
      const { browser } = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        await page.goto(`file://${file}`);
        await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
        await page.close();
      } finally {
        await browser.close();
      }
    },
  );
});
