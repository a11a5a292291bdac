import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { parseConfig } from '@app/config';
import { verifyWebhook } from '@app/warnings-service';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, attachDir, authed } from './support/http';
import { dropQueuePrefix } from './support/queues';
import { createTestDatabase, redisUrl, type TestDatabase } from './support/test-env';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';
import { csvOf, SCHOOL_CSV_COLUMNS } from './support/fixtures';

const TOY = resolve(__dirname, '../geo/demo/toy');
const SECRET = 'test-webhook-secret';

interface Hook {
  event: string;
  body: string;
  signature: string;
}

describe('automatic warnings on a real worker (PostgreSQL, Redis, worker process, webhook receiver)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof authed>;
  let worker: WorkerProcess;
  let receiver: Server;
  const hooks: Hook[] = [];
  const prefix = `t${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase('edu_warn');
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        hooks.push({ event: String(req.headers['x-edu-event']), body, signature: String(req.headers['x-edu-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: prefix,
      WEBHOOK_URLS: hookUrl,
      WEBHOOK_SECRET: SECRET,
      WARNING_CRON: '',
    };
    worker = await startWorker(env);
    const cfg = parseConfig({ ...env, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: cfg.REDIS_URL, queuePrefix: prefix });
    await app.init();
    http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await new Promise((ok) => receiver?.close(ok));
    await dropQueuePrefix(redisUrl(), prefix);
    await db?.drop();
  });

  const districtAlerts = async (status = 'active') =>
    (await http.get(`/alerts?dataset=toy&district=TOYD&stage=primary&status=${status}`).expect(200)).body.alerts as {
      id: number;
      level: string;
      status: string;
      onsetYear: number;
      seatGap: number;
      classesShort: number;
      details: Record<string, unknown>;
    }[];

  it('raises red district warnings for the new town after an import, then resolves them when a school is added', async () => {
    const req = attachDir(http.post('/datasets/toy/imports'), TOY);
    await req.expect(201);

    // A projection queued over HTTP runs on the worker and reports its progress.
    const pj = (await http.post('/projections').send({ dataset: 'toy' }).expect(202)).body;
    expect(pj.mode).toBe('queued');
    const done = await waitFor(
      async () => {
        const s = (await http.get(`/jobs/projection/${pj.id}`).expect(200)).body;
        return s.state === 'completed' ? s : null;
      },
      60_000,
      'the projection job',
    );
    expect(done.progress).toMatchObject({ step: 'done' });
    const county = (await http.get('/projections?dataset=toy&level=county&stage=primary&year=2024').expect(200)).body;
    expect(county.figures).toHaveLength(1);
    expect(county.figures[0].value).toBeCloseTo(1560, 6); // ages 6-11 of the toy region's 2024 residents
    // Intervals: the base year is data (a zero-width interval); later years bracket their point value.
    const iv = (await http.get('/projections?dataset=toy&level=township&stage=primary&intervals=true').expect(200)).body;
    expect(iv.figures.length).toBe(2 * 13);
    for (const f of iv.figures as { year: number; value: number; interval: { lo80: number; hi80: number; lo95: number; hi95: number } }[]) {
      expect(f.interval.lo95).toBeLessThanOrEqual(f.interval.lo80);
      expect(f.interval.lo80).toBeLessThanOrEqual(f.value + 1e-9);
      expect(f.interval.hi80).toBeGreaterThanOrEqual(f.value - 1e-9);
      expect(f.interval.hi95).toBeGreaterThanOrEqual(f.interval.hi80);
      if (f.year === 2024) expect(f.interval.hi95).toBeCloseTo(f.value, 9);
    }

    // The worker picks up the evaluation the import queued: no one asks for it.
    const raised = await waitFor(
      async () => {
        const a = await districtAlerts();
        return a.some((x) => x.level === 'red') ? a : null;
      },
      60_000,
      'red district warnings',
    );
    const red = raised.find((a) => a.level === 'red')!;
    // 1,000 new households (0.20 primary pupils each) arrive in 2025-2026 in the catchment of a 1,080-seat school.
    const series = red.details.series as { year: number; seats: number; demand: number }[];
    // Red is the provincial 100%-or-more; the shortfall is the first year demand exceeds the seats.
    expect(series[0].seats).toBe(1080);
    expect(red.onsetYear).toBe(series.find((p) => p.demand >= p.seats - 1e-6)!.year);
    const first = series.find((p) => p.demand > p.seats + 1e-6)!;
    expect(red.details.firstShortfallYear).toBe(first.year);
    expect(first.year).toBeGreaterThanOrEqual(2025);
    expect(first.year).toBeLessThanOrEqual(2030);
    expect(red.details.seatsNeededAtShortfall).toBeCloseTo(first.demand - first.seats, 0);
    const peak = Math.max(...series.map((p) => p.demand));
    expect(red.seatGap).toBeCloseTo(peak - 1080, 0);
    expect(red.classesShort).toBe(Math.ceil(red.seatGap / 45));
    await waitFor(async () => hooks.some((h) => h.event === 'alert.raised'), 30_000, 'the raised webhook');
    // The alert says which district quantity it measures, and the serving school's panel lists it.
    const full = (await http.get('/alerts?dataset=toy&district=TOYD&stage=primary').expect(200)).body.alerts.find(
      (a: { id: number }) => a.id === red.id,
    ) as { message: { zh: string; en: string } };
    expect(full.message.zh).toContain('服务学校需求（含区外生源）');
    expect(full.message.en).toContain('demand at the schools serving it (with pupils from outside)');
    const forSchool = (await http.get('/alerts?dataset=toy&school=339901P001').expect(200)).body.alerts as {
      id: number;
      subjectType: string;
    }[];
    expect(forSchool.map((a) => a.id)).toContain(red.id);

    // A new primary school in the district, sharing the district's catchment, with seats for the peak and a margin.
    const seats = Math.ceil((peak / 0.85 - 1080) / 45) * 45;
    const school = [['339901P004', '示例新区实验小学', 'primary', 'public', 117.565, 28.03, '339901', '339901001', 0, 0, seats, 45]];
    const catchment = [
      ['339901P001-primary', 'primary', '339901P001;339901P004', '339901001001;339901001002;339901001003;339901001004;339901001005'],
    ];
    const started = Date.now();
    await http
      .post('/datasets/toy/imports')
      .attach('files', csvOf(SCHOOL_CSV_COLUMNS, school), 'schools.csv')
      .attach('files', csvOf(['code', 'stage', 'school_codes', 'unit_codes'], catchment), 'catchments.csv')
      .expect(201);

    await waitFor(async () => (await districtAlerts()).length === 0, 30_000, 'the district warnings to resolve');
    expect(Date.now() - started).toBeLessThan(30_000);
    const resolved = await districtAlerts('resolved');
    expect(resolved.map((a) => a.id).sort()).toEqual(raised.map((a) => a.id).sort());

    const hook = await waitFor(
      async () => hooks.find((h) => h.event === 'alert.resolved' && JSON.parse(h.body).alert.subjectCode === 'TOYD'),
      30_000,
      'the resolved webhook',
    );
    expect(verifyWebhook(hook.body, SECRET, hook.signature)).toBe(true);
    expect(JSON.parse(hook.body).alert.status).toBe('resolved');

    // Re-evaluating the same version changes nothing and duplicates nothing.
    const before = (await http.get('/alerts?dataset=toy&status=all&limit=5000').expect(200)).body.total;
    const job = (await http.post('/warnings/evaluate').send({ dataset: 'toy' }).expect(202)).body;
    await waitFor(
      async () => (await http.get(`/jobs/warnings/${job.id}`).expect(200)).body.state === 'completed',
      30_000,
      'the manual evaluation',
    );
    expect((await http.get('/alerts?dataset=toy&status=all&limit=5000').expect(200)).body.total).toBe(before);
  });

  it('acknowledges an alert with a comment and keeps its history', async () => {
    const { alerts } = (await http.get('/alerts?dataset=toy').expect(200)).body;
    expect(alerts.length).toBeGreaterThan(0);
    const a = alerts[0];
    await http.post(`/alerts/${a.id}/ack`).send({}).expect(400);
    const acked = (await http.post(`/alerts/${a.id}/ack`).send({ comment: '已安排扩班', by: 'planner-1' }).expect(200)).body;
    expect(acked.status).toBe('acknowledged');
    expect(acked.ackComment).toBe('已安排扩班');
    const history = (await http.get(`/alerts/${a.id}/history`).expect(200)).body;
    expect(history.map((e: { event: string }) => e.event)).toEqual(['raised', 'acknowledged']);
    const geo = (await http.get('/alerts.geojson?dataset=toy').expect(200)).body;
    expect(geo.features.length).toBe(alerts.length);
    expect(geo.features.every((f: { geometry: unknown }) => f.geometry !== null)).toBe(true);
    const kpis = (await http.get('/kpis?dataset=toy').expect(200)).body;
    expect(kpis.indicators.length).toBeGreaterThan(0);
  });

  it('serves seat warnings with their probabilities and says them in the text', async () => {
    const { alerts } = (await http.get('/alerts?dataset=toy&status=all&limit=5000').expect(200)).body as {
      alerts: { rule: string; pAtLeast100: number | null; pAtLeast90: number | null; message: { zh: string } }[];
    };
    const intake = alerts.filter((a) => a.rule === 'intake');
    expect(intake.length).toBeGreaterThan(0);
    // Seat warnings (intake and district rules) carry them; the others (underuse, small school, class size) do not.
    for (const a of alerts.filter((x) => x.rule === 'intake' || x.rule === 'district')) {
      expect(a.pAtLeast100).toBeGreaterThanOrEqual(0);
      expect(a.pAtLeast100).toBeLessThanOrEqual(1);
      expect(a.pAtLeast90).toBeGreaterThanOrEqual(a.pAtLeast100 as number);
      expect(a.message.zh).toMatch(/年学位不足的概率约\d+%/);
    }
    for (const a of alerts.filter((x) => x.rule !== 'intake' && x.rule !== 'district')) expect(a.pAtLeast100).toBeNull();
  });
});
