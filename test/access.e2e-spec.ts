import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { parseConfig } from '@app/config';
import { hashToken } from '@app/access';
import { createApiApp } from '../apps/api/src/create-app';
import { TEST_ADMIN_TOKEN, authed } from './support/http';
import { createTestDatabase, type TestDatabase } from './support/test-env';

describe('access: tokens, roles, rate limits, headers (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let admin: ReturnType<typeof authed>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('edu_access');
    const cfg = parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    app = await createApiApp(cfg, { database: { url: db.url, migrate: false }, redisUrl: undefined, queuePrefix: 'acc' });
    await app.init();
    admin = authed(app.getHttpServer(), TEST_ADMIN_TOKEN);
    for (const role of ['planner', 'reviewer'])
      tokens[role] = (
        await admin
          .post('/tokens')
          .send({ name: `${role}-a`, role })
          .expect(201)
      ).body.token;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const as = (role: string) => authed(app.getHttpServer(), tokens[role]);

  it('leaves only health open', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
    for (const path of ['/layers/schools', '/alerts', '/kpis', '/runs', '/scenarios', '/datasets', '/tokens']) {
      const res = await request(app.getHttpServer()).get(path).expect(401);
      expect(res.body.message).toMatch(/missing token/);
    }
    await request(app.getHttpServer()).get('/alerts').set('authorization', 'Bearer edu_not_a_real_token').expect(401);
  });

  it('enforces roles: a reviewer cannot import, a planner cannot manage tokens, a planner cannot review', async () => {
    await as('reviewer').post('/datasets/quzhou/imports').attach('files', Buffer.from('code\n'), 'schools.csv').expect(403);
    await as('planner').post('/datasets/quzhou/imports').attach('files', Buffer.from('code\n'), 'schools.csv').expect(403);
    await as('planner').post('/tokens').send({ name: 'x', role: 'admin' }).expect(403);
    await as('planner').get('/tokens').expect(403);
    await as('reviewer').post('/scenarios').send({ name: 'x' }).expect(403);
    await as('planner').post('/runs/1/review').send({ decision: 'approved', note: 'x' }).expect(403);
    await as('reviewer').post('/warnings/evaluate').send({}).expect(403);
    await as('reviewer').get('/runs').expect(200);
    await as('planner').get('/alerts').expect(200);
  });

  it('stores tokens hashed, and a revoked token stops working', async () => {
    const rows = (await db.ds.query('SELECT token_hash FROM api_tokens')) as { token_hash: string }[];
    for (const t of Object.values(tokens)) {
      expect(rows.map((r) => r.token_hash)).toContain(hashToken(t));
      expect(JSON.stringify(rows)).not.toContain(t);
    }
    const t = (await admin.post('/tokens').send({ name: 'temp', role: 'planner' }).expect(201)).body;
    await authed(app.getHttpServer(), t.token).get('/alerts').expect(200);
    await admin.delete(`/tokens/${t.id}`).expect(204);
    await authed(app.getHttpServer(), t.token).get('/alerts').expect(401);
    const audit = (await admin.get('/audit').expect(200)).body as { method: string; path: string; actor: string }[];
    expect(audit.some((a) => a.method === 'DELETE' && a.path === `/tokens/${t.id}` && a.actor === 'bootstrap-admin')).toBe(true);
  });

  it('sends security headers and no CORS by default', async () => {
    const res = await request(app.getHttpServer()).get('/health').set('origin', 'http://evil.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('rate-limits a repeated bad token (429) per address and token, never a valid token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await request(app.getHttpServer()).get('/alerts').set('authorization', 'Bearer wrong-token')).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const res = await request(app.getHttpServer()).get('/alerts').set('authorization', 'Bearer wrong-token').expect(429);
    expect(res.body.message).toMatch(/too many failed authentications/);
    // The valid token from the same address is checked first and passes; another bad token is still only a 401.
    await admin.get('/alerts').expect(200);
    await request(app.getHttpServer()).get('/alerts').set('authorization', 'Bearer other-wrong-token').expect(401);
  });
});
