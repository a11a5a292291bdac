import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { parseConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/create-app';
import { areasCollection, json } from './support/fixtures';
import { TEST_ADMIN_TOKEN, authed } from './support/http';
import { PrivateRedis } from './support/services';
import { createTestDatabase, type TestDatabase } from './support/test-env';

/** Hostile load, round three: a bounded pool queue and the job route during a Redis outage (real PostgreSQL, real Redis). */
describe('hostile load, round three (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('edu_hostile3');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('answers 503 with Retry-After when the pool queue is full, while /health stays 200 and the read succeeds later', async () => {
    const cfg = parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, DB_POOL_SIZE: '2', DB_POOL_MAX_WAITING: '3' });
    const app: INestApplication = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: 'hostile3' });
    await app.init();
    try {
      const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
      await http.post('/datasets/quzhou/imports').attach('files', json(areasCollection()), 'areas.geojson').expect(201);
      await http.get('/layers/areas?dataset=quzhou').expect(200);
      const ds = app.get(DataSource);
      // Heavy reads in flight: two hold the pool's two connections, three wait for one (the bound).
      const heavy = Array.from({ length: 5 }, () => ds.query('SELECT pg_sleep(2)'));
      await new Promise((r) => setTimeout(r, 200));
      const [busy, health] = await Promise.all([http.get('/layers/areas?dataset=quzhou'), request(app.getHttpServer()).get('/health')]);
      expect([busy.status, busy.headers['retry-after']]).toEqual([503, '2']);
      expect(busy.body.message).toBe('the database is busy: 2 connections in use and 3 requests already waiting (DB_POOL_MAX_WAITING): try again in a few seconds');
      expect(health.status).toBe(200);
      expect(health.body.checks.postgres.detail).toBe('pool: 2 of 2 connections in use, 3 requests waiting');
      await Promise.all(heavy);
      const after = await http.get('/layers/areas?dataset=quzhou').expect(200);
      expect(after.body.numberMatched).toBe(areasCollection().features.length);
    } finally {
      await app.close();
    }
  });

  it('answers GET /jobs/... with 503 at once while Redis is away, and 404 for an unknown job when it is back', async () => {
    const redis = new PrivateRedis(20000 + Math.floor(Math.random() * 20000));
    await redis.start();
    const cfg = parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, REDIS_URL: redis.url });
    const app: INestApplication = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: redis.url, queuePrefix: 'hostile3' });
    await app.init();
    try {
      const http = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
      await http.get('/jobs/projection/no-such-job').expect(404);
      await redis.stop();
      let health = 200;
      for (let i = 0; i < 50 && health === 200; i++) {
        health = (await request(app.getHttpServer()).get('/health')).status;
        if (health === 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health).toBe(503);
      // The old route waited for Redis to come back: the client's 5 s deadline would end it with an error.
      const res = await http.get('/jobs/projection/no-such-job').timeout(5000);
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/^the job queue \(Redis\) is not reachable \(connection (reconnecting|connecting|close|end)\); nothing was queued/);
      await redis.start();
      let back = 503;
      for (let i = 0; i < 100 && back === 503; i++) {
        back = (await http.get('/jobs/projection/no-such-job')).status;
        if (back === 503) await new Promise((r) => setTimeout(r, 100));
      }
      expect(back).toBe(404);
    } finally {
      await app.close();
      await redis.remove();
    }
  });
});
